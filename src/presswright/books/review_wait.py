"""Which review a book's run waits on: the one place the book's own review screens ask.

A book run pauses at most at one ``human_review`` step at a time (its outline's, then its
continuity's). :func:`paused_at` answers the run and the value under review when the run
waits at the step asked for, and a ConflictError (409) that says what the run is doing
otherwise, so a decision is never taken for the wrong review.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from presswright.books.formats import book_document
from presswright.errors import ConflictError
from presswright.flows.records import get_execution
from presswright.flows.steps import waiting_review

__all__ = ["REVIEW_NAMES", "paused_at"]

# The book flow's review steps, as a person calls them (messages and hints).
REVIEW_NAMES = {"outline_review": "its outline", "book_review": "its chapters (continuity)"}


def paused_at(session: Session, document_id: uuid.UUID, step: str, what: str) -> tuple[str, Any]:
    """The run id and the value under review when the book's run waits at ``step``.

    ``what`` names the review for messages ("an outline review"). Raises NotFoundError for a
    book the workspace does not have and ConflictError when its run waits elsewhere or not.
    """
    document = book_document(session, document_id)
    execution_id = document.execution_id
    if not execution_id:
        raise ConflictError(
            f"book {document_id} has no run to review",
            hint="start the book with review_outline or review_book: true to review it",
        )
    execution = get_execution(session, execution_id)
    row = waiting_review(session, execution_id)
    if execution.status != "paused" or row is None:
        raise ConflictError(
            f"book {document_id} is not waiting for {what} (its run is {execution.status})",
            hint="a review is decided while the run is paused for it; read the book again",
        )
    if row.node_id != step:
        waits_for = REVIEW_NAMES.get(row.node_id)
        raise ConflictError(
            f"book {document_id} waits for the review of {row.node_id!r}, not for {what}",
            hint=f"decide the review of {waits_for} on the book's page"
            if waits_for
            else f"decide it in the execution monitor: /executions/{execution_id}",
        )
    return execution_id, row.output
