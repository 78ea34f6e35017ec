"""The content quality gate on a pattern's text slots, one violation per slot at fault.

Every free-text slot is judged by :func:`presswright.content.quality.text_problems` as the
kind its :data:`~presswright.content.pattern_slots.SLOT_RULES` entry says (prices and
figures are held by their pattern instead); the slots that carry what a pattern says
(headings, names, paragraphs, questions, answers, quotes, image descriptions) must not
repeat one another. Button labels and list items may: "Book a class" under each tier, or
"Unlimited classes" in two plans, are fine.
"""

from __future__ import annotations

from presswright.content.pattern_slots import SLOT_RULES
from presswright.content.quality import repetition_problems, text_problems
from presswright.content.violations import Violation

__all__ = ["slot_problems"]

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
            problems += text_problems(slot_id, text, language, kind=rule.quality, brief=brief)
        if kinds[slot_id] in _DISTINCT:
            # Checked against the slots before it only: a repeat is the later slot's fault.
            problems += [
                problem
                for problem in repetition_problems(slot_id, [*earlier, text])
                if f"part {len(earlier) + 1} " in problem.message
            ]
            earlier.append(text)
    return problems
