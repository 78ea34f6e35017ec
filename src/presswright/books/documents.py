"""A book as a document of the library: its version body, and what a settling run does to it.

Every version of a book document holds a :class:`BookVersion`: the compiled book, its record
(lengths by the book's word rule, S_l, continuity) and which chapters a person wrote by
hand. Versions only grow: a finished run adds one (``generated``; ``regenerated`` after a
chapter was written again), so does a hand edit (``edited``, see :mod:`.service`).

:func:`record_book_run` is called by the document library's outcome hook
(:mod:`presswright.documents.outcome`) for documents of kind ``book``, inside the
transaction that records the run's new status. When a regenerated chapter's run finishes,
chapters edited by hand since (other than the one regenerated) keep the person's text: the
run compiles from its own chapters, which never saw the edit.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import update
from sqlalchemy.orm import Session

from presswright.books.brief import BookBrief
from presswright.books.editing import chapter_plain_text, remeasure
from presswright.books.flow import book_from_outputs
from presswright.books.model import Book
from presswright.books.record import BookRecord
from presswright.documents.text import search_text
from presswright.errors import ConflictError, PresswrightError
from presswright.store.documents import (
    add_version,
    claim_version,
    create_document,
    get_version,
    version_of_run,
)
from presswright.store.models import Document, Execution

__all__ = [
    "BOOK_KIND",
    "BookVersion",
    "add_book_version",
    "lock_document",
    "open_book_document",
    "read_book_version",
    "record_book_run",
    "run_version_body",
    "run_version_source",
]

BOOK_KIND = "book"
_CLAIMS = 20
_CHAPTER_ITEM = re.compile(r"^chapters\[(\d+)\]$")
# The book flow's map of chapters: regenerating it (or anything before it) writes every
# chapter again, so no hand edit can be kept.
_CHAPTER_MAP = "chapters"


class BookVersion(BaseModel):
    """The body of one version of a book document."""

    model_config = ConfigDict(extra="forbid")

    title: str
    language: str
    book: Book
    record: BookRecord
    edited: list[int] = Field(
        default_factory=list, description="Chapters whose text a person wrote by hand."
    )


def read_book_version(body: dict[str, Any]) -> BookVersion:
    """A stored version body as a :class:`BookVersion`."""
    return BookVersion.model_validate(body)


def open_book_document(
    session: Session, *, brief: BookBrief, execution_id: str, user_id: uuid.UUID | None
) -> uuid.UUID:
    """Create the book document the run ``execution_id`` of ``brief`` will fill."""
    document = create_document(
        session,
        kind=BOOK_KIND,
        title=(brief.title or brief.subject).strip()[:500],
        language=brief.language,
        execution_id=execution_id,
        created_by=user_id,
    )
    return document.id


def lock_document(session: Session, document_id: uuid.UUID) -> None:
    """Hold the document's row until the transaction ends (writers of its files queue up).

    A write of the row as it is: PostgreSQL locks the row, SQLite takes its write lock here
    (before this transaction reads anything, so what it reads next is current).
    """
    session.execute(
        update(Document)
        .where(Document.id == document_id)
        .values(updated_at=Document.updated_at)
        .execution_options(synchronize_session=False)
    )


def add_book_version(
    session: Session,
    document: Document,
    body: BookVersion,
    *,
    source: str,
    execution_id: str | None,
    generation: int | None,
    author: uuid.UUID | None,
    base_version: int | None = None,
) -> int | None:
    """Store ``body`` as the document's next version; its number.

    With ``base_version`` the version is added only if that version is still the current
    one (None otherwise: another writer came first); without, it follows whatever is there.
    """
    for _ in range(_CLAIMS):
        session.refresh(document)
        base = document.current_version if base_version is None else base_version
        if claim_version(session, document_id=document.id, base_version=base):
            break
        if base_version is not None:
            return None
    else:
        raise ConflictError(
            f"document {document.id} changed {_CLAIMS} times while a version was added",
            hint="retry",
        )
    version = base + 1
    stored = body.model_dump(mode="json")
    add_version(
        session,
        document=document,
        version=version,
        body=stored,
        word_count=body.record.words,
        source=source,
        execution_id=execution_id,
        generation=generation,
        author=author,
    )
    session.refresh(document)
    document.title = body.title[:500]
    document.language = body.language
    document.word_count = body.record.words
    texts = [f"{c.title}\n{chapter_plain_text(c)}" for c in body.book.chapters]
    document.search_text = search_text(body.title, BOOK_KIND, {"chapters": texts})
    document.status = "ready"
    document.error = None
    return version


def _regenerated_chapters(forced: list[str]) -> set[int] | None:
    """Chapter numbers a regenerate wrote again; None when it wrote every chapter."""
    if _CHAPTER_MAP in forced:
        return None
    return {int(found[1]) + 1 for node in forced if (found := _CHAPTER_ITEM.match(node))}


def _keep_hand_edits(
    session: Session, document: Document, fresh: BookVersion, forced: list[str]
) -> BookVersion:
    """``fresh`` with the chapters a person edited since kept as they wrote them."""
    regenerated = _regenerated_chapters(forced)
    if regenerated is None or document.current_version == 0:
        return fresh
    previous = read_book_version(
        get_version(session, document_id=document.id, version=document.current_version).body
    )
    if len(previous.book.chapters) != len(fresh.book.chapters):
        return fresh
    kept = sorted(set(previous.edited) - regenerated)
    if not kept:
        return fresh
    chapters = [
        previous.book.chapters[c.number - 1] if c.number in kept else c for c in fresh.book.chapters
    ]
    book = fresh.book.model_copy(update={"chapters": chapters})
    return fresh.model_copy(
        update={"book": book, "record": remeasure(book, fresh.record, kept), "edited": kept}
    )


def _completed(session: Session, document: Document, execution: Execution) -> None:
    if version_of_run(
        session,
        document_id=document.id,
        execution_id=execution.id,
        generation=execution.generation,
    ):
        return
    try:
        book, record = book_from_outputs(execution.outputs or {})
    except (PresswrightError, ValidationError) as error:
        _failed(document, f"the run's output is not a valid book: {error}", "failed")
        return
    add_book_version(
        session,
        document,
        run_version_body(session, document, execution, book, record),
        source=run_version_source(execution),
        execution_id=execution.id,
        generation=execution.generation,
        author=execution.user_id,
    )


def run_version_body(
    session: Session, document: Document, execution: Execution, book: Book, record: BookRecord
) -> BookVersion:
    """The version a run's compiled book makes: chapters a person edited since kept."""
    fresh = BookVersion(
        title=book.meta.title, language=book.meta.language, book=book, record=record
    )
    return _keep_hand_edits(session, document, fresh, list(execution.forced_nodes or []))


def run_version_source(execution: Execution) -> str:
    """How a run's version was made: ``regenerated`` after a regenerate, else ``generated``."""
    return "regenerated" if execution.forced_nodes else "generated"


def _failed(document: Document, reason: str, status: str) -> None:
    document.error = reason
    if document.current_version == 0:
        document.status = status


def record_book_run(session: Session, document: Document, execution: Execution) -> None:
    """Bring a book document up to its run's new status (see the module docstring)."""
    if execution.status == "completed":
        _completed(session, document, execution)
    elif execution.status == "failed":
        _failed(document, execution.error or "the run failed without a recorded reason", "failed")
    elif execution.status == "cancelled":
        _failed(document, "the run was stopped before it finished", "cancelled")
    elif execution.status == "queued" and document.current_version == 0:
        document.status = "generating"
        document.error = None
