"""A tenant's saved flows as flow specs: checked before they are stored, read back as specs.

The store (:mod:`presswright.store.flows`) keeps names, versions and the specs as plain
JSON; this layer owns what a spec must be. Every spec is checked (``check_spec``) under
the flow's name before it is stored, and a stored spec always reads with the flow's
current name and its version number, so an execution's snapshot says which flow and
version it ran.
"""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from presswright.flows.spec import FlowSpec
from presswright.flows.validation import check_spec
from presswright.store.flows import (
    FlowDescription,
    FlowName,
    get_flow,
    get_flow_by_name,
    get_flow_version,
    insert_flow,
    insert_flow_version,
    lock_flow,
)
from presswright.store.models import Flow, FlowVersion

__all__ = [
    "EXAMPLE_SPEC",
    "FlowCreate",
    "add_flow_version",
    "create_flow",
    "flow_spec",
    "runnable_spec",
]

# A flow of one template node: it runs without any model.
EXAMPLE_SPEC: dict[str, Any] = {
    "name": "greeting",
    "version": 1,
    "inputs": {"who": {"type": "string", "minLength": 1, "maxLength": 50}},
    "nodes": [
        {"id": "hello", "type": "template", "config": {"template": "Hello {{ inputs.who }}"}}
    ],
    "edges": [],
}


class FlowCreate(BaseModel):
    """A new saved flow: its name, an optional description, and the spec of version 1."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"name": "greeting", "description": "Says hello", "spec": EXAMPLE_SPEC}]
        },
    )

    name: FlowName
    description: FlowDescription | None = None
    spec: FlowSpec = Field(
        description="The flow spec; its name and version are set by the flow (name, version 1)."
    )


def _checked(spec: FlowSpec, *, name: str, version: int) -> dict[str, Any]:
    """``spec`` as stored: the flow's name and version number, checked; as JSON."""
    stored = spec.model_copy(update={"name": name, "version": version})
    check_spec(stored)
    return stored.model_dump(mode="json", by_alias=True)


def create_flow(
    session: Session, *, data: FlowCreate, user_id: uuid.UUID | None, note: str | None = None
) -> Flow:
    """Save a new flow with its spec as version 1 (the spec is checked first)."""
    spec = _checked(data.spec, name=data.name, version=1)
    return insert_flow(
        session,
        name=data.name,
        description=data.description,
        spec=spec,
        user_id=user_id,
        note=note,
    )


def add_flow_version(
    session: Session,
    *,
    flow_id: uuid.UUID,
    spec: FlowSpec,
    note: str | None,
    user_id: uuid.UUID | None,
) -> FlowVersion:
    """Append the next version of a saved flow (checked first); older versions never change."""
    flow = lock_flow(session, flow_id=flow_id)
    stored = _checked(spec, name=flow.name, version=flow.latest_version + 1)
    return insert_flow_version(session, flow=flow, spec=stored, note=note, user_id=user_id)


def flow_spec(flow: Flow, row: FlowVersion) -> FlowSpec:
    """The spec of one version, read with the flow's current name."""
    return FlowSpec.model_validate({**row.spec, "name": flow.name, "version": row.version})


def runnable_spec(
    session: Session, *, flow: uuid.UUID | str, version: int | None = None
) -> FlowSpec:
    """The spec to run of a saved flow, by id or by name, at ``version`` (default: latest)."""
    found = (
        get_flow(session, flow_id=flow)
        if isinstance(flow, uuid.UUID)
        else get_flow_by_name(session, name=flow)
    )
    return flow_spec(found, get_flow_version(session, flow=found, version=version))
