"""A starting palette from a brief's style words ("warm, earthy, modern").

Each known word pulls the hue toward a family (warm toward orange, calm toward blue-green),
scales chroma (earthy and minimal quieter, bold and playful louder) or asks for a dark page.
Unknown words are ignored and reported. The result is a proposal: it goes through
:func:`presswright.sites.design.palette.repair_palette` like a model's palette does.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from presswright.sites.design.color import Oklch, oklch_to_hex
from presswright.sites.design.palette import Palette

__all__ = ["STYLE_WORDS", "StyleReading", "palette_from_style", "read_style_words"]

DEFAULT_HUE = 255.0  # a calm blue when no word names a colour family
DEFAULT_CHROMA = 0.13


@dataclass(frozen=True)
class _Word:
    hue: float | None = None
    chroma: float = 1.0
    dark: bool = False


STYLE_WORDS: dict[str, _Word] = {
    "warm": _Word(hue=55), "cozy": _Word(hue=50, chroma=0.85), "friendly": _Word(hue=60),
    "earthy": _Word(hue=65, chroma=0.6), "natural": _Word(hue=135, chroma=0.75),
    "organic": _Word(hue=125, chroma=0.7), "fresh": _Word(hue=155, chroma=1.1),
    "green": _Word(hue=145), "calm": _Word(hue=210, chroma=0.7), "cool": _Word(hue=230),
    "modern": _Word(hue=260, chroma=0.9), "tech": _Word(hue=270, chroma=1.1),
    "professional": _Word(hue=255, chroma=0.8), "corporate": _Word(hue=250, chroma=0.75),
    "trustworthy": _Word(hue=245, chroma=0.85), "playful": _Word(hue=345, chroma=1.3),
    "fun": _Word(hue=330, chroma=1.3), "romantic": _Word(hue=5, chroma=0.9),
    "energetic": _Word(hue=30, chroma=1.3), "bold": _Word(chroma=1.35),
    "vibrant": _Word(chroma=1.4), "bright": _Word(chroma=1.25), "minimal": _Word(chroma=0.45),
    "clean": _Word(chroma=0.7), "soft": _Word(chroma=0.6), "pastel": _Word(chroma=0.55),
    "elegant": _Word(hue=75, chroma=0.6), "luxury": _Word(hue=80, chroma=0.7, dark=True),
    "classic": _Word(hue=40, chroma=0.6), "vintage": _Word(hue=45, chroma=0.55),
    "rustic": _Word(hue=50, chroma=0.6), "dark": _Word(dark=True), "moody": _Word(dark=True),
    "night": _Word(hue=275, dark=True), "ocean": _Word(hue=220), "sunny": _Word(hue=85),
}  # fmt: skip


@dataclass(frozen=True)
class StyleReading:
    """What the style words asked for: hue, chroma, light or dark page, words used and not."""

    hue: float
    chroma: float
    dark: bool
    used: tuple[str, ...]
    ignored: tuple[str, ...]


def read_style_words(words: str | list[str]) -> StyleReading:
    """Read style words (a comma/space separated string or a list) into colour traits."""
    items = re.split(r"[\s,;/]+", words) if isinstance(words, str) else words
    used: list[str] = []
    ignored: list[str] = []
    x = y = 0.0
    chroma = DEFAULT_CHROMA
    dark = False
    for raw in items:
        word = raw.strip().lower()
        if not word:
            continue
        known = STYLE_WORDS.get(word)
        if known is None:
            ignored.append(word)
            continue
        used.append(word)
        if known.hue is not None:
            x += math.cos(math.radians(known.hue))
            y += math.sin(math.radians(known.hue))
        chroma *= known.chroma
        dark = dark or known.dark
    hue = math.degrees(math.atan2(y, x)) % 360 if (x or y) else DEFAULT_HUE
    return StyleReading(hue, min(chroma, 0.25), dark, tuple(used), tuple(ignored))


def palette_from_style(reading: StyleReading) -> Palette:
    """A proposed palette for the reading: tinted neutrals, a brand hue, a companion, an accent."""
    hue, chroma = reading.hue, reading.chroma
    companion = (hue + 40) % 360
    accent = (hue + 180) % 360
    if reading.dark:
        tones = {
            "base": Oklch(0.19, 0.02, hue), "surface": Oklch(0.24, 0.025, hue),
            "contrast": Oklch(0.96, 0.01, hue), "muted": Oklch(0.8, 0.02, hue),
            "primary": Oklch(0.8, chroma, hue), "on_primary": Oklch(0.18, 0.02, hue),
            "secondary": Oklch(0.82, chroma * 0.7, companion), "accent": Oklch(0.7, chroma, accent),
        }  # fmt: skip
    else:
        tones = {
            "base": Oklch(0.99, 0.006, hue), "surface": Oklch(0.955, 0.018, hue),
            "contrast": Oklch(0.24, 0.02, hue), "muted": Oklch(0.46, 0.02, hue),
            "primary": Oklch(0.48, chroma, hue), "on_primary": Oklch(0.99, 0.005, hue),
            "secondary": Oklch(0.45, chroma * 0.7, companion), "accent": Oklch(0.6, chroma, accent),
        }  # fmt: skip
    return Palette.model_validate({slot: oklch_to_hex(tone) for slot, tone in tones.items()})
