"""A stored site's block theme as the ZIP WordPress installs, and its pages as previews.

The theme is built by :mod:`presswright.sites.theme` from the design tokens the site's
design step kept (``design.tokens``); WOFF2 subsets are cached under the instance's home,
so a second export of a site in Chinese takes no time. Nothing is generated here.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from pydantic import BaseModel

from presswright.bootstrap import Instance
from presswright.errors import ConflictError
from presswright.sites.compile import Site
from presswright.sites.design.tokens import SiteDesign
from presswright.sites.service import preview_page_html, site_version
from presswright.sites.theme.bundle import SiteInfo, theme_slug, theme_zip

__all__ = ["SiteTheme", "preview_files", "site_theme", "theme_of"]


class SiteTheme(BaseModel):
    """The theme ZIP of one version of a site."""

    filename: str
    version: int
    data: bytes


def theme_of(site: Site, *, font_cache: Path | None = None) -> bytes:
    """The block theme ZIP of ``site``."""
    tokens = site.design.get("tokens")
    if not isinstance(tokens, dict):
        raise ConflictError(
            "this site's design has no design tokens (it was made before the theme existed)",
            hint="regenerate the design: `presswright site regenerate-design` or POST"
            " /api/v1/sites/{id}/design/regenerate",
        )
    design = SiteDesign.model_validate(tokens)
    info = SiteInfo(name=site.title[:200], description=site.tagline[:500])
    return theme_zip(design, info, font_cache=font_cache)


def site_theme(
    instance: Instance, *, tenant_id: uuid.UUID, site_id: uuid.UUID, version: int | None = None
) -> SiteTheme:
    """The block theme ZIP of a stored version of a site (default: the current one)."""
    number, site = site_version(instance, tenant_id=tenant_id, site_id=site_id, version=version)
    cache = instance.settings.home / "cache" / "site-fonts"
    cache.mkdir(parents=True, exist_ok=True)
    data = theme_of(site, font_cache=cache)
    return SiteTheme(filename=f"{theme_slug(site.title)}-v{number}.zip", version=number, data=data)


def preview_files(site: Site, *, stylesheet: str) -> dict[str, str]:
    """Every page of ``site`` as a standalone HTML preview, by file name (``<slug>.html``)."""
    return {
        f"{page.slug}.html": preview_page_html(site, page.slug, stylesheet_url=stylesheet)
        for page in site.pages
    }
