"""The book record: what a finished book run measured, next to the compiled book.

Per chapter: its length by the book's word rule against its target, LongWriter's S_l
(:mod:`presswright.books.length`), whether it is within the tolerance, what writing it took
and its continuity issues; for the book: the total against the total target with its S_l,
the mean S_l over the chapters, continuity issues found and fixed, and the models used;
and the formats the run's export step made of it (size and SHA-256 of each file), or why
the engines could not make them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from presswright.books.wordcount import LengthUnit

__all__ = ["BookRecord", "ChapterRecord", "ContinuityIssue", "ContinuityRecord", "ExportedFormat"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChapterRecord(_Record):
    """One chapter's measures."""

    number: int = Field(ge=1)
    title: str
    words: int = Field(ge=0, description="Length by the book's word rule (zh/ja: characters).")
    target: int = Field(ge=1)
    score: float = Field(ge=0, le=100, description="LongWriter's S_l of words against target.")
    within_tolerance: bool
    calls: int = Field(ge=0, description="Model calls for its parts (rewrites included).")
    redraws: int = Field(ge=0, description="Parts drawn again: no usable paragraph came back.")
    dropped_paragraphs: int = Field(ge=0, description="Paragraphs the prose gate refused.")
    summary_from: str = Field(description="'model', or 'outline' when the summary was unusable.")
    issues_found: int = Field(ge=0)
    issues_fixed: int = Field(ge=0)
    rewritten: bool = Field(description="Written again by the continuity pass.")


class ContinuityIssue(_Record):
    """One contradiction the continuity pass found."""

    chapter: int
    kind: str
    severity: str
    detail: str
    quote: str
    source: str
    fixed: bool


class ContinuityRecord(_Record):
    """What the continuity pass found and fixed."""

    found: int = Field(ge=0)
    fixed: int = Field(ge=0)
    errors_left: int = Field(ge=0)
    rewritten: list[int] = Field(default_factory=list)
    issues: list[ContinuityIssue] = Field(default_factory=list)


class ExportedFormat(_Record):
    """One format the run's export step wrote to the file store."""

    format: str
    size: int = Field(ge=0, description="Bytes.")
    sha256: str


class BookRecord(_Record):
    """A finished book run's measures."""

    unit: LengthUnit
    words: int = Field(ge=0)
    target: int = Field(ge=1)
    score: float = Field(ge=0, le=100, description="S_l of the whole book's length.")
    mean_chapter_score: float = Field(ge=0, le=100, description="Mean S_l over the chapters.")
    tolerance: float = Field(gt=0, description="The chapters' allowed distance from target.")
    chapters_within_tolerance: int = Field(ge=0)
    chapters: list[ChapterRecord]
    continuity: ContinuityRecord
    models: list[str] = Field(description="Every provider:model that wrote a chapter part.")
    formats: list[ExportedFormat] = Field(
        default_factory=list, description="The formats the run's export step made of it."
    )
    export_error: str | None = Field(
        default=None,
        description="Why the export step made no formats (the chapters are kept; re-export).",
    )
    cover: Literal["typographic", "ai"] = Field(
        default="typographic", description="The cover the book has: typographic or ai."
    )
    cover_note: str | None = Field(
        default=None, description="Why an AI cover asked for is typographic (no picture)."
    )
