"""Design tokens of a generated site: a WCAG AA palette, shipped fonts, fluid scales.

``design_site(language=..., style_words=..., suggested_palette=...)`` is the entry point
(:mod:`.tokens`); the parts are usable alone: contrast math (:mod:`.contrast`), palette
checks and repair (:mod:`.palette`), style words (:mod:`.style_words`), the font catalogue
and pairing (:mod:`.fonts`), WOFF2 subsets (:mod:`.font_files`) and scales (:mod:`.scale`).
"""

from __future__ import annotations

from presswright.sites.design.contrast import (
    AA_LARGE_TEXT,
    AA_NORMAL_TEXT,
    AA_UI,
    contrast_ratio,
    relative_luminance,
)
from presswright.sites.design.font_files import (
    SITE_FONT_PACKAGES,
    FontFile,
    SiteFontsMissingError,
    font_file,
)
from presswright.sites.design.fonts import (
    CATALOGUE,
    FontFamily,
    FontPairing,
    Script,
    choose_fonts,
    script_for_language,
)
from presswright.sites.design.palette import (
    PAIRS,
    ColorChange,
    ContrastPair,
    PairCheck,
    Palette,
    PaletteRepair,
    check_palette,
    repair_palette,
)
from presswright.sites.design.scale import FluidSize, spacing_scale, type_scale
from presswright.sites.design.style_words import (
    StyleReading,
    palette_from_style,
    read_style_words,
)
from presswright.sites.design.tokens import DesignReport, DesignResult, SiteDesign, design_site

__all__ = [
    "AA_LARGE_TEXT",
    "AA_NORMAL_TEXT",
    "AA_UI",
    "CATALOGUE",
    "PAIRS",
    "SITE_FONT_PACKAGES",
    "ColorChange",
    "ContrastPair",
    "DesignReport",
    "DesignResult",
    "FluidSize",
    "FontFamily",
    "FontFile",
    "FontPairing",
    "PairCheck",
    "Palette",
    "PaletteRepair",
    "Script",
    "SiteDesign",
    "SiteFontsMissingError",
    "StyleReading",
    "check_palette",
    "choose_fonts",
    "contrast_ratio",
    "design_site",
    "font_file",
    "palette_from_style",
    "read_style_words",
    "relative_luminance",
    "repair_palette",
    "script_for_language",
    "spacing_scale",
    "type_scale",
]
