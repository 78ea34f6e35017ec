"""The book's own pages, as text every format prints: the copyright page and the cover's words.

Built once from the Book and its language, so the EPUB, PDF, DOCX, HTML and Markdown of a
book carry the same lines.
"""

from __future__ import annotations

from presswright.books.export.labels import BookLabels, labels_for
from presswright.books.export.plain_text import one_line
from presswright.books.model import Book

__all__ = ["copyright_lines", "cover_alt_text", "full_title"]


def full_title(book: Book) -> str:
    """Title and subtitle on one line, as a catalogue or a running head names the book."""
    title = one_line(book.meta.title)
    subtitle = one_line(book.meta.subtitle or "")
    return f"{title}: {subtitle}" if subtitle else title


def copyright_lines(book: Book, labels: BookLabels | None = None) -> list[str]:
    """The copyright page, one line each: title, author, rights, publisher, date, identifier."""
    meta = book.meta
    words = labels or labels_for(meta.language)
    lines = [full_title(book), one_line(meta.author), one_line(meta.copyright_line)]
    if meta.rights is None:
        lines.append(words.all_rights_reserved)
    if meta.publisher:
        lines.append(f"{words.publisher}: {one_line(meta.publisher)}")
    lines.append(f"{words.published}: {words.date(meta.published)}")
    lines.append(f"{words.identifier}: {one_line(meta.identifier)}")
    return [line for line in lines if line]


def cover_alt_text(book: Book) -> str:
    """What the typographic cover shows, in words, in the book's language."""
    return labels_for(book.meta.language).cover_text(full_title(book), one_line(book.meta.author))
