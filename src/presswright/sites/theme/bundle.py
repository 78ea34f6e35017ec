"""The whole block theme of a site, as files and as the ZIP WordPress installs.

:func:`build_theme` gathers style.css, rtl.css, functions.php, theme.json, templates, parts,
the WOFF2 faces of the font pairing and their licence texts; :meth:`ThemeBundle.zip` packs
them under one folder named after the theme's slug (``<slug>/style.css``), the layout
*Appearance > Themes > Add New > Upload* and ``wp theme install`` accept.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from presswright.sites.design.font_files import SITE_FONT_PACKAGES, SiteFontsMissingError, font_file
from presswright.sites.design.tokens import SiteDesign
from presswright.sites.theme.files import (
    ThemeHeader,
    functions_php,
    readme_txt,
    rtl_css,
    style_css,
)
from presswright.sites.theme.templates import parts, templates
from presswright.sites.theme.theme_json import font_filename, theme_json

__all__ = ["SiteInfo", "ThemeBundle", "build_theme", "theme_slug", "theme_zip"]

_LICENSE_NAMES = {"OFL-1.1": "SIL Open Font License 1.1", "Apache-2.0": "Apache License 2.0"}
# A fixed timestamp: the same theme always packs to the same bytes.
_ZIP_TIME = (2024, 1, 1, 0, 0, 0)


class SiteInfo(BaseModel):
    """What the theme needs to know of the site besides its design."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=200, description="Business or site name.")
    description: str = Field(default="", max_length=500)
    slug: str | None = Field(
        default=None, pattern=r"^[a-z0-9][a-z0-9-]{0,62}$", description="Theme folder name."
    )
    version: str = Field(default="1.0.0", pattern=r"^\d+(\.\d+){0,3}$")


def theme_slug(name: str) -> str:
    """A theme folder name from a site name: ASCII letters, digits and hyphens.

    A name with no Latin letters (Persian, Chinese...) gets ``site-`` and a short hash of the
    name, so two sites never share a folder by accident.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40].strip("-")
    if not slug:
        slug = "site-" + hashlib.sha256(name.encode()).hexdigest()[:8]
    return slug


@dataclass(frozen=True)
class ThemeBundle:
    """A built theme: its slug and name, and every file by its path inside the theme."""

    slug: str
    name: str
    files: dict[str, bytes] = field(repr=False)

    def zip(self) -> bytes:
        """The theme as a ZIP with everything under ``<slug>/``."""
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for directory in sorted({f"{self.slug}/"} | self._directories()):
                archive.writestr(zipfile.ZipInfo(directory, _ZIP_TIME), b"")
            for path in sorted(self.files):
                info = zipfile.ZipInfo(f"{self.slug}/{path}", _ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, self.files[path])
        return output.getvalue()

    def _directories(self) -> set[str]:
        found: set[str] = set()
        for path in self.files:
            parts_ = path.split("/")[:-1]
            for depth in range(1, len(parts_) + 1):
                found.add(f"{self.slug}/{'/'.join(parts_[:depth])}/")
        return found

    def write_to(self, themes_dir: Path) -> Path:
        """Write the theme into a ``wp-content/themes`` folder; the theme's folder."""
        root = themes_dir / self.slug
        for path, data in self.files.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return root


def _font_licence(package: str) -> bytes:
    path = Path("/usr/share/doc") / package / "copyright"
    if not path.is_file():
        raise SiteFontsMissingError(
            f"the licence of the theme's fonts ({path}) is missing",
            hint=f"install Debian's {' '.join(SITE_FONT_PACKAGES)} (`sudo make site-fonts`)",
        )
    return path.read_bytes()


def build_theme(
    design: SiteDesign, site: SiteInfo, *, font_cache: Path | None = None
) -> ThemeBundle:
    """Every file of the site's block theme, built from its design tokens.

    Raises SiteFontsMissingError (with the install command) when a font file is missing.
    ``font_cache`` keeps the WOFF2 subsets between builds (a CJK subset takes seconds).
    """
    slug = site.slug or theme_slug(site.name)
    rtl = design.direction == "rtl"
    header = ThemeHeader(
        name=site.name,
        slug=slug,
        description=site.description or f"The block theme of {site.name}, made by Presswright.",
        version=site.version,
        rtl=rtl,
    )
    files: dict[str, bytes] = {
        "style.css": style_css(header).encode(),
        "rtl.css": rtl_css(header).encode(),
        "functions.php": functions_php(slug, design.language, rtl=rtl).encode(),
        "theme.json": (
            json.dumps(theme_json(design), indent="\t", ensure_ascii=False) + "\n"
        ).encode(),
    }
    for name, markup in templates(design.language).items():
        files[f"templates/{name}.html"] = (markup + "\n").encode()
    for name, markup in parts().items():
        files[f"parts/{name}.html"] = (markup + "\n").encode()
    notices: list[str] = []
    for family in design.fonts.families():
        for source in family.sources:
            made = font_file(family, source.weight, cache_dir=font_cache)
            files[font_filename(family, source.weight)] = made.data
        licence = f"assets/fonts/{family.package}-copyright.txt"
        if licence not in files:
            files[licence] = _font_licence(family.package)
        notices.append(
            f"{family.name}: {_LICENSE_NAMES.get(family.license, family.license)} "
            f"(Debian package {family.package}; subset to the {family.script} script as WOFF2)"
        )
    files["readme.txt"] = readme_txt(header, notices).encode()
    return ThemeBundle(slug=slug, name=site.name, files=files)


def theme_zip(design: SiteDesign, site: SiteInfo, *, font_cache: Path | None = None) -> bytes:
    """The site's block theme as a ZIP WordPress installs (``<slug>/style.css`` inside)."""
    return build_theme(design, site, font_cache=font_cache).zip()
