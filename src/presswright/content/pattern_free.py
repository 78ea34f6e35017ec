"""The "free" layout: a model with native structured output designs the blocks itself.

Used only when the brief names no archetype and the model declares native structured
output (see :func:`presswright.content.pattern_fill.native_layouts`). The model answers a
:class:`PatternDraft` under the strict block grammar; :func:`settle_free` holds the answer
to the rules of the block model, to every count the brief states
(:func:`~presswright.content.pattern_asks.unmet_asks`) and to the quality gate, re-asking
quoting each problem by path, then applying the safe fixes. A layout that still misses
something returns None: the caller falls back to the archetype skeleton, which cannot.
"""

from __future__ import annotations

import json
from typing import Any

from presswright.content.blocks import validate_pattern
from presswright.content.models import LANGUAGES
from presswright.content.pattern_asks import asks_text, unmet_asks
from presswright.content.pattern_draft import PATTERN_CATEGORIES, PatternDraft, block_guide
from presswright.content.pattern_fixes import fix_pattern
from presswright.content.quality import text_problems
from presswright.content.violations import Violation
from presswright.errors import StructuredOutputError
from presswright.flows.nodes.base import NodeContext, NodeOutcome
from presswright.llm.types import GenerationParams

__all__ = [
    "free_problems",
    "free_prompt",
    "free_system_prompt",
    "settle_free",
    "spec_from_draft",
]

Raw = dict[str, Any]
# Which quality kind each text field of a free layout is judged as.
_KINDS = {"paragraph": "prose", "quote": "prose"}


def free_system_prompt(language: str) -> str:
    """The block guide, without an example whose words a model could copy."""
    return (
        "You design WordPress block patterns. Answer with one JSON document: a title, a"
        " category and the blocks, in order. Block types and their fields:\n"
        f"{block_guide()}\n"
        "Leave out fields a block does not use. Links and image URLs: https://..., /path"
        f" or #anchor. Write every text in {LANGUAGES[language]}: real, specific words for"
        " the brief; no placeholders."
    )


def free_prompt(description: str, asks: Raw, category: str | None) -> str:
    """The design request: the brief, every count it states, the category."""
    rule = (
        f"Category: {category}."
        if category
        else f"Category: the best fit of {', '.join(PATTERN_CATEGORIES)}."
    )
    wanted = asks_text(asks)
    must = f"\nIt must have {wanted}." if wanted else ""
    return f"Design a WordPress block pattern for: {description}{must}\n{rule}"


def spec_from_draft(draft: PatternDraft, *, category: str | None) -> Raw:
    """The pattern spec a draft describes; ``category`` (the user's) replaces the model's."""
    spec = draft.model_dump(mode="json", exclude_defaults=True)
    if category:
        spec["category"] = category
    return spec


def _texts(blocks: list[Raw], path: str) -> list[tuple[str, str, str]]:
    found = []
    for index, block in enumerate(blocks):
        here = f"{path}[{index}]"
        if isinstance(block.get("text"), str):
            found.append(
                (f"{here}.text", block["text"], _KINDS.get(block.get("type", ""), "short"))
            )
        for number, item in enumerate(block.get("items") or []):
            if isinstance(item, str):
                found.append((f"{here}.items[{number}]", item, "short"))
        if isinstance(block.get("alt"), str):
            found.append((f"{here}.alt", block["alt"], "short"))
        found += _texts(block.get("inner") or [], f"{here}.inner")
    return found


def free_problems(spec: Raw, asks: Raw, language: str, brief: str) -> list[Violation]:
    """Block rules, unmet asks and quality problems of a free layout, each with its path."""
    problems = validate_pattern(spec) + unmet_asks(spec, asks)
    blocks = spec.get("blocks")
    if isinstance(blocks, list):
        for field, text, kind in _texts([b for b in blocks if isinstance(b, dict)], "blocks"):
            problems += text_problems(field, text, language, kind=kind, brief=brief)  # type: ignore[arg-type]
    return problems


def _repair_prompt(problems: list[Violation], spec: Raw, description: str, asks: Raw) -> str:
    quoted = "\n".join(f"- {problem}" for problem in problems[:20])
    wanted = asks_text(asks)
    return (
        "Rewrite this block pattern so that it follows every rule.\n"
        f"It shows: {description}\n"
        + (f"It must have {wanted}.\n" if wanted else "")
        + f"Your previous answer broke these rules:\n{quoted}\n"
        f"Previous answer: {json.dumps(spec, ensure_ascii=False)}"
    )


async def settle_free(
    context: NodeContext,
    outcome: NodeOutcome,
    draft: Raw,
    *,
    description: str,
    asks: Raw,
    language: str,
    category: str | None,
    max_repairs: int,
    max_tokens: int,
) -> Raw | None:
    """A free layout meeting every rule and ask, or None to fall back to the archetypes."""
    candidates = [spec_from_draft(PatternDraft.model_validate(draft), category=category)]
    problems = free_problems(candidates[-1], asks, language, description)
    for _ in range(max_repairs):
        if not problems:
            return candidates[-1]
        try:
            result = await context.complete(
                _repair_prompt(problems, candidates[-1], description, asks),
                model=context.inputs.get("model") or None,
                system=free_system_prompt(language),
                schema=PatternDraft,
                params=GenerationParams(temperature=0.2, max_tokens=max_tokens, language=language),
                cache=False,
            )
        except StructuredOutputError:
            return None
        outcome.add_usage(result)
        candidates.append(spec_from_draft(result.parsed, category=category))
        problems = free_problems(candidates[-1], asks, language, description)
    if not problems:
        return candidates[-1]
    for candidate in reversed(candidates):
        fixed = fix_pattern(
            candidate,
            title=description[:80],
            category=category or PATTERN_CATEGORIES[0],
        )
        if fixed["blocks"] and not free_problems(fixed, asks, language, description):
            return fixed
    return None
