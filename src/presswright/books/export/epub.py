"""EPUB 3 through pandoc, then two fixes pandoc has no option for.

Pandoc writes the package: title page, navigation document (the table of contents),
one XHTML file per chapter, front matter (copyright page, dedication, epigraph) and back
matter (glossary, about the author) typed with ``epub:type``, the cover image and the
metadata, accessibility metadata included. Then the file is rewritten once: each chapter
file's ``<title>`` becomes its heading (pandoc names it after the file, ``ch003.xhtml``,
which is what a screen reader announces), every page of an Arabic or Persian book says
``dir="rtl"`` (pandoc leaves it off the navigation document), the landmarks are named
in the book's language and lead to the first chapter too (``bodymatter``, where a
reading system opens the book), the cover image gets its text alternative
(written here, quoted for an attribute: pandoc's template variables are escaped for
element text only) and the package declares the accessibility standard it meets
(``dcterms:conformsTo``).
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from html import unescape
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from presswright.books.export.cover import render_cover
from presswright.books.export.labels import labels_for
from presswright.books.export.pages import cover_alt_text
from presswright.books.export.pandoc_ast import book_document_json
from presswright.books.export.pandoc_engine import run_pandoc
from presswright.books.export.templates import template_path
from presswright.books.model import Book

__all__ = ["CONFORMS_TO", "epub_options", "export_epub", "finish_epub"]

CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
_TITLE = re.compile(rb"<title>[^<]*</title>")
_FIRST_H1 = re.compile(rb"<h1[^>]*>(.*?)</h1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_HTML_TAG = re.compile(rb"<html [^>]*>")
_FIRST_CHAPTER = re.compile(rb'href="(text/[^"#]+)#chapter-1"')


def _cover_alt(book: Book) -> str:
    """The cover's text alternative: its words, and the AI cover's picture described."""
    words = cover_alt_text(book)
    art = book.cover_art
    return f"{words} {art.alt_text}" if art is not None and art.alt_text else words


def epub_options(cover: Path) -> list[str]:
    """Pandoc's options for a book's EPUB with ``cover`` as its cover image."""
    return [
        f"--template={template_path('epub3.xhtml')}",
        f"--css={template_path('epub.css')}",
        f"--epub-cover-image={cover}",
        "--toc",
        "--toc-depth=1",
        "--split-level=1",
        "--wrap=none",
    ]


def _page_title(xhtml: bytes, fallback: str) -> bytes:
    heading = _FIRST_H1.search(xhtml)
    if heading is None:
        text = fallback
    else:
        # The heading is pandoc's escaped XHTML: drop the tags, read the entities, escape again.
        text = " ".join(unescape(_TAG.sub("", heading.group(1).decode("utf-8"))).split())
    title = f"<title>{escape(text or fallback)}</title>".encode()
    return _TITLE.sub(lambda _: title, xhtml, count=1)


def _right_to_left(xhtml: bytes) -> bytes:
    opening = _HTML_TAG.search(xhtml)
    if opening is None or b' dir="' in opening.group(0):
        return xhtml
    tag = opening.group(0)
    return xhtml.replace(tag, tag[:-1] + b' dir="rtl">', 1)


def _landmarks(nav: bytes, book: Book) -> bytes:
    words = labels_for(book.meta.language)
    for epub_type, english, label in (
        ("titlepage", "Title Page", words.title_page),
        ("cover", "Cover", words.cover),
        ("toc", "Table of Contents", words.contents),
    ):
        old = f'epub:type="{epub_type}">{english}</a>'.encode()
        nav = nav.replace(old, f'epub:type="{epub_type}">{escape(label)}</a>'.encode(), 1)
    first = _FIRST_CHAPTER.search(nav)
    landmarks_end = nav.rfind(b"</ol>")
    if first is not None and landmarks_end > 0:
        entry = (
            f'  <li>\n      <a href="{first.group(1).decode()}#chapter-1" epub:type="bodymatter">'
            f"{escape(words.chapter_label(1))}</a>\n    </li>\n  "
        ).encode()
        nav = nav[:landmarks_end] + entry + nav[landmarks_end:]
    return nav


def _conforms_to(opf: bytes) -> bytes:
    meta = f'<meta property="dcterms:conformsTo">{CONFORMS_TO}</meta>\n  </metadata>'.encode()
    return opf.replace(b"</metadata>", meta, 1)


def finish_epub(written: Path, output: Path, book: Book) -> Path:
    """Copy pandoc's EPUB to ``output`` with chapter titles and the conformance claim."""
    words = labels_for(book.meta.language)
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(output, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            name = item.filename
            if name.endswith(".opf"):
                data = _conforms_to(data)
            elif name.endswith("/nav.xhtml"):
                data = _landmarks(data, book)
            elif name.endswith("/cover.xhtml"):
                data = _TITLE.sub(f"<title>{escape(words.cover)}</title>".encode(), data, count=1)
                alt = f"alt={quoteattr(_cover_alt(book))}".encode()
                data = data.replace(b'alt=""', alt, 1)
            elif name.startswith("EPUB/text/") and name.endswith(".xhtml"):
                data = _page_title(data, book.meta.title)
            if book.meta.right_to_left and name.endswith(".xhtml"):
                data = _right_to_left(data)
            # The mimetype entry stays first and uncompressed, as the OCF container requires.
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            target.writestr(zipfile.ZipInfo(name, item.date_time), data, compress_type=method)
    return output


def export_epub(
    book: Book, output: Path, *, cover: Path | Callable[[], Path] | None = None
) -> Path:
    """Write ``book`` as an EPUB 3 file at ``output``.

    ``cover`` is the cover image, or a function that gives it once it is needed (the
    document is built first: ``export_book`` renders the cover alongside); by default the
    typographic cover is rendered here.
    """
    output.parent.mkdir(parents=True, exist_ok=True)
    document = book_document_json(book, "epub")
    with tempfile.TemporaryDirectory(prefix="presswright-epub-") as work:
        folder = Path(work)
        if cover is None:
            image = render_cover(book, folder / "cover.png").path
        else:
            given = cover if isinstance(cover, Path) else cover()
            image = Path(shutil.copyfile(given, folder / "cover.png"))
        written = run_pandoc(document, "epub3", folder / "book.epub", epub_options(image))
        return finish_epub(written, output, book)
