"""Colours as sRGB hex strings, and the OKLCH space that palette repairs move them in.

OKLCH (Björn Ottosson's OKLab in polar form) keeps hue steady while lightness changes, so
darkening a brand orange until it reads as text leaves it orange. Conversions follow the
published OKLab matrices; a colour outside sRGB is brought in by lowering its chroma at the
same lightness and hue.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

__all__ = ["HEX_COLOR", "Oklch", "hex_to_oklch", "hex_to_rgb", "oklch_to_hex", "rgb_to_hex"]

HEX_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")

RGB = tuple[float, float, float]


@dataclass(frozen=True)
class Oklch:
    """A colour in OKLCH: lightness 0-1, chroma 0-~0.4, hue in degrees."""

    lightness: float
    chroma: float
    hue: float


def hex_to_rgb(value: str) -> RGB:
    """``#rrggbb`` or ``#rgb`` as sRGB channels in 0-1; ValueError for anything else."""
    if not HEX_COLOR.match(value):
        raise ValueError(f"{value!r} is not a hex colour like #1a2b3c")
    digits = value[1:]
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return (int(digits[0:2], 16) / 255, int(digits[2:4], 16) / 255, int(digits[4:6], 16) / 255)


def rgb_to_hex(rgb: RGB) -> str:
    """sRGB channels in 0-1 (clamped) as lowercase ``#rrggbb``."""
    return "#" + "".join(f"{round(min(1.0, max(0.0, ch)) * 255):02x}" for ch in rgb)


def _to_linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def _from_linear(channel: float) -> float:
    if channel <= 0.0031308:
        return 12.92 * channel
    return 1.055 * math.pow(channel, 1 / 2.4) - 0.055


def _rgb_to_oklab(rgb: RGB) -> RGB:
    r, g, b = (_to_linear(ch) for ch in rgb)
    l_ = math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b)
    m_ = math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b)
    s_ = math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b)
    return (
        0.2104542553 * l_ + 0.7936177850 * m_ - 0.0040720468 * s_,
        1.9779984951 * l_ - 2.4285922050 * m_ + 0.4505937099 * s_,
        0.0259040371 * l_ + 0.7827717662 * m_ - 0.8086757660 * s_,
    )


def _oklab_to_linear(lab: RGB) -> RGB:
    lightness, a, b = lab
    l_ = (lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3
    m_ = (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3
    s_ = (lightness - 0.0894841775 * a - 1.2914855480 * b) ** 3
    return (
        4.0767416621 * l_ - 3.3077115913 * m_ + 0.2309699292 * s_,
        -1.2684380046 * l_ + 2.6097574011 * m_ - 0.3413193965 * s_,
        -0.0041960863 * l_ - 0.7034186147 * m_ + 1.7076147010 * s_,
    )


def hex_to_oklch(value: str) -> Oklch:
    """A hex colour in OKLCH."""
    lightness, a, b = _rgb_to_oklab(hex_to_rgb(value))
    chroma = math.hypot(a, b)
    hue = math.degrees(math.atan2(b, a)) % 360 if chroma > 1e-6 else 0.0
    return Oklch(lightness, chroma, hue)


def _linear_for(color: Oklch, chroma: float) -> RGB:
    angle = math.radians(color.hue)
    return _oklab_to_linear((color.lightness, chroma * math.cos(angle), chroma * math.sin(angle)))


def _in_gamut(linear: RGB) -> bool:
    return all(-1e-7 <= ch <= 1 + 1e-7 for ch in linear)


def oklch_to_hex(color: Oklch) -> str:
    """The nearest sRGB hex colour: chroma is lowered (same lightness and hue) until it fits."""
    lightness = min(1.0, max(0.0, color.lightness))
    color = Oklch(lightness, max(0.0, color.chroma), color.hue)
    linear = _linear_for(color, color.chroma)
    if not _in_gamut(linear):
        low, high = 0.0, color.chroma
        for _ in range(24):
            middle = (low + high) / 2
            if _in_gamut(_linear_for(color, middle)):
                low = middle
            else:
                high = middle
        linear = _linear_for(color, low)
    red, green, blue = (_from_linear(min(1.0, max(0.0, ch))) for ch in linear)
    return rgb_to_hex((red, green, blue))
