"""The fonts a site theme ships: a small curated catalogue, the scripts each covers, pairing.

Every family comes from a Debian font package under an open licence (SIL OFL 1.1 for Noto,
Apache 2.0 for Open Sans; none reserves its name, so subsets may keep it). The theme ships
WOFF2 subsets of them (:mod:`presswright.sites.design.font_files`); nothing is fetched at
run time. A family covers scripts; a site's language needs one script (Persian and Arabic:
``arabic``; Chinese: ``han-sc``; Japanese: ``japanese``; Korean: ``hangul``; the rest
``latin``), and a family for another script than Latin is paired with a Latin companion so
brand names and numbers in Latin letters still use a shipped font.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from presswright.content.models import LANGUAGES
from presswright.errors import UserInputError
from presswright.sites.design.style_words import StyleReading

__all__ = [
    "CATALOGUE",
    "FontFamily",
    "FontPairing",
    "FontSource",
    "Script",
    "choose_fonts",
    "family",
    "script_for_language",
]

Script = Literal["latin", "arabic", "han-sc", "japanese", "hangul"]
Role = Literal["body", "heading"]

_LANGUAGE_SCRIPTS: dict[str, Script] = {
    "en": "latin", "de": "latin", "es": "latin", "fr": "latin", "it": "latin",
    "ar": "arabic", "fa": "arabic", "zh": "han-sc", "ja": "japanese", "ko": "hangul",
}  # fmt: skip

_NOTO = "/usr/share/fonts/truetype/noto"
_NOTO_CJK = "/usr/share/fonts/opentype/noto"
_OPEN_SANS = "/usr/share/fonts/truetype/open-sans"


@dataclass(frozen=True)
class FontSource:
    """One weight of a family: the file a Debian package installs (a face of a collection)."""

    weight: int
    path: str
    package: str


@dataclass(frozen=True)
class FontFamily:
    """A family the theme can ship."""

    slug: str
    name: str
    generic: Literal["sans-serif", "serif"]
    script: Script
    roles: frozenset[Role]
    suits: frozenset[str]
    license: str
    sources: tuple[FontSource, ...]

    @property
    def package(self) -> str:
        """The Debian package its files come from."""
        return self.sources[0].package


def _family(
    slug: str, name: str, generic: Literal["sans-serif", "serif"], script: Script,
    roles: tuple[Role, ...], suits: str, files: tuple[str, str], *, directory: str = _NOTO,
    package: str = "fonts-noto-core", license: str = "OFL-1.1",
) -> FontFamily:  # fmt: skip
    regular, bold = files
    return FontFamily(
        slug=slug,
        name=name,
        generic=generic,
        script=script,
        roles=frozenset(roles),
        suits=frozenset(suits.split()),
        license=license,
        sources=(
            FontSource(400, f"{directory}/{regular}", package),
            FontSource(700, f"{directory}/{bold}", package),
        ),
    )


def _cjk(slug: str, name: str, generic: Literal["sans-serif", "serif"], script: Script,
         suits: str, stem: str) -> FontFamily:  # fmt: skip
    return _family(slug, name, generic, script, ("body", "heading"), suits,
                   (f"{stem}-Regular.ttc", f"{stem}-Bold.ttc"), directory=_NOTO_CJK,
                   package="fonts-noto-cjk")  # fmt: skip


_SANS_WORDS = "modern clean minimal tech professional corporate trustworthy fresh calm cool"
_SERIF_WORDS = "classic elegant luxury vintage romantic rustic warm earthy cozy organic"

CATALOGUE: tuple[FontFamily, ...] = (
    _family("noto-sans", "Noto Sans", "sans-serif", "latin", ("body", "heading"),
            _SANS_WORDS, ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")),
    _family("noto-serif", "Noto Serif", "serif", "latin", ("body", "heading"),
            _SERIF_WORDS, ("NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf")),
    _family("noto-sans-display", "Noto Sans Display", "sans-serif", "latin", ("heading",),
            "modern bold tech vibrant energetic playful fun bright",
            ("NotoSansDisplay-Regular.ttf", "NotoSansDisplay-Bold.ttf")),
    _family("noto-serif-display", "Noto Serif Display", "serif", "latin", ("heading",),
            "elegant luxury classic romantic vintage",
            ("NotoSerifDisplay-Regular.ttf", "NotoSerifDisplay-Bold.ttf")),
    _family("open-sans", "Open Sans", "sans-serif", "latin", ("body", "heading"),
            "friendly playful fun fresh natural soft pastel sunny",
            ("OpenSans-Regular.ttf", "OpenSans-Bold.ttf"), directory=_OPEN_SANS,
            package="fonts-open-sans", license="Apache-2.0"),
    _family("noto-sans-arabic", "Noto Sans Arabic", "sans-serif", "arabic", ("body", "heading"),
            _SANS_WORDS, ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf")),
    _family("noto-naskh-arabic", "Noto Naskh Arabic", "serif", "arabic", ("body", "heading"),
            _SERIF_WORDS, ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf")),
    _family("noto-kufi-arabic", "Noto Kufi Arabic", "sans-serif", "arabic", ("heading",),
            "modern bold tech vibrant energetic playful",
            ("NotoKufiArabic-Regular.ttf", "NotoKufiArabic-Bold.ttf")),
    _cjk("noto-sans-sc", "Noto Sans CJK SC", "sans-serif", "han-sc", _SANS_WORDS, "NotoSansCJK"),
    _cjk("noto-serif-sc", "Noto Serif CJK SC", "serif", "han-sc", _SERIF_WORDS, "NotoSerifCJK"),
    _cjk("noto-sans-jp", "Noto Sans CJK JP", "sans-serif", "japanese", _SANS_WORDS,
         "NotoSansCJK"),
    _cjk("noto-serif-jp", "Noto Serif CJK JP", "serif", "japanese", _SERIF_WORDS,
         "NotoSerifCJK"),
    _cjk("noto-sans-kr", "Noto Sans CJK KR", "sans-serif", "hangul", _SANS_WORDS,
         "NotoSansCJK"),
    _cjk("noto-serif-kr", "Noto Serif CJK KR", "serif", "hangul", _SERIF_WORDS,
         "NotoSerifCJK"),
)  # fmt: skip


def family(slug: str) -> FontFamily:
    """The catalogue family with this slug; UserInputError naming the choices otherwise."""
    for candidate in CATALOGUE:
        if candidate.slug == slug:
            return candidate
    raise UserInputError(
        f"no shipped font family {slug!r}",
        hint="choose one of " + ", ".join(f.slug for f in CATALOGUE),
    )


def script_for_language(language: str) -> Script:
    """The script a site in ``language`` is written in; UserInputError for other languages."""
    script = _LANGUAGE_SCRIPTS.get(language)
    if script is None:
        raise UserInputError(
            f"sites in {language!r} are not supported",
            hint="use one of " + ", ".join(sorted(LANGUAGES)),
        )
    return script


@dataclass(frozen=True)
class FontPairing:
    """Heading and body families for a site, each with its Latin companion when needed."""

    script: Script
    heading: FontFamily
    body: FontFamily

    def companion(self, chosen: FontFamily) -> FontFamily | None:
        """The Latin family shipped beside a non-Latin one (same generic), None for Latin."""
        if chosen.script == "latin":
            return None
        return family("noto-serif" if chosen.generic == "serif" else "noto-sans")

    def families(self) -> tuple[FontFamily, ...]:
        """Every family whose files the theme ships, each once."""
        found: list[FontFamily] = []
        for chosen in (self.heading, self.body):
            for item in (chosen, self.companion(chosen)):
                if item is not None and item not in found:
                    found.append(item)
        return tuple(found)


def _score(candidate: FontFamily, words: tuple[str, ...]) -> int:
    return sum(word in candidate.suits for word in words)


def choose_fonts(language: str, style: StyleReading) -> FontPairing:
    """The pairing for a site: families that cover its script, the best match to its words.

    Body text is a sans unless the words lean classic; a heading family differs from the body
    only when the words ask for it (and, for Chinese, Japanese and Korean, whose files are
    large, only when they lean classic).
    """
    script = script_for_language(language)
    words = style.used
    candidates = [f for f in CATALOGUE if f.script == script]
    body_options = [f for f in candidates if "body" in f.roles]
    # Stable order: ties go to the catalogue's first (the sans), the plainest choice.
    body = max(body_options, key=lambda f: (_score(f, words), f.generic == "sans-serif"))
    heading_options = [f for f in candidates if "heading" in f.roles]
    heading = max(heading_options, key=lambda f: (_score(f, words), f == body))
    if script in ("han-sc", "japanese", "hangul") and heading.generic == body.generic:
        heading = body
    if _score(heading, words) == 0:
        heading = body
    return FontPairing(script=script, heading=heading, body=body)
