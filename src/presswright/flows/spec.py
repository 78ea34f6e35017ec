"""The flow spec (Lekhika shape): inputs, nodes, edges, outputs. Immutable once a run starts."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = ["EdgeSpec", "FlowSpec", "NodePosition", "NodeSpec", "OnError", "inputs_map"]

OnError = Literal["fail", "default", "branch"]
NODE_ID = r"^[a-z][a-z0-9_]{0,63}$"
# A node, or one item of a map node: ``sections`` or ``sections[2]``.
RUN_ID = r"^[a-z][a-z0-9_]{0,63}(\[[0-9]{1,6}\])?$"


class NodePosition(BaseModel):
    """Where a node sits on the canvas of the web studio's editor."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    x: float = Field(ge=-1_000_000, le=1_000_000, allow_inf_nan=False)
    y: float = Field(ge=-1_000_000, le=1_000_000, allow_inf_nan=False)


class NodeSpec(BaseModel):
    """One node: its type, the type's config, and how failures are handled."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=NODE_ID, examples=["outline"])
    type: str = Field(min_length=1, examples=["llm"])
    config: dict[str, Any] = Field(default_factory=dict)
    retries: int = Field(default=0, ge=0, le=10, description="Extra attempts after a failure.")
    retry_delay: float = Field(default=1.0, ge=0, le=600, description="First backoff, doubled.")
    timeout: float | None = Field(default=None, gt=0, le=86_400, description="Seconds per attempt.")
    on_error: OnError = Field(
        default="fail",
        description="fail the run; use `default` as the output; or follow edges marked when=error.",
    )
    default: Any = None
    position: NodePosition | None = Field(
        default=None,
        description="Where the editor draws the node; no effect on a run (not part of its"
        " inputs, so moving a node never makes stored work stale). Laid out by layer when"
        " absent.",
    )


class EdgeSpec(BaseModel):
    """A dependency: ``to`` runs after ``from``, optionally only on one branch."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    source: str = Field(alias="from")
    target: str = Field(alias="to")
    when: str | None = Field(
        default=None,
        description="Branch of a condition node ('true'/'false'), or 'error' for an error branch.",
    )


_INPUT_SHAPES = (
    "inputs are either a map of input name to its JSON Schema, e.g."
    ' {"topic": {"type": "string", "minLength": 5}, "faq": {"type": "boolean", "default": false}}'
    " (an input without a default is required), or one JSON Schema object, e.g."
    ' {"type": "object", "properties": {"topic": {"type": "string"}}, "required": ["topic"]}'
    " (a property not in required may be left out and is then null)"
)
# Keywords that make ``inputs`` one JSON Schema object rather than a map of names.
_OBJECT_SCHEMA_KEYWORDS = frozenset(
    {"type", "properties", "required", "additionalProperties", "$schema", "$id", "title"}
    | {"description", "$defs", "definitions", "$comment", "examples"}
)


def _is_object_schema(inputs: dict[str, Any]) -> bool:
    kind = inputs.get("type")
    if isinstance(kind, str) or (isinstance(kind, list) and all(isinstance(k, str) for k in kind)):
        return True
    return isinstance(inputs.get("properties"), dict) and set(inputs) <= _OBJECT_SCHEMA_KEYWORDS


def inputs_map(inputs: object) -> dict[str, dict[str, Any]]:
    """Flow inputs as the map of name to JSON Schema, from either accepted shape.

    A JSON Schema object becomes one entry per property; a property outside ``required``
    without a default gets ``"default": null``; top-level ``$defs`` travel with every
    property that refers to them. Raises ValueError showing both shapes otherwise.
    """
    if not isinstance(inputs, dict):
        raise ValueError(f"found {type(inputs).__name__}; {_INPUT_SHAPES}")
    if not _is_object_schema(inputs):
        wrong = [name for name, schema in inputs.items() if not isinstance(schema, dict)]
        if wrong:
            raise ValueError(f"input {wrong[0]!r} is not a JSON Schema object; {_INPUT_SHAPES}")
        return inputs
    if inputs.get("type", "object") not in ("object", ["object"]):
        raise ValueError(
            f"the inputs schema has type {inputs['type']!r}, not object; {_INPUT_SHAPES}"
        )
    properties = inputs.get("properties", {})
    required = inputs.get("required", [])
    if not isinstance(properties, dict) or not isinstance(required, list):
        raise ValueError(f"properties must be an object and required a list; {_INPUT_SHAPES}")
    unknown = sorted(str(name) for name in set(required) - set(properties))
    if unknown:
        raise ValueError(
            f"required names {unknown} that properties does not declare; {_INPUT_SHAPES}"
        )
    definitions = {
        k: inputs[k] for k in ("$defs", "definitions") if isinstance(inputs.get(k), dict)
    }
    converted: dict[str, dict[str, Any]] = {}
    for name, schema in properties.items():
        if not isinstance(schema, dict):
            raise ValueError(f"property {name!r} is not a JSON Schema object; {_INPUT_SHAPES}")
        entry = dict(schema)
        if name not in required and "default" not in entry:
            entry["default"] = None
        if definitions and "$ref" in str(schema):
            entry = {**definitions, **entry}
        converted[name] = entry
    return converted


class FlowSpec(BaseModel):
    """A whole flow."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=100)
    version: int = Field(default=1, ge=1)
    description: str = ""
    inputs: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="JSON Schema of each input (an input without a 'default' is required),"
        " or one JSON Schema object with properties and required.",
    )
    nodes: list[NodeSpec]
    edges: list[EdgeSpec] = Field(default_factory=list)
    outputs: dict[str, str] = Field(
        default_factory=dict,
        description="Output name -> template over inputs and node outputs; default: sink nodes.",
    )

    @field_validator("inputs", mode="before")
    @classmethod
    def _inputs_shape(cls, value: object) -> dict[str, dict[str, Any]]:
        return inputs_map(value)

    def node(self, node_id: str) -> NodeSpec:
        """The node with this id (the spec is validated, so it exists)."""
        return next(node for node in self.nodes if node.id == node_id)

    def input_schema(self) -> dict[str, Any]:
        """The inputs as one JSON Schema object (also used to draw input forms)."""
        required = [name for name, schema in self.inputs.items() if "default" not in schema]
        return {
            "type": "object",
            "properties": dict(self.inputs),
            "required": required,
            "additionalProperties": False,
        }
