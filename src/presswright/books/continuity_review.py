"""The book review of a book run: the chapters and their continuity issues, decided by book.

A book briefed with ``review_book`` pauses at its ``book_review`` step after the continuity
pass, with that pass's result as the value under review. Here it is read in the book's own
shape and decided:

* :func:`continuity_review`: each chapter (title, length, whether the pass rewrote it, its
  issues) and every issue the pass flagged (what, where, the words it is about, whether the
  rewrite fixed it), with the counts a person decides on.
* :func:`approve_chapters`: approve; the book is compiled and exported from the chapters as
  the pass left them.
* :func:`send_back_chapters`: send the chapters back with a reason: the run stops there,
  failed with that reason, every chapter kept; writing a flagged chapter again (the book's
  regenerate) runs the pass and this review again.

Errors: NotFoundError for a book the workspace does not have; ConflictError (409) when the
book's run is not paused at its book review.
"""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, Field

from presswright.books.record import ContinuityIssue
from presswright.books.review_wait import paused_at
from presswright.bootstrap import Instance
from presswright.errors import ConflictError
from presswright.flows import operations as ops

__all__ = [
    "BOOK_REVIEW_STEP",
    "ContinuityReview",
    "ReviewedChapter",
    "approve_chapters",
    "continuity_review",
    "send_back_chapters",
]

BOOK_REVIEW_STEP = "book_review"
_WHAT = "a book review"


class ReviewedChapter(BaseModel):
    """One chapter as the continuity pass left it."""

    number: int = Field(ge=1)
    title: str
    words: int = Field(ge=0, description="Its length in the book's unit (words or characters).")
    target: int | None = Field(default=None, description="The length it was written to.")
    rewritten: bool = Field(description="Written again by the pass for an error.")
    issues: int = Field(ge=0, description="Issues flagged in it (fixed or not).")


class ContinuityReview(BaseModel):
    """What a reviewer reads before approving a book's chapters or sending them back."""

    book_id: uuid.UUID
    execution_id: str = Field(description="The paused run; approving or sending back goes on.")
    chapters: list[ReviewedChapter]
    issues: list[ContinuityIssue]
    found: int = Field(ge=0, description="Issues found in all.")
    fixed: int = Field(ge=0, description="Issues a rewrite fixed.")
    errors_left: int = Field(ge=0, description="Errors no rewrite fixed: read these first.")


def _review(document_id: uuid.UUID, execution_id: str, value: Any) -> ContinuityReview:
    if not isinstance(value, dict) or not isinstance(value.get("chapters"), list):
        raise ConflictError(
            f"book {document_id}'s review holds no chapters (the flow's book_review step was"
            " given something other than the continuity pass)",
            hint=f"decide it in the execution monitor: /executions/{execution_id}",
        )
    issues = [ContinuityIssue.model_validate(issue) for issue in value.get("issues", [])]
    per_chapter: dict[int, int] = {}
    for issue in issues:
        per_chapter[issue.chapter] = per_chapter.get(issue.chapter, 0) + 1
    chapters = [
        ReviewedChapter(
            number=int(chapter["number"]),
            title=str(chapter.get("title", "")),
            words=int(chapter.get("words", 0)),
            target=chapter.get("target"),
            rewritten=bool(chapter.get("rewritten", False)),
            issues=per_chapter.get(int(chapter["number"]), 0),
        )
        for chapter in sorted(value["chapters"], key=lambda item: int(item["number"]))
    ]
    return ContinuityReview(
        book_id=document_id,
        execution_id=execution_id,
        chapters=chapters,
        issues=issues,
        found=len(issues),
        fixed=sum(1 for issue in issues if issue.fixed),
        errors_left=sum(1 for i in issues if i.severity == "error" and not i.fixed),
    )


def continuity_review(
    instance: Instance, *, tenant_id: uuid.UUID, document_id: uuid.UUID
) -> ContinuityReview:
    """The chapters and continuity issues the book's run waits on a person for."""
    with instance.database.tenant_session(tenant_id) as session:
        execution_id, value = paused_at(session, document_id, BOOK_REVIEW_STEP, _WHAT)
    return _review(document_id, execution_id, value)


def approve_chapters(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    document_id: uuid.UUID,
    comment: str | None = None,
) -> str:
    """Approve the chapters as they are: the book is compiled and exported; the run's id."""
    with instance.database.tenant_session(tenant_id) as session:
        execution_id, _ = paused_at(session, document_id, BOOK_REVIEW_STEP, _WHAT)
    # The engine decides again under its own check: a decision made meanwhile is a 409.
    ops.approve(instance, tenant_id=tenant_id, execution_id=execution_id, comment=comment)
    return execution_id


def send_back_chapters(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    document_id: uuid.UUID,
    comment: str | None = None,
) -> str:
    """Send the chapters back: the run stops, failed with the reviewer's reason; its id."""
    with instance.database.tenant_session(tenant_id) as session:
        execution_id, _ = paused_at(session, document_id, BOOK_REVIEW_STEP, _WHAT)
    ops.reject(instance, tenant_id=tenant_id, execution_id=execution_id, comment=comment)
    return execution_id
