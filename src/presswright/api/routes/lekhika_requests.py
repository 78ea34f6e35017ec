"""What the worker API takes: Presswright's bodies and Lekhika's, as its design names them,
and how a body says which API it speaks.

Lekhika's field names are its own (``executionId``, ``failedNode``), not Python's, so that
the OpenAPI document and the error messages speak the words a Lekhika client sent.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import Body
from pydantic import BaseModel, ConfigDict, Discriminator, Field, SecretStr, Tag, model_validator

from presswright.api.routes.flows import MAX_INT
from presswright.flows.library import EXAMPLE_SPEC
from presswright.flows.spec import NODE_ID, FlowSpec
from presswright.store.flows import FlowName

__all__ = [
    "ExecuteBody",
    "ExecuteRequest",
    "LekhikaExecuteRequest",
    "LekhikaNode",
    "LekhikaRegenerateRequest",
    "LekhikaResumeRequest",
    "LekhikaWorkflow",
    "RegenerateBody",
    "RegenerateRequest",
    "ResumeBody",
    "ResumeRequest",
    "shape_of",
]

# A body with any of these keys is Lekhika's; Presswright's bodies use snake_case.
_LEKHIKA_KEYS = frozenset(
    {
        "executionId",
        "lekhikaApiKey",
        "userEngineId",
        "masterEngineId",
        "userId",
        "workflow",
        "options",
        "nodes",
        "edges",
        "failedNode",
        "validationError",
        "regeneratePrompt",
    }
)


def shape_of(body: Any) -> Literal["lekhika", "presswright"]:
    """Which API a request body speaks: Lekhika's when it has one of Lekhika's field names."""
    if isinstance(body, dict) and not _LEKHIKA_KEYS.isdisjoint(body):
        return "lekhika"
    if isinstance(body, BaseModel) and type(body).__name__.startswith("Lekhika"):
        return "lekhika"
    return "presswright"


_EXAMPLE_WORKFLOW: dict[str, Any] = {
    "nodes": [
        {
            "id": "input-1",
            "type": "input",
            "position": {"x": 0, "y": 0},
            "data": {
                "type": "input",
                "label": "Book details",
                "inputFields": [{"variable": "topic", "type": "text", "required": True}],
            },
        },
        {
            "id": "process-1",
            "type": "process",
            "position": {"x": 0, "y": 150},
            "data": {
                "type": "process",
                "label": "Story Outliner",
                "systemPrompt": "You outline short books.",
                "userPrompt": "Outline a short book about {{topic}}.",
                "temperature": 0.7,
                "maxTokens": 800,
            },
        },
        {
            "id": "output-1",
            "type": "output",
            "position": {"x": 0, "y": 300},
            "data": {"type": "output", "label": "Book"},
        },
    ],
    "edges": [
        {"id": "e1", "source": "input-1", "target": "process-1"},
        {"id": "e2", "source": "process-1", "target": "output-1"},
    ],
}


class LekhikaNode(BaseModel):
    """A React Flow node as Lekhika stores it: id, type, position and its ``data``."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(min_length=1, max_length=200)
    type: str | None = Field(default=None, max_length=100)
    position: dict[str, Any] | None = None
    data: dict[str, Any] = Field(default_factory=dict)


class LekhikaEdge(BaseModel):
    """A React Flow edge: ``source`` runs before ``target``."""

    model_config = ConfigDict(extra="allow")

    id: str | None = Field(default=None, max_length=200)
    source: str = Field(min_length=1, max_length=200)
    target: str = Field(min_length=1, max_length=200)
    sourceHandle: str | None = Field(default=None, max_length=200)
    targetHandle: str | None = Field(default=None, max_length=200)


class LekhikaWorkflow(BaseModel):
    """A workflow as Lekhika's engines store it (``flow_config``): React Flow nodes and edges."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [_EXAMPLE_WORKFLOW]})

    nodes: list[LekhikaNode] = Field(min_length=1, max_length=500)
    edges: list[LekhikaEdge] = Field(default_factory=list, max_length=2000)


class LekhikaExecuteRequest(BaseModel):
    """Lekhika's ``/execute`` body. ``workflow`` runs; without it the saved flow whose id is
    ``userEngineId`` (else ``masterEngineId``) runs."""

    model_config = ConfigDict(
        extra="forbid",
        hide_input_in_errors=True,
        json_schema_extra={
            "examples": [
                {
                    "executionId": "5d0c4b8e-7a51-4f0e-9d8e-2b6f3f1c9a10",
                    "userId": None,
                    "workflow": _EXAMPLE_WORKFLOW,
                    "inputs": {"topic": "keeping bees in a city garden"},
                    "options": {"tokenCap": 20000},
                }
            ]
        },
    )

    executionId: uuid.UUID | None = Field(
        default=None,
        description="The id the execution gets (a new UUID; 409 if taken); default: a new one.",
    )
    lekhikaApiKey: SecretStr | None = Field(
        default=None,
        description="The Presswright API key, read only when no X-API-Key or Authorization"
        " header is sent; never stored or logged.",
    )
    userEngineId: uuid.UUID | None = Field(
        default=None, description="A saved flow's id, run when no workflow is sent."
    )
    masterEngineId: uuid.UUID | None = Field(
        default=None,
        description="A saved flow's id, run when neither workflow nor userEngineId names one.",
    )
    userId: uuid.UUID | None = Field(
        default=None, description="When sent, must be the API key's user (else 403)."
    )
    workflow: LekhikaWorkflow | None = None
    inputs: dict[str, Any] = Field(default_factory=dict)
    options: dict[str, Any] = Field(
        default_factory=dict,
        description="tokenCap (a positive integer) caps the run's tokens; other keys are"
        " Lekhika's own and are ignored.",
    )

    @model_validator(mode="after")
    def _something_to_run(self) -> LekhikaExecuteRequest:
        if self.workflow is None and self.userEngineId is None and self.masterEngineId is None:
            raise ValueError("send workflow, or userEngineId or masterEngineId of a saved flow")
        cap = self.options.get("tokenCap")
        if cap is not None and (
            isinstance(cap, bool) or not isinstance(cap, int) or not 1 <= cap <= MAX_INT
        ):
            raise ValueError("options.tokenCap must be a positive whole number of tokens")
        return self

    def token_cap(self) -> int | None:
        """``options.tokenCap``, if sent."""
        cap = self.options.get("tokenCap")
        return cap if isinstance(cap, int) else None


class LekhikaResumeRequest(BaseModel):
    """Lekhika's ``/resume`` body: the execution, and optionally the graph it runs."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"executionId": "5d0c4b8e-7a51-4f0e-9d8e-2b6f3f1c9a10"}]},
    )

    executionId: uuid.UUID
    nodes: list[LekhikaNode] | None = Field(default=None, max_length=500)
    edges: list[LekhikaEdge] | None = Field(default=None, max_length=2000)
    workflow: LekhikaWorkflow | None = None

    def graph(self) -> dict[str, Any] | None:
        """The React Flow graph sent (nodes and edges, else the workflow's), or None."""
        if self.nodes is None and self.edges is None and self.workflow is None:
            return None
        workflow = self.workflow
        nodes = self.nodes if self.nodes is not None else (workflow.nodes if workflow else [])
        edges = self.edges if self.edges is not None else (workflow.edges if workflow else [])
        return {
            "nodes": [node.model_dump() for node in nodes],
            "edges": [edge.model_dump() for edge in edges],
        }


class LekhikaNodeRef(BaseModel):
    """A node named by its React Flow id (Lekhika may send the whole node)."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(min_length=1, max_length=200)


class LekhikaRegenerateRequest(BaseModel):
    """Lekhika's ``/regenerate`` body: the node to run again and why."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "executionId": "5d0c4b8e-7a51-4f0e-9d8e-2b6f3f1c9a10",
                    "failedNode": "process-1",
                    "validationError": "the outline has 2 chapters; 5 were asked for",
                    "regeneratePrompt": "Give exactly 5 chapters.",
                }
            ]
        },
    )

    executionId: uuid.UUID
    failedNode: str | LekhikaNodeRef = Field(
        description="The node's React Flow id, or the node itself (its id is read)."
    )
    validationError: str | None = Field(default=None, max_length=5000)
    regeneratePrompt: str | None = Field(default=None, max_length=20000)

    def failed_node_id(self) -> str:
        """The React Flow id of the node to run again."""
        return self.failedNode if isinstance(self.failedNode, str) else self.failedNode.id


class ExecuteRequest(BaseModel):
    """What to run (exactly one of ``flow_id``, ``flow_name`` or ``spec``) and its inputs."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"spec": EXAMPLE_SPEC, "inputs": {"who": "Ada"}},
                {"flow_name": "greeting", "version": 1, "inputs": {"who": "Ada"}},
            ]
        },
    )

    flow_id: uuid.UUID | None = Field(default=None, description="A saved flow, by id.")
    flow_name: FlowName | None = Field(default=None, description="A saved flow, by name.")
    version: int | None = Field(
        default=None, ge=1, le=MAX_INT, description="Of the saved flow; default: the latest."
    )
    spec: FlowSpec | None = Field(default=None, description="An inline flow spec.")
    inputs: dict[str, Any] = Field(default_factory=dict)
    token_cap: int | None = Field(default=None, ge=1, le=MAX_INT)

    @model_validator(mode="after")
    def _one_flow(self) -> ExecuteRequest:
        given = [self.flow_id is not None, self.flow_name is not None, self.spec is not None]
        if sum(given) != 1:
            raise ValueError("give exactly one of flow_id, flow_name or spec")
        if self.version is not None and self.spec is not None:
            raise ValueError("version picks a version of a saved flow; drop it for a spec")
        return self


class ResumeRequest(BaseModel):
    """A failed or cancelled execution to continue, optionally with a new token cap."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"execution_id": "0b7e6c1e-3c0b-4f4e-9b7e-4c2d1a9f5e21"}]},
    )

    execution_id: uuid.UUID
    token_cap: int | None = Field(default=None, ge=1, le=MAX_INT)


class RegenerateRequest(BaseModel):
    """A node of a finished execution to run again (with config overrides), and its descendants."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "execution_id": "0b7e6c1e-3c0b-4f4e-9b7e-4c2d1a9f5e21",
                    "node_id": "hello",
                    "overrides": {"template": "Hi {{ inputs.who }}"},
                }
            ]
        },
    )

    execution_id: uuid.UUID
    node_id: str = Field(pattern=NODE_ID)
    overrides: dict[str, Any] | None = Field(
        default=None, description="Config values of the node to change."
    )


ExecuteBody = Annotated[
    Annotated[ExecuteRequest, Tag("presswright")]
    | Annotated[LekhikaExecuteRequest, Tag("lekhika")],
    Discriminator(shape_of),
    Body(),
]
ResumeBody = Annotated[
    Annotated[ResumeRequest, Tag("presswright")] | Annotated[LekhikaResumeRequest, Tag("lekhika")],
    Discriminator(shape_of),
    Body(),
]
RegenerateBody = Annotated[
    Annotated[RegenerateRequest, Tag("presswright")]
    | Annotated[LekhikaRegenerateRequest, Tag("lekhika")],
    Discriminator(shape_of),
    Body(),
]
