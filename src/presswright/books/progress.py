"""How far a book's run has got: chapters written, being written, failed.

Read from the attempts of the book flow's map items (``chapters[0]``, ``chapters[1]``, ...):
each chapter counts by its latest attempt, so a chapter regenerated and being written again
counts as being written, and a failed chapter that a resume finished counts as written.
"""

from __future__ import annotations

import re
import uuid

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from presswright.bootstrap import Instance
from presswright.store.models import NodeRun

__all__ = ["BookProgress", "book_progress", "chapter_progress"]

_ITEM = re.compile(r"^chapters\[(\d+)\]$")


class BookProgress(BaseModel):
    """The chapters of a book run by the state of their latest attempt."""

    chapters: int = Field(description="Chapters the brief asks for.")
    written: list[int] = Field(description="Chapter numbers written (1 is the first).")
    writing: list[int] = Field(description="Chapters being written now.")
    failed: list[int] = Field(description="Chapters whose latest attempt failed.")


def chapter_progress(session: Session, execution_id: str, chapters: int) -> BookProgress:
    """The progress of the run ``execution_id`` over its ``chapters`` chapters."""
    rows = session.execute(
        select(NodeRun.node_id, NodeRun.status)
        .where(NodeRun.execution_id == execution_id, NodeRun.node_id.like("chapters[%"))
        .order_by(NodeRun.generation, NodeRun.attempt, NodeRun.started_at)
    ).all()
    latest: dict[int, str] = {}
    for node_id, status in rows:
        found = _ITEM.match(node_id)
        if found is not None:
            latest[int(found[1]) + 1] = status
    return BookProgress(
        chapters=chapters,
        written=sorted(n for n, status in latest.items() if status == "completed"),
        writing=sorted(n for n, status in latest.items() if status in ("running", "waiting")),
        failed=sorted(n for n, status in latest.items() if status == "failed"),
    )


def book_progress(
    instance: Instance, *, tenant_id: uuid.UUID, execution_id: str, chapters: int
) -> BookProgress:
    """:func:`chapter_progress` in its own tenant session."""
    with instance.database.tenant_session(tenant_id) as session:
        return chapter_progress(session, execution_id, chapters)
