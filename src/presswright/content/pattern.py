"""The block pattern flow's nodes: a brief in, a checked pattern spec and its markup out.

``pattern_brief`` reads the brief deterministically (:mod:`presswright.content.pattern_brief`):
the sections it names, every count it states (the *asks*), and its language. ``pattern_fill``
builds the archetype skeleton for those sections (:mod:`presswright.content.pattern_archetypes`)
and has the model fill only its text slots, group by group, under a schema of exactly those
slots; the structure never comes from the model, so three columns asked are three columns.
``pattern_finish`` defends the text in the documented order: the quality gate on every slot,
re-asks of only the failing slots quoting each reason, a fresh sample of the groups still
failing, then :class:`ContentContractError` listing every reason. A model with native
structured output may design a brief no archetype fits itself
(:mod:`~presswright.content.pattern_free`); its layout is held to the asks, and replaced
by the archetype skeleton when it misses one.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from presswright.content.block_types import PatternSpec
from presswright.content.blocks import render_pattern, validate_pattern
from presswright.content.models import LANGUAGES
from presswright.content.pattern_archetypes import Skeleton, build_skeleton
from presswright.content.pattern_asks import unmet_asks
from presswright.content.pattern_brief import Section, brief_language, read_brief
from presswright.content.pattern_draft import PatternDraft
from presswright.content.pattern_fill import (
    Drafting,
    draw_groups,
    faulty_parts,
    keep_better,
    native_layouts,
    reask_slots,
)
from presswright.content.pattern_free import free_prompt, free_system_prompt, settle_free
from presswright.content.pattern_quality import slot_problems
from presswright.content.pattern_slots import fill_skeleton
from presswright.content.violations import Violation
from presswright.errors import ContentContractError, StructuredOutputError
from presswright.flows.nodes.base import NoConfig, NodeContext, NodeOutcome, NodeType
from presswright.llm.types import GenerationParams

__all__ = [
    "PatternBriefNode",
    "PatternFillNode",
    "PatternFinishNode",
    "PatternRequest",
    "PatternResult",
]

Language = Literal["en", "de", "es", "fr", "it", "ja", "zh", "ko", "ar", "fa"]
_LATIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9&'.-]*(?: [A-Z0-9][A-Za-z0-9&'.-]*)*")


class PatternRequest(BaseModel):
    """What a pattern should show; optionally its category and the language it is written in."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    description: str = Field(min_length=5, max_length=500, examples=["hero for a bakery"])
    category: str | None = Field(default=None, min_length=1, max_length=100)
    language: Language | None = Field(
        default=None, description="Language of the pattern's text (default: the brief's own)."
    )


class PatternResult(BaseModel):
    """A finished pattern: the checked spec, its block markup, what the brief asked for."""

    spec: PatternSpec
    markup: str
    asks: dict[str, Any] = Field(
        default_factory=dict,
        description="What the brief stated and the pattern guarantees, e.g."
        ' {"archetype": "pricing", "columns": 3, "buttons": 1, "language": "en"}.',
    )


def brief_names(description: str, language: str) -> list[str]:
    """Names in the brief a pattern in another script may still write as they are."""
    if language in ("en", "de", "es", "fr", "it"):
        return []
    return sorted({match.group() for match in _LATIN_NAME.finditer(description)})


class PatternBriefNode(NodeType):
    """Reads the brief: its language, the sections and counts it asks for, the mode."""

    name = "pattern_brief"
    Config = NoConfig
    description = "Read a block pattern brief: language, sections, the counts it states."

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        fields = set(PatternRequest.model_fields)
        request = PatternRequest.model_validate(
            {k: v for k, v in context.inputs.items() if k in fields and v is not None}
        )
        # The brief is read in its own language, whatever language the pattern is written in.
        written_in = brief_language(request.description)
        language = request.language or written_in
        reading = read_brief(request.description, written_in)
        free = (
            not reading.matched
            and reading.sections[0].archetype == "text"
            and native_layouts(context, context.inputs.get("model") or None)
        )
        return NodeOutcome(
            output={
                "request": request.model_dump(mode="json"),
                "language": language,
                "language_name": LANGUAGES[language],
                "asks": {**reading.asks(), "language": language},
                "sections": [section.as_dict() for section in reading.sections],
                "mode": "free" if free else "archetype",
                "verbatim": brief_names(request.description, language),
            }
        )


def _sections(brief: dict[str, Any]) -> list[Section]:
    sections = []
    for data in brief["sections"]:
        counts = {k: v for k, v in data.items() if k not in ("archetype", "side_by_side")}
        sections.append(
            Section(data["archetype"], 0, counts, side_by_side=bool(data.get("side_by_side")))
        )
    return sections


def _skeleton(brief: dict[str, Any]) -> Skeleton:
    return build_skeleton(_sections(brief), category=brief["request"].get("category"))


def _drafting(context: NodeContext, outcome: NodeOutcome, brief: dict[str, Any]) -> Drafting:
    return Drafting(
        context,
        outcome,
        description=brief["request"]["description"],
        language=brief["language"],
        verbatim=tuple(brief["verbatim"]),
        model=context.inputs.get("model") or None,
    )


class PatternFillNode(NodeType):
    """The model's first answer: the skeleton's text slots, or (free mode) a whole layout."""

    name = "pattern_fill"
    Config = NoConfig
    description = "Have the model write a pattern skeleton's text slots (or a free layout)."

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        brief = context.upstream["brief"]
        outcome = NodeOutcome(output=None)
        if brief["mode"] == "free":
            request = brief["request"]
            try:
                result = await context.complete(
                    free_prompt(request["description"], brief["asks"], request.get("category")),
                    model=context.inputs.get("model") or None,
                    system=free_system_prompt(brief["language"]),
                    schema=PatternDraft,
                    params=GenerationParams(max_tokens=1000, language=brief["language"]),
                )
            except StructuredOutputError:
                outcome.output = {"mode": "free", "draft": None}
                return outcome
            outcome.add_usage(result)
            outcome.output = {"mode": "free", "draft": result.parsed.model_dump(mode="json")}
            return outcome
        values: dict[str, str] = {}
        failed = await draw_groups(
            _drafting(context, outcome, brief), _skeleton(brief).groups, values, sample=0
        )
        outcome.output = {"mode": "archetype", "values": values, "failed": failed}
        return outcome


class PatternFinishConfig(BaseModel):
    """Config of ``pattern_finish``."""

    model_config = ConfigDict(extra="forbid")

    max_repairs: int = Field(default=2, ge=0, le=5, description="Re-ask rounds per draw.")
    max_samples: int = Field(default=1, ge=0, le=5, description="Fresh draws of failing groups.")
    max_tokens: int = Field(default=1000, ge=100, le=8000, description="Per free re-ask answer.")


class PatternFinishNode(NodeType):
    """Returns a pattern whose every slot passes the quality gate, with its markup, or fails."""

    name = "pattern_finish"
    Config = PatternFinishConfig
    description = "Check a pattern's text (re-ask, fresh sample), render it, or fail."

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        assert isinstance(config, PatternFinishConfig)
        brief = context.upstream["brief"]
        draft = context.upstream["draft"]
        outcome = NodeOutcome(output=None)
        spec: dict[str, Any] | None = None
        if draft["mode"] == "free" and draft["draft"] is not None:
            spec = await settle_free(
                context,
                outcome,
                draft["draft"],
                description=brief["request"]["description"],
                asks=brief["asks"],
                language=brief["language"],
                category=brief["request"].get("category"),
                max_repairs=config.max_repairs,
                max_tokens=config.max_tokens,
            )
        if spec is None:
            values = dict(draft.get("values") or {})
            spec = await _settle_slots(context, outcome, brief, values, config)
        canonical = PatternSpec.model_validate(spec).model_dump(mode="json", exclude_defaults=True)
        outcome.output = {
            "spec": canonical,
            "markup": render_pattern(canonical),
            "asks": brief["asks"],
        }
        return outcome


async def _settle_slots(
    context: NodeContext,
    outcome: NodeOutcome,
    brief: dict[str, Any],
    values: dict[str, str],
    config: PatternFinishConfig,
) -> dict[str, Any]:
    """The archetype pattern once every slot passes, or ContentContractError with every reason."""
    skeleton = _skeleton(brief)
    drafting = _drafting(context, outcome, brief)
    kinds = skeleton.kinds()
    language = brief["language"]
    description = brief["request"]["description"]
    missing = [g for g in skeleton.groups if any(g.slot_id(s.key) not in values for s in g.slots)]
    failed = await draw_groups(drafting, missing, values, sample=1) if missing else {}
    problems = _problems(values, kinds, language, description, failed)
    for sample in range(1, config.max_samples + 2):
        for _ in range(config.max_repairs):
            if not problems:
                break
            await reask_slots(drafting, skeleton.groups, values, problems)
            problems = _problems(values, kinds, language, description, failed)
        if not problems or sample > config.max_samples:
            break
        # The parts at fault, each item of a group too ("s1.i2.answer" is part of "s1").
        groups = faulty_parts(skeleton.groups, problems)
        before = (dict(values), failed)
        failed = await draw_groups(drafting, groups, values, sample=sample + 1)
        fresh = _problems(values, kinds, language, description, failed)
        # A group whose fresh text breaks more rules than before keeps its text before.
        if keep_better(
            groups, values=values, failed=failed, before=before, old=problems, new=fresh
        ):
            fresh = _problems(values, kinds, language, description, failed)
        problems = fresh
    if problems:
        raise ContentContractError(
            "block pattern text",
            [str(problem) for problem in problems],
            hint="use a larger model, a shorter brief, or retry (each retry draws afresh)",
        )
    spec = fill_skeleton(skeleton, values, language)
    broken = validate_pattern(spec) + unmet_asks(spec, brief["asks"])
    if broken:
        raise ContentContractError("block pattern", [str(problem) for problem in broken])
    return spec


def _problems(
    values: dict[str, str],
    kinds: dict[str, str],
    language: str,
    brief: str,
    failed: dict[str, str],
) -> list[Violation]:
    problems = [
        Violation(field=f"{group}.*", rule="slot_schema", message=reason)
        for group, reason in failed.items()
    ]
    # A slot with no text at all (its group never got a valid answer) is never a success.
    lost = {slot.rsplit(".", 1)[0] for slot in kinds if slot not in values} - set(failed)
    problems += [
        Violation(field=f"{group}.*", rule="slot_schema", message="no valid answer")
        for group in sorted(lost)
    ]
    present = {slot: text for slot, text in values.items() if slot in kinds}
    return problems + slot_problems(present, kinds, language, brief=brief)
