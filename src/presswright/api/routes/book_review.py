"""A book's reviews decided on the book itself: its outline, and its chapters' continuity.

``/api/v1/books/{book_id}/outline-review`` is thin over :mod:`presswright.books.outline_review`:
viewers read the outline a book run waits on; editors approve it (with new chapter titles and
goals) or reject it with a comment. ``/api/v1/books/{book_id}/book-review`` is thin over
:mod:`presswright.books.continuity_review`: viewers read the chapters and the continuity
issues the pass flagged; editors approve them or send them back with a reason. Every decision
answers 202 with the run's status document, as the engine's own ``/executions/{id}/approve``
does; 409 while the book's run is not paused at that review.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from presswright.api.context import ApiContext, ContextDep
from presswright.api.principals import EditorPrincipal, ViewerPrincipal
from presswright.api.problems import problem_responses
from presswright.api.routes import API_PREFIX
from presswright.api.routes.execution_bodies import ACCEPTED, Comment
from presswright.books.continuity_review import (
    ContinuityReview,
    approve_chapters,
    continuity_review,
    send_back_chapters,
)
from presswright.books.outline_review import (
    OutlineChapterEdit,
    OutlineReview,
    approve_outline,
    outline_review,
    reject_outline,
)
from presswright.flows import operations as ops

__all__ = ["BookReviewDecision", "OutlineApproval", "OutlineRejection", "router"]

router = APIRouter(
    prefix=f"{API_PREFIX}/books",
    tags=["books"],
    responses=problem_responses(400, 401, 403, 404, 409, 422),
)


class OutlineApproval(BaseModel):
    """Approve a book's outline, with the chapters whose title or goal the reviewer changed."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "chapters": [
                        {"number": 2, "title": "The Storm", "goal": "Mara keeps the lamp lit."}
                    ],
                    "comment": "a stronger second chapter",
                }
            ]
        },
    )

    chapters: list[OutlineChapterEdit] = Field(
        default_factory=list,
        max_length=60,
        description="Edited chapters only; the others, and every chapter's beats and end state,"
        " are kept.",
    )
    comment: Comment | None = None


class OutlineRejection(BaseModel):
    """Reject a book's outline; the run fails with the comment as its reason."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"comment": "too many storms"}]}
    )

    comment: Comment | None = None


def _accepted(
    context: ApiContext, tenant_id: uuid.UUID, execution_id: str, response: Response
) -> ops.RunStatus:
    """The run's status document, answered as 202: it goes on; follow it at Location."""
    response.headers["Location"] = f"{API_PREFIX}/executions/{execution_id}"
    return ops.execution_status(context.instance, tenant_id=tenant_id, execution_id=execution_id)


@router.get("/{book_id}/outline-review")
def read_outline_review(
    book_id: uuid.UUID, principal: ViewerPrincipal, context: ContextDep
) -> OutlineReview:
    """The outline the book's run waits on: each chapter's title, goal, beats, end state."""
    return outline_review(context.instance, tenant_id=principal.tenant_id, document_id=book_id)


@router.post("/{book_id}/outline-review/approve", status_code=202, responses=ACCEPTED)
def approve_book_outline(
    book_id: uuid.UUID,
    principal: EditorPrincipal,
    context: ContextDep,
    response: Response,
    body: OutlineApproval | None = None,
) -> ops.RunStatus:
    """Approve the outline (with the edited chapters); the chapters are written from it."""
    decision = body or OutlineApproval()
    execution_id = approve_outline(
        context.instance,
        tenant_id=principal.tenant_id,
        document_id=book_id,
        edits=decision.chapters,
        comment=decision.comment,
    )
    return _accepted(context, principal.tenant_id, execution_id, response)


@router.post("/{book_id}/outline-review/reject", status_code=202, responses=ACCEPTED)
def reject_book_outline(
    book_id: uuid.UUID,
    principal: EditorPrincipal,
    context: ContextDep,
    response: Response,
    body: OutlineRejection | None = None,
) -> ops.RunStatus:
    """Reject the outline: the run stops there, failed with the comment as its reason."""
    execution_id = reject_outline(
        context.instance,
        tenant_id=principal.tenant_id,
        document_id=book_id,
        comment=body.comment if body is not None else None,
    )
    return _accepted(context, principal.tenant_id, execution_id, response)


class BookReviewDecision(BaseModel):
    """Approve a book's chapters, or send them back, with an optional comment (the reason)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"comment": "chapter 3 contradicts the timeline"}]},
    )

    comment: Comment | None = None


@router.get("/{book_id}/book-review")
def read_book_review(
    book_id: uuid.UUID, principal: ViewerPrincipal, context: ContextDep
) -> ContinuityReview:
    """The chapters the book's run waits on, with every continuity issue the pass flagged."""
    return continuity_review(context.instance, tenant_id=principal.tenant_id, document_id=book_id)


@router.post("/{book_id}/book-review/approve", status_code=202, responses=ACCEPTED)
def approve_book_chapters(
    book_id: uuid.UUID,
    principal: EditorPrincipal,
    context: ContextDep,
    response: Response,
    body: BookReviewDecision | None = None,
) -> ops.RunStatus:
    """Approve the chapters as the continuity pass left them: the book is compiled, exported."""
    execution_id = approve_chapters(
        context.instance,
        tenant_id=principal.tenant_id,
        document_id=book_id,
        comment=body.comment if body is not None else None,
    )
    return _accepted(context, principal.tenant_id, execution_id, response)


@router.post("/{book_id}/book-review/send-back", status_code=202, responses=ACCEPTED)
def send_back_book_chapters(
    book_id: uuid.UUID,
    principal: EditorPrincipal,
    context: ContextDep,
    response: Response,
    body: BookReviewDecision | None = None,
) -> ops.RunStatus:
    """Send the chapters back: the run stops, failed with the comment as its reason; every
    chapter is kept, and writing a flagged chapter again reviews the book again."""
    execution_id = send_back_chapters(
        context.instance,
        tenant_id=principal.tenant_id,
        document_id=book_id,
        comment=body.comment if body is not None else None,
    )
    return _accepted(context, principal.tenant_id, execution_id, response)
