"""What the book use cases hand to every front door: a book, its chapters, a started run.

Built from a stored :class:`~presswright.books.documents.BookVersion`, its record and the
document row; the API answers with these models as they are, the CLI prints them.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from presswright.books.brief import BookBrief
from presswright.books.documents import BookVersion
from presswright.books.editing import chapter_characters, chapter_text
from presswright.books.export import BOOK_FORMATS
from presswright.books.formats import BookFormatPublic
from presswright.books.model import BookBlock, BookKind
from presswright.books.progress import BookProgress
from presswright.books.record import BookRecord, ContinuityIssue, ContinuityRecord
from presswright.books.wordcount import LengthUnit
from presswright.documents import DocumentStatus
from presswright.store.models import Document

__all__ = [
    "BookChapters",
    "BookLength",
    "BookPublic",
    "BookStarted",
    "ChapterEdited",
    "ChapterMeasures",
    "ChapterPublic",
    "book_public",
    "brief_of_inputs",
    "chapters_public",
]


class BookStarted(BaseModel):
    """A book run under way: the book's document and the execution writing it."""

    document_id: uuid.UUID = Field(description="The book: GET /api/v1/books/{document_id}.")
    execution_id: str = Field(description="The run: GET /api/v1/executions/{execution_id}.")
    node_id: str | None = Field(
        default=None, description="For a regenerate: the step written again (chapters[i])."
    )


class ChapterMeasures(BaseModel):
    """One chapter's length against its target, and what the continuity pass did to it."""

    number: int
    title: str
    words: int = Field(description="By the book's word rule (characters for zh and ja).")
    characters: int = Field(description="Characters of its text, spaces not counted.")
    target: int
    score: float = Field(description="LongWriter's S_l of words against target (0-100).")
    within_tolerance: bool
    issues_found: int
    issues_fixed: int
    rewritten: bool = Field(description="Written again by the continuity pass.")
    edited: bool = Field(description="Its text was written by hand.")


class ChapterPublic(ChapterMeasures):
    """One chapter with its text: as blocks, and as the text a hand edit sends."""

    blocks: list[BookBlock]
    text: str = Field(
        description="Paragraphs separated by a blank line; '* * *' a scene break; '## ' starts"
        " a subheading; a leading backslash keeps a paragraph that looks like either as prose."
    )


class BookLength(BaseModel):
    """The whole book's length against its target."""

    unit: LengthUnit
    words: int
    characters: int = Field(description="Characters of every chapter's text, spaces not counted.")
    target: int
    score: float = Field(description="S_l of the book's length against its target (0-100).")
    mean_chapter_score: float = Field(description="The mean S_l over the chapters.")
    tolerance: float = Field(description="A chapter's allowed distance from its target (0.25).")
    chapters_within_tolerance: int


class BookPublic(BaseModel):
    """A book of the library: where it stands, its record, its chapters' measures, formats."""

    id: uuid.UUID
    title: str
    subtitle: str | None = None
    author: str | None = None
    language: str | None
    kind: BookKind | None = None
    status: DocumentStatus
    error: str | None = Field(description="Why its last run failed or stopped, if it did.")
    execution_id: str | None = Field(description="The run that writes it.")
    current_version: int = Field(description="0 while its first run is under way.")
    created_by: uuid.UUID | None
    created_at: datetime
    updated_at: datetime
    brief: BookBrief | None = Field(description="What was asked (null if the run is gone).")
    progress: BookProgress | None = Field(
        description="Chapters written, being written and failed by its run (null without one)."
    )
    length: BookLength | None = Field(description="Null until the first version.")
    chapters: list[ChapterMeasures] = Field(description="Empty until the first version.")
    continuity: ContinuityRecord | None = Field(description="Issues found and fixed.")
    models: list[str] = Field(description="Every provider:model that wrote a chapter part.")
    providers: list[str]
    formats: list[BookFormatPublic] = Field(
        description="Every format of the current version, exported or not yet (a download"
        " exports a missing one)."
    )
    export_error: str | None = Field(
        default=None,
        description="Why the run's export step made no formats of the current version (its"
        " chapters are kept); null once a re-export made them.",
    )
    cover: Literal["typographic", "ai"] | None = Field(
        default=None, description="The cover the current version has (null before one)."
    )
    cover_note: str | None = Field(
        default=None,
        description="Why an AI cover asked for is typographic (no image provider, or the"
        " picture failed).",
    )


class BookChapters(BaseModel):
    """The chapters of one version of a book."""

    version: int
    chapters: list[ChapterPublic]


class ChapterEdited(BaseModel):
    """A hand edit stored as a new version, and the formats exported again for it."""

    version: int = Field(description="The new version.")
    chapter: ChapterPublic
    issues: list[ContinuityIssue] = Field(
        default_factory=list,
        description="The continuity rules' findings in the edited chapter (names off the"
        " bible, a dead character speaking), as the new version's record holds them.",
    )
    formats: list[BookFormatPublic] = Field(
        description="The formats the edited version had, exported again from the new one."
    )
    export_error: str | None = Field(
        default=None,
        description="Why exporting again failed (the edit is stored; a download retries).",
    )


def brief_of_inputs(inputs: dict[str, Any] | None) -> BookBrief | None:
    """The brief a book run was started with (None when its inputs are not one)."""
    if not inputs:
        return None
    fields = set(BookBrief.model_fields)
    try:
        return BookBrief.model_validate(
            {k: v for k, v in inputs.items() if k in fields and v is not None}
        )
    except ValidationError:
        return None


def _measures(body: BookVersion) -> list[ChapterMeasures]:
    edited = set(body.edited)
    return [
        ChapterMeasures(
            number=measured.number,
            title=chapter.title,
            words=measured.words,
            characters=chapter_characters(chapter),
            target=measured.target,
            score=measured.score,
            within_tolerance=measured.within_tolerance,
            issues_found=measured.issues_found,
            issues_fixed=measured.issues_fixed,
            rewritten=measured.rewritten,
            edited=chapter.number in edited,
        )
        for chapter, measured in zip(body.book.chapters, body.record.chapters, strict=True)
    ]


def chapters_public(body: BookVersion) -> list[ChapterPublic]:
    """Every chapter of a version with its measures and text."""
    return [
        ChapterPublic(
            **measures.model_dump(), blocks=list(chapter.blocks), text=chapter_text(chapter)
        )
        for measures, chapter in zip(_measures(body), body.book.chapters, strict=True)
    ]


def book_public(
    document: Document,
    body: BookVersion | None,
    brief: BookBrief | None,
    formats: list[BookFormatPublic],
    progress: BookProgress | None = None,
) -> BookPublic:
    """A book as the front doors show it, from its document, current version and run."""
    chapters = _measures(body) if body else []
    record = body.record if body else None
    meta = body.book.meta if body else None
    return BookPublic(
        id=document.id,
        title=document.title,
        subtitle=meta.subtitle if meta else None,
        author=meta.author if meta else (brief.author if brief else None),
        language=document.language,
        kind=meta.kind if meta else (brief.kind if brief else None),
        status=document.status,
        error=document.error,
        execution_id=document.execution_id,
        current_version=document.current_version,
        created_by=document.created_by,
        created_at=document.created_at,
        updated_at=document.updated_at,
        brief=brief,
        progress=_titled(progress, body),
        length=BookLength(
            unit=record.unit,
            words=record.words,
            characters=sum(chapter.characters for chapter in chapters),
            target=record.target,
            score=record.score,
            mean_chapter_score=record.mean_chapter_score,
            tolerance=record.tolerance,
            chapters_within_tolerance=record.chapters_within_tolerance,
        )
        if record
        else None,
        chapters=chapters,
        continuity=record.continuity if record else None,
        models=list(record.models) if record else [],
        providers=sorted({model.partition(":")[0] for model in record.models}) if record else [],
        formats=formats,
        export_error=_export_error(record, formats),
        cover=record.cover if record else None,
        cover_note=record.cover_note if record else None,
    )


def _titled(progress: BookProgress | None, body: BookVersion | None) -> BookProgress | None:
    """The run's progress with the titles the current version gives its chapters.

    A chapter's title may have been edited by hand since the run wrote it: the book's
    current title is the one a person sees everywhere else.
    """
    if progress is None or body is None:
        return progress
    titles = {chapter.number: chapter.title for chapter in body.book.chapters}
    per_chapter = [
        item.model_copy(update={"title": titles[item.number]}) if item.number in titles else item
        for item in progress.per_chapter
    ]
    return progress.model_copy(update={"per_chapter": per_chapter})


def _export_error(record: BookRecord | None, formats: list[BookFormatPublic]) -> str | None:
    """The run's export failure while a format it was to make is still missing."""
    if record is None or record.export_error is None:
        return None
    missing = any(not item.exported for item in formats if item.format in BOOK_FORMATS)
    return record.export_error if missing else None
