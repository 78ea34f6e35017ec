"""The typographic cover: title, subtitle and author set in Noto on the palette's colours.

Rendered by typst (``templates/cover.typ``) to a 1600 x 2560 PNG, the EPUB's cover image;
the PDF draws the same design on its first page. The text colour must reach WCAG AA
contrast (4.5:1) on the background: when the palette's own text colour does not, the
cover uses black or white, whichever contrasts more, and says so (``CoverColours.note``,
and a warning in the log).
"""

from __future__ import annotations

import json
import logging
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from presswright.books.export.errors import BookExportError
from presswright.books.export.pages import cover_alt_text
from presswright.books.export.plain_text import one_line
from presswright.books.export.typst_engine import compile_typst, font_stack
from presswright.books.model import Book, CoverPalette

__all__ = [
    "COVER_HEIGHT",
    "COVER_WIDTH",
    "WCAG_AA_CONTRAST",
    "CoverColours",
    "RenderedCover",
    "art_files",
    "contrast_ratio",
    "cover_colours",
    "cover_data",
    "render_cover",
]

_log = logging.getLogger("presswright.books")

COVER_WIDTH, COVER_HEIGHT = 1600, 2560
_PPI = 144.0  # the template's page is 800 x 1280 pt: at 144 ppi, 1600 x 2560 pixels
WCAG_AA_CONTRAST = 4.5


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@dataclass(frozen=True)
class CoverColours:
    """The colours the cover is drawn in, with the text's contrast on the background."""

    background: str
    text: str
    accent: str
    contrast: float
    adjusted: bool
    note: str | None = None


def cover_colours(palette: CoverPalette) -> CoverColours:
    """The palette, with its text colour replaced by black or white if it fails WCAG AA."""
    ratio = contrast_ratio(palette.text, palette.background)
    if ratio >= WCAG_AA_CONTRAST:
        return CoverColours(palette.background, palette.text, palette.accent, ratio, False)
    better = max(("#000000", "#ffffff"), key=lambda c: contrast_ratio(c, palette.background))
    better_ratio = contrast_ratio(better, palette.background)
    note = (
        f"the palette's text colour {palette.text} has {ratio:.2f}:1 contrast on "
        f"{palette.background} (WCAG AA needs {WCAG_AA_CONTRAST}:1); the cover uses "
        f"{better} instead ({better_ratio:.2f}:1)"
    )
    return CoverColours(palette.background, better, palette.accent, better_ratio, True, note)


@dataclass(frozen=True)
class RenderedCover:
    """A cover image written to ``path``: its size in pixels and the colours it used."""

    path: Path
    width: int
    height: int
    colours: CoverColours


def art_name(art: Path) -> str:
    """The name the AI cover's picture has beside the typst templates."""
    return f"cover-art{art.suffix.lower()}"


def art_files(art: Path | None) -> dict[str, Path] | None:
    """The files typst needs for the cover: the picture, when there is one."""
    return {art_name(art): art} if art is not None else None


def cover_data(
    book: Book, font_dirs: list[Path] | None = None, art: Path | None = None
) -> dict[str, Any]:
    """What the cover template reads: the words, the colours, the fonts, the language, and
    the AI cover's picture (``art``: a JPEG or PNG file) when there is one."""
    meta = book.meta
    colours = cover_colours(book.cover)
    picture: dict[str, Any] = {}
    if art is not None:
        alt = book.cover_art.alt_text if book.cover_art else None
        described = one_line(alt or "") or cover_alt_text(book)
        picture = {"art": f"/{art_name(art)}", "art-alt": described}
    return picture | {
        "title": one_line(meta.title),
        "subtitle": one_line(meta.subtitle) if meta.subtitle and one_line(meta.subtitle) else None,
        "author": one_line(meta.author),
        "background": colours.background,
        "text": colours.text,
        "accent": colours.accent,
        "fonts": font_stack(meta.language, font_dirs),
        "lang": meta.language,
        "region": "cn" if meta.language == "zh" else None,
    }


def _png_size(data: bytes) -> tuple[int, int]:
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise BookExportError("typst did not write a PNG for the cover", hint="report this bug")
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def render_cover(
    book: Book, output: Path, *, font_dirs: list[Path] | None = None, art: Path | None = None
) -> RenderedCover:
    """Render ``book``'s cover to a 1600 x 2560 PNG at ``output``: typographic, or with
    ``art`` (the AI cover's picture) as its upper panel and the same type below it."""
    colours = cover_colours(book.cover)
    if colours.note:
        _log.warning("book cover: %s", colours.note)
    data = cover_data(book, font_dirs, art)
    png = compile_typst(
        "cover_image.typ",
        {"cover": json.dumps(data, ensure_ascii=False)},
        output_format="png",
        ppi=_PPI,
        font_dirs=font_dirs,
        files=art_files(art),
    )
    width, height = _png_size(png)
    if (width, height) != (COVER_WIDTH, COVER_HEIGHT):
        raise BookExportError(
            f"the cover came out {width}x{height}, not {COVER_WIDTH}x{COVER_HEIGHT}",
            hint="report this bug in the cover template",
        )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(png)
    return RenderedCover(output, width, height, colours)
