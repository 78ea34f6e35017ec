"""The fields a bulk row fills, as a screen matching a file's columns to them lists them.

Each field of the item model (:class:`~presswright.content.models.ProductFacts` for
products, :class:`~presswright.content.models.ContentRequest` for articles), plus the
WooCommerce product id when copy is written back to a store: its label, what a cell of it
holds (from the model's own schema), whether a row must fill it, what to put in it, and
the column names the server recognises for it in each language of its alias table
(:mod:`.column_hints`). Given a file's columns, :func:`bulk_fields` also says which column
most likely fills each field, so a screen's first guess is the server's; a shop's own
product export is read by its layout instead (its fields come from it), so no column of it
is guessed.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from presswright.bulk.column_hints import ALIAS_LANGUAGES, aliases_by_language, detect_columns
from presswright.bulk.rows import (
    MODELS,
    PRODUCT_ID_FIELD,
    SETTINGS_FIELDS,
    BulkKind,
    item_fields,
)
from presswright.bulk.shop_exports import export_layout

__all__ = ["BulkField", "BulkFields", "CellType", "bulk_fields"]

CellType = Literal["text", "list", "mapping", "choice", "integer", "boolean", "object_list"]

# What a person calls each field, and what its cell holds in a file.
_LIST_HELP = "Split by the list separator, or a JSON list."
_DESCRIBED: dict[str, tuple[str, str]] = {
    "name": ("Name", "The product's name, as the shop shows it."),
    "category": ("Category", "The product's category, e.g. Kitchen textiles."),
    "attributes": ("Attributes", "key: value pairs (material: linen), or a JSON object."),
    "price": ("Price", "As text, e.g. 24.90 EUR."),
    "audience": ("Audience", "Who the product is for."),
    "features": ("Features", _LIST_HELP),
    "keywords": ("Keywords", _LIST_HELP),
    "language": ("Language", "A language code, e.g. en, de or ar; default en."),
    "brand_profile": ("Brand profile", "The name of one of the workspace's brand profiles."),
    "topic": ("Topic", "What the article is about (at least 5 characters)."),
    "image_model": (
        "Image model",
        "The image model for the pictures, e.g. openai:gpt-image-1; default the configured one."
        " Filled only by mapping a column to it.",
    ),
    "images": (
        "Images",
        "Pictures when an image provider is configured: featured: true, body: 2 (0 to 3),"
        " or a JSON object. Filled only by mapping a column to it (a shop export's Images"
        " column holds picture addresses).",
    ),
    "tone": ("Tone", "How the article sounds, e.g. informative; default informative."),
    "length": ("Length", "short, medium or long; default medium."),
    "sections": ("Sections", "How many body sections, a whole number from 1 to 12."),
    "site_index": ("Internal links", "Pages the article may link to: a JSON list of {title, url}."),
    "faq": ("FAQ", "true or false: whether the article ends with questions and answers."),
    PRODUCT_ID_FIELD: (
        "WooCommerce product id",
        "The product each row's copy is written back to (`presswright wc export` writes it).",
    ),
}


class BulkField(BaseModel):
    """One field a row can fill, and how a file's column is recognised as holding it."""

    name: str = Field(description="The field, as a mapping names it (name=Column).")
    label: str = Field(description="What a person calls it.")
    type: CellType = Field(
        description="What a cell holds: text, a list, a mapping (key: value pairs), one of"
        " `choices`, a whole number, true or false, or a list of objects (JSON rows)."
    )
    choices: list[str] = Field(description="The values a choice takes; empty for other types.")
    required: bool = Field(description="Whether every row must fill it.")
    description: str = Field(description="What to put in it.")
    aliases: dict[str, list[str]] = Field(
        description="Column names recognised as this field, by language (besides its own name)."
    )


class BulkFields(BaseModel):
    """The fields of one kind of row, and which of the given columns fills each."""

    kind: BulkKind
    languages: list[str] = Field(description="The languages of the aliases.")
    fields: list[BulkField]
    layout: str | None = Field(
        description="The shop export the columns are the header of, if any: read by its"
        " layout, one item per product, so nothing is detected (a mapping still overrides)."
    )
    detected: dict[str, str] = Field(
        description="Field -> the column that most likely fills it, for the columns given"
        " (each column used once); empty when no column was given or for a shop export."
    )


def _cell_type(
    schema: dict[str, Any], definitions: dict[str, Any] | None = None
) -> tuple[CellType, list[str]]:
    """What a property's JSON schema says a cell holds (a nullable type as that type; a
    reference to a model, e.g. an article's ``images``, as that model: a mapping)."""
    options = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
    chosen = options[0] if options else schema
    reference = chosen.get("$ref")
    if isinstance(reference, str) and definitions is not None:
        chosen = definitions.get(reference.rsplit("/", 1)[-1], chosen)
    if "enum" in chosen:
        return "choice", [str(value) for value in chosen["enum"]]
    kind = chosen.get("type")
    if kind == "array":
        items = chosen.get("items", {})
        return ("list" if items.get("type") == "string" else "object_list"), []
    if kind == "object":
        return "mapping", []
    if kind in ("integer", "boolean"):
        return kind, []
    return "text", []


def _field(
    name: str,
    schema: dict[str, Any],
    *,
    required: bool,
    definitions: dict[str, Any] | None = None,
) -> BulkField:
    label, description = _DESCRIBED.get(name, (name.replace("_", " ").capitalize(), ""))
    cell, choices = _cell_type(schema, definitions)
    return BulkField(
        name=name,
        label=label,
        type=cell,
        choices=choices,
        required=required,
        description=description,
        aliases={lang: list(names) for lang, names in aliases_by_language(name).items()},
    )


def bulk_fields(
    kind: BulkKind, *, product_ids: bool = False, columns: list[str] | None = None
) -> BulkFields:
    """The fields a row of ``kind`` fills (with ``product_ids``, the WooCommerce product id
    too, required), and for ``columns`` the likeliest column of each."""
    model = MODELS[kind]
    schema = model.model_json_schema()
    properties: dict[str, Any] = schema.get("properties", {})
    fields = [
        _field(
            name,
            properties.get(name, {}),
            required=model.model_fields[name].is_required(),
            definitions=schema.get("$defs", {}),
        )
        for name in item_fields(kind)
    ]
    if product_ids and kind == "product":
        fields.append(_field(PRODUCT_ID_FIELD, {"type": "integer"}, required=True))
    layout = export_layout(columns) if columns else None
    detected = (
        detect_columns([f.name for f in fields if f.name not in SETTINGS_FIELDS], columns)
        if columns and not layout
        else {}
    )
    return BulkFields(
        kind=kind,
        languages=list(ALIAS_LANGUAGES),
        fields=fields,
        layout=layout,
        detected=detected,
    )
