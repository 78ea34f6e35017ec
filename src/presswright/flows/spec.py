"""The flow spec (Lekhika shape): inputs, nodes, edges, outputs. Immutable once a run starts."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["EdgeSpec", "FlowSpec", "NodeSpec", "OnError"]

OnError = Literal["fail", "default", "branch"]
NODE_ID = r"^[a-z][a-z0-9_]{0,63}$"


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


class EdgeSpec(BaseModel):
    """A dependency: ``to`` runs after ``from``, optionally only on one branch."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    source: str = Field(alias="from")
    target: str = Field(alias="to")
    when: str | None = Field(
        default=None,
        description="Branch of a condition node ('true'/'false'), or 'error' for an error branch.",
    )


class FlowSpec(BaseModel):
    """A whole flow."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=100)
    version: int = Field(default=1, ge=1)
    description: str = ""
    inputs: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="JSON Schema of each input; an input without a 'default' is required.",
    )
    nodes: list[NodeSpec]
    edges: list[EdgeSpec] = Field(default_factory=list)
    outputs: dict[str, str] = Field(
        default_factory=dict,
        description="Output name -> template over inputs and node outputs; default: sink nodes.",
    )

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
