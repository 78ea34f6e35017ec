"""WCAG contrast math against published values, and the colour conversions repairs rely on."""

from __future__ import annotations

import pytest

from presswright.sites.design import contrast_ratio, relative_luminance
from presswright.sites.design.color import hex_to_oklch, hex_to_rgb, oklch_to_hex


@pytest.mark.parametrize(
    ("foreground", "background", "expected"),
    [
        ("#000000", "#ffffff", 21.0),  # the largest ratio there is
        ("#ffffff", "#ffffff", 1.0),
        ("#767676", "#ffffff", 4.54),  # the lightest grey that passes AA on white
        ("#777777", "#ffffff", 4.48),  # one step lighter fails it
        ("#595959", "#ffffff", 7.0),  # AAA on white
        ("#ff0000", "#ffffff", 4.0),  # pure red: 3.998, large text only
        ("#0000ff", "#ffffff", 8.59),
        ("#808080", "#000000", 5.32),
    ],
)
def test_contrast_ratio_matches_wcag_examples(
    foreground: str, background: str, expected: float
) -> None:
    assert contrast_ratio(foreground, background) == pytest.approx(expected, abs=0.005)
    assert contrast_ratio(background, foreground) == contrast_ratio(foreground, background)


def test_relative_luminance_follows_the_formula() -> None:
    assert relative_luminance("#000000") == 0.0
    assert relative_luminance("#ffffff") == pytest.approx(1.0)
    # Channel weights 0.2126 / 0.7152 / 0.0722, each channel linearised.
    assert relative_luminance("#ff0000") == pytest.approx(0.2126)
    assert relative_luminance("#00ff00") == pytest.approx(0.7152)
    assert relative_luminance("#0000ff") == pytest.approx(0.0722)
    # 0x80 = 128/255 -> ((0.502 + 0.055) / 1.055) ** 2.4 = 0.2159
    assert relative_luminance("#808080") == pytest.approx(0.2159, abs=1e-4)
    # Below the 0.04045 threshold a channel is divided by 12.92 (0x0a = 0.0392).
    assert relative_luminance("#0a0a0a") == pytest.approx((10 / 255) / 12.92)


def test_short_hex_and_case_are_read_alike() -> None:
    assert hex_to_rgb("#fA0") == hex_to_rgb("#ffaa00")
    with pytest.raises(ValueError, match="hex colour"):
        hex_to_rgb("orange")


@pytest.mark.parametrize(
    "color", ["#000000", "#ffffff", "#ff0000", "#1e6bd6", "#7a4b1f", "#c0ffee"]
)
def test_oklch_round_trip_keeps_the_colour(color: str) -> None:
    assert oklch_to_hex(hex_to_oklch(color)) == color


def test_out_of_gamut_colour_loses_chroma_not_hue() -> None:
    vivid = hex_to_oklch("#00a000")
    lighter = oklch_to_hex(type(vivid)(0.95, vivid.chroma, vivid.hue))
    result = hex_to_oklch(lighter)
    assert result.lightness == pytest.approx(0.95, abs=0.01)
    assert result.chroma < vivid.chroma
    assert result.hue == pytest.approx(vivid.hue, abs=3)
