"""The block pattern draft: what the model writes, and the grammar that holds it to the rules.

Two views of one answer, on purpose:

* The JSON Schema (what constrained decoding turns into a grammar, and what models without
  it read in their prompt) is strict: one object shape per block type with its required
  fields, and at each place only the blocks that may sit there: ``button`` only inside
  ``buttons``, ``column`` only inside ``columns``, every container with at least one inner
  block, at most :data:`DEPTH` levels. A recursive ``inner`` would make an unbounded
  grammar, so each level has shapes of its own. Under that grammar even the 135M local
  model cannot write an unknown block, an orphan button or a heading without text.
* Validation (the Pydantic models) is lenient: any block-shaped answer up to the same depth
  passes, so what an unconstrained model gets wrong reaches ``pattern_finish``, which
  quotes each violation back by path or fixes it; an "is not valid under any of the given
  schemas" error from the strict schema would not help the model repair anything.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict

from presswright.content.block_types import BLOCK_TYPES

__all__ = [
    "DEPTH",
    "DRAFT_FIELDS",
    "PATTERN_CATEGORIES",
    "PatternBlockDraft",
    "PatternDraft",
    "PatternInnerDraft",
    "PatternLeafDraft",
    "PatternNestedDraft",
    "block_guide",
    "pattern_draft_schema",
]

DEPTH = 4  # enough for columns > column > buttons > button
# The pattern categories WordPress registers itself; a user's own category replaces the
# model's choice after the run.
PATTERN_CATEGORIES = (
    "featured",
    "call-to-action",
    "banner",
    "header",
    "footer",
    "text",
    "about",
    "services",
    "team",
    "testimonials",
    "gallery",
    "media",
    "portfolio",
    "contact",
    "columns",
    "buttons",
)
# The fields the strict schema asks for; the decorative ones (caption, citation, colors,
# sizes) are left to editors and to hand-written specs, to keep the grammar small.
_FIELD_SCHEMAS: dict[str, dict[str, Any]] = {
    "text": {"type": "string", "minLength": 1},
    "level": {"type": "integer", "minimum": 1, "maximum": 6},
    "items": {
        "type": "array",
        "items": {"type": "string", "minLength": 1},
        "minItems": 1,
        "maxItems": 12,
    },
    "url": {"type": "string", "minLength": 1},
    "alt": {"type": "string", "minLength": 1},
    "rows": {
        "type": "array",
        "items": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 6},
        "minItems": 1,
        "maxItems": 12,
    },
}
DRAFT_FIELDS: tuple[str, ...] = tuple(_FIELD_SCHEMAS)
_MAX_INNER = 8
_MAX_BLOCKS = 12


class PatternLeafDraft(BaseModel):
    """A block at the deepest level; any field of a block, none of them checked here."""

    model_config = ConfigDict(extra="forbid")

    type: str
    text: str | None = None
    level: int | None = None
    ordered: bool | None = None
    items: list[str] | None = None
    url: str | None = None
    alt: str | None = None
    caption: str | None = None
    citation: str | None = None
    height: int | None = None
    dim: int | None = None
    overlay_color: str | None = None
    media_position: str | None = None
    head: list[str] | None = None
    rows: list[list[str]] | None = None


class PatternNestedDraft(PatternLeafDraft):
    """A block on the third level."""

    inner: list[PatternLeafDraft] = []


class PatternInnerDraft(PatternLeafDraft):
    """A block inside a top-level block."""

    inner: list[PatternNestedDraft] = []


class PatternBlockDraft(PatternLeafDraft):
    """A top-level block."""

    inner: list[PatternInnerDraft] = []


class PatternDraft(BaseModel):
    """A block pattern as the model drafts it: title, category and blocks."""

    model_config = ConfigDict(extra="forbid")

    title: str
    category: str
    blocks: list[PatternBlockDraft]

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The strict schema of the module docstring; validation stays lenient."""
        return pattern_draft_schema()


def block_guide() -> str:
    """The strict schema in words: each block type, its fields, where it may sit."""
    labels = {"level": "level (1-6)", "items": "items (texts)", "rows": "rows (lists of cells)"}
    lines = []
    for name, kind in BLOCK_TYPES.items():
        required = _required(name)
        parts = [
            ("required " if field in required else "") + labels.get(field, field)
            for field in DRAFT_FIELDS
            if field in kind.fields
        ]
        if kind.children:
            parts.append(f"required inner ({kind.children} blocks only)")
        elif _holds_inner(name):
            parts.append("required inner (other blocks)")
        if kind.parent:
            parts.append(f"only inside {kind.parent}")
        lines.append(f"- {name}: {', '.join(parts) or 'no fields'}")
    return "\n".join(lines)


def pattern_draft_schema() -> dict[str, Any]:
    """The strict JSON Schema of a pattern draft (a fresh copy: callers may change it)."""
    return copy.deepcopy(_strict_schema())


def _fits(name: str, level: int) -> bool:
    """Whether a block can sit at ``level`` with the inner blocks it needs below it."""
    kind = BLOCK_TYPES[name]
    if not _holds_inner(name):
        return True
    if level >= DEPTH:
        return False
    return kind.children is None or _fits(kind.children, level + 1)


def _holds_inner(name: str) -> bool:
    # A quote takes its text in the draft; its paragraph inner blocks are not worth a level.
    return BLOCK_TYPES[name].container and name != "quote"


def _required(name: str) -> tuple[str, ...]:
    # Without inner blocks in the draft, a quote is nothing but its text.
    required = BLOCK_TYPES[name].required
    return (*required, "text") if name == "quote" else required


def _allowed(parent: str | None, level: int) -> list[str]:
    """The block types that may sit at ``level`` inside ``parent`` (None: the top level)."""
    children = BLOCK_TYPES[parent].children if parent else None
    if children is not None:
        return [children]
    return [
        name for name, kind in BLOCK_TYPES.items() if kind.parent is None and _fits(name, level)
    ]


@cache
def _strict_schema() -> dict[str, Any]:
    defs: dict[str, Any] = {}

    def shape(name: str, level: int) -> dict[str, str]:
        key = f"L{level}-{name}"  # grammar rule names allow letters, digits and dashes
        if key not in defs:
            kind = BLOCK_TYPES[name]
            properties: dict[str, Any] = {"type": {"const": name}}
            required = ["type"]
            for field, schema in _FIELD_SCHEMAS.items():
                if field in kind.fields:
                    properties[field] = schema
                    if field in _required(name):
                        required.append(field)
            if _holds_inner(name):
                properties["inner"] = blocks(name, level + 1, _MAX_INNER)
                required.append("inner")
            defs[key] = {
                "type": "object",
                "properties": properties,
                "required": required,
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{key}"}

    def blocks(parent: str | None, level: int, most: int) -> dict[str, Any]:
        return {
            "type": "array",
            "items": {"anyOf": [shape(name, level) for name in _allowed(parent, level)]},
            "minItems": 1,
            "maxItems": most,
        }

    top = blocks(None, 1, _MAX_BLOCKS)
    return {
        "title": "PatternDraft",
        "type": "object",
        "properties": {
            "title": {"type": "string", "minLength": 1},
            "category": {"enum": list(PATTERN_CATEGORIES)},
            "blocks": top,
        },
        "required": ["title", "category", "blocks"],
        "additionalProperties": False,
        "$defs": defs,
    }
