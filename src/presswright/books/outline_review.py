"""The outline review of a book run, in the book's own shape.

A book briefed with ``review_outline`` pauses at its ``outline_review`` step until a person
decides. The engine's review (:func:`presswright.flows.operations.approve` and ``reject``)
takes any JSON as the edited value, and a value the chapters step cannot read would only
fail the run later, after the approval was accepted. So the book's review is read and
decided here, by book:

* :func:`outline_review`: the outline waiting for review, chapter by chapter (title, goal,
  beats, end state).
* :func:`approve_outline`: approve it, with a reviewer's new chapter titles and goals; each
  edited chapter is checked against the outline's own limits before the engine goes on.
* :func:`reject_outline`: reject it with a comment; the run fails with that reason.

Errors: NotFoundError for a book the workspace does not have; ConflictError (409) when the
book's run is not paused at its outline review; UserInputError for an edit of a chapter the
outline does not have, or one the outline cannot hold.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from annotated_types import MaxLen, MinLen
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy.orm import Session

from presswright.books.drafts import OutlineChapter
from presswright.books.plan import OUTLINE_REVIEW_STEP, outline_of
from presswright.books.review_wait import paused_at
from presswright.bootstrap import Instance
from presswright.errors import UserInputError
from presswright.flows import operations as ops

__all__ = [
    "OutlineChapterEdit",
    "OutlineReview",
    "OutlineReviewChapter",
    "approve_outline",
    "outline_review",
    "reject_outline",
]


class OutlineReviewChapter(OutlineChapter):
    """One chapter of the outline under review, numbered from 1."""

    number: int = Field(ge=1, description="1 for the first chapter.")


class OutlineReview(BaseModel):
    """The outline a book run waits on: what a reviewer reads, edits and decides."""

    book_id: uuid.UUID
    execution_id: str = Field(description="The paused run; approving or rejecting goes on.")
    chapters: list[OutlineReviewChapter]


def _length(name: str) -> tuple[int, int]:
    """The min and max length the outline's chapters allow for ``name`` (one source)."""
    metadata = OutlineChapter.model_fields[name].metadata
    low = next(item.min_length for item in metadata if isinstance(item, MinLen))
    high = next(item.max_length for item in metadata if isinstance(item, MaxLen))
    return low, high


_TITLE, _GOAL = _length("title"), _length("goal")


class OutlineChapterEdit(BaseModel):
    """A reviewer's title and goal for one chapter (its beats and end state are kept)."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {"number": 1, "title": "The Storm", "goal": "Mara keeps the lamp lit all night."}
            ]
        },
    )

    number: int = Field(ge=1, le=500, description="1 for the first chapter.")
    title: str = Field(min_length=_TITLE[0], max_length=_TITLE[1], description="Its title.")
    goal: str = Field(
        min_length=_GOAL[0], max_length=_GOAL[1], description="What the chapter is for."
    )


def _waiting(session: Session, document_id: uuid.UUID) -> tuple[str, Any]:
    """The book's run id and the outline it waits on; ConflictError unless it waits."""
    return paused_at(session, document_id, OUTLINE_REVIEW_STEP, "an outline review")


def outline_review(
    instance: Instance, *, tenant_id: uuid.UUID, document_id: uuid.UUID
) -> OutlineReview:
    """The outline the book's run waits on, chapter by chapter."""
    with instance.database.tenant_session(tenant_id) as session:
        execution_id, value = _waiting(session, document_id)
    chapters = outline_of({OUTLINE_REVIEW_STEP: value})
    return OutlineReview(
        book_id=document_id,
        execution_id=execution_id,
        chapters=[
            OutlineReviewChapter(number=number, **chapter.model_dump())
            for number, chapter in enumerate(chapters, start=1)
        ],
    )


def _edited(value: Any, edits: Sequence[OutlineChapterEdit]) -> dict[str, Any] | None:
    """The outline with ``edits`` applied, or None when they change nothing."""
    chapters = outline_of({OUTLINE_REVIEW_STEP: value})
    seen: set[int] = set()
    changed = False
    for edit in edits:
        if edit.number in seen:
            raise UserInputError(
                f"chapter {edit.number} is edited twice", hint="send one edit per chapter"
            )
        seen.add(edit.number)
        if not 1 <= edit.number <= len(chapters):
            raise UserInputError(
                f"the outline has no chapter {edit.number}",
                hint=f"its chapters are numbered 1 to {len(chapters)}",
            )
        before = chapters[edit.number - 1]
        if (edit.title, edit.goal) == (before.title, before.goal):
            continue
        try:
            after = OutlineChapter.model_validate(
                {**before.model_dump(), "title": edit.title, "goal": edit.goal}
            )
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            field = ".".join(str(part) for part in first["loc"])
            raise UserInputError(
                f"chapter {edit.number}'s {field}: {first['msg']}",
                hint="keep the chapter's title and goal within the outline's limits",
            ) from None
        chapters[edit.number - 1] = after
        changed = True
    if not changed:
        return None
    # The other keys of the reviewed value (none today) pass through as they were.
    outline = dict(value)
    outline["chapters"] = [chapter.model_dump() for chapter in chapters]
    return outline


def approve_outline(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    document_id: uuid.UUID,
    edits: Sequence[OutlineChapterEdit] = (),
    comment: str | None = None,
) -> str:
    """Approve the outline (with ``edits`` of chapter titles and goals); the run's id."""
    with instance.database.tenant_session(tenant_id) as session:
        execution_id, value = _waiting(session, document_id)
    outline = _edited(value, edits)
    # The engine decides again under its own check: a decision made meanwhile is a 409.
    ops.approve(
        instance, tenant_id=tenant_id, execution_id=execution_id, edits=outline, comment=comment
    )
    return execution_id


def reject_outline(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    document_id: uuid.UUID,
    comment: str | None = None,
) -> str:
    """Reject the outline: the run fails with the reviewer's reason; the run's id."""
    with instance.database.tenant_session(tenant_id) as session:
        execution_id, _ = _waiting(session, document_id)
    ops.reject(instance, tenant_id=tenant_id, execution_id=execution_id, comment=comment)
    return execution_id
