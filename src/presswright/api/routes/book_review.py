"""``/api/v1/books/{book_id}/outline-review``: a book's outline reviewed on the book itself.

Thin over :mod:`presswright.books.outline_review`. Viewers read the outline a book run waits
on; editors approve it (with new chapter titles and goals) or reject it with a comment. Both
decisions answer 202 with the run's status document, as the engine's own
``/executions/{id}/approve`` does; 409 while the book's run is not paused at its outline.
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
from presswright.books.outline_review import (
    OutlineChapterEdit,
    OutlineReview,
    approve_outline,
    outline_review,
    reject_outline,
)
from presswright.flows import operations as ops

__all__ = ["OutlineApproval", "OutlineRejection", "router"]

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
