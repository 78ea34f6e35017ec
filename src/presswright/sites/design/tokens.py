"""A site's design: palette at WCAG AA, a font pairing the theme ships, and its scales.

:func:`design_site` is what the design agent's output goes through: style words give a
starting palette, colours a model suggested replace its slots (only valid hex colours for
known slots; everything else is reported and dropped), the result is repaired until every
pair the theme draws passes AA, and fonts are taken from the catalogue for the site's
script (a model's font suggestion is used only when it names a shipped family that covers
the script). The :class:`DesignReport` says what was changed or ignored and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from presswright.content.models import RTL_LANGUAGES, Language
from presswright.sites.design.color import HEX_COLOR
from presswright.sites.design.fonts import (
    CATALOGUE,
    FontFamily,
    FontPairing,
    choose_fonts,
    family,
    script_for_language,
)
from presswright.sites.design.palette import (
    ColorChange,
    PairCheck,
    Palette,
    check_palette,
    repair_palette,
)
from presswright.sites.design.scale import FluidSize, spacing_scale, type_scale
from presswright.sites.design.style_words import palette_from_style, read_style_words

__all__ = ["DesignReport", "DesignResult", "SiteDesign", "design_site"]


class SiteDesign(BaseModel):
    """The design tokens of one site; every pair of its palette passes WCAG AA."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    language: Language
    palette: Palette
    heading_font: str = Field(description="Slug of a catalogue family covering the script.")
    body_font: str = Field(description="Slug of a catalogue family covering the script.")
    style_words: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> SiteDesign:
        failing = [c for c in check_palette(self.palette) if not c.passes]
        if failing:
            raise ValueError(
                "palette pairs under WCAG AA: "
                + ", ".join(
                    f"{c.pair.foreground} on {c.pair.background} {c.ratio:.2f}:1 "
                    f"(needs {c.pair.minimum}:1)"
                    for c in failing
                )
            )
        script = script_for_language(self.language)
        for slug in (self.heading_font, self.body_font):
            if family(slug).script != script:
                raise ValueError(f"font {slug!r} does not cover {script} ({self.language})")
        if "body" not in family(self.body_font).roles:
            raise ValueError(f"font {self.body_font!r} is for headings, not body text")
        return self

    @property
    def direction(self) -> Literal["ltr", "rtl"]:
        """Text direction of the site's language."""
        return "rtl" if self.language in RTL_LANGUAGES else "ltr"

    @property
    def fonts(self) -> FontPairing:
        """The heading and body families."""
        return FontPairing(
            script=script_for_language(self.language),
            heading=family(self.heading_font),
            body=family(self.body_font),
        )

    @property
    def font_sizes(self) -> tuple[FluidSize, ...]:
        """The fluid type scale; a larger body size for Arabic script, whose letters are small."""
        if script_for_language(self.language) == "arabic":
            return type_scale(base_min=1.0625, base_max=1.1875)
        return type_scale()

    @property
    def line_height(self) -> str:
        """Body line height: roomier for Arabic script and CJK than for Latin."""
        return "1.6" if script_for_language(self.language) == "latin" else "1.8"

    @property
    def spacing_sizes(self) -> tuple[FluidSize, ...]:
        """The fluid spacing scale."""
        return spacing_scale()


@dataclass(frozen=True)
class DesignReport:
    """What :func:`design_site` changed or dropped, and the final contrast measurements."""

    palette_changes: tuple[ColorChange, ...]
    checks: tuple[PairCheck, ...]
    ignored: tuple[str, ...]


@dataclass(frozen=True)
class DesignResult:
    """A design and its report."""

    design: SiteDesign
    report: DesignReport


def _suggested_colors(suggested: Mapping[str, object] | None, ignored: list[str]) -> dict[str, str]:
    colors: dict[str, str] = {}
    slots = set(Palette.model_fields)
    for key, value in (suggested or {}).items():
        slot = str(key).strip().lower().replace("-", "_")
        if slot not in slots:
            ignored.append(
                f"palette slot {str(key)[:40]!r} is not one of {', '.join(sorted(slots))}"
            )
        elif not isinstance(value, str) or not HEX_COLOR.match(value.strip()):
            ignored.append(f"palette {slot}: {str(value)[:40]!r} is not a hex colour like #1a2b3c")
        else:
            colors[slot] = value.strip()
    return colors


def _suggested_font(
    suggestion: str | None, script: str, role: Literal["body", "heading"], ignored: list[str]
) -> FontFamily | None:
    if not suggestion:
        return None
    wanted = suggestion.strip().lower()
    for candidate in CATALOGUE:
        if wanted in (candidate.slug, candidate.name.lower()):
            if candidate.script != script:
                ignored.append(f"{role} font {candidate.name} does not cover the {script} script")
            elif role not in candidate.roles:
                ignored.append(f"{candidate.name} is a heading font, not for body text")
            else:
                return candidate
            return None
    ignored.append(f"{role} font {suggestion[:60]!r} is not a font the theme ships")
    return None


def design_site(
    *,
    language: str,
    style_words: str | list[str] = "",
    suggested_palette: Mapping[str, object] | None = None,
    heading_font: str | None = None,
    body_font: str | None = None,
) -> DesignResult:
    """A design for a site in ``language`` from style words and a model's suggestions."""
    script = script_for_language(language)
    reading = read_style_words(style_words)
    ignored = [f"style word {word!r} is not known" for word in reading.ignored]
    start = palette_from_style(reading).model_dump()
    start.update(_suggested_colors(suggested_palette, ignored))
    repair = repair_palette(Palette.model_validate(start))
    pairing = choose_fonts(language, reading)
    heading = _suggested_font(heading_font, script, "heading", ignored) or pairing.heading
    body = _suggested_font(body_font, script, "body", ignored) or pairing.body
    design = SiteDesign.model_validate(
        {
            "language": language,
            "palette": repair.palette,
            "heading_font": heading.slug,
            "body_font": body.slug,
            "style_words": reading.used,
        }
    )
    return DesignResult(design, DesignReport(repair.changes, repair.checks, tuple(ignored)))
