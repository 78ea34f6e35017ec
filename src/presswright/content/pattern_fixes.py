"""Deterministic repairs of a block pattern spec, applied after the model's repair re-asks.

Every fix changes form, never what the pattern says:

* a block of unknown type is dropped (its inner blocks, if any, take its place);
* a ``button`` outside ``buttons`` (a ``column`` outside ``columns``) joins the ``buttons``
  block just before it, or is wrapped in a new one with the loose ones that follow it; any
  other block inside ``columns`` gets a ``column`` of its own;
* blocks that cannot sit where they are (inner blocks of a paragraph, a heading inside
  ``buttons``) move out to follow their holder;
* heading levels, spacer heights and overlay opacity are clamped to their ranges;
* unsafe or malformed links and image URLs become ``"#"`` (a cover just loses its image);
* fields a block type does not use, empty list items and empty table rows are removed, and
  table rows are padded with empty cells to one width;
* blocks left empty (no required text, a ``buttons`` without buttons) are dropped.

Fixes are idempotent. What they cannot fix (a pattern with no block left, a value of the
wrong type) is left for the final check, which reports it.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from presswright.content.block_types import BLOCK_TYPES, BlockType, normalize_block_name
from presswright.content.blocks import (
    CATEGORY_MAX,
    HEX_COLOR,
    MAX_SPACER_HEIGHT,
    TITLE_MAX,
    url_problem,
)
from presswright.content.fixes import shorten

__all__ = ["fix_pattern"]

Raw = dict[str, Any]
_RANGES = {"level": (1, 6), "height": (1, MAX_SPACER_HEIGHT), "dim": (0, 100)}


def fix_pattern(spec: Raw, *, title: str, category: str) -> Raw:
    """A copy of ``spec`` with every safe fix applied; ``title``/``category`` fill blanks."""
    blocks = spec.get("blocks")
    kept, spilled = _fix_list(blocks if isinstance(blocks, list) else [], None)
    return {
        "title": _fit(spec.get("title"), title, TITLE_MAX),
        "category": _fit(spec.get("category"), category, CATEGORY_MAX),
        "blocks": kept + spilled,
    }


def _fit(value: object, fallback: str, limit: int) -> str:
    text = value.strip() if isinstance(value, str) and value.strip() else fallback.strip()
    return shorten(text, limit, "en") if len(text) > limit else text


def _fix_list(blocks: list[Any], parent: str | None) -> tuple[list[Raw], list[Raw]]:
    """The fixed blocks that may sit in ``parent``, and those that must move out of it."""
    fixed: list[Raw] = []
    queue: deque[Any] = deque(blocks)
    while queue:
        block, after = _fix_block(queue.popleft())
        if block is not None:
            fixed.append(block)
        # Blocks moved out of this one are fixed next, for the place they now sit in.
        queue.extendleft(reversed(after))
    fixed = _wrap_orphans(fixed, parent)
    holder = BLOCK_TYPES[parent] if parent else None
    if holder is None or holder.children is None:
        return fixed, []
    wanted = holder.children
    kept: list[Raw] = []
    spilled: list[Raw] = []
    for block in fixed:
        if block["type"] == wanted:
            kept.append(block)
        elif BLOCK_TYPES[wanted].container:
            kept.append({"type": wanted, "inner": [block]})
        else:
            spilled.append(block)
    return kept, spilled


def _wrap_orphans(blocks: list[Raw], parent: str | None) -> list[Raw]:
    """Blocks that need another parent (buttons, columns) put into the one before, or a new one."""
    result: list[Raw] = []
    for block in blocks:
        needs = BLOCK_TYPES[block["type"]].parent
        if needs is None or needs == parent:
            result.append(block)
        elif result and result[-1]["type"] == needs:
            result[-1]["inner"].append(block)
        else:
            result.append({"type": needs, "inner": [block]})
    return result


def _fix_block(raw: object) -> tuple[Raw | None, list[Any]]:
    """One block fixed (None when it must go), and the blocks that must follow it instead."""
    if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
        return None, []
    name = normalize_block_name(raw["type"])
    inner = raw.get("inner")
    inner = inner if isinstance(inner, list) else []
    kind = BLOCK_TYPES.get(name)
    if kind is None:
        return None, inner
    block: Raw = {"type": name}
    for field in sorted(kind.fields):
        value = _fix_field(name, field, raw.get(field))
        if value is not None:
            block[field] = value
    after: list[Any] = []
    if inner and kind.container:
        kept, after = _fix_list(inner, name)
        if kept:
            block["inner"] = kept
    elif inner:
        after = inner
    if name == "cover" and "url" not in block:
        block.pop("alt", None)  # the description of an image that is not there
    if name == "table":
        _pad_table(block)
    if _is_empty(name, kind, block):
        return None, after
    return block, after


def _fix_field(name: str, field: str, value: Any) -> Any:
    """The fixed value of one field, or None to leave it out."""
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
    if field == "url" and isinstance(value, str) and url_problem(value):
        return None if name == "cover" else "#"
    if field == "overlay_color" and isinstance(value, str) and not HEX_COLOR.match(value):
        return None
    if field == "media_position" and value not in ("left", "right"):
        return None
    if field in _RANGES and isinstance(value, int) and not isinstance(value, bool):
        low, high = _RANGES[field]
        return min(max(value, low), high)
    if field == "items" and isinstance(value, list):
        return [item.strip() for item in value if not isinstance(item, str) or item.strip()]
    if field in ("rows", "head") and isinstance(value, list):
        return value or None
    return value


def _is_empty(name: str, kind: BlockType, block: Raw) -> bool:
    """Whether a fixed block has nothing to show: a required field or its children missing."""
    if any(field not in block or block[field] == [] for field in kind.required):
        return True
    if kind.children and not block.get("inner"):
        return True
    return name == "quote" and "text" not in block and not block.get("inner")


def _pad_table(block: Raw) -> None:
    """Drop empty rows and pad every row (and the head) to the widest one."""
    rows = block.get("rows")
    head = block.get("head")
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        return
    rows = [row for row in rows if row]
    widths = [len(row) for row in rows]
    if isinstance(head, list):
        widths.append(len(head))
        block["head"] = head + [""] * (max(widths) - len(head))
    if rows:
        block["rows"] = [row + [""] * (max(widths) - len(row)) for row in rows]
    else:
        block.pop("rows", None)
