"""The continuity rules run again on a chapter a person edited, against what came before it.

A hand edit generates nothing, so only the deterministic rules of
:mod:`presswright.books.continuity_rules` run (a dead character speaking; names off the
bible), with what the book's run established: the bible the architect wrote, the deaths the
outline planned for the bible's characters and those the chapters' summaries reported, in
the chapters before the edited one. The edited chapter's issues then replace the ones the
record held for it (the continuity pass's, or an earlier edit's), and the counts follow.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from presswright.books.continuity_rules import Issue, dead_speaking, name_issues
from presswright.books.drafts import FictionBible, KnowledgeMap, OutlineChapter
from presswright.books.model import Book, Paragraph
from presswright.books.plan import Bible, character_names
from presswright.books.public import brief_of_inputs
from presswright.books.record import BookRecord, ContinuityIssue
from presswright.errors import NotFoundError
from presswright.flows.records import get_execution
from presswright.store.models import NodeRun

__all__ = ["RunFacts", "recheck_chapter", "run_facts"]


class RunFacts:
    """What a book's run established: its bible and who died in which chapter."""

    def __init__(self, bible: Bible | None, deaths: dict[int, list[str]]) -> None:
        self.bible = bible
        self.deaths = deaths

    def names(self) -> list[str]:
        """The bible's characters and places: the names a chapter is checked against."""
        if self.bible is None:
            return []
        places = [place.name for place in getattr(self.bible, "places", [])]
        return [*character_names(self.bible), *places]

    def dead_before(self, number: int) -> dict[str, tuple[int, str]]:
        """Who died before chapter ``number`` (name -> (chapter, how we know))."""
        dead: dict[str, tuple[int, str]] = {}
        for chapter in sorted(self.deaths):
            if chapter < number:
                for name in self.deaths[chapter]:
                    dead.setdefault(name, (chapter, f"chapter {chapter}"))
        return dead


def _latest(session: Session, execution_id: str, node_id: str) -> Any:
    return session.scalars(
        select(NodeRun.output)
        .where(
            NodeRun.execution_id == execution_id,
            NodeRun.node_id == node_id,
            NodeRun.status == "completed",
        )
        .order_by(NodeRun.generation.desc(), NodeRun.attempt.desc())
        .limit(1)
    ).first()


def run_facts(session: Session, execution_id: str | None) -> RunFacts:
    """The facts the run ``execution_id`` left (nothing for a book made without a run)."""
    if execution_id is None:
        return RunFacts(None, {})
    try:
        brief = brief_of_inputs(get_execution(session, execution_id).inputs)
    except NotFoundError:
        return RunFacts(None, {})
    bible: Bible | None = None
    model: type[Bible] = FictionBible if brief is None or brief.fiction else KnowledgeMap
    try:
        bible = model.model_validate(_latest(session, execution_id, "architect"))
    except ValidationError:
        bible = None
    known = {name.casefold(): name for name in character_names(bible)} if bible else {}
    deaths: dict[int, list[str]] = {}
    outline = _latest(session, execution_id, "outline_review") or _latest(
        session, execution_id, "outline"
    )
    for number, raw in enumerate((outline or {}).get("chapters", []), start=1):
        try:
            planned = OutlineChapter.model_validate(raw).deaths
        except ValidationError:
            continue
        found = [known[n.strip().casefold()] for n in planned if n.strip().casefold() in known]
        deaths.setdefault(number, []).extend(found)
    continuity = _latest(session, execution_id, "continuity")
    for chapter in (continuity or {}).get("chapters", []):
        if isinstance(chapter, dict) and isinstance(chapter.get("deaths"), list):
            number = int(chapter.get("number", 0))
            deaths.setdefault(number, []).extend(str(name) for name in chapter["deaths"])
    return RunFacts(bible, deaths)


def recheck_chapter(book: Book, record: BookRecord, number: int, facts: RunFacts) -> BookRecord:
    """``record`` with chapter ``number``'s continuity issues found again by the rules."""
    chapter = book.chapters[number - 1]
    paragraphs = [block.text for block in chapter.blocks if isinstance(block, Paragraph)]
    language = book.meta.language
    found: list[Issue] = dead_speaking(number, paragraphs, facts.dead_before(number), language)
    found += name_issues(number, paragraphs, facts.names(), language)
    issues = [issue for issue in record.continuity.issues if issue.chapter != number]
    issues += [ContinuityIssue.model_validate(issue.as_json()) for issue in found]
    issues.sort(key=lambda issue: issue.chapter)
    continuity = record.continuity.model_copy(
        update={
            "issues": issues,
            "found": len(issues),
            "fixed": sum(1 for issue in issues if issue.fixed),
            "errors_left": sum(1 for i in issues if i.severity == "error" and not i.fixed),
            "rewritten": [n for n in record.continuity.rewritten if n != number],
        }
    )
    chapters = list(record.chapters)
    chapters[number - 1] = chapters[number - 1].model_copy(
        update={"issues_found": len(found), "issues_fixed": 0, "rewritten": False}
    )
    return record.model_copy(update={"continuity": continuity, "chapters": chapters})
