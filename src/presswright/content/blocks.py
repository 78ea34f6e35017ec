"""Gutenberg block patterns: check a pattern spec a model wrote, and render it as block markup.

A spec is JSON a small model can fill in (``PatternSpec.model_json_schema()``)::

    {"title": "Bakery hero", "category": "featured", "blocks": [
        {"type": "cover", "url": "https://...", "inner": [
            {"type": "heading", "level": 1, "text": "Fresh every morning"},
            {"type": "buttons", "inner": [{"type": "button", "text": "Order", "url": "/order"}]}]}]}

:func:`validate_pattern` names every problem with its path (``blocks[0].inner[1]``) and a
stable rule id, so the list can go back to the model as a repair prompt;
:func:`render_pattern` refuses an invalid spec and otherwise returns the markup the block
editor itself would save. Which block types exist, and how each serializes, lives in
:mod:`presswright.content.block_types`.
"""

from __future__ import annotations

import re
from typing import Any, TypeGuard
from urllib.parse import urlsplit

from pydantic import ValidationError

from presswright.content.block_types import (
    BLOCK_TYPES,
    SUPPORTED_BLOCKS,
    Block,
    PatternSpec,
    normalize_block_name,
    serialize_block,
)
from presswright.content.violations import Violation, summarize_violations
from presswright.errors import InvalidPatternError

__all__ = [
    "CATEGORY_MAX",
    "HEX_COLOR",
    "MAX_BLOCKS",
    "MAX_DEPTH",
    "MAX_SPACER_HEIGHT",
    "SUPPORTED_BLOCKS",
    "TITLE_MAX",
    "Block",
    "PatternSpec",
    "render_pattern",
    "url_problem",
    "validate_pattern",
]

MAX_DEPTH = 8
MAX_BLOCKS = 500
MAX_SPACER_HEIGHT = 1000
TITLE_MAX = 200
CATEGORY_MAX = 100
_TEXT_LIMITS = {"title": TITLE_MAX, "category": CATEGORY_MAX}
HEX_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_PYDANTIC_RULES = {"missing": "missing_field", "extra_forbidden": "unknown_field"}


def validate_pattern(data: object) -> list[Violation]:
    """Every problem of a pattern spec (a dict or a PatternSpec); empty when it can render."""
    if isinstance(data, PatternSpec):
        data = data.model_dump()
    violations = _schema_violations(data)
    if isinstance(data, dict):
        violations.extend(_spec_violations(data))
    unique: list[Violation] = []
    for violation in violations:
        if violation not in unique:
            unique.append(violation)
    return unique


def render_pattern(spec: PatternSpec | dict[str, Any]) -> str:
    """The pattern as block markup, exactly as the block editor serializes it."""
    violations = validate_pattern(spec)
    if violations:
        raise InvalidPatternError(
            f"the block pattern has {len(violations)} problem(s): "
            + summarize_violations(violations),
            hint=(
                "fix each listed block: use only the types "
                f"{', '.join(SUPPORTED_BLOCKS)}; put button blocks only in buttons and column"
                " blocks only in columns; give inner blocks only to group, columns, column,"
                " cover, media-text, buttons and quote; fill every required text; use"
                " https://, /path or #anchor links"
            ),
        )
    model = spec if isinstance(spec, PatternSpec) else PatternSpec.model_validate(spec)
    return "\n\n".join(serialize_block(block) for block in model.blocks)


def _path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "pattern"


def _schema_violations(data: object) -> list[Violation]:
    """Shape errors (wrong types, missing or unknown keys), as pydantic finds them."""
    try:
        PatternSpec.model_validate(data)
    except ValidationError as error:
        return [
            Violation(
                field=_path(detail["loc"]),
                rule=_PYDANTIC_RULES.get(detail["type"], "invalid_field"),
                message=_schema_message(detail["type"], detail["msg"], len(detail["loc"])),
            )
            for detail in error.errors()
        ]
    return []


def _schema_message(kind: str, message: str, depth: int) -> str:
    if kind == "missing":
        return "this field is required; add it"
    if kind == "extra_forbidden":
        owner, model = ("a pattern", PatternSpec) if depth == 1 else ("a block", Block)
        return f"unknown field; remove it ({owner} has: {', '.join(model.model_fields)})"
    return message[0].lower() + message[1:]


def _spec_violations(data: dict[str, Any]) -> list[Violation]:
    """Rules the schema cannot say: block types, nesting, required text, safe links."""
    found: list[Violation] = []
    for key, limit in _TEXT_LIMITS.items():
        value = data.get(key)
        if isinstance(value, str) and not value.strip():
            found.append(Violation(field=key, rule="missing_field", message=f"the {key} is empty"))
        elif isinstance(value, str) and len(value) > limit:
            found.append(
                Violation(field=key, rule="bad_value", message=f"keep the {key} under {limit}")
            )
    blocks = data.get("blocks")
    if isinstance(blocks, list):
        if not blocks:
            found.append(
                Violation(field="blocks", rule="missing_field", message="a pattern needs a block")
            )
        counter = [0]
        _check_blocks(blocks, "blocks", None, 1, found, counter)
        if counter[0] > MAX_BLOCKS:
            found.append(
                Violation(
                    field="blocks",
                    rule="too_many_blocks",
                    message=f"{counter[0]} blocks; a pattern holds at most {MAX_BLOCKS}",
                )
            )
    return found


def _check_blocks(
    blocks: list[Any],
    path: str,
    parent: str | None,
    depth: int,
    found: list[Violation],
    counter: list[int],
) -> None:
    parent_type = BLOCK_TYPES.get(parent) if parent else None
    for index, raw in enumerate(blocks):
        if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
            continue  # a shape error, already reported by the schema check
        counter[0] += 1
        where = f"{path}[{index}]"
        name = normalize_block_name(raw["type"])
        kind = BLOCK_TYPES.get(name)
        if parent_type is not None and parent_type.children and name != parent_type.children:
            found.append(
                _nesting(where, f"a {parent} block may only hold {parent_type.children} blocks")
            )
        elif kind is not None and kind.parent and parent != kind.parent:
            found.append(_nesting(where, f"a {name} block must sit directly inside {kind.parent}"))
        if kind is None:
            found.append(
                Violation(
                    field=where,
                    rule="unknown_block",
                    message=f"unknown block type {raw['type']!r}; use one of: "
                    + ", ".join(SUPPORTED_BLOCKS),
                )
            )
        else:
            found.extend(_block_violations(name, raw, where))
        inner = raw.get("inner")
        if not isinstance(inner, list) or not inner:
            continue
        if depth >= MAX_DEPTH:
            found.append(
                Violation(
                    field=f"{where}.inner",
                    rule="too_deep",
                    message=f"blocks nest at most {MAX_DEPTH} deep; flatten this part",
                )
            )
            continue
        _check_blocks(inner, f"{where}.inner", name, depth + 1, found, counter)


def _nesting(where: str, message: str) -> Violation:
    return Violation(field=where, rule="invalid_nesting", message=message)


def _block_violations(name: str, raw: dict[str, Any], where: str) -> list[Violation]:
    """The rules of one known block, apart from where it sits."""
    kind = BLOCK_TYPES[name]
    found: list[Violation] = []
    inner = raw.get("inner")
    has_inner = isinstance(inner, list) and bool(inner)
    if has_inner and not kind.container:
        found.append(
            _nesting(
                f"{where}.inner",
                f"a {name} block cannot hold inner blocks; put them after it,"
                " or wrap both in a group",
            )
        )
    if kind.children and not has_inner and (inner is None or isinstance(inner, list)):
        found.append(
            Violation(
                field=f"{where}.inner",
                rule="empty_container",
                message=f"a {name} block needs at least one {kind.children} block in inner",
            )
        )
    for field in kind.required:
        if _is_empty(raw.get(field)):
            found.append(
                Violation(
                    field=f"{where}.{field}",
                    rule="missing_field",
                    message=f"a {name} block needs a non-empty {field}",
                )
            )
    if name == "quote" and _is_empty(raw.get("text")) and not has_inner:
        found.append(
            Violation(
                field=f"{where}.text",
                rule="missing_field",
                message="a quote block needs text or inner paragraph blocks",
            )
        )
    for field, value in raw.items():
        if field in ("type", "inner") or field not in Block.model_fields:
            continue
        if field not in kind.fields and not _is_empty(value) and value is not False:
            found.append(
                Violation(
                    field=f"{where}.{field}",
                    rule="unused_field",
                    message=f"a {name} block does not use {field}; remove it or change the type",
                )
            )
    found.extend(_value_violations(raw, where))
    return found


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str | list) and not _has_content(value))


def _has_content(value: str | list[Any]) -> bool:
    return bool(value.strip()) if isinstance(value, str) else bool(value)


def _value_violations(raw: dict[str, Any], where: str) -> list[Violation]:
    """Range, format and safety checks of the fields a block has (wrong types are skipped)."""
    found: list[Violation] = []

    def bad(field: str, rule: str, message: str) -> None:
        found.append(Violation(field=f"{where}.{field}", rule=rule, message=message))

    level = raw.get("level")
    if _is_int(level) and not 1 <= level <= 6:
        bad("level", "bad_level", f"heading level {level} does not exist; use 1 to 6")
    url = raw.get("url")
    if isinstance(url, str) and url.strip() and (problem := url_problem(url)):
        bad("url", "unsafe_url", problem)
    height = raw.get("height")
    if _is_int(height) and not 1 <= height <= MAX_SPACER_HEIGHT:
        bad("height", "bad_value", f"spacer height {height} is not 1 to {MAX_SPACER_HEIGHT} px")
    dim = raw.get("dim")
    if _is_int(dim) and not 0 <= dim <= 100:
        bad("dim", "bad_value", f"overlay opacity {dim} is not 0 to 100")
    color = raw.get("overlay_color")
    if isinstance(color, str) and not HEX_COLOR.match(color):
        bad("overlay_color", "bad_value", f"{color[:20]!r} is not a #rrggbb color")
    items = raw.get("items")
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, str) and not item.strip():
                bad(f"items[{index}]", "missing_field", "a list item is empty; remove it")
    found.extend(_table_violations(raw, where))
    return found


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _table_violations(raw: dict[str, Any], where: str) -> list[Violation]:
    rows = raw.get("rows")
    head = raw.get("head")
    widths: set[int] = set()
    if isinstance(head, list) and head:
        widths.add(len(head))
    found: list[Violation] = []
    if isinstance(rows, list):
        for index, row in enumerate(rows):
            if isinstance(row, list) and not row:
                found.append(
                    Violation(
                        field=f"{where}.rows[{index}]",
                        rule="missing_field",
                        message="a table row has no cells",
                    )
                )
            elif isinstance(row, list):
                widths.add(len(row))
    if len(widths) > 1:
        found.append(
            Violation(
                field=f"{where}.rows",
                rule="bad_value",
                message="every table row (and the head) needs the same number of cells, got "
                + ", ".join(str(width) for width in sorted(widths)),
            )
        )
    return found


def url_problem(url: str) -> str | None:
    """Why a link or image URL is unsafe, or None: only http(s), /path and #anchor pass."""
    shown = repr(url[:80])
    # Browsers drop tabs and newlines inside URLs ("java\tscript:") and read "\" as "/".
    if any(char.isspace() or ord(char) < 32 or ord(char) == 127 or char == "\\" for char in url):
        return f"URL {shown} contains spaces, control characters or backslashes"
    if url.startswith("#") or (url.startswith("/") and not url.startswith("//")):
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return None
    return f"URL {shown} is not allowed; use https://..., a /path on this site or a #anchor"
