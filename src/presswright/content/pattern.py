"""The block pattern flow's nodes: a description in, a checked pattern spec and its markup out.

The model drafts the spec in one constrained answer (:class:`PatternDraft`: a strict
grammar, a lenient validation); ``pattern_finish`` defends it in the documented order:
repair re-asks quoting each violation with its path, then deterministic fixes
(:mod:`presswright.content.pattern_fixes`), then a final check. A pattern that still breaks
a rule fails the node with :class:`ContentContractError`; an invalid pattern is never
returned as a success.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from presswright.content.block_types import PatternSpec
from presswright.content.blocks import render_pattern, validate_pattern
from presswright.content.fixes import shorten
from presswright.content.pattern_draft import PATTERN_CATEGORIES, PatternDraft, block_guide
from presswright.content.pattern_fixes import fix_pattern
from presswright.content.violations import Violation
from presswright.errors import ContentContractError
from presswright.flows.nodes.base import NoConfig, NodeContext, NodeOutcome, NodeType
from presswright.llm.types import GenerationParams

__all__ = [
    "PatternBriefNode",
    "PatternFinishNode",
    "PatternRequest",
    "PatternResult",
    "spec_from_draft",
]

_EXAMPLE = {
    "title": "Newsletter sign-up",
    "category": "call-to-action",
    "blocks": [
        {
            "type": "group",
            "inner": [
                {"type": "heading", "level": 2, "text": "Get our weekly letter"},
                {"type": "paragraph", "text": "One short email every Friday."},
                {"type": "buttons", "inner": [{"type": "button", "text": "Sign up", "url": "#"}]},
            ],
        }
    ],
}


class PatternRequest(BaseModel):
    """What a pattern should show, and optionally the category it belongs to."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    description: str = Field(min_length=5, max_length=500, examples=["hero for a bakery"])
    category: str | None = Field(default=None, min_length=1, max_length=100)


class PatternResult(BaseModel):
    """A finished pattern: the checked spec and its block markup."""

    spec: PatternSpec
    markup: str


def _system_prompt() -> str:
    return (
        "You design WordPress block patterns. Answer with one JSON document: a title, a"
        " category and the blocks, in order. Block types and their fields:\n"
        f"{block_guide()}\n"
        "Leave out fields a block does not use. Links and image URLs: https://..., /path"
        " or #anchor. Write real, specific text for the description; no placeholders.\n"
        f"Example: {json.dumps(_EXAMPLE, separators=(',', ':'))}"
    )


def spec_from_draft(draft: PatternDraft, *, category: str | None) -> dict[str, Any]:
    """The pattern spec a draft describes; ``category`` (the user's) replaces the model's."""
    spec = draft.model_dump(mode="json", exclude_defaults=True)
    if category:
        spec["category"] = category
    return spec


class PatternBriefNode(NodeType):
    """Checks the pattern request and prepares the system prompt with the block guide."""

    name = "pattern_brief"
    Config = NoConfig
    description = "Validate a block pattern request; output it with the shared system prompt."

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        fields = set(PatternRequest.model_fields)
        request = PatternRequest.model_validate(
            {k: v for k, v in context.inputs.items() if k in fields and v is not None}
        )
        if request.category:
            rule = f"Category: {request.category}."
        else:
            rule = f"Category: the best fit of {', '.join(PATTERN_CATEGORIES)}."
        return NodeOutcome(
            output={
                "request": request.model_dump(mode="json"),
                "system": _system_prompt(),
                "category_rule": rule,
            }
        )


class PatternFinishConfig(BaseModel):
    """Config of ``pattern_finish``."""

    model_config = ConfigDict(extra="forbid")

    max_repairs: int = Field(default=2, ge=0, le=5, description="Re-ask rounds before fixes.")
    max_tokens: int = Field(default=1000, ge=100, le=8000, description="Per re-ask answer.")


class PatternFinishNode(NodeType):
    """Returns a pattern spec that passes every check, with its markup, or fails."""

    name = "pattern_finish"
    Config = PatternFinishConfig
    description = "Check a drafted block pattern, repair it (re-ask, then fix) and render it."

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        assert isinstance(config, PatternFinishConfig)
        brief = context.upstream["brief"]
        request = PatternRequest.model_validate(brief["request"])
        outcome = NodeOutcome(output=None)
        draft = PatternDraft.model_validate(context.upstream["draft"])
        candidates = [spec_from_draft(draft, category=request.category)]
        violations = validate_pattern(candidates[-1])
        for _ in range(config.max_repairs):
            if not violations:
                break
            result = await context.complete(
                _repair_prompt(violations, candidates[-1], request),
                model=context.inputs.get("model") or None,
                system=brief["system"],
                schema=PatternDraft,
                params=GenerationParams(temperature=0.2, max_tokens=config.max_tokens),
                cache=False,
            )
            outcome.add_usage(result)
            candidates.append(spec_from_draft(result.parsed, category=request.category))
            violations = validate_pattern(candidates[-1])
        spec = candidates[-1] if not violations else _fixed(candidates, request)
        canonical = PatternSpec.model_validate(spec).model_dump(mode="json", exclude_defaults=True)
        outcome.output = {"spec": canonical, "markup": render_pattern(canonical)}
        return outcome


def _fixed(candidates: list[dict[str, Any]], request: PatternRequest) -> dict[str, Any]:
    """The latest answer that the deterministic fixes make valid, or the error listing why not."""
    fallback_title = shorten(request.description, 80, "en")
    category = request.category or PATTERN_CATEGORIES[0]
    # The newest answer had the most guidance; an earlier one may still be the fixable one.
    for candidate in reversed(candidates):
        fixed = fix_pattern(candidate, title=fallback_title, category=category)
        if not validate_pattern(fixed):
            return fixed
    last = fix_pattern(candidates[-1], title=fallback_title, category=category)
    found = validate_pattern(last)
    if not last["blocks"]:
        # The fixes dropped every block: say what was wrong with them first.
        found = [*validate_pattern(candidates[-1]), *found]
    raise ContentContractError(
        "block pattern",
        [str(violation) for violation in found],
        hint="describe fewer or simpler blocks, use a larger model, or retry",
    )


def _repair_prompt(
    violations: list[Violation], spec: dict[str, Any], request: PatternRequest
) -> str:
    quoted = "\n".join(f"- {violation}" for violation in violations[:20])
    return (
        f"Rewrite this block pattern so that it follows every rule.\n"
        f"It shows: {request.description}\n"
        f"Your previous answer broke these rules:\n{quoted}\n"
        f"Previous answer: {json.dumps(spec, ensure_ascii=False)}"
    )
