"""The content quality gate on a pattern's text slots, one violation per slot at fault.

Every free-text slot is judged by :func:`presswright.content.quality.text_problems` as the
kind its :data:`~presswright.content.pattern_slots.SLOT_RULES` entry says (prices and
figures are held by their pattern instead); the slots that carry what a pattern says
(headings, names, paragraphs, questions, answers, quotes, image descriptions) must not
repeat one another. Button labels and list items may: "Book a class" under each tier, or
"Unlimited classes" in two plans, are fine.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from presswright.content.blocks import validate_pattern
from presswright.content.language import detect_language
from presswright.content.pattern_brief import brief_language
from presswright.content.pattern_slots import SLOT_RULES
from presswright.content.quality import TextKind, repetition_problems, text_problems
from presswright.content.quality_repeats import copied_fields
from presswright.content.violations import Violation

__all__ = ["check_pattern", "slot_problems"]

# Block fields holding text a reader sees, and how the gate judges each.
_TEXT_FIELDS: dict[str, TextKind] = {"text": "prose", "caption": "short", "alt": "short"}
_SHORT_BLOCKS = frozenset({"heading", "button"})
# A pattern paragraph under this many words is a label ("Billed monthly"), judged as short.
_PROSE_MIN_WORDS = 8
_SCRIPT_LANGUAGES = frozenset({"ja", "zh", "ko", "ar", "fa"})

_DISTINCT = frozenset(
    {"heading", "subheading", "paragraph", "question", "answer", "quote", "name", "alt"}
)


def slot_problems(
    values: dict[str, str], kinds: dict[str, str], language: str, *, brief: str
) -> list[Violation]:
    """Every quality rule the slots break, each violation's field the slot id at fault."""
    problems: list[Violation] = []
    earlier: list[str] = []
    for slot_id, text in values.items():
        rule = SLOT_RULES[kinds[slot_id]]
        if rule.quality is not None:
            # A pattern's text describes the business, as product copy does: any count of
            # characters or words in it ("15-260 characters.") is the prompt's, not content.
            problems += text_problems(
                slot_id, text, language, kind=rule.quality, brief=brief, task_talk=True
            )
        if kinds[slot_id] in _DISTINCT:
            # Checked against the slots before it only: a repeat is the later slot's fault.
            problems += [
                problem
                for problem in repetition_problems(slot_id, [*earlier, text])
                if f"part {len(earlier) + 1} " in problem.message
            ]
            earlier.append(text)
    return problems


def _texts(blocks: list[Any], path: str) -> Iterator[tuple[str, str, TextKind]]:
    for index, block in enumerate(blocks):
        if not isinstance(block, dict):
            continue
        here = f"{path}[{index}]"
        for name, kind in _TEXT_FIELDS.items():
            text = block.get(name)
            if isinstance(text, str) and text.strip():
                short = block.get("type") in _SHORT_BLOCKS or len(text.split()) < _PROSE_MIN_WORDS
                yield f"{here}.{name}", text, "short" if kind == "prose" and short else kind
        for number, item in enumerate(block.get("items") or []):
            if isinstance(item, str) and item.strip():
                yield f"{here}.items[{number}]", item, "short"
        if isinstance(block.get("inner"), list):
            yield from _texts(block["inner"], f"{here}.inner")


def check_pattern(data: object, language: str | None = None) -> list[Violation]:
    """Every problem of a pattern spec: its shape and blocks, then the quality of its text.

    The text is judged in ``language``, else in the language it reads as (by lingua, or by
    its script); text too short to tell is judged on its shape only, never in a guessed
    language.
    """
    problems = validate_pattern(data)
    if problems or not isinstance(data, dict):
        return problems
    texts = list(_texts(data.get("blocks") or [], "blocks"))
    joined = "\n".join(text for _, text, _ in texts)
    language = language or detect_language(joined)
    if language is None:
        # Too short for lingua: a non-Latin script still names its language; Latin does not.
        scripted = brief_language(joined)
        if scripted not in _SCRIPT_LANGUAGES:
            return problems
        language = scripted
    for path, text, kind in texts:
        problems += text_problems(path, text, language, kind=kind)
    distinct = [(path, path, text) for path, text, kind in texts if kind == "prose"]
    return problems + copied_fields(distinct)
