"""From source rows to validated items: column mapping, list cells, validation, item keys.

A mapping says which source column fills which field (``name=Product Title``); a field not
mapped takes the column of the same name (case, spaces and hyphens aside), and for
products a column ``attributes.material`` fills that attribute. List fields (keywords,
features) take a delimited cell or a JSON list. Every row is checked against the item
model (:class:`ProductFacts` or :class:`ContentRequest`) before anything runs; the problems
of all rows are reported together, each with its row number and field.

An item's key is the SHA-256 of its kind, its normalized brief and the model: the same
row on the same model always has the same key, whichever file or job it comes from.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from presswright.bulk.errors import BulkInputError, InputProblem
from presswright.bulk.sources import Source
from presswright.content.models import ContentRequest, ProductFacts

__all__ = [
    "BulkKind",
    "ItemInput",
    "Items",
    "item_fields",
    "item_key",
    "parse_mapping",
    "validate_items",
]

BulkKind = Literal["product", "article"]
MODELS: dict[str, type[BaseModel]] = {"product": ProductFacts, "article": ContentRequest}
_LABELS = {"product": "name", "article": "topic"}
_LIST_FIELDS = frozenset({"keywords", "features"})
_ATTRIBUTE = "attributes."
_ROWS_HINT = "fix those rows (or map columns with field=Column) and submit the file again"


@dataclass(frozen=True)
class ItemInput:
    """One valid row: where it came from, its key, a label for reports, and its brief."""

    row: int
    key: str
    label: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class Items:
    """The valid items of a source, and the columns no field used."""

    items: list[ItemInput]
    ignored_columns: list[str]


def item_fields(kind: BulkKind) -> list[str]:
    """The fields a row of ``kind`` can fill."""
    return list(MODELS[kind].model_fields)


def item_key(kind: BulkKind, payload: dict[str, Any], model: str) -> str:
    """What makes two items the same work: kind, normalized brief and model."""
    canonical = json.dumps(
        {"kind": kind, "item": payload, "model": model},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def parse_mapping(pairs: Sequence[str]) -> dict[str, str]:
    """``field=Column`` pairs (``--map``) as {field: column}; BulkInputError names bad ones."""
    mapping: dict[str, str] = {}
    problems = []
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            problems.append(InputProblem(("mapping",), f"{pair!r} is not field=Column"))
        else:
            mapping[field.strip()] = column.strip()
    if problems:
        raise BulkInputError(
            "the column mapping is invalid", problems, hint="e.g. --map 'name=Product Title'"
        )
    return mapping


def _simple(name: str) -> str:
    return name.strip().casefold().replace(" ", "_").replace("-", "_")


def _resolve_columns(kind: BulkKind, source: Source, mapping: dict[str, str]) -> dict[str, str]:
    """{field: column} for every field with a column: the mapping, then columns by name."""
    fields = item_fields(kind)
    by_name = {column.strip().casefold(): column for column in source.columns}
    problems = []
    resolved: dict[str, str] = {}
    for field, column in mapping.items():
        attribute = (
            kind == "product" and field.startswith(_ATTRIBUTE) and len(field) > len(_ATTRIBUTE)
        )
        if field not in fields and not attribute:
            listed = ", ".join(fields)
            problems.append(InputProblem(("mapping", field), f"no such field; fields: {listed}"))
        elif column.strip().casefold() not in by_name:
            shown = ", ".join(source.columns[:30]) or "none"
            problems.append(
                InputProblem(("mapping", field), f"no column {column!r}; columns: {shown}")
            )
        else:
            resolved[field] = by_name[column.strip().casefold()]
    if problems:
        raise BulkInputError(
            "the column mapping does not fit the file",
            problems,
            hint="map each field to a column of the file: field=Column",
        )
    taken = set(resolved.values())
    for column in source.columns:
        if column in taken:
            continue
        name = _simple(column)
        if name in fields and name not in resolved:
            resolved[name] = column
        elif kind == "product" and name.startswith(_ATTRIBUTE) and len(name) > len(_ATTRIBUTE):
            resolved.setdefault(_ATTRIBUTE + column.strip()[len(_ATTRIBUTE) :], column)
    return resolved


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _normalized(value: Any) -> Any:
    """Whitespace collapsed in every string, so spacing never makes two items differ."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_normalized(item) for item in value]
    if isinstance(value, dict):
        return {key: _normalized(item) for key, item in value.items()}
    return value


def _has_nul(value: Any) -> bool:
    """Whether a NUL character hides anywhere in ``value`` (no database text column holds one)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    return False


def _text(value: Any) -> Any:
    """Numbers become text (a JSON price of 24.9); anything else is left to validation."""
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def _listed(value: Any, separator: str) -> Any:
    if isinstance(value, str):
        return [part.strip() for part in value.split(separator) if part.strip()]
    if isinstance(value, list):
        return [_text(item) for item in value]
    return value


def _attributes(value: Any, separator: str, row: int) -> tuple[dict[str, Any], list[InputProblem]]:
    """An attributes cell: a JSON object, or ``key=value`` pairs split by the separator."""
    if isinstance(value, dict):
        return {str(k): _text(v) for k, v in value.items()}, []
    if not isinstance(value, str):
        return {}, [InputProblem(("row", row, "attributes"), "give an object or key=value pairs")]
    found: dict[str, Any] = {}
    problems = []
    for pair in (part for part in value.split(separator) if part.strip()):
        key, sep, text = pair.partition("=")
        if not sep or not key.strip():
            message = f"{pair.strip()!r} is not key=value"
            problems.append(InputProblem(("row", row, "attributes"), message))
        else:
            found[key.strip()] = text.strip()
    return found, problems


def _brief(
    values: dict[str, Any], columns: dict[str, str], separator: str, row: int
) -> tuple[dict[str, Any], list[InputProblem]]:
    """The raw brief of one row (before validation), and problems found building it."""
    brief: dict[str, Any] = {}
    problems: list[InputProblem] = []
    for field, column in sorted(columns.items()):  # "attributes" before "attributes.x"
        value = values.get(column)
        if _blank(value):
            continue
        if field == "attributes":
            found, wrong = _attributes(value, separator, row)
            brief.setdefault("attributes", {}).update(found)
            problems += wrong
        elif field.startswith(_ATTRIBUTE):
            brief.setdefault("attributes", {})[field[len(_ATTRIBUTE) :]] = _text(value)
        elif field in _LIST_FIELDS:
            brief[field] = _listed(value, separator)
        else:
            brief[field] = _text(value)
    if _has_nul(brief):
        problems.append(InputProblem(("row", row), "a cell contains a NUL character"))
    return _normalized(brief), problems


def _validation_problems(error: ValidationError, row: int) -> list[InputProblem]:
    return [
        InputProblem(("row", row, *(str(part) for part in item["loc"])), item["msg"])
        for item in error.errors()
    ]


def validate_items(
    source: Source,
    *,
    kind: BulkKind,
    model: str,
    mapping: dict[str, str],
    list_separator: str,
    brand_profiles: Collection[str],
) -> Items:
    """Every row as a validated item; BulkInputError lists the problems of every bad row.

    ``brand_profiles`` are the names the workspace has: a row naming another is invalid.
    """
    columns = _resolve_columns(kind, source, mapping)
    item_model = MODELS[kind]
    items: list[ItemInput] = []
    problems: list[InputProblem] = []
    first_row: dict[str, int] = {}
    for record in source.records:
        brief, found = _brief(record.values, columns, list_separator, record.row)
        if found:
            problems += found
            continue
        try:
            payload = item_model.model_validate(brief).model_dump(mode="json")
        except ValidationError as error:
            problems += _validation_problems(error, record.row)
            continue
        brand = payload.get("brand_profile")
        if brand is not None and brand not in brand_profiles:
            message = f"no brand profile named {brand!r} in this workspace"
            problems.append(InputProblem(("row", record.row, "brand_profile"), message))
            continue
        key = item_key(kind, payload, model)
        if key in first_row:
            message = f"the same {kind} as row {first_row[key]}; remove one of them"
            problems.append(InputProblem(("row", record.row), message))
            continue
        first_row[key] = record.row
        label = str(payload[_LABELS[kind]])[:300]
        items.append(ItemInput(row=record.row, key=key, label=label, payload=payload))
    if problems:
        bad = len({problem.row for problem in problems})
        what = f"{bad} of {len(source.records)} rows are invalid"
        raise BulkInputError(what, problems, hint=_ROWS_HINT)
    used = set(columns.values())
    return Items(items, [column for column in source.columns if column not in used])
