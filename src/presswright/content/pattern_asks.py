"""Whether a pattern spec holds what its brief asked for: the counts, section by section.

The archetype path builds the asks into the structure; this check is what holds a layout a
model proposed itself ("free" mode) to them, and the last line of defence on every pattern.
When the asks list one entry per section and the spec has one top-level block per section,
each block is checked against its own section; otherwise the whole spec against the totals.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from presswright.content.violations import Violation

__all__ = ["asks_text", "count_parts", "unmet_asks"]

Raw = dict[str, Any]
_QUESTION_ENDS = ("?", "\uff1f", "\u061f")
# Counts of items that each open with a level-3 heading in the archetypes (a tier's name,
# a member's name, a feature's title, a figure).
_HEADED = ("tiers", "members", "features", "stats", "items")
_NOUNS = {
    "columns": "columns side by side",
    "buttons": "buttons",
    "images": "images",
    "questions": "questions (headings ending with a question mark)",
    "testimonials": "testimonials (quote blocks)",
    "tiers": "pricing tiers",
    "members": "team members",
    "features": "features",
    "stats": "figures",
    "items": "items",
}


def _walk(blocks: list[Raw]) -> Iterator[Raw]:
    for block in blocks:
        yield block
        yield from _walk(block.get("inner") or [])


def count_parts(blocks: list[Raw]) -> dict[str, Any]:
    """What the blocks hold: column widths of each columns block, buttons, images, ..."""
    found: dict[str, Any] = {"columns": [], "buttons": 0, "images": 0, "questions": 0}
    found.update(testimonials=0, headed=0)
    for block in _walk(blocks):
        kind = block.get("type")
        text = block.get("text") or ""
        if kind == "columns":
            found["columns"].append(len(block.get("inner") or []))
        elif kind == "button":
            found["buttons"] += 1
        elif kind in ("image", "media-text") or (kind == "cover" and block.get("url")):
            found["images"] += 1
        elif kind == "quote":
            found["testimonials"] += 1
        elif kind == "heading":
            if text.rstrip().endswith(_QUESTION_ENDS):
                found["questions"] += 1
            elif block.get("level") == 3:
                found["headed"] += 1
    return found


def _problems(where: str, blocks: list[Raw], asks: Raw) -> list[Violation]:
    found = count_parts(blocks)
    problems = []
    for key, noun in _NOUNS.items():
        wanted = asks.get(key)
        if not isinstance(wanted, int):
            continue
        if key == "columns":
            ok = wanted in found["columns"] or (wanted == 1 and not found["columns"])
            have = ", ".join(map(str, found["columns"])) or "none"
        else:
            have = found["headed"] if key in _HEADED else found[key]
            ok = have == wanted
        if not ok:
            problems.append(
                Violation(
                    field=where,
                    rule="pattern_ask",
                    message=f"the brief asks for {wanted} {noun}; the pattern has {have}",
                )
            )
    if asks.get("side_by_side") and not found["columns"]:
        problems.append(
            Violation(
                field=where,
                rule="pattern_ask",
                message="the brief asks for parts side by side; put them in one columns block",
            )
        )
    return problems


def unmet_asks(spec: Raw, asks: Raw) -> list[Violation]:
    """Every count the brief states that the spec does not hold exactly."""
    blocks = spec.get("blocks") or []
    sections = asks.get("sections")
    if isinstance(sections, list) and len(sections) == len(blocks):
        found = []
        for index, (section, block) in enumerate(zip(sections, blocks, strict=True)):
            found += _problems(f"blocks[{index}]", [block], section)
        return found
    return _problems("blocks", blocks, asks)


def asks_text(asks: Raw) -> str:
    """The stated counts in words, for a prompt: "exactly 3 columns side by side, 1 buttons"."""
    parts = [
        f"exactly {asks[key]} {noun}"
        for key, noun in _NOUNS.items()
        if isinstance(asks.get(key), int)
    ]
    if asks.get("side_by_side"):
        parts.append("the parts side by side in one columns block")
    return ", ".join(parts)
