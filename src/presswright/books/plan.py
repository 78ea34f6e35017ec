"""What the book flow's nodes read from the steps before them, as typed values.

The brief (``book_brief``), the bible (the ``architect`` step: a :class:`FictionBible` or a
:class:`KnowledgeMap`) and the outline (``outline``, or ``outline_review`` when a person
reviewed it, possibly editing it) arrive as JSON. A flow edited on the canvas may rename
those steps, so every reader names the step it missed and what it expected.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from presswright.books.brief import BookBrief
from presswright.books.chapter import ChapterPlan
from presswright.books.drafts import FictionBible, KnowledgeMap, OutlineChapter
from presswright.books.prompts import BookContext
from presswright.books.wordcount import count_words
from presswright.errors import UserInputError

__all__ = [
    "BRIEF_STEP",
    "Bible",
    "book_context",
    "brief_of",
    "chapter_plan",
    "character_names",
    "outline_of",
    "read_bible",
]

BRIEF_STEP, BIBLE_STEP, OUTLINE_STEP, OUTLINE_REVIEW_STEP = (
    "brief",
    "architect",
    "outline",
    "outline_review",
)
Bible = FictionBible | KnowledgeMap
DEFAULT_POINT_OF_VIEW = "third person, past tense"
T = TypeVar("T", bound=BaseModel)
EARLIER = 3  # planned end states of the chapters before one that its prompts quote


def _step(upstream: Mapping[str, Any], name: str, what: str) -> Any:
    if name not in upstream or upstream[name] is None:
        raise UserInputError(
            f"the book flow has no {what} (a step called {name!r} before this one)",
            hint="keep the shipped step ids brief, architect and outline, or copy the book"
            " template again",
        )
    return upstream[name]


def _parsed(model: type[T], value: Any, what: str) -> T:
    try:
        return model.model_validate(value)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or what
        raise UserInputError(
            f"the {what} is not what the book flow expects: {where}: {first['msg']}",
            hint="if a reviewer edited it, keep its fields as the outline step wrote them",
        ) from None


def brief_of(upstream: Mapping[str, Any]) -> dict[str, Any]:
    """The ``book_brief`` step's output."""
    found = _step(upstream, BRIEF_STEP, "brief")
    return dict(found)


def read_bible(upstream: Mapping[str, Any]) -> Bible:
    """The book bible the architect wrote (fiction or non-fiction by the brief)."""
    request = BookBrief.model_validate(brief_of(upstream)["request"])
    model: type[Bible] = FictionBible if request.fiction else KnowledgeMap
    return _parsed(model, _step(upstream, BIBLE_STEP, "book bible"), "book bible")


def outline_of(upstream: Mapping[str, Any]) -> list[OutlineChapter]:
    """The outline's chapters, as reviewed when a person reviewed them."""
    reviewed = upstream.get(OUTLINE_REVIEW_STEP)
    value = reviewed if reviewed is not None else _step(upstream, OUTLINE_STEP, "outline")
    chapters = value.get("chapters") if isinstance(value, dict) else None
    if not isinstance(chapters, list) or not chapters:
        raise UserInputError(
            "the outline has no chapters list",
            hint="an outline is {'chapters': [{'title', 'goal', 'beats', 'end_state'}, ...]}",
        )
    return [
        _parsed(OutlineChapter, chapter, f"outline's chapter {number}")
        for number, chapter in enumerate(chapters, start=1)
    ]


def character_names(bible: Bible) -> frozenset[str]:
    """The names of the bible's characters (none in non-fiction)."""
    if isinstance(bible, FictionBible):
        return frozenset(character.name.strip() for character in bible.characters)
    return frozenset()


def book_context(brief: Mapping[str, Any], bible: Bible) -> BookContext:
    """What every prompt of the book shares, from the brief and the bible."""
    request = BookBrief.model_validate(brief["request"])
    title = (request.title or bible.title).strip()
    if isinstance(bible, FictionBible):
        people = tuple(_person(c.name, c.traits, request.language) for c in bible.characters)
        terms = [c.name for c in bible.characters] + [p.name for p in bible.places]
        terms += [entry.term for entry in bible.glossary]
    else:
        people = tuple(_person(t.name, t.summary, request.language) for t in bible.topics)
        terms = [t.name for t in bible.topics] + [entry.term for entry in bible.terms]
    return BookContext(
        language=request.language,
        fiction=request.fiction,
        title=title,
        subject=request.subject,
        audience=request.audience,
        tone=request.tone,
        point_of_view=request.point_of_view or DEFAULT_POINT_OF_VIEW,
        premise=bible.premise.strip(),
        people=people,
        terms=tuple(dict.fromkeys(term.strip() for term in [title, *terms] if term.strip())),
    )


def _person(name: str, traits: str, language: str) -> str:
    """ "Name: traits" for a prompt; the name alone when the traits say nothing (one word,
    a number)."""
    said = _tidy(traits)
    if count_words(re.sub(r"\d+", " ", said), language) < 2:
        return _tidy(name)
    return f"{_tidy(name)}: {_short(said)}"


def _short(text: str, size: int = 90) -> str:
    text = " ".join(text.split()).rstrip(".")
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def chapter_plan(
    outline: list[OutlineChapter],
    index: int,
    targets: list[int],
    notes: tuple[str, ...] = (),
    *,
    characters: frozenset[str] = frozenset(),
) -> ChapterPlan:
    """The plan of chapter ``index`` (0-based) of the outline.

    Deaths the outline plans before the chapter become facts its prompts keep to, for the
    bible's ``characters`` only (a model may list anything as a death).
    """
    if not 0 <= index < len(outline) or len(targets) != len(outline):
        raise UserInputError(
            f"the outline has {len(outline)} chapters but the brief asked for {len(targets)}",
            hint="keep as many chapters in the outline as the brief asks for",
        )
    chapter = outline[index]
    goal = _tidy(chapter.goal)
    # Chapters are written in parallel: what came before is the outline's plan of it.
    before = [_tidy(earlier.end_state) for earlier in outline[max(0, index - EARLIER) : index]]
    known = {name.casefold(): name for name in characters}
    deaths = tuple(
        f"{known[name.strip().casefold()]} died in chapter {number}."
        for number, earlier in enumerate(outline[:index], start=1)
        for name in earlier.deaths
        if name.strip().casefold() in known
    )
    beats = tuple(beat for beat in (_tidy(beat) for beat in chapter.beats) if beat)
    return ChapterPlan(
        number=index + 1,
        count=len(outline),
        title=_tidy(chapter.title) or f"{index + 1}",
        goal=goal,
        beats=beats or (goal or _tidy(chapter.end_state) or chapter.title.strip(),),
        planned_end=_tidy(chapter.end_state),
        earlier=" ".join(state for state in before if state),
        target=targets[index],
        notes=(*deaths, *notes),
    )


def _tidy(text: str) -> str:
    """An outline's text without the stray punctuation a model opens or ends it with."""
    text = " ".join(text.split()).strip(" ,;:-")
    text = text.lstrip(".)]} ")
    return text[:1].upper() + text[1:]
