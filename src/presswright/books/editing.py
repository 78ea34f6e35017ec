"""A chapter as text a person edits, and a book's record measured again after an edit.

The text of a chapter (what ``GET .../chapters`` shows and a hand edit sends) is plain text:

* paragraphs are separated by a blank line (the lines of one paragraph are joined with a
  space, so a wrapped paragraph stays one paragraph);
* a paragraph that is only ``* * *`` (or ``***``, ``⁂``) is a scene break;
* a paragraph that starts with ``## `` is a subheading (a section title, non-fiction);
* a paragraph that would read as one of those but is prose starts with a backslash, which
  is dropped (``\\## not a heading``): :func:`chapter_text` writes it so, and the text of
  any chapter reads back as the very same blocks.

Nothing in it is markup: the exporters escape every character of it for their format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import ValidationError

from presswright.books.length import length_score, mean_length_score, within
from presswright.books.model import Book, BookBlock, Chapter, Paragraph, SceneBreak, Subheading
from presswright.books.record import BookRecord
from presswright.books.wordcount import count_words
from presswright.errors import NotFoundError, UserInputError

__all__ = [
    "MAX_CHAPTER_TEXT",
    "SCENE_BREAK",
    "SUBHEADING",
    "blocks_from_text",
    "chapter_characters",
    "chapter_plain_text",
    "chapter_text",
    "remeasure",
    "replace_chapter",
]

SCENE_BREAK = "* * *"
SUBHEADING = "## "
MAX_CHAPTER_TEXT = 400_000  # characters of one chapter's text: far past any real chapter
_BREAK = re.compile(r"^(?:\*\s*\*\s*\*|⁂)$")
_BLANK_LINES = re.compile(r"\n[ \t\f\v\u00a0]*\n\s*")
_NEWLINES = re.compile(r"\r\n?")


def _is_heading(paragraph: str) -> bool:
    return paragraph.startswith("##") and paragraph[2:3] in (" ", "")


def _needs_escape(text: str) -> bool:
    return _is_heading(text) or text.startswith("\\") or bool(_BREAK.match(text))


def _block(kind: type[Paragraph | Subheading], text: str) -> Paragraph | Subheading:
    try:
        return kind(text=text)
    except ValidationError as error:
        what = "a paragraph" if kind is Paragraph else "a subheading"
        reason = error.errors(include_url=False)[0]["msg"]
        raise ValueError(f"{what} starting {text[:40]!r}: {reason}") from None


def chapter_text(chapter: Chapter) -> str:
    """The chapter's blocks as the editable text (see the module docstring)."""
    parts: list[str] = []
    for block in chapter.blocks:
        if isinstance(block, SceneBreak):
            parts.append(SCENE_BREAK)
        elif isinstance(block, Subheading):
            parts.append(SUBHEADING + " ".join(block.text.split()))
        else:
            text = " ".join(block.text.split())
            parts.append("\\" + text if _needs_escape(text) else text)
    return "\n\n".join(parts)


def blocks_from_text(text: str) -> list[BookBlock]:
    """The blocks an edited chapter text stands for; ValueError says what is wrong."""
    if len(text) > MAX_CHAPTER_TEXT:
        raise ValueError(f"a chapter's text is at most {MAX_CHAPTER_TEXT:,} characters")
    blocks: list[BookBlock] = []
    for raw in _BLANK_LINES.split(_NEWLINES.sub("\n", text).strip()):
        paragraph = " ".join(raw.split())
        if not paragraph:
            continue
        if _BREAK.match(paragraph):
            # Scene breaks separate scenes: none at either end, never two in a row.
            if blocks and not isinstance(blocks[-1], SceneBreak):
                blocks.append(SceneBreak())
        elif _is_heading(paragraph):
            heading = paragraph[2:].strip()
            if not heading:
                raise ValueError("a subheading line (## ...) needs its title after '## '")
            blocks.append(_block(Subheading, heading))
        else:
            blocks.append(_block(Paragraph, paragraph.removeprefix("\\") or paragraph))
    while blocks and isinstance(blocks[-1], SceneBreak):
        blocks.pop()
    if not any(isinstance(block, Paragraph) for block in blocks):
        raise ValueError("a chapter needs at least one paragraph of text")
    return blocks


def chapter_plain_text(chapter: Chapter) -> str:
    """The words a reader reads in a chapter (subheadings and paragraphs), one per line."""
    return "\n".join(block.text for block in chapter.blocks if not isinstance(block, SceneBreak))


def chapter_characters(chapter: Chapter) -> int:
    """The chapter's characters, spaces and line breaks not counted."""
    return sum(1 for character in chapter_plain_text(chapter) if not character.isspace())


def remeasure(book: Book, record: BookRecord, numbers: Iterable[int]) -> BookRecord:
    """``record`` with chapters ``numbers`` measured again in ``book`` (and the totals)."""
    chapters = list(record.chapters)
    language = book.meta.language
    for number in sorted(set(numbers)):
        chapter, before = book.chapters[number - 1], chapters[number - 1]
        words = count_words(chapter_plain_text(chapter), language)
        chapters[number - 1] = before.model_copy(
            update={
                "title": chapter.title,
                "words": words,
                "score": round(length_score(words, before.target), 2),
                "within_tolerance": within(words, before.target, record.tolerance),
            }
        )
    words = sum(chapter.words for chapter in chapters)
    return record.model_copy(
        update={
            "chapters": chapters,
            "words": words,
            "score": round(length_score(words, record.target), 2),
            "mean_chapter_score": round(
                mean_length_score([(c.words, c.target) for c in chapters]), 2
            ),
            "chapters_within_tolerance": sum(1 for c in chapters if c.within_tolerance),
        }
    )


def replace_chapter(
    book: Book, record: BookRecord, number: int, *, text: str, title: str | None = None
) -> tuple[Book, BookRecord]:
    """The book with chapter ``number``'s text (and title) replaced, and its record again.

    NotFoundError for a chapter the book does not have; UserInputError (naming the
    chapter) for a text or title the book model refuses.
    """
    if not 1 <= number <= len(book.chapters):
        raise NotFoundError(
            f"the book has no chapter {number}",
            hint=f"its chapters are numbered 1 to {len(book.chapters)}",
        )
    old = book.chapters[number - 1]
    try:
        chapter = Chapter(
            number=number,
            title=old.title if title is None else title.strip(),
            blocks=blocks_from_text(text),
        )
    except (ValueError, ValidationError) as error:
        detail = (
            "; ".join(str(item["msg"]) for item in error.errors(include_url=False))
            if isinstance(error, ValidationError)
            else str(error)
        )
        raise UserInputError(
            f"chapter {number} cannot take this text: {detail.removeprefix('Value error, ')}",
            hint="separate paragraphs with a blank line; keep at least one paragraph",
        ) from None
    chapters = [*book.chapters[: number - 1], chapter, *book.chapters[number:]]
    edited = book.model_copy(update={"chapters": chapters})
    return edited, remeasure(edited, record, [number])
