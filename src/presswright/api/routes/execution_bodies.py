"""The bodies of ``/api/v1/executions``: what a caller sends and what a run's detail holds."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from presswright.flows import operations as ops
from presswright.flows.spec import RUN_ID, FlowSpec

MAX_TOKEN_CAP = 1_000_000_000
MAX_VERSION = 2**31 - 1  # the executions table stores it as a 32-bit integer
# RFC 3339, as JSON Schema's date-time means it: a time with an offset, nothing looser.
RFC3339 = r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL characters

EXAMPLE_SPEC: dict[str, Any] = {
    "name": "greeting",
    "version": 1,
    "inputs": {"name": {"type": "string", "minLength": 1, "maxLength": 100}},
    "nodes": [
        {"id": "hello", "type": "template", "config": {"template": "Hello, {{ inputs.name }}!"}},
        {"id": "shout", "type": "template", "config": {"template": "{{ hello | upper }}"}},
    ],
    "edges": [{"from": "hello", "to": "shout"}],
}


def _rfc3339(value: object) -> object:
    """Only RFC 3339 text: Pydantic alone would also take bare numbers as Unix times."""
    if isinstance(value, str) and not re.fullmatch(RFC3339, value):
        raise ValueError("use an RFC 3339 date-time with an offset, e.g. 2025-01-31T09:00:00Z")
    return value


Timestamp = Annotated[datetime, BeforeValidator(_rfc3339)]
Comment = Annotated[str, Field(max_length=2000, pattern=NO_NUL)]


class ExecutionStart(BaseModel):
    """A flow to run: its spec inline, its inputs, a token cap, and how long to wait for it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"spec": EXAMPLE_SPEC, "inputs": {"name": "Ada"}, "wait": 5}]
        },
    )
    spec: FlowSpec
    inputs: dict[str, Any] = Field(
        default_factory=dict, description="Values of the inputs the spec declares."
    )
    token_cap: int | None = Field(
        default=None, ge=1, le=MAX_TOKEN_CAP, description="Stop the run past this many tokens."
    )
    wait: float = Field(
        default=0,
        ge=0,
        le=60,
        description="Seconds to wait for the run to finish: 200 if it does in time, else 202.",
    )

    @field_validator("spec")
    @classmethod
    def _storable(cls, spec: FlowSpec) -> FlowSpec:
        if "\x00" in spec.name:
            raise ValueError("the flow name must not contain NUL characters")
        if spec.version > MAX_VERSION:
            raise ValueError(f"the flow version must be at most {MAX_VERSION}")
        return spec


class ExecutionPage(BaseModel):
    """One page of executions, newest first."""

    items: list[ops.ExecutionSummary]
    total: int = Field(description="Executions matching the filters, on all pages.")
    next_offset: int | None = Field(description="The offset of the next page; null on the last.")


class ExecutionResume(BaseModel):
    """Optionally a new token cap (a run stopped by its cap needs a higher one)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"token_cap": 5000}]})
    token_cap: int | None = Field(default=None, ge=1, le=MAX_TOKEN_CAP)


class NodeRegenerate(BaseModel):
    """The node to run again (with the nodes downstream of it), optionally reconfigured."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"node_id": "hello", "overrides": {"template": "Hi, {{ inputs.name }}!"}}]
        },
    )
    node_id: str = Field(
        pattern=RUN_ID,
        description="A node id, or one item of a map node as `node[index]` (e.g. `sections[2]`):"
        " that item alone runs again, then its map's result and what depends on it.",
    )
    overrides: dict[str, Any] | None = Field(
        default=None, max_length=100, description="Config values of the node to change."
    )


class ReviewApproval(BaseModel):
    """Approve the waiting review, optionally replacing the reviewed value."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"edits": "Hello, Ada Lovelace!", "comment": "fuller"}]},
    )
    edits: Any = Field(default=None, description="The value to go on with instead (any JSON).")
    comment: Comment | None = None


class ReviewRejection(BaseModel):
    """Reject the waiting review; the node fails and its on_error decides what follows."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"comment": "off-brand tone"}]}
    )
    comment: Comment | None = None


class NodeAttempt(BaseModel):
    """One attempt of one node (a map item's is ``node[3]``): its output, usage and error."""

    node_id: str
    generation: int = Field(description="0 for the first run; each regenerate adds one.")
    attempt: int
    status: str
    inputs: dict[str, Any] | None = Field(
        default=None,
        description="The node's config templates as rendered for this attempt, by field"
        " (an llm node's `prompt` is the text the model was sent); values past 20,000"
        " characters are cut. None for attempts that rendered nothing, or ran before"
        " inputs were kept.",
    )
    output: Any = None
    tokens_in: int
    tokens_out: int
    cost: float
    latency_ms: float
    error: str | None
    started_at: datetime
    finished_at: datetime | None


class ExecutionDetail(BaseModel):
    """What an execution ran (its spec snapshot and inputs) and every node attempt so far."""

    execution_id: str
    flow: str
    flow_version: int
    status: str
    spec: FlowSpec
    inputs: dict[str, Any]
    token_cap: int | None
    created_at: datetime
    finished_at: datetime | None
    attempts: list[NodeAttempt] = Field(description="Oldest first.")


_LOCATION = {
    "Location": {
        "description": "Where the execution's status document is.",
        "required": True,
        "schema": {"type": "string"},
    }
}
ACCEPTED: dict[int | str, dict[str, Any]] = {
    202: {"description": "Accepted: the run goes on; follow it there.", "headers": _LOCATION}
}
