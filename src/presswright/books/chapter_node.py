"""``book_chapter``: one chapter of the outline, the child of the book flow's ``chapters`` map.

Each item of the map is one chapter of the outline (``item``, at ``index``); it is written by
:func:`~presswright.books.chapter.write_chapter` from the bible, the outline and the planned
end state of the chapter before it. Its output is the chapter record every later step reads
(:func:`chapter_record`): the blocks, the length against the target (by the book's word
rule) with its S_l, the summary, end state and deaths, and what it took.

The writer's settings come from the node's config; a setting the flow leaves out is taken
from the model's declared profile (:class:`~presswright.llm.types.ModelProfile`) where it
declares one (:func:`writer_settings`): a model that writes about N words an answer is asked
for N a call, one that copies the text it is shown is shown none, a small one may fail more
parts in a row. A value the flow sets, even the default's, always wins.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from presswright.books.chapter import ChapterPlan, WriterSettings, WrittenChapter, write_chapter
from presswright.books.length import length_score, within
from presswright.books.plan import (
    book_context,
    brief_of,
    chapter_plan,
    character_names,
    outline_of,
    read_bible,
)
from presswright.errors import UserInputError
from presswright.flows.nodes.base import NodeContext, NodeOutcome, NodeType
from presswright.flows.nodes.profile import model_profile
from presswright.llm.types import ModelProfile

__all__ = [
    "SMALL_MODEL_FAILURES_IN_A_ROW",
    "BookChapterConfig",
    "BookChapterNode",
    "chapter_record",
    "writer_settings",
]

# A small model leaves many parts unusable; four misses in a row end its chapters too early.
SMALL_MODEL_FAILURES_IN_A_ROW = 8


class BookChapterConfig(BaseModel):
    """Config of ``book_chapter`` (the same for every chapter of the map)."""

    model_config = ConfigDict(extra="forbid")

    words_per_call: int = Field(
        default=200, ge=40, le=2_000, description="Words (zh/ja: characters) asked per call."
    )
    tolerance: float = Field(
        default=0.25, gt=0, le=1, description="How far from its target a chapter may end."
    )
    max_calls: int | None = Field(
        default=None,
        ge=1,
        le=2_000,
        description="Calls a chapter may make; default from its target.",
    )
    failures_in_a_row: int = Field(
        default=4,
        ge=1,
        le=20,
        description="Parts in a row without a usable paragraph that fail it.",
    )
    temperature: float | None = Field(default=None, ge=0, le=2)
    context_chars: int = Field(
        default=320,
        ge=0,
        le=4_000,
        description="Characters of the text so far each call is shown (0: none; small models"
        " copy it).",
    )


def writer_settings(
    config: BookChapterConfig, *, profile: ModelProfile | None = None, sample: int = 0
) -> WriterSettings:
    """The writer's settings from the node's config, and the model's profile where it is silent.

    Only fields the flow's config does not set are taken from ``profile``: words per call
    from ``words_per_answer``, no text so far for a model that ``copies_context``, and
    :data:`SMALL_MODEL_FAILURES_IN_A_ROW` for a ``small`` one.
    """
    given = config.model_fields_set
    words_per_call, context_chars = config.words_per_call, config.context_chars
    failures_in_a_row = config.failures_in_a_row
    if profile is not None:
        if "words_per_call" not in given and profile.words_per_answer is not None:
            low, high = _bounds("words_per_call")
            words_per_call = min(high, max(low, profile.words_per_answer))
        if "context_chars" not in given and profile.copies_context:
            context_chars = 0
        if "failures_in_a_row" not in given and profile.small:
            failures_in_a_row = max(failures_in_a_row, SMALL_MODEL_FAILURES_IN_A_ROW)
    return WriterSettings(
        words_per_call=words_per_call,
        tolerance=config.tolerance,
        max_calls=config.max_calls,
        failures_in_a_row=failures_in_a_row,
        temperature=config.temperature,
        context_chars=context_chars,
        sample=sample,
    )


def _bounds(name: str) -> tuple[int, int]:
    """The ``ge`` and ``le`` limits of an integer field of the config."""
    low, high = 0, 1_000_000
    for rule in BookChapterConfig.model_fields[name].metadata:
        low = int(getattr(rule, "ge", low))
        high = int(getattr(rule, "le", high))
    return low, high


def chapter_record(
    plan: ChapterPlan, written: WrittenChapter, *, tolerance: float, unit: str
) -> dict[str, Any]:
    """The JSON a written chapter passes on: its text, length, summary and costs."""
    return {
        "number": plan.number,
        "title": plan.title,
        "blocks": written.blocks,
        "words": written.words,
        "target": plan.target,
        "unit": unit,
        "score": round(length_score(written.words, plan.target), 2),
        "within_tolerance": within(written.words, plan.target, tolerance),
        "summary": written.summary,
        "end_state": written.end_state,
        "deaths": written.deaths,
        "summary_from": written.summary_from,
        "calls": written.calls,
        "redraws": written.redraws,
        "dropped_paragraphs": written.dropped,
        "models": sorted(written.models),
        "notes": list(plan.notes),
    }


class BookChapterNode(NodeType):
    """Writes one chapter of the outline, part by part, to its length target."""

    name = "book_chapter"
    Config = BookChapterConfig
    description = (
        "Write one chapter (a map item over the outline) scene by scene or section by section"
        " to its length, then its summary and end state."
    )

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        assert isinstance(config, BookChapterConfig)
        if "index" not in context.extra:
            raise UserInputError(
                f"node {context.node_id!r}: book_chapter writes one item of a map over the"
                " outline's chapters",
                hint="use it as the child of a map: over: '{{ outline.chapters }}'",
            )
        brief = brief_of(context.upstream)
        bible = read_bible(context.upstream)
        outline = outline_of(context.upstream)
        names = character_names(bible)
        index = int(context.extra["index"])
        plan = chapter_plan(outline, index, list(brief["chapter_targets"]), characters=names)
        outcome = NodeOutcome(output=None)
        model = context.inputs.get("model") or None
        written = await write_chapter(
            context.complete,
            book=book_context(brief, bible),
            plan=plan,
            system=str(brief["system"]),
            model=model,
            settings=writer_settings(config, profile=model_profile(context, model)),
            spend=outcome.add_usage,
            deaths_of=names,
        )
        outcome.output = chapter_record(
            plan, written, tolerance=config.tolerance, unit=str(brief["unit"])
        )
        return outcome
