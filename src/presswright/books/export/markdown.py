"""Markdown through pandoc: GitHub-flavoured, with a YAML block for the title and author.

Pandoc's writer escapes every character that Markdown would read as markup (``*``, ``#``
at a line's start, ``<``, ``$`` since math is on, ``[``, backticks...). One thing it leaves:
an entity reference such as ``&amp;`` in the text, which a Markdown reader would turn into
``&``; its ampersand is escaped here so the text reads back as written.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from presswright.books.export.pandoc_ast import book_document_json
from presswright.books.export.pandoc_engine import run_pandoc
from presswright.books.model import Book

__all__ = ["MARKDOWN_FORMAT", "escape_entities", "export_markdown", "markdown_options"]

MARKDOWN_FORMAT = "gfm+tex_math_dollars"
_QUOTED = re.compile(r'^\s*(?:- |[\w-]+: )"')
_ENTITY = re.compile(r"&(?=(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});)")


def markdown_options() -> list[str]:
    """Pandoc's options for the Markdown edition."""
    return ["--standalone", "--wrap=none"]


def _metadata_line(line: str) -> str:
    # Inside a double-quoted YAML string the backslash must itself be escaped for YAML.
    quoted = _QUOTED.match(line) is not None
    return _ENTITY.sub(r"\\\\&" if quoted else r"\\&", line)


def escape_entities(markdown: str) -> str:
    """``&name;`` as ``\\&name;``: the characters themselves, not the character they name."""
    end = markdown.find("\n---\n", 4) if markdown.startswith("---\n") else -1
    if end < 0:
        return _ENTITY.sub(r"\\&", markdown)
    metadata = "\n".join(_metadata_line(line) for line in markdown[:end].split("\n"))
    return metadata + _ENTITY.sub(r"\\&", markdown[end:])


def export_markdown(book: Book, output: Path) -> Path:
    """Write ``book`` as Markdown at ``output``."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="presswright-md-") as work:
        written = Path(work) / "book.md"
        run_pandoc(
            book_document_json(book, "markdown"), MARKDOWN_FORMAT, written, markdown_options()
        )
        text = written.read_text(encoding="utf-8")
    output.write_text(escape_entities(text), encoding="utf-8")
    return output
