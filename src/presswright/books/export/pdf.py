"""PDF through typst: the book as JSON, laid out by the shipped ``templates/book.typ``.

The PDF is tagged and declares PDF/UA-1 (typst checks what it can of the standard and
refuses to write a file that breaks it), has one bookmark per chapter (and one for the
glossary and for the author's page), page numbers, running heads, a title page, a
copyright page and a table of contents, and embeds subsets of the Noto fonts that cover
the book's language (Arabic and Persian right to left, Chinese, Japanese, Korean).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from presswright.books.export.cover import art_files, cover_data
from presswright.books.export.labels import labels_for
from presswright.books.export.pages import copyright_lines
from presswright.books.export.plain_text import one_line
from presswright.books.export.typst_engine import PdfStandard, compile_typst, font_stack
from presswright.books.model import Book, Chapter, Paragraph, SceneBreak, Subheading

__all__ = ["PDF_STANDARDS", "export_pdf", "pdf_data", "pdf_inputs"]

PDF_STANDARDS: list[PdfStandard] = ["ua-1"]
_CJK = ("ja", "ko", "zh")
_RTL = ("ar", "fa")


def _optional(text: str | None) -> str | None:
    return one_line(text) or None if text else None


def _blocks(chapter: Chapter) -> list[dict[str, str]]:
    blocks: list[dict[str, str]] = []
    for block in chapter.blocks:
        if isinstance(block, Paragraph):
            text = one_line(block.text)
            if text:
                blocks.append({"k": "p", "t": text})
        elif isinstance(block, Subheading) and one_line(block.text):
            blocks.append({"k": "h", "t": one_line(block.text)})
        elif isinstance(block, SceneBreak):
            blocks.append({"k": "b"})
    return blocks


def _setup(book: Book, font_dirs: list[Path] | None) -> dict[str, Any]:
    language = book.meta.language
    words = labels_for(language)
    if language in _CJK:
        size, leading, indent = 10.0, 0.95, 1.0
    elif language in _RTL:
        size, leading, indent = 11.0, 0.9, 1.2
    else:
        size, leading, indent = 10.5, 0.65, 1.2
    return {
        "lang": language,
        "region": words.typst_region,
        "fonts": font_stack(language, font_dirs),
        "size": size,
        "leading": leading,
        "indent": indent,
        "numbering": words.typst_page_numbering,
    }


def pdf_data(
    book: Book, font_dirs: list[Path] | None = None, art: Path | None = None
) -> dict[str, Any]:
    """What ``templates/book.typ`` reads: every text of the book as a string, and the setup."""
    meta = book.meta
    words = labels_for(meta.language)
    return {
        "setup": _setup(book, font_dirs),
        "meta": {
            "title": one_line(meta.title),
            "subtitle": _optional(meta.subtitle),
            "author": one_line(meta.author),
            "publisher": _optional(meta.publisher),
            "description": _optional(meta.description),
            "keywords": [one_line(meta.subject)] if meta.subject and one_line(meta.subject) else [],
            "year": meta.published.year,
            "month": meta.published.month,
            "day": meta.published.day,
        },
        "labels": {
            "contents": words.contents,
            "glossary": words.glossary,
            "about-author": words.about_author,
        },
        "cover": cover_data(book, font_dirs, art),
        "copyright": copyright_lines(book, words),
        "dedication": _optional(book.dedication),
        "epigraph": _optional(book.epigraph),
        "chapters": [
            {
                "number": chapter.number,
                "label": words.chapter_label(chapter.number),
                "title": one_line(chapter.title) or words.chapter_label(chapter.number),
                "blocks": _blocks(chapter),
            }
            for chapter in book.chapters
        ],
        "glossary": [
            {"term": one_line(entry.term), "definition": one_line(entry.definition)}
            for entry in book.glossary
            if one_line(entry.term) and one_line(entry.definition)
        ],
        "about-author": _optional(book.about_author),
    }


def pdf_inputs(
    book: Book, font_dirs: list[Path] | None = None, art: Path | None = None
) -> dict[str, str]:
    """The ``sys.inputs`` of the book template: the book as one JSON string."""
    return {"book": json.dumps(pdf_data(book, font_dirs, art), ensure_ascii=False)}


def export_pdf(
    book: Book, output: Path, *, font_dirs: list[Path] | None = None, art: Path | None = None
) -> Path:
    """Write ``book`` as a tagged PDF (PDF/UA-1) at ``output``; ``art``: the AI cover's picture."""
    pdf = compile_typst(
        "book.typ",
        pdf_inputs(book, font_dirs, art),
        pdf_standards=PDF_STANDARDS,
        font_dirs=font_dirs,
        files=art_files(art),
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(pdf)
    return output
