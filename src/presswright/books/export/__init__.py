"""Book exports: EPUB 3, PDF, DOCX, HTML and Markdown from a compiled Book, with its cover.

    export_book(book, ["epub", "pdf"], out_dir)   # {"epub": out_dir/book.epub, ...}

EPUB, DOCX, HTML and Markdown are written by pandoc (the binary in ``pypandoc-binary``),
fed the book as pandoc's JSON AST; the PDF and the typographic cover by typst (the
``typst`` package), whose shipped template reads the book as JSON. Model text is data in
both: it is escaped by the engine for each format and never read as markup or code.
Fonts are Debian's Noto packages (``make book-deps``); nothing is downloaded at run time.

Errors: ``BookExportError`` (an engine failed), ``BookFontsMissingError`` (install the
fonts), ``UserInputError`` for an unknown format name.
"""

from __future__ import annotations

from presswright.books.export.bundle import (
    BOOK_FORMATS,
    EXTENSIONS,
    MEDIA_TYPES,
    BookFormat,
    export_book,
)
from presswright.books.export.cover import (
    COVER_HEIGHT,
    COVER_WIDTH,
    CoverColours,
    RenderedCover,
    contrast_ratio,
    cover_colours,
    render_cover,
)
from presswright.books.export.docx import export_docx
from presswright.books.export.epub import export_epub
from presswright.books.export.errors import BookExportError, BookFontsMissingError
from presswright.books.export.html import export_html
from presswright.books.export.markdown import export_markdown
from presswright.books.export.pdf import export_pdf

__all__ = [
    "BOOK_FORMATS",
    "COVER_HEIGHT",
    "COVER_WIDTH",
    "EXTENSIONS",
    "MEDIA_TYPES",
    "BookExportError",
    "BookFontsMissingError",
    "BookFormat",
    "CoverColours",
    "RenderedCover",
    "contrast_ratio",
    "cover_colours",
    "export_book",
    "export_docx",
    "export_epub",
    "export_html",
    "export_markdown",
    "export_pdf",
    "render_cover",
]
