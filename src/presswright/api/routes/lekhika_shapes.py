"""Lekhika's request bodies, as its design names them, and how a body says which API it speaks.

Field names are Lekhika's own (``executionId``, ``failedNode``), not Python's, so that the
OpenAPI document and the error messages speak the words a Lekhika client sent.
"""

from __future__ import annotations

import os
import resource
import sys
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator

from presswright.api.routes.flows import MAX_INT

__all__ = [
    "LekhikaExecuteRequest",
    "LekhikaNode",
    "LekhikaRegenerateRequest",
    "LekhikaResumeRequest",
    "LekhikaWorkflow",
    "memory_usage",
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


def memory_usage() -> dict[str, int]:
    """This process's memory in bytes: resident now (``rss``) and at most (``maxRss``)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak = peak if sys.platform == "darwin" else peak * 1024  # kilobytes on Linux
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            resident = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        resident = peak
    return {"rss": resident, "maxRss": peak}
