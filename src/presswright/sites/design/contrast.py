"""WCAG 2.x contrast, computed from the relative-luminance formula (never guessed).

``relative_luminance`` is WCAG's definition (sRGB channels linearised with the 0.04045
threshold, weighted 0.2126 / 0.7152 / 0.0722); ``contrast_ratio`` is (L1 + 0.05) / (L2 + 0.05)
with L1 the lighter. Level AA asks 4.5:1 for normal text and 3:1 for large text and for the
visual parts of controls (WCAG 1.4.3 and 1.4.11).
"""

from __future__ import annotations

from presswright.sites.design.color import hex_to_rgb

__all__ = ["AA_LARGE_TEXT", "AA_NORMAL_TEXT", "AA_UI", "contrast_ratio", "relative_luminance"]

AA_NORMAL_TEXT = 4.5
AA_LARGE_TEXT = 3.0
AA_UI = 3.0


def _linear(channel: float) -> float:
    # WCAG 2.x's own threshold (0.03928 in the 2.0 text; both agree on every 8-bit value).
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def relative_luminance(color: str) -> float:
    """WCAG relative luminance of a hex colour: 0 for black, 1 for white."""
    red, green, blue = (_linear(channel) for channel in hex_to_rgb(color))
    luminance: float = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return luminance


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two hex colours, 1.0 to 21.0, in either order."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
