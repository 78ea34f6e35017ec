"""From source rows to validated items: column mapping, list cells, validation, item keys.

A mapping says which source column fills which field (``name=Product Title``); a field not
mapped takes the column of the same name (case, spaces and hyphens aside), and for
products a column ``attributes.material`` fills that attribute. List fields (keywords,
features) take a delimited cell or a JSON list. An attributes cell takes a JSON object or
text: its ``key: value`` (or ``key=value``) pieces become attributes, the other pieces
features (:mod:`.attribute_cells`). A file with no column for a required field (a product's
name, an article's topic) is refused at once, naming the columns it has and the
``--map`` flags likely to fit (:mod:`.column_hints`). Every row is checked against the item
model (:class:`ProductFacts` or :class:`ContentRequest`) before anything runs; the problems
of all rows are reported together, each with its row number and field.

An item's key is the SHA-256 of its kind, its normalized brief and the model: the same
row on the same model always has the same key, whichever file or job it comes from.

A job that writes product copy back to a WooCommerce store also reads each row's product
id from the ``woo_product_id`` column (what ``presswright wc export`` writes; mappable like
any field). The id is then part of the item's key, so two products with identical facts
stay two items, each written to its own product; without a store the column is unused.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from presswright.bulk.attribute_cells import split_attributes
from presswright.bulk.column_hints import missing_columns_error
from presswright.bulk.errors import BulkInputError, InputProblem
from presswright.bulk.records import Source
from presswright.content.models import PICTURE_SETTINGS, ContentRequest, ProductFacts
from presswright.publish.woocommerce.products import EXPORT_ID_COLUMN

__all__ = [
    "PRODUCT_ID_FIELD",
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
# Fields whose cell holds settings: a JSON object or key: value pieces.
_OBJECT_FIELDS = frozenset({"images"})
# Settings of the generation rather than facts of the row: filled only through a mapping
# (images=Pictures), never by a column's name, since shop exports have an "Images" column
# of picture addresses; left out of the payload when not given, so a row's payload and key
# are what they were before these settings existed.
SETTINGS_FIELDS = PICTURE_SETTINGS
_ATTRIBUTE = "attributes."
_ROWS_HINT = "fix those rows (or map columns with field=Column) and submit the file again"
# The field naming the WooCommerce product a row's copy is written back to.
PRODUCT_ID_FIELD = EXPORT_ID_COLUMN
_MAX_PRODUCT_ID = 2**31 - 1  # what the database's integer columns hold
_ID_HINT = "a positive whole number, e.g. 42 (`presswright wc export STORE` writes the ids)"


@dataclass(frozen=True)
class ItemInput:
    """One valid row: where it came from, its key, a label for reports, and its brief."""

    row: int
    key: str
    label: str
    payload: dict[str, Any]
    woo_product_id: int | None = None


@dataclass(frozen=True)
class Items:
    """The valid items of a source, which column filled each field, and the columns no
    field used."""

    items: list[ItemInput]
    ignored_columns: list[str]
    columns: dict[str, str]


def item_fields(kind: BulkKind) -> list[str]:
    """The fields a row of ``kind`` can fill."""
    return list(MODELS[kind].model_fields)


def item_key(
    kind: BulkKind, payload: dict[str, Any], model: str, *, woo_product_id: int | None = None
) -> str:
    """What makes two items the same work: kind, normalized brief, model (and target product)."""
    work: dict[str, Any] = {"kind": kind, "item": payload, "model": model}
    if woo_product_id is not None:
        work["woo_product_id"] = woo_product_id
    canonical = json.dumps(
        work,
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


def _resolve_columns(
    kind: BulkKind, source: Source, mapping: dict[str, str], *, product_ids: bool
) -> dict[str, str]:
    """{field: column} for every field with a column: the mapping, then columns by name.

    With ``product_ids``, :data:`PRODUCT_ID_FIELD` is a field too, and one the file must have.
    """
    fields = item_fields(kind) + ([PRODUCT_ID_FIELD] if product_ids else [])
    by_name = {column.strip().casefold(): column for column in source.columns}
    problems = []
    resolved: dict[str, str] = {}
    for field, column in mapping.items():
        attribute = (
            kind == "product" and field.startswith(_ATTRIBUTE) and len(field) > len(_ATTRIBUTE)
        )
        if field == PRODUCT_ID_FIELD and not product_ids:
            message = (
                "read only when copy is written back to a WooCommerce store: give the store"
                " (publish_store, --store STORE), or leave this mapping out"
            )
            problems.append(InputProblem(("mapping", field), message))
        elif field not in fields and not attribute:
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
        if name in fields and name not in resolved and name not in SETTINGS_FIELDS:
            resolved[name] = column
        elif kind == "product" and name.startswith(_ATTRIBUTE) and len(name) > len(_ATTRIBUTE):
            resolved.setdefault(_ATTRIBUTE + column.strip()[len(_ATTRIBUTE) :], column)
    _require_columns(kind, source, resolved)
    if product_ids and PRODUCT_ID_FIELD not in resolved:
        shown = ", ".join(source.columns[:30]) or "none"
        raise BulkInputError(
            "the file names no WooCommerce products to write back to",
            [InputProblem(("mapping", PRODUCT_ID_FIELD), f"no such column; columns: {shown}")],
            hint=f"export the products with `presswright wc export STORE`, or map the column"
            f" that holds their ids: {PRODUCT_ID_FIELD}=Column",
        )
    return resolved


def _require_columns(kind: BulkKind, source: Source, resolved: dict[str, str]) -> None:
    """Refuse a file with no column for a required field, suggesting the ``--map`` to fit."""
    fields = MODELS[kind].model_fields
    missing = [f for f, info in fields.items() if info.is_required() and f not in resolved]
    if missing:
        unused = [column for column in source.columns if column not in resolved.values()]
        raise missing_columns_error(kind, missing, source.columns, unused)


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


def _attributes(
    value: Any, separator: str, row: int
) -> tuple[dict[str, Any], list[str], list[InputProblem]]:
    """An attributes cell: a JSON object, or text of ``key: value`` pairs and free features."""
    if isinstance(value, dict):
        return {str(k): _text(v) for k, v in value.items()}, [], []
    if not isinstance(value, str):
        problem = InputProblem(("row", row, "attributes"), "give an object or key: value pairs")
        return {}, [], [problem]
    attributes, features = split_attributes(value, separator)
    return attributes, features, []


def _object_cell(value: Any, field: str, row: int) -> tuple[Any, list[InputProblem]]:
    """A cell of settings (an article's ``images``): a JSON object, or ``key: value`` pieces
    split by commas or semicolons (``featured: true, body: 2``); validation checks the rest."""
    if not isinstance(value, str):
        return value, []
    text = value.strip()
    if text.startswith("{"):
        try:
            return json.loads(text), []
        except ValueError:
            return None, [InputProblem(("row", row, field), "the cell is not a valid JSON object")]
    settings: dict[str, str] = {}
    for piece in re.split(r"[,;]", text):
        key, sep, setting = piece.partition(":") if ":" in piece else piece.partition("=")
        if not sep or not key.strip():
            message = f"{piece.strip()!r} is not key: value; write e.g. featured: true, body: 2"
            return None, [InputProblem(("row", row, field), message)]
        settings[key.strip()] = setting.strip()
    return settings, []


def _brief(
    values: dict[str, Any], columns: dict[str, str], separator: str, row: int
) -> tuple[dict[str, Any], list[InputProblem]]:
    """The raw brief of one row (before validation), and problems found building it."""
    brief: dict[str, Any] = {}
    problems: list[InputProblem] = []
    more_features: list[str] = []
    for field, column in sorted(columns.items()):  # "attributes" before "attributes.x"
        value = values.get(column)
        if _blank(value):
            continue
        if field == "attributes":
            found, features, wrong = _attributes(value, separator, row)
            brief.setdefault("attributes", {}).update(found)
            more_features += features
            problems += wrong
        elif field.startswith(_ATTRIBUTE):
            brief.setdefault("attributes", {})[field[len(_ATTRIBUTE) :]] = _text(value)
        elif field in _LIST_FIELDS:
            brief[field] = _listed(value, separator)
        elif field in _OBJECT_FIELDS:
            settings, wrong = _object_cell(value, field, row)
            brief[field] = settings
            problems += wrong
        else:
            brief[field] = _text(value)
    if more_features:
        listed = brief.get("features")
        brief["features"] = (listed if isinstance(listed, list) else []) + more_features
    if _has_nul(brief):
        problems.append(InputProblem(("row", row), "a cell contains a NUL character"))
    return _normalized(brief), problems


def _product_id(value: Any, row: int) -> tuple[int | None, list[InputProblem]]:
    """The WooCommerce product id of a row's cell, or the problem with it."""
    where = ("row", row, PRODUCT_ID_FIELD)
    if _blank(value):
        return None, [InputProblem(where, f"missing: give the product's id, {_ID_HINT}")]
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value.strip())
    if number is None or not 0 < number <= _MAX_PRODUCT_ID:
        shown = repr(value)[:60]
        return None, [InputProblem(where, f"{shown} is not a product id: give {_ID_HINT}")]
    return number, []


def _validation_problems(error: ValidationError, row: int) -> list[InputProblem]:
    return [
        InputProblem(("row", row, *(str(part) for part in item["loc"])), item["msg"])
        for item in error.errors()
    ]


def _payload(
    values: dict[str, Any],
    row: int,
    *,
    kind: BulkKind,
    columns: dict[str, str],
    list_separator: str,
    brand_profiles: Collection[str],
) -> tuple[dict[str, Any] | None, list[InputProblem]]:
    """The validated brief of one row, or the problems that keep it from being one."""
    brief, problems = _brief(values, columns, list_separator, row)
    if problems:
        return None, problems
    try:
        model = MODELS[kind].model_validate(brief)
    except ValidationError as error:
        return None, _validation_problems(error, row)
    payload = model.model_dump(
        mode="json", exclude={name for name in SETTINGS_FIELDS if name not in brief}
    )
    brand = payload.get("brand_profile")
    if brand is not None and brand not in brand_profiles:
        message = f"no brand profile named {brand!r} in this workspace"
        return None, [InputProblem(("row", row, "brand_profile"), message)]
    return payload, []


def validate_items(
    source: Source,
    *,
    kind: BulkKind,
    model: str,
    mapping: dict[str, str],
    list_separator: str,
    brand_profiles: Collection[str],
    product_ids: bool = False,
) -> Items:
    """Every row as a validated item; BulkInputError lists the problems of every bad row.

    ``brand_profiles`` are the names the workspace has: a row naming another is invalid.
    With ``product_ids`` every row must name its WooCommerce product (:data:`PRODUCT_ID_FIELD`),
    a different one from every other row's.
    """
    columns = _resolve_columns(kind, source, mapping, product_ids=product_ids)
    id_column = columns.get(PRODUCT_ID_FIELD) if product_ids else None
    brief_columns = {f: c for f, c in columns.items() if f != PRODUCT_ID_FIELD or not product_ids}
    items: list[ItemInput] = []
    problems: list[InputProblem] = []
    first_row: dict[str, int] = {}
    first_product: dict[int, int] = {}
    for record in source.records:
        target: int | None = None
        found: list[InputProblem] = []
        if id_column is not None:
            target, found = _product_id(record.values.get(id_column), record.row)
        payload, wrong = _payload(
            record.values,
            record.row,
            kind=kind,
            columns=brief_columns,
            list_separator=list_separator,
            brand_profiles=brand_profiles,
        )
        if found or wrong or payload is None:
            problems += found + wrong
            continue
        if target is not None and target in first_product:
            message = f"the same WooCommerce product ({target}) as row {first_product[target]};"
            message += " remove one of them"
            problems.append(InputProblem(("row", record.row, PRODUCT_ID_FIELD), message))
            continue
        key = item_key(kind, payload, model, woo_product_id=target)
        if key in first_row:
            message = f"the same {kind} as row {first_row[key]}; remove one of them"
            problems.append(InputProblem(("row", record.row), message))
            continue
        first_row[key] = record.row
        if target is not None:
            first_product[target] = record.row
        label = str(payload[_LABELS[kind]])[:300]
        items.append(ItemInput(record.row, key, label, payload, woo_product_id=target))
    if problems:
        bad = len({problem.row for problem in problems})
        what = f"{bad} of {len(source.records)} rows are invalid"
        raise BulkInputError(what, problems, hint=_ROWS_HINT)
    used = set(columns.values()) | source.explained_columns
    ignored = [column for column in source.columns if column not in used]
    return Items(items, ignored, dict(sorted(columns.items())))
