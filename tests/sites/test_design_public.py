"""The public names of sites.design and sites.theme are pinned: changing them is deliberate."""

from __future__ import annotations

import presswright.sites.design as design
import presswright.sites.theme as theme


def test_design_exports() -> None:
    assert design.__all__ == [
        "AA_LARGE_TEXT", "AA_NORMAL_TEXT", "AA_UI", "CATALOGUE", "PAIRS", "SITE_FONT_PACKAGES",
        "ColorChange", "ContrastPair", "DesignReport", "DesignResult", "FluidSize",
        "FontFamily", "FontFile", "FontPairing", "PairCheck", "Palette", "PaletteRepair",
        "Script", "SiteDesign", "SiteFontsMissingError", "StyleReading", "check_palette",
        "choose_fonts", "contrast_ratio", "design_site", "font_file", "palette_from_style",
        "read_style_words", "relative_luminance", "repair_palette", "script_for_language",
        "spacing_scale", "type_scale",
    ]  # fmt: skip
    for name in design.__all__:
        assert getattr(design, name) is not None


def test_theme_exports() -> None:
    assert theme.__all__ == [
        "PARTS", "TEMPLATES", "SiteInfo", "ThemeBundle", "build_theme", "parts", "templates",
        "theme_json", "theme_slug", "theme_zip",
    ]  # fmt: skip
    for name in theme.__all__:
        assert getattr(theme, name) is not None


def test_a_missing_font_is_a_presswright_error_with_the_fix() -> None:
    from presswright.errors import PresswrightError

    error = design.SiteFontsMissingError("x is missing", hint="run `sudo make site-fonts`")
    assert isinstance(error, PresswrightError) and "make site-fonts" in str(error)
