"""The bodies a bulk job arrives in over HTTP: JSON rows, or a file in a multipart upload.

Both become a :class:`Submission` (rows, options, mapping) for :func:`~.jobs.submit_job`.
Parsing raises pydantic's ValidationError for a body that does not fit its model, and
BulkInputError for a file or mapping that cannot be used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import ConfigDict, Field, JsonValue

from presswright.bulk.errors import BulkInputError, InputProblem
from presswright.bulk.models import BulkOptions
from presswright.bulk.rows import parse_mapping
from presswright.bulk.sources import MAX_ITEMS, Source, SourceFormat, read_source, rows_source
from presswright.bulk.upload import FormPart, form_parts

__all__ = [
    "MAX_JSON_ROWS",
    "BulkCreate",
    "BulkUpload",
    "Submission",
    "submission_from_form",
    "submission_from_json",
]

# A JSON body holds at most this many rows (a file upload up to MAX_ITEMS): with the body
# limit of 1 MiB, more rows would only ever be refused as too large.
MAX_JSON_ROWS = 1000
Column = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(max_length=5000)]
Cell = (
    Text
    | int
    | float
    | bool
    | None
    | Annotated[list[Text], Field(max_length=50)]
    | Annotated[dict[Column, Text], Field(max_length=50)]
)
MapEntry = Annotated[str, Field(min_length=3, max_length=300, pattern=r"^[^=]+=[\s\S]+$")]
Separator = Annotated[str, Field(min_length=1, max_length=5, pattern=r"^[^\x00\r\n]+$")]
_EXAMPLE_ROWS: list[JsonValue] = [
    {"Product": "Linen apron", "category": "Kitchen textiles", "features": "two pockets|straps"},
    {"Product": "Oak board", "category": "Kitchen tools", "features": "end grain"},
]
# Rows as `presswright wc export` writes them, each naming the product to write back to.
_EXAMPLE_STORE_ROWS: list[JsonValue] = [
    {"name": "Linen apron", "category": "Kitchen textiles", "woo_product_id": 42},
    {"name": "Oak board", "category": "Kitchen tools", "woo_product_id": 43},
]


class BulkCreate(BulkOptions):
    """A bulk job as JSON: the rows, which column fills which field, and how it runs."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"kind": "product", "rows": _EXAMPLE_ROWS, "mapping": {"name": "Product"}},
                {"kind": "product", "rows": _EXAMPLE_STORE_ROWS, "publish_store": "shop"},
            ]
        },
    )

    rows: list[Annotated[dict[Column, Cell], Field(max_length=100)]] = Field(
        min_length=1,
        max_length=MAX_JSON_ROWS,
        description=f"One object per item, by column (upload a file for up to {MAX_ITEMS}).",
    )
    mapping: dict[Column, Column] = Field(
        default_factory=dict,
        max_length=100,
        description="Field -> column; a field not named takes the column of its own name.",
    )
    list_separator: Separator = Field(
        default="|", description="Splits keyword and feature cells given as text."
    )


class BulkUpload(BulkOptions):
    """The options of a multipart upload (the file travels in the ``file`` part)."""

    model_config = ConfigDict(extra="forbid")

    map: list[MapEntry] = Field(
        default_factory=list, max_length=100, description="field=Column pairs, one per part."
    )
    format: SourceFormat | None = Field(
        default=None, description="csv, jsonl or json; default: from the file name."
    )
    list_separator: Separator = Field(
        default="|", description="Splits keyword and feature cells given as text."
    )


@dataclass(frozen=True)
class Submission:
    """What a submission body holds, whichever way it came."""

    source: Source
    options: BulkOptions
    mapping: dict[str, str]
    list_separator: str


def _options(body: BulkOptions) -> BulkOptions:
    return BulkOptions.model_validate(body.model_dump(include=set(BulkOptions.model_fields)))


def submission_from_json(raw: bytes) -> Submission:
    """A JSON body (:class:`BulkCreate`) as a submission."""
    body = BulkCreate.model_validate_json(raw)
    return Submission(
        source=rows_source(body.rows),
        options=_options(body),
        mapping=body.mapping,
        list_separator=body.list_separator,
    )


def _form_values(parts: list[FormPart]) -> tuple[FormPart | None, dict[str, Any]]:
    """The file part, and the text fields (``map`` as a list; a repeated field keeps its last)."""
    upload: FormPart | None = None
    values: dict[str, Any] = {}
    for part in parts:
        if part.name == "file":
            upload = part
        elif part.name == "map":
            values.setdefault("map", []).append(part.text())
        else:
            values[part.name] = part.text()
    return upload, values


def submission_from_form(content_type: str, raw: bytes) -> Submission:
    """A multipart/form-data body (a ``file`` part and :class:`BulkUpload` fields)."""
    upload, values = _form_values(form_parts(content_type, raw))
    form = BulkUpload.model_validate(values)
    if upload is None:
        raise BulkInputError(
            "the upload has no file",
            [InputProblem(("file",), "Field required")],
            hint="send the rows as a part named file",
        )
    return Submission(
        source=read_source(upload.data, name=upload.filename, format=form.format),
        options=_options(form),
        mapping=parse_mapping(form.map),
        list_separator=form.list_separator,
    )
