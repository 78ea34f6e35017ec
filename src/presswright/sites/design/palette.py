"""The site palette, the text/background pairs the theme uses, and their repair to WCAG AA.

Every pair in :data:`PAIRS` is a combination the block theme really draws (body text on the
page, link on a surface section, a button label on the button...); :func:`check_palette`
measures each with the WCAG formula and :func:`repair_palette` moves the failing foreground
(lightness only, in OKLCH: hue kept, chroma lowered only where sRGB cannot hold it) until
every pair passes, reporting each change with its before and after ratio.

Order of repair: the page background (``base``) is the anchor and never moves; a surface
that stands out from it is brought next to it (within ``SURFACE_MAX_RATIO``, and close
enough that black or white reads on both); then each text colour against both backgrounds;
last the button label against the repaired primary. A solution always exists: black or
white reads at >= 4.58:1 on any single colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from presswright.sites.design.color import HEX_COLOR, Oklch, hex_to_oklch, oklch_to_hex, rgb_to_hex
from presswright.sites.design.color import hex_to_rgb as _hex_to_rgb
from presswright.sites.design.contrast import AA_NORMAL_TEXT, AA_UI, contrast_ratio

__all__ = [
    "PAIRS",
    "ColorChange",
    "ContrastPair",
    "HexColor",
    "PairCheck",
    "Palette",
    "PaletteRepair",
    "PaletteSlot",
    "check_palette",
    "repair_color",
    "repair_palette",
]

PaletteSlot = Literal[
    "base", "contrast", "surface", "muted", "primary", "on_primary", "secondary", "accent"
]
# How far past the threshold a repaired colour is placed, so the ratio survives any tool's
# rounding (axe-core, browsers) and still reads as AA when shown to two decimals.
REPAIR_MARGIN = 0.05
# The most a surface (cards, alternate sections, footer) may differ from the page background.
SURFACE_MAX_RATIO = 1.25


def _normalize_hex(value: str) -> str:
    if not HEX_COLOR.match(value):
        raise ValueError(f"{value!r} is not a hex colour like #1a2b3c")
    return rgb_to_hex(_hex_to_rgb(value))


HexColor = Annotated[str, AfterValidator(_normalize_hex)]


class Palette(BaseModel):
    """The theme's colours, each a ``#rrggbb`` hex; theme.json slugs use hyphens (on-primary)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    base: HexColor = Field(description="Page background.")
    contrast: HexColor = Field(description="Body text and headings.")
    surface: HexColor = Field(description="Background of alternate sections, cards and footer.")
    muted: HexColor = Field(description="Secondary text: captions, dates, meta.")
    primary: HexColor = Field(description="Brand colour: links and button backgrounds.")
    on_primary: HexColor = Field(description="Text on primary (button labels).")
    secondary: HexColor = Field(description="Second brand colour: eyebrows, labels, quotes.")
    accent: HexColor = Field(description="Borders, separators and focus rings (not text).")

    def color(self, slot: PaletteSlot) -> str:
        """The hex colour of one slot."""
        value: str = getattr(self, slot)
        return value


@dataclass(frozen=True)
class ContrastPair:
    """A foreground drawn on a background somewhere in the theme, and the ratio it needs."""

    foreground: PaletteSlot
    background: PaletteSlot
    minimum: float
    use: str


PAIRS: tuple[ContrastPair, ...] = (
    ContrastPair("contrast", "base", AA_NORMAL_TEXT, "body text and headings"),
    ContrastPair("contrast", "surface", AA_NORMAL_TEXT, "text in surface sections and footer"),
    ContrastPair("muted", "base", AA_NORMAL_TEXT, "captions, dates and meta text"),
    ContrastPair("muted", "surface", AA_NORMAL_TEXT, "meta text in surface sections"),
    ContrastPair("primary", "base", AA_NORMAL_TEXT, "links"),
    ContrastPair("primary", "surface", AA_NORMAL_TEXT, "links in surface sections"),
    ContrastPair("secondary", "base", AA_NORMAL_TEXT, "labels, quotes and eyebrow text"),
    ContrastPair("secondary", "surface", AA_NORMAL_TEXT, "labels in surface sections"),
    ContrastPair("on_primary", "primary", AA_NORMAL_TEXT, "button labels"),
    ContrastPair("accent", "base", AA_UI, "borders, separators and focus rings"),
    ContrastPair("accent", "surface", AA_UI, "borders and focus rings on surfaces"),
)


@dataclass(frozen=True)
class PairCheck:
    """One pair measured."""

    pair: ContrastPair
    foreground: str
    background: str
    ratio: float

    @property
    def passes(self) -> bool:
        """Whether the measured ratio meets the pair's minimum."""
        return self.ratio >= self.pair.minimum


@dataclass(frozen=True)
class ColorChange:
    """One colour the repair moved, and why."""

    slot: PaletteSlot
    before: str
    after: str
    reason: str


@dataclass(frozen=True)
class PaletteRepair:
    """A palette that passes every pair, what was changed, and the final measurements."""

    palette: Palette
    changes: tuple[ColorChange, ...]
    checks: tuple[PairCheck, ...]


def check_palette(palette: Palette) -> tuple[PairCheck, ...]:
    """Measure every pair of :data:`PAIRS` in ``palette``."""
    return tuple(
        PairCheck(
            pair,
            palette.color(pair.foreground),
            palette.color(pair.background),
            contrast_ratio(palette.color(pair.foreground), palette.color(pair.background)),
        )
        for pair in PAIRS
    )


def _text_reads_on(backgrounds: list[str], needed: float) -> bool:
    return any(
        all(contrast_ratio(text, bg) >= needed for bg in backgrounds)
        for text in ("#000000", "#ffffff")
    )


def _repair_surface(colors: dict[PaletteSlot, str], changes: list[ColorChange]) -> None:
    """Bring a surface that stands out from the page background back next to it.

    A surface is a quiet band behind text (cards, alternate sections, footer): at most
    SURFACE_MAX_RATIO from the base, so every text colour can keep its hue on both.
    """
    before = colors["surface"]
    base = colors["base"]

    def quiet(candidate: str) -> bool:
        return contrast_ratio(base, candidate) <= SURFACE_MAX_RATIO and _text_reads_on(
            [base, candidate], AA_NORMAL_TEXT + REPAIR_MARGIN
        )

    if quiet(before):
        return
    start = hex_to_oklch(before)
    target = hex_to_oklch(base).lightness
    low, high = 0.0, 1.0
    for _ in range(32):
        middle = (low + high) / 2
        lightness = start.lightness + (target - start.lightness) * middle
        candidate = oklch_to_hex(Oklch(lightness, start.chroma, start.hue))
        if quiet(candidate):
            high = middle
        else:
            low = middle
    lightness = start.lightness + (target - start.lightness) * high
    after = oklch_to_hex(Oklch(lightness, start.chroma, start.hue))
    if not quiet(after):
        after = base  # a mid-grey base, or a hue far from the base's: the base itself
    colors["surface"] = after
    changes.append(
        ColorChange(
            "surface",
            before,
            after,
            f"{contrast_ratio(base, before):.2f}:1 from the page background {base}: a surface "
            f"must stay within {SURFACE_MAX_RATIO}:1 of it so one text colour reads on both; "
            f"lightness moved toward the background's, hue kept: now "
            f"{contrast_ratio(base, after):.2f}:1",
        )
    )


def repair_color(color: str, backgrounds: list[str], minimum: float) -> str:
    """``color`` at the nearest OKLCH lightness (same hue) that reads on every background.

    Unchanged when it already passes; otherwise placed ``REPAIR_MARGIN`` past ``minimum``
    when that is reachable, and at least at ``minimum``.
    """

    def passes(candidate: str, needed: float) -> bool:
        return all(contrast_ratio(candidate, bg) >= needed for bg in backgrounds)

    if passes(color, minimum):
        return color
    start = hex_to_oklch(color)
    for needed in (minimum + REPAIR_MARGIN, minimum):
        best: tuple[float, str] | None = None
        for target in (0.0, 1.0):
            if not passes(oklch_to_hex(Oklch(target, start.chroma, start.hue)), needed):
                continue
            low, high = 0.0, 1.0  # share of the way from the colour to the extreme
            for _ in range(32):
                middle = (low + high) / 2
                lightness = start.lightness + (target - start.lightness) * middle
                if passes(oklch_to_hex(Oklch(lightness, start.chroma, start.hue)), needed):
                    high = middle
                else:
                    low = middle
            lightness = start.lightness + (target - start.lightness) * high
            found = oklch_to_hex(Oklch(lightness, start.chroma, start.hue))
            distance = abs(lightness - start.lightness)
            if best is None or distance < best[0]:
                best = (distance, found)
        if best is not None:
            return best[1]
    # Unreachable once the surface is repaired: black or white then reads on every background.
    raise ValueError(f"no lightness of {color} reads at {minimum}:1 on {backgrounds}")


def _ratios(color: str, backgrounds: list[str]) -> str:
    return ", ".join(f"{contrast_ratio(color, bg):.2f}:1 on {bg}" for bg in backgrounds)


def repair_palette(palette: Palette) -> PaletteRepair:
    """Move failing colours (lightness only, hue kept) until every pair of PAIRS passes."""
    colors: dict[PaletteSlot, str] = {
        slot: palette.color(slot)
        for slot in ("base", "contrast", "surface", "muted", "primary", "on_primary",
                     "secondary", "accent")
    }  # fmt: skip
    changes: list[ColorChange] = []
    _repair_surface(colors, changes)
    for pair in PAIRS:
        if pair.foreground == "on_primary":
            continue
        backgrounds = [colors[p.background] for p in PAIRS if p.foreground == pair.foreground]
        _repair_slot(colors, changes, pair.foreground, backgrounds, pair.minimum)
    _repair_slot(colors, changes, "on_primary", [colors["primary"]], AA_NORMAL_TEXT)
    repaired = Palette.model_validate(colors)
    checks = check_palette(repaired)
    failing = [check for check in checks if not check.passes]
    if failing:  # a defect of the repair, never of the input: it must not ship silently
        raise AssertionError(f"palette repair left failing pairs: {failing}")
    return PaletteRepair(repaired, tuple(changes), checks)


def _repair_slot(
    colors: dict[PaletteSlot, str],
    changes: list[ColorChange],
    slot: PaletteSlot,
    backgrounds: list[str],
    minimum: float,
) -> None:
    before = colors[slot]
    after = repair_color(before, backgrounds, minimum)
    if after != before:
        colors[slot] = after
        changes.append(
            ColorChange(
                slot,
                before,
                after,
                f"{_ratios(before, backgrounds)} is under {minimum}:1; lightness moved, hue kept: "
                f"now {_ratios(after, backgrounds)}",
            )
        )
