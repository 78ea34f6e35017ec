"""Every requested format of one book, written side by side into one folder.

The engines run side by side (pandoc as child processes, typst in threads: its bindings
release the GIL), one more at a time than the machine has cores, the longest first (the
PDF, then the EPUB, which waits for the cover), so the slowest format sets the pace rather
than their sum. The cover is rendered once and shared by the EPUB and, when asked for,
the ``cover`` format.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Literal, get_args

from presswright.books.export.cover import RenderedCover, render_cover
from presswright.books.export.docx import export_docx
from presswright.books.export.epub import export_epub
from presswright.books.export.html import export_html
from presswright.books.export.markdown import export_markdown
from presswright.books.export.pdf import export_pdf
from presswright.books.model import Book
from presswright.errors import UserInputError

__all__ = [
    "BOOK_FORMATS",
    "EXTENSIONS",
    "MEDIA_TYPES",
    "BookFormat",
    "export_book",
]

BookFormat = Literal["epub", "pdf", "docx", "html", "md", "cover"]
# The five formats of a book (the cover is an extra: the EPUB and the PDF carry it anyway).
BOOK_FORMATS: tuple[BookFormat, ...] = ("epub", "pdf", "docx", "html", "md")
_LONGEST_FIRST: tuple[BookFormat, ...] = ("pdf", "epub", "docx", "md", "html")
EXTENSIONS: dict[BookFormat, str] = {
    "epub": "epub",
    "pdf": "pdf",
    "docx": "docx",
    "html": "html",
    "md": "md",
    "cover": "png",
}
MEDIA_TYPES: dict[BookFormat, str] = {
    "epub": "application/epub+zip",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "cover": "image/png",
}


def _formats(formats: Iterable[str]) -> list[BookFormat]:
    known: tuple[str, ...] = get_args(BookFormat)
    wanted = list(dict.fromkeys(formats))
    unknown = [name for name in wanted if name not in known]
    if unknown or not wanted:
        raise UserInputError(
            f"unknown book format(s): {', '.join(map(repr, unknown)) or 'none given'}",
            hint=f"choose from {', '.join(known)}",
        )
    return [name for name in known if name in wanted]  # type: ignore[misc]


def export_book(
    book: Book,
    formats: Iterable[BookFormat] = BOOK_FORMATS,
    out_dir: Path = Path("."),
    *,
    stem: str = "book",
    font_dirs: Sequence[Path] | None = None,
    art: Path | None = None,
) -> dict[BookFormat, Path]:
    """Write ``book`` in each of ``formats`` into ``out_dir`` as ``{stem}.{extension}``.

    ``art`` is the AI cover's picture (JPEG or PNG), drawn on the EPUB's and the PDF's
    cover; without it the cover is typographic.
    """
    wanted = _formats(formats)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: dict[BookFormat, Path] = {
        name: out_dir / f"{stem}.{EXTENSIONS[name]}" for name in wanted
    }
    fonts = list(font_dirs) if font_dirs is not None else None
    cover_path = paths.get("cover", out_dir / f".{stem}.cover.png")
    needs_cover = "cover" in paths or "epub" in paths

    try:
        workers = min(len(wanted) + 1, (os.cpu_count() or 2) + 1)
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="book") as pool:
            cover: Future[RenderedCover] | None = None
            if needs_cover:
                cover = pool.submit(render_cover, book, cover_path, font_dirs=fonts, art=art)

            def epub(output: Path) -> Path:
                assert cover is not None
                rendered = cover
                return export_epub(book, output, cover=lambda: rendered.result().path)

            writers: dict[BookFormat, Callable[[Path], Path]] = {
                "epub": epub,
                "pdf": lambda output: export_pdf(book, output, font_dirs=fonts, art=art),
                "docx": lambda output: export_docx(book, output),
                "html": lambda output: export_html(book, output),
                "md": lambda output: export_markdown(book, output),
            }
            futures = [
                pool.submit(writers[name], paths[name]) for name in _LONGEST_FIRST if name in paths
            ]
            # The first failure is raised once every engine has stopped (the pool waits).
            pending: list[Future[Any]] = [*futures, *([cover] if cover else [])]
            for future in pending:
                future.result()
    finally:
        if "cover" not in paths:
            cover_path.unlink(missing_ok=True)
    return paths
