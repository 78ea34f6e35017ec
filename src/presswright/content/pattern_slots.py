"""The text slots of a pattern skeleton: their limits, the schema the model answers, the fill.

Each slot kind has length bounds and the quality kind it is judged as; prices and figures
have a pattern instead (an amount, a currency, a period of the pattern's language), which
a grammar-decoding model cannot leave. :func:`group_schema` is the JSON Schema of one
:class:`SlotGroup`'s answer (exactly its keys, every one required); :func:`fill_skeleton`
puts the answers into the skeleton.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any, Literal

from presswright.content.blocks import TITLE_MAX
from presswright.content.fixes import shorten
from presswright.content.models import LANGUAGES
from presswright.content.pattern_archetypes import Skeleton, SlotGroup
from presswright.content.pattern_words import CURRENCIES, PRICE_PERIODS
from presswright.llm.prose import PROSE

__all__ = [
    "SLOT_RULES",
    "SlotRule",
    "fill_skeleton",
    "group_prompt",
    "group_schema",
    "slot_pattern",
    "system_prompt",
]

Raw = dict[str, Any]


@dataclass(frozen=True)
class SlotRule:
    """How long a slot's text is, and how the quality gate judges it (None: by pattern)."""

    min_length: int
    max_length: int
    quality: Literal["prose", "short"] | None
    hint: str


SLOT_RULES: dict[str, SlotRule] = {
    "heading": SlotRule(2, 80, "short", "a short heading"),
    "subheading": SlotRule(2, 50, "short", "a name or title of a few words"),
    "paragraph": SlotRule(15, 260, "prose", "one or two sentences"),
    "button": SlotRule(2, 30, "short", "a button label of one to three words"),
    "price": SlotRule(2, 24, None, "a price like $29/month"),
    "question": SlotRule(4, 140, "short", "a question"),
    "answer": SlotRule(15, 300, "prose", "one or two sentences"),
    "quote": SlotRule(15, 240, "prose", "one or two sentences in the first person"),
    "name": SlotRule(2, 40, "short", "a person's name"),
    "role": SlotRule(2, 60, "short", "a job title"),
    "alt": SlotRule(4, 120, "short", "a short description of a photo"),
    "item": SlotRule(2, 70, "short", "a few words"),
    "stat": SlotRule(1, 12, None, "a figure like 500+ or 98%"),
    "label": SlotRule(2, 60, "short", "a few words"),
}
_QUESTION_MARKS = {"ja": "\uff1f", "zh": "\uff1f", "ar": "\u061f", "fa": "\u061f"}


def _alternatives(words: str) -> str:
    # Regex characters as one-character classes: JSON Schema and llama.cpp read them alike.
    return "|".join(
        "".join(f"[{c}]" if c in "$.+*?()[]{}|^\\/-" else c for c in word.strip())
        for word in words.split("|")
    )


def slot_pattern(kind: str, language: str) -> str | None:
    """The regex a price or figure slot must match, or None for free text."""
    if kind == "price":
        currency = _alternatives(CURRENCIES)
        period = _alternatives(PRICE_PERIODS[language])
        amount = "[0-9]{1,5}([.,][0-9]{2})?"
        return f"^(({currency}) ?)?{amount}( ?({currency}))? ?[/] ?({period})$"
    if kind == "stat":
        return "^[0-9]{1,6}([.,][0-9]{1,3})?( ?[+%kKmM])?$"
    return None


def group_schema(group: SlotGroup, language: str) -> dict[str, Any]:
    """The JSON Schema of one group's answer: exactly its slots, each a bounded string."""
    properties: dict[str, Any] = {}
    for slot in group.slots:
        rule = SLOT_RULES[slot.kind]
        schema: dict[str, Any] = {"type": "string", "description": slot.purpose}
        pattern = slot_pattern(slot.kind, language)
        if pattern:
            schema["pattern"] = pattern
        else:
            schema.update(minLength=rule.min_length, maxLength=rule.max_length)
            if rule.quality == "prose":  # whole sentences: the limit never cuts one
                schema[PROSE] = True
        properties[slot.key] = schema
    return {
        "title": "PatternText",
        "type": "object",
        "properties": properties,
        "required": [slot.key for slot in group.slots],
        "additionalProperties": False,
    }


def system_prompt(language: str) -> str:
    """What every slot request shares: the job, the language, what the text must not hold."""
    name = LANGUAGES[language]
    return (
        "You write the words of WordPress block patterns for small businesses. Answer with"
        " one JSON object holding exactly the keys asked for; each value is plain text in"
        f" {name}: real, specific words for the business described, no markup, no"
        " placeholders, no copy of these instructions, and no two texts alike."
    )


def group_prompt(
    group: SlotGroup, *, description: str, language: str, written: dict[str, str]
) -> str:
    """The request for one group: the brief, what the group is, each key, what exists."""
    lines = [
        f"Text for a WordPress block pattern for: {description}",
        f"Write {group.purpose}, in {LANGUAGES[language]}.",
        "Keys:",
    ]
    for slot in group.slots:
        rule = SLOT_RULES[slot.kind]
        size = "" if rule.quality is None else f", {rule.min_length}-{rule.max_length} characters"
        lines.append(f"- {slot.key}: {slot.purpose} ({rule.hint}{size})")
    if written:
        shown = "; ".join(f"{text}" for text in list(written.values())[-12:])
        lines.append(f"Already written elsewhere in the pattern (say something new): {shown}")
    return "\n".join(lines)


def _finish_text(kind: str, text: str, language: str) -> str:
    """A slot's text as it goes into the pattern: trimmed, a question with its mark."""
    text = re.sub(r"\s+", " ", text).strip()
    if kind == "question" and not text.endswith(("?", "\uff1f", "\u061f")):
        text = text.rstrip(".\u3002!\uff01:\uff1a") + _QUESTION_MARKS.get(language, "?")
    return text


def fill_skeleton(skeleton: Skeleton, values: dict[str, str], language: str) -> Raw:
    """The pattern spec with every slot marker replaced by its text."""
    kinds = skeleton.kinds()

    def fill(node: Any) -> Any:
        if isinstance(node, dict):
            if set(node) == {"slot"}:
                return _finish_text(kinds[node["slot"]], values[node["slot"]], language)
            return {key: fill(value) for key, value in node.items()}
        if isinstance(node, list):
            return [fill(item) for item in node]
        return node

    spec: Raw = fill(copy.deepcopy(skeleton.spec))
    if len(spec["title"]) > TITLE_MAX:
        spec["title"] = shorten(spec["title"], TITLE_MAX, language)
    return spec
