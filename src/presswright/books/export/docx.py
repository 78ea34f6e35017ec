"""DOCX through pandoc, styled by a reference document built with python-docx.

A title page (Title, Subtitle, Author, Date), a table of contents (a Word field, written out
with every chapter linked so readers that do not update fields show it too: see
:mod:`~presswright.books.export.docx_toc`), the copyright page, dedication and epigraph each on
their own page, every chapter title a Heading 1 paragraph on a new page, subheadings in
Heading 2, scene breaks as a centred ornament, the glossary as a definition list, page
numbers in the footer, and right-to-left paragraphs for Arabic and Persian.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from presswright.books.export.docx_reference import reference_docx
from presswright.books.export.docx_toc import fill_table_of_contents
from presswright.books.export.pandoc_ast import book_document_json
from presswright.books.export.pandoc_engine import run_pandoc
from presswright.books.model import Book

__all__ = ["docx_options", "export_docx"]


def docx_options(reference: Path) -> list[str]:
    """Pandoc's options for the DOCX, given the reference document's path."""
    return [f"--reference-doc={reference}", "--toc", "--toc-depth=1"]


def export_docx(book: Book, output: Path) -> Path:
    """Write ``book`` as a DOCX file at ``output``."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="presswright-docx-") as work:
        reference = Path(work) / "reference.docx"
        reference.write_bytes(reference_docx(book.meta.language))
        run_pandoc(book_document_json(book, "docx"), "docx", output, docx_options(reference))
    return fill_table_of_contents(output, rtl=book.meta.right_to_left)
