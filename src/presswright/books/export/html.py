"""The HTML edition through pandoc: one standalone, accessible file that runs under a strict CSP.

A skip link, the title block, a table of contents that links to every chapter, the text
in ``<main>``, ``lang`` and ``dir`` on the root, and the book's stylesheet inside the file
(readable offline, light and dark). Chapters are ``<h2>`` under the book's ``<h1>``.

The file carries its own Content-Security-Policy (a ``<meta http-equiv>`` before anything
it governs): nothing may load or run but its one ``<style>`` element, allowed by the SHA-256
of its text (no ``'unsafe-inline'``, no ``style=""`` attribute anywhere). The same policy,
:func:`html_edition_policy`, is the header Presswright serves the file with, so the edition
keeps its styles where a strict policy applies and still loads no script, even one a
sanitizer missed.
"""

from __future__ import annotations

import base64
import hashlib
import re
import tempfile
from functools import cache
from pathlib import Path

from presswright.books.export.errors import BookExportError
from presswright.books.export.pandoc_ast import book_document_json
from presswright.books.export.pandoc_engine import run_pandoc
from presswright.books.export.templates import template_text
from presswright.books.model import Book

__all__ = [
    "export_html",
    "html_edition_policy",
    "html_options",
    "html_template",
    "style_hash",
    "with_policy",
]

_STYLE = re.compile(rb"<style>(.*?)</style>", re.DOTALL)
_CHARSET = b'<meta charset="utf-8">\n'


def html_template() -> str:
    """The pandoc template of the HTML edition with the stylesheet inside it."""
    # Our own stylesheet goes into our own template: no model text is ever part of either.
    return template_text("book.html").replace("$styles$", template_text("book.css"))


def style_hash(style: bytes) -> str:
    """The CSP source that allows a ``<style>`` element whose text is ``style`` (UTF-8)."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(style).digest()).decode() + "'"


def _policy(source: str) -> str:
    return (
        f"default-src 'none'; style-src {source}; img-src 'none'; base-uri 'none'; "
        "form-action 'none'"
    )


@cache
def html_edition_policy() -> str:
    """The HTML edition's CSP: its own ``<style>`` (by hash) and nothing else."""
    return _policy(style_hash(b"\n" + template_text("book.css").encode() + b"\n"))


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


def with_policy(page: bytes) -> bytes:
    """``page`` (pandoc's HTML edition) with the CSP that allows its one ``<style>`` element."""
    styles = _STYLE.findall(page)
    if len(styles) != 1 or page.count(_CHARSET) != 1:
        raise BookExportError(
            f"the HTML edition has {len(styles)} <style> elements, not 1 after its charset",
            hint="this is a bug in Presswright's HTML template; report it",
        )
    policy = _policy(style_hash(styles[0])).encode()
    meta = b'<meta http-equiv="Content-Security-Policy" content="' + policy + b'">\n'
    return page.replace(_CHARSET, _CHARSET + meta, 1)


def export_html(book: Book, output: Path) -> Path:
    """Write ``book`` as one standalone HTML file at ``output``."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="presswright-html-") as work:
        template = Path(work) / "book.html"
        template.write_text(html_template(), encoding="utf-8")
        written = Path(work) / "book.out.html"
        run_pandoc(book_document_json(book, "html"), "html5", written, html_options(template))
        output.write_bytes(with_policy(written.read_bytes()))
    return output
