"""A finished book stored straight into a workspace's library, without running the flow.

For tests that need a book document with a version (tenant walls, downloads) but no model:
the version is what a finished run stores, measured by the book's own rules.
"""

from __future__ import annotations

import uuid

from presswright.books.documents import BookVersion, add_book_version
from presswright.books.editing import remeasure
from presswright.books.model import Book, BookMeta, Chapter, Paragraph, SceneBreak
from presswright.books.record import BookRecord, ChapterRecord, ContinuityRecord
from presswright.bootstrap import Instance
from presswright.store.documents import create_document

CHAPTERS = [
    (
        "The Storm",
        [
            "The wind rose before dawn and shook the old windows of the tower.",
            "Elsa climbed the stairs with a lamp in her hand and counted every step.",
        ],
    ),
    (
        "The Letter",
        [
            "A letter arrived on the morning boat, wrapped in oilcloth against the rain.",
            "She read it twice by the window and then folded it into her coat.",
        ],
    ),
]


def small_book(title: str = "The Lighthouse Keeper") -> tuple[Book, BookRecord]:
    """A two-chapter English book and its record (targets of 30 words a chapter)."""
    chapters = [
        Chapter(
            number=number,
            title=name,
            blocks=[Paragraph(text=paragraphs[0]), SceneBreak(), Paragraph(text=paragraphs[1])],
        )
        for number, (name, paragraphs) in enumerate(CHAPTERS, start=1)
    ]
    book = Book(meta=BookMeta(title=title, author="Mara Ellison"), chapters=chapters)
    unmeasured = BookRecord(
        unit="words",
        words=0,
        target=60,
        score=0,
        mean_chapter_score=0,
        tolerance=0.25,
        chapters_within_tolerance=0,
        chapters=[
            ChapterRecord(
                number=chapter.number,
                title=chapter.title,
                words=0,
                target=30,
                score=0,
                within_tolerance=False,
                calls=1,
                redraws=0,
                dropped_paragraphs=0,
                summary_from="model",
                issues_found=0,
                issues_fixed=0,
                rewritten=False,
            )
            for chapter in chapters
        ],
        continuity=ContinuityRecord(found=0, fixed=0, errors_left=0),
        models=["fake:test"],
    )
    return book, remeasure(book, unmeasured, [1, 2])


def stored_book(instance: Instance, tenant_id: uuid.UUID, *, title: str = "Walls") -> uuid.UUID:
    """A book document with one version in the tenant's library; its id."""
    book, record = small_book(title)
    with instance.database.tenant_session(tenant_id) as session:
        document = create_document(
            session, kind="book", title=title, language="en", execution_id=None, created_by=None
        )
        add_book_version(
            session,
            document,
            BookVersion(title=title, language="en", book=book, record=record),
            source="generated",
            execution_id=None,
            generation=None,
            author=None,
        )
        return document.id
