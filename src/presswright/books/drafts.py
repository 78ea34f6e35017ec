"""What the model is asked to produce at each step of the book flow.

Small schemas with bounded strings and lists, in the style of
:mod:`presswright.content.drafts`: constrained decoding turns each into a grammar, so even
the 135M packaged model answers with parseable JSON, and no answer can run away (a
paragraph is at most 1,200 characters, a part at most four paragraphs). Length comes from
asking many times (:mod:`presswright.books.chapter`), never from one long answer.

Registered as named output schemas, so an edited book flow can say
``output_schema: BookOutline``; the shipped flow asks for the outline with exactly the
chapters of the brief (:func:`outline_schema`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from presswright.hookspecs import hookimpl

__all__ = [
    "BOOK_DRAFTS",
    "BookOutline",
    "ChapterSummary",
    "CharacterDraft",
    "ContinuityCheck",
    "ContinuityFinding",
    "FictionBible",
    "KnowledgeMap",
    "OutlineChapter",
    "PlaceDraft",
    "ScenePart",
    "TermDraft",
    "TopicDraft",
    "outline_schema",
]

_Name = Annotated[str, Field(min_length=2, max_length=60)]
_Beat = Annotated[str, Field(min_length=5, max_length=240)]
_Paragraph = Annotated[str, Field(min_length=40, max_length=1200)]


class _Draft(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CharacterDraft(_Draft):
    """One character of the book bible."""

    name: str = Field(min_length=2, max_length=60)
    traits: str = Field(min_length=3, max_length=200)
    arc: str = Field(min_length=3, max_length=300)


class PlaceDraft(_Draft):
    """One place of the story."""

    name: str = Field(min_length=2, max_length=80)
    description: str = Field(min_length=3, max_length=300)


class TermDraft(_Draft):
    """A term of the book with its definition (the glossary)."""

    term: str = Field(min_length=2, max_length=80)
    definition: str = Field(min_length=5, max_length=400)


class TopicDraft(_Draft):
    """One area of a non-fiction book's knowledge map."""

    name: str = Field(min_length=2, max_length=80)
    summary: str = Field(min_length=5, max_length=400)


class FictionBible(_Draft):
    """The book bible of a novel: premise, characters, places, timeline and glossary."""

    title: str = Field(min_length=2, max_length=120)
    premise: str = Field(min_length=30, max_length=800)
    characters: list[CharacterDraft] = Field(min_length=2, max_length=8)
    places: list[PlaceDraft] = Field(min_length=1, max_length=6)
    timeline: list[_Beat] = Field(min_length=1, max_length=8)
    glossary: list[TermDraft] = Field(default_factory=list, max_length=8)


class KnowledgeMap(_Draft):
    """The bible of a non-fiction book: its thesis, the map of what it teaches, its terms."""

    title: str = Field(min_length=2, max_length=120)
    premise: str = Field(min_length=30, max_length=800)
    topics: list[TopicDraft] = Field(min_length=2, max_length=10)
    terms: list[TermDraft] = Field(min_length=1, max_length=12)


class OutlineChapter(_Draft):
    """One chapter of the outline: what it is for, its beats, and the state at its end."""

    title: str = Field(min_length=2, max_length=120)
    goal: str = Field(min_length=10, max_length=300)
    beats: list[_Beat] = Field(min_length=1, max_length=6)
    end_state: str = Field(min_length=10, max_length=400)
    deaths: list[_Name] = Field(
        default_factory=list,
        max_length=4,
        description="Characters of the bible who die in this chapter (fiction; usually none).",
    )


class BookOutline(_Draft):
    """The chapters of the book, in reading order."""

    chapters: list[OutlineChapter] = Field(min_length=1, max_length=60)


class ScenePart(_Draft):
    """The next paragraphs of a scene (or of a section, in non-fiction)."""

    paragraphs: list[_Paragraph] = Field(min_length=1, max_length=4)


class ChapterSummary(_Draft):
    """What a written chapter told, where it leaves things, and who died in it."""

    summary: str = Field(min_length=20, max_length=800)
    end_state: str = Field(min_length=10, max_length=400)
    deaths: list[_Name] = Field(default_factory=list, max_length=4)


class ContinuityFinding(_Draft):
    """One contradiction, quoting the chapter and the fact it breaks, both word for word."""

    kind: Literal["name", "fact", "timeline", "dead_character"]
    quote: str = Field(min_length=3, max_length=300)
    contradicts: str = Field(min_length=3, max_length=300)


class ContinuityCheck(_Draft):
    """The contradictions found in one chapter (none is the usual answer)."""

    findings: list[ContinuityFinding] = Field(default_factory=list, max_length=4)


def outline_schema(chapters: int, *, fiction: bool) -> dict[str, Any]:
    """BookOutline's schema with exactly ``chapters`` chapters (deaths only in fiction)."""
    schema = BookOutline.model_json_schema()
    schema["properties"]["chapters"].update(minItems=chapters, maxItems=chapters)
    if not fiction:
        chapter = schema["$defs"]["OutlineChapter"]
        del chapter["properties"]["deaths"]
        chapter["required"] = [name for name in chapter.get("required", []) if name != "deaths"]
    return schema


# Every draft schema of the book flow (each becomes a grammar on the local model).
BOOK_DRAFTS: tuple[type[BaseModel], ...] = (
    FictionBible,
    KnowledgeMap,
    BookOutline,
    ScenePart,
    ChapterSummary,
    ContinuityCheck,
)


@hookimpl
def register_output_schemas(register: Callable[..., None]) -> None:
    """The drafts of the book flow."""
    for model in BOOK_DRAFTS:
        register(model)
