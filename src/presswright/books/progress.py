"""How far a book's run has got: each chapter's title, state and length as the run goes.

Read from the run's node attempts, so it is known from the moment the outline is, during
the first run (before the book has a version) as well as after it, and after a reload:

* the titles and targets come from the outline step's output (``outline``, or
  ``outline_review`` when a person reviewed it, possibly renaming chapters), as each chapter
  will be planned from it (:func:`~presswright.books.plan.chapter_plan`); a chapter already
  written is titled as it was written;
* the states come from the attempts of the map items (``chapters[0]``, ``chapters[1]``, ...):
  each chapter counts by its latest attempt, so a chapter regenerated and being written
  again counts as being written, and a failed chapter that a resume finished counts as
  written; a written chapter carries its length by the book's word rule.
"""

from __future__ import annotations

import re
import uuid
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from presswright.books.brief import chapter_targets
from presswright.books.plan import OUTLINE_REVIEW_STEP, OUTLINE_STEP, chapter_plan, outline_of
from presswright.bootstrap import Instance
from presswright.errors import UserInputError
from presswright.store.models import NodeRun

__all__ = ["BookProgress", "ChapterProgress", "ChapterState", "book_progress", "chapter_progress"]

_ITEM = re.compile(r"^chapters\[(\d+)\]$")
ChapterState = Literal["pending", "writing", "done", "failed"]
_STATES: dict[str, ChapterState] = {
    "completed": "done",
    "running": "writing",
    "waiting": "writing",
    "failed": "failed",
}


class ChapterProgress(BaseModel):
    """One chapter of a book run: its title once the outline is known, its state, its length."""

    number: int = Field(ge=1, description="1 for the first chapter.")
    title: str | None = Field(description="From the outline (null until the outline is written).")
    state: ChapterState = Field(description="By its latest attempt: pending until it starts.")
    words: int | None = Field(
        description="Its length once written, by the book's word rule (zh/ja: characters)."
    )
    target: int | None = Field(
        description="The length the brief asks of it, in the same unit (null if not known)."
    )


class BookProgress(BaseModel):
    """The chapters of a book run by the state of their latest attempt."""

    chapters: int = Field(description="Chapters the brief asks for.")
    written: list[int] = Field(description="Chapter numbers written (1 is the first).")
    writing: list[int] = Field(description="Chapters being written now.")
    failed: list[int] = Field(description="Chapters whose latest attempt failed.")
    outlined: bool = Field(description="Whether the outline is written (the titles are known).")
    per_chapter: list[ChapterProgress] = Field(
        description="Every chapter in reading order: title, state and length."
    )


def _latest(rows: list[Any], node_id: str) -> tuple[int, Any] | None:
    """(generation, output) of ``node_id``'s latest completed attempt, if any."""
    done = [(row.generation, row.output) for row in rows if row.node_id == node_id]
    return done[-1] if done else None


def _planned(session: Session, execution_id: str, targets: list[int]) -> list[str] | None:
    """The chapter titles as the run plans them from its outline; None before it has one."""
    rows = session.execute(
        select(NodeRun.node_id, NodeRun.generation, NodeRun.output)
        .where(
            NodeRun.execution_id == execution_id,
            NodeRun.node_id.in_((OUTLINE_STEP, OUTLINE_REVIEW_STEP)),
            NodeRun.status == "completed",
        )
        .order_by(NodeRun.generation, NodeRun.attempt, NodeRun.started_at)
    ).all()
    outline = _latest(list(rows), OUTLINE_STEP)
    if outline is None:
        return None
    upstream: dict[str, Any] = {OUTLINE_STEP: outline[1]}
    reviewed = _latest(list(rows), OUTLINE_REVIEW_STEP)
    # A review of an earlier outline does not name the chapters of one written again since.
    if reviewed is not None and reviewed[0] >= outline[0]:
        upstream[OUTLINE_REVIEW_STEP] = reviewed[1]
    try:
        chapters = outline_of(upstream)
        if len(chapters) != len(targets):
            return None
        return [chapter_plan(chapters, index, targets).title for index in range(len(chapters))]
    except UserInputError:
        return None  # an outline the chapters cannot be written from names none of them


def chapter_progress(
    session: Session, execution_id: str, chapters: int, *, target_words: int | None = None
) -> BookProgress:
    """The progress of the run ``execution_id`` over its ``chapters`` chapters.

    With the brief's ``target_words`` each chapter carries its target.
    """
    rows = session.execute(
        select(NodeRun.node_id, NodeRun.status, NodeRun.output)
        .where(NodeRun.execution_id == execution_id, NodeRun.node_id.like("chapters[%"))
        .order_by(NodeRun.generation, NodeRun.attempt, NodeRun.started_at)
    ).all()
    latest: dict[int, tuple[str, Any]] = {}
    for node_id, status, output in rows:
        found = _ITEM.match(node_id)
        if found is not None:
            latest[int(found[1]) + 1] = (status, output)
    targets = chapter_targets(target_words, chapters) if target_words else None
    # Planning a chapter needs a target each; the titles do not depend on them.
    titles = _planned(session, execution_id, targets or [1] * chapters)
    per_chapter = []
    for number in range(1, chapters + 1):
        status, output = latest.get(number, ("pending", None))
        state = _STATES.get(status, "pending")
        record = output if state == "done" and isinstance(output, dict) else {}
        title = record.get("title") or (titles[number - 1] if titles else None)
        words, target = record.get("words"), record.get("target")
        planned = targets[number - 1] if targets else None
        per_chapter.append(
            ChapterProgress(
                number=number,
                title=str(title) if title else None,
                state=state,
                words=words if isinstance(words, int) else None,
                target=target if isinstance(target, int) else planned,
            )
        )
    return BookProgress(
        chapters=chapters,
        written=[c.number for c in per_chapter if c.state == "done"],
        writing=[c.number for c in per_chapter if c.state == "writing"],
        failed=[c.number for c in per_chapter if c.state == "failed"],
        outlined=titles is not None,
        per_chapter=per_chapter,
    )


def book_progress(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    execution_id: str,
    chapters: int,
    target_words: int | None = None,
) -> BookProgress:
    """:func:`chapter_progress` in its own tenant session."""
    with instance.database.tenant_session(tenant_id) as session:
        return chapter_progress(session, execution_id, chapters, target_words=target_words)
