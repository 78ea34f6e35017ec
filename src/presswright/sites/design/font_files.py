"""WOFF2 files for the theme, subset from the Debian font files of the catalogue.

Each shipped file holds one weight of one family, cut down to the characters of its script:
Latin (Basic Latin to Latin Extended, punctuation, currency), Arabic (the Arabic blocks and
presentation forms, with the joiners Persian needs), and for Chinese, Japanese and Korean the
characters of the national standards' common level (GB 2312 level 1: 3,755 hanzi; JIS X 0208
level 1: 2,965 kanji with kana; KS X 1001: 2,350 hangul syllables), read from Python's own
codecs. Rarer characters fall back to the next font of the CSS stack. A CJK subset takes
seconds to make, so files are cached by source, weight and subset.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from presswright.errors import PresswrightError
from presswright.sites.design.fonts import FontFamily, FontSource, Script

__all__ = [
    "SITE_FONT_PACKAGES",
    "FontFile",
    "SiteFontsMissingError",
    "font_file",
    "script_characters",
    "unicode_range",
]

SITE_FONT_PACKAGES = ("fonts-noto-core", "fonts-noto-cjk", "fonts-open-sans")
# Bumped whenever the subsets change, so cached files of an older cut are not reused.
_SUBSET_VERSION = "2"

_LATIN = ((0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x36F), (0x1E00, 0x1EFF), (0x2000, 0x206F),
          (0x20A0, 0x20CF), (0x2100, 0x2122), (0x2190, 0x2193), (0xFB00, 0xFB06))  # fmt: skip
_ARABIC = ((0x600, 0x6FF), (0x750, 0x77F), (0x8A0, 0x8FF), (0xFB50, 0xFDFF),
           (0xFE70, 0xFEFF), (0x200C, 0x200F))  # fmt: skip
_CJK_COMMON = ((0x3000, 0x303F), (0xFF00, 0xFFEF))
_KANA = ((0x3040, 0x30FF), (0x31F0, 0x31FF))
_JAMO = ((0x3130, 0x318F),)
# The ranges a browser checks before downloading a face (CSS unicode-range).
_RANGES: dict[Script, tuple[tuple[int, int], ...]] = {
    "latin": _LATIN,
    "arabic": _ARABIC,
    "han-sc": (*_CJK_COMMON, (0x4E00, 0x9FFF)),
    "japanese": (*_CJK_COMMON, *_KANA, (0x4E00, 0x9FFF)),
    "hangul": (*_CJK_COMMON, *_JAMO, (0xAC00, 0xD7A3)),
}


class SiteFontsMissingError(PresswrightError):
    """A font file the theme ships is not installed on this machine."""


def _codec_characters(codec: str, rows: range, cells: range, *, last: int = 0xFFFF) -> set[int]:
    """The single characters a double-byte codec maps ``rows`` x ``cells`` to, up to ``last``."""
    found: set[int] = set()
    for row in rows:
        for cell in cells:
            if (row << 8) | cell > last:
                continue
            try:
                text = bytes((row, cell)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(text) == 1:
                found.add(ord(text))
    return found


def _expand(ranges: tuple[tuple[int, int], ...]) -> set[int]:
    return {code for low, high in ranges for code in range(low, high + 1)}


@cache
def script_characters(script: Script) -> frozenset[int]:
    """The code points a subset for ``script`` keeps."""
    if script == "latin":
        return frozenset(_expand(_LATIN))
    if script == "arabic":
        return frozenset(_expand(_ARABIC))
    if script == "han-sc":  # GB 2312 level 1: rows 0xB0-0xD7
        hanzi = _codec_characters("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))
        return frozenset(hanzi | _expand(_CJK_COMMON))
    if script == "japanese":  # JIS X 0208 level 1 kanji: Shift_JIS 0x889F-0x9872
        kanji = _codec_characters("shift_jis", range(0x88, 0x99), range(0x40, 0xFD), last=0x9872)
        kanji = {code for code in kanji if 0x4E00 <= code <= 0x9FFF}
        return frozenset(kanji | _expand((*_CJK_COMMON, *_KANA)))
    # KS X 1001 hangul syllables: EUC-KR rows 0xB0-0xC8
    hangul = _codec_characters("euc_kr", range(0xB0, 0xC9), range(0xA1, 0xFF))
    return frozenset(hangul | _expand((*_CJK_COMMON, *_JAMO)))


def unicode_range(script: Script) -> str:
    """The CSS ``unicode-range`` of a face for ``script``."""
    return ", ".join(
        f"U+{low:04X}" if low == high else f"U+{low:04X}-{high:04X}"
        for low, high in _RANGES[script]
    )


@dataclass(frozen=True)
class FontFile:
    """One shipped WOFF2 file: its name in assets/fonts, the face it holds, its bytes."""

    filename: str
    family: FontFamily
    weight: int
    script: Script
    data: bytes


def _source_file(source: FontSource) -> Path:
    path = Path(source.path)
    if not path.is_file():
        raise SiteFontsMissingError(
            f"the theme's font file {path} is missing",
            hint=f"install Debian's {' '.join(SITE_FONT_PACKAGES)} (`sudo make site-fonts`)",
        )
    return path


def _subset(path: Path, face_name: str, characters: frozenset[int]) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTCollection, TTFont

    if path.suffix.lower() == ".ttc":
        names = [face["name"].getDebugName(1) for face in TTCollection(str(path), lazy=True).fonts]
        if face_name not in names:
            raise SiteFontsMissingError(
                f"{path} holds no face named {face_name!r} (it has {', '.join(map(str, names))})",
                hint="reinstall Debian's fonts-noto-cjk",
            )
        font = TTFont(str(path), fontNumber=names.index(face_name))
    else:
        font = TTFont(str(path))
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # shaping (Arabic joining, kerning) needs every feature
    options.name_IDs = ["*"]  # copyright and licence records stay in the file
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(characters))
    subsetter.subset(font)
    output = io.BytesIO()
    font.flavor = "woff2"
    font.save(output)
    return output.getvalue()


def font_file(chosen: FontFamily, weight: int, *, cache_dir: Path | None = None) -> FontFile:
    """The WOFF2 subset of one weight of ``chosen`` (from ``cache_dir`` when made before)."""
    source = next((s for s in chosen.sources if s.weight == weight), None)
    if source is None:
        raise ValueError(f"{chosen.name} ships no weight {weight}")
    path = _source_file(source)
    filename = f"{chosen.slug}-{weight}.woff2"
    stat = path.stat()
    key = hashlib.sha256(
        f"{_SUBSET_VERSION}|{path}|{stat.st_size}|{stat.st_mtime_ns}|{chosen.name}".encode()
    ).hexdigest()[:16]
    cached = cache_dir / f"{chosen.slug}-{weight}-{key}.woff2" if cache_dir else None
    if cached is not None and cached.is_file():
        data = cached.read_bytes()
    else:
        data = _subset(path, chosen.name, script_characters(chosen.script))
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_name(f"{cached.name}.{uuid.uuid4().hex}.part")
            partial.write_bytes(data)
            partial.replace(cached)  # readers never see half a file
    return FontFile(filename, chosen, weight, chosen.script, data)
