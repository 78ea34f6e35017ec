"""The HTML edition through pandoc: one standalone, accessible file.

A skip link, the title block, a table of contents that links to every chapter, the text
in ``<main>``, ``lang`` and ``dir`` on the root, and the book's stylesheet inside the file
(readable offline, light and dark). Chapters are ``<h2>`` under the book's ``<h1>``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from presswright.books.export.pandoc_ast import book_document_json
from presswright.books.export.pandoc_engine import run_pandoc
from presswright.books.export.templates import template_text
from presswright.books.model import Book

__all__ = ["export_html", "html_options", "html_template"]


def html_template() -> str:
    """The pandoc template of the HTML edition with the stylesheet inside it."""
    # Our own stylesheet goes into our own template: no model text is ever part of either.
    return template_text("book.html").replace("$styles$", template_text("book.css"))


def html_options(template: Path) -> list[str]:
    """Pandoc's options for the HTML edition, given the template file to use."""
    return [
        "--standalone",
        f"--template={template}",
        "--toc",
        "--toc-depth=2",
        "--shift-heading-level-by=1",
        "--section-divs",
        "--wrap=none",
    ]


def export_html(book: Book, output: Path) -> Path:
    """Write ``book`` as one standalone HTML file at ``output``."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="presswright-html-") as work:
        template = Path(work) / "book.html"
        template.write_text(html_template(), encoding="utf-8")
        return run_pandoc(book_document_json(book, "html"), "html5", output, html_options(template))
