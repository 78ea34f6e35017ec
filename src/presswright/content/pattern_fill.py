"""Asking the model for a skeleton's text: one small answer per slot group, then repairs.

:func:`draw_groups` asks for whole groups (a first draw, or a fresh sample of groups whose
text failed); :func:`reask_slots` asks again for only the slots at fault, quoting why each
failed. Both send :func:`~presswright.content.pattern_slots.group_schema` as the output
schema with the pattern's language and the brief's names as verbatim terms, so a
grammar-decoding model writes in the language's script and cannot leave a price pattern.
A group whose answer still does not match its schema is left out and named in the
returned failures; the caller decides what happens next. After a fresh draw,
:func:`keep_better` puts back each group whose new text breaks more rules than the text it
replaced, so drawing again never loses a better answer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from presswright.content.pattern_archetypes import Slot, SlotGroup
from presswright.content.pattern_slots import (
    SLOT_RULES,
    group_prompt,
    group_schema,
    system_prompt,
)
from presswright.content.violations import Violation
from presswright.errors import StructuredOutputError
from presswright.flows.nodes.base import NodeContext, NodeOutcome
from presswright.flows.nodes.profile import model_profile
from presswright.llm.types import GenerationParams

__all__ = [
    "Drafting",
    "draw_groups",
    "faults_by_part",
    "faulty_parts",
    "keep_better",
    "native_layouts",
    "reask_slots",
]

_WIDE_SCRIPTS = frozenset({"ja", "zh", "ko", "ar", "fa"})


class Drafting:
    """What every slot request of one pattern shares."""

    def __init__(
        self,
        context: NodeContext,
        outcome: NodeOutcome,
        *,
        description: str,
        language: str,
        verbatim: tuple[str, ...],
        model: str | None,
        show_written: bool = True,
    ) -> None:
        self.context = context
        self.outcome = outcome
        self.description = description
        self.language = language
        self.verbatim = verbatim
        self.model = model
        # Whether a request shows the texts written so far (to say something new); a model
        # that copies what it is shown (its profile's copies_context) is shown none.
        self.show_written = show_written

    def max_tokens(self, slots: tuple[Slot, ...]) -> int:
        """Room for the answer: the slots' longest texts and the JSON around them."""
        per_char = 1.0 if self.language in _WIDE_SCRIPTS else 0.4
        length = sum(SLOT_RULES[slot.kind].max_length for slot in slots)
        return min(60 + 12 * len(slots) + int(length * per_char), 1500)

    async def ask(self, prompt: str, group: SlotGroup, *, sample: int, cache: bool) -> Any:
        """One answer for ``group``'s slots (the parsed object), or StructuredOutputError."""
        result = await self.context.complete(
            prompt,
            model=self.model,
            system=system_prompt(self.language),
            schema=group_schema(group, self.language),
            params=GenerationParams(
                temperature=0.7 if sample else None,
                max_tokens=self.max_tokens(group.slots),
                language=self.language,
                verbatim=self.verbatim,
                sample=sample,
            ),
            cache=cache,
        )
        self.outcome.add_usage(result)
        return result.parsed


async def draw_groups(
    drafting: Drafting, groups: list[SlotGroup], values: dict[str, str], *, sample: int
) -> dict[str, str]:
    """Fill ``groups`` into ``values``; the groups that got no valid answer, with why."""
    failed: dict[str, str] = {}
    for group in groups:
        own = {group.slot_id(slot.key) for slot in group.slots}
        written = {k: v for k, v in values.items() if k not in own}
        prompt = group_prompt(
            group,
            description=drafting.description,
            language=drafting.language,
            written=written if drafting.show_written else {},
        )
        try:
            answer = await drafting.ask(prompt, group, sample=sample, cache=sample == 0)
        except StructuredOutputError as error:
            failed[group.id] = str(error)
            continue
        for slot in group.slots:
            values[group.slot_id(slot.key)] = str(answer[slot.key])
    return failed


async def reask_slots(
    drafting: Drafting,
    groups: list[SlotGroup],
    values: dict[str, str],
    problems: list[Violation],
) -> None:
    """Ask again for only the slots at fault, quoting each reason; keep what comes back."""
    for group in groups:
        faults = {
            slot.key: [p.message for p in problems if p.field == group.slot_id(slot.key)]
            for slot in group.slots
        }
        keys = [key for key, reasons in faults.items() if reasons]
        if not keys:
            continue
        narrowed = SlotGroup(
            group.id, group.purpose, tuple(s for s in group.slots if s.key in keys)
        )
        quoted = "\n".join(
            f"- {key} (was {values.get(group.slot_id(key), '')!r}): {'; '.join(faults[key])}"
            for key in keys
        )
        prompt = (
            group_prompt(
                narrowed, description=drafting.description, language=drafting.language, written={}
            )
            + f"\nYour previous texts broke these rules; write them anew:\n{quoted}"
        )
        try:
            answer = await drafting.ask(prompt, narrowed, sample=0, cache=False)
        except StructuredOutputError:
            continue  # the fresh draw or the final check decides
        for key in keys:
            values[group.slot_id(key)] = str(answer[key])


def faults_by_part(problems: Iterable[Violation]) -> Counter[str]:
    """How many rules each part breaks (a violation's field is ``group.slot``,
    ``group.item.slot`` or ``group.*``; see :func:`_unit`)."""
    return Counter(_unit(problem.field) for problem in problems)


def faulty_parts(groups: Iterable[SlotGroup], problems: list[Violation]) -> list[SlotGroup]:
    """Each group with a problem, narrowed to its parts at fault (an item's slots together,
    the group's own slots together); the whole group when its answer missed its schema."""
    units = {_unit(problem.field) for problem in problems}
    whole = {problem.field[:-2] for problem in problems if problem.field.endswith(".*")}
    narrowed: list[SlotGroup] = []
    for group in groups:
        if group.id in whole:
            narrowed.append(group)
            continue
        slots = tuple(s for s in group.slots if _unit(group.slot_id(s.key)) in units)
        if slots:
            narrowed.append(SlotGroup(group.id, group.purpose, slots))
    return narrowed


def _unit(field: str) -> str:
    """The part of a pattern a slot or violation belongs to: an item of a group ("s1.i4"
    for "s1.i4.question") or the group itself ("s0" for "s0.intro", "s1" for "s1.*")."""
    return field.rsplit(".", 1)[0]


def keep_better(
    groups: Iterable[SlotGroup],
    *,
    values: dict[str, str],
    failed: dict[str, str],
    before: tuple[dict[str, str], dict[str, str]],
    old: list[Violation],
    new: list[Violation],
) -> list[str]:
    """Put back each part of ``groups`` whose fresh draw breaks more rules than before it.

    A part is an item of a group (a question with its answer, a card with its text) or the
    group's own slots (a heading with its introduction), so what is kept stays together.
    A group whose fresh answer did not match its schema keeps its text and failure as they
    were. ``before`` holds the values and failures before the draw, ``old`` and ``new``
    the problems before and after it. Returns the parts put back; the caller checks the
    whole text again (a part put back changes what later parts repeat).
    """
    values_before, failed_before = before
    was, now = faults_by_part(old), faults_by_part(new)
    restored: list[str] = []
    for group in groups:
        if (
            group.id in failed
            and group.id not in failed_before
            and any(group.slot_id(slot.key) in values_before for slot in group.slots)
        ):
            failed.pop(group.id)  # no new answer: the text before stands, as it was judged
            restored.append(group.id)
            continue
        slots = [group.slot_id(slot.key) for slot in group.slots]
        for unit in dict.fromkeys(_unit(slot_id) for slot_id in slots):
            if now[unit] <= was[unit] or not any(s in values_before for s in slots):
                continue
            for slot_id in slots:
                if _unit(slot_id) != unit:
                    continue
                if slot_id in values_before:
                    values[slot_id] = values_before[slot_id]
                else:
                    values.pop(slot_id, None)
            restored.append(unit)
    return restored


def native_layouts(context: NodeContext, model: str | None) -> bool:
    """Whether the model has native structured output, so it may propose a layout itself.

    Read from the model's declared profile (json_schema or tool use); a grammar-decoding
    model (the local one) and prompt-only models always use the archetypes.
    """
    profile = model_profile(context, model)
    return profile is not None and profile.structured in ("json_schema", "tool")
