"""Saved flows: a tenant's named flow specs, each an append-only list of immutable versions.

A saved flow's versions are numbered by the store, never by the spec: the stored spec
carries its version number, and a spec always reads with the flow's current name, so an
execution's snapshot says which flow and version it ran. Every spec is checked
(``check_spec``) before it is stored. The master templates are the flow specs shipped
with Presswright (``content/flows/*.yaml``): shared by every tenant, read-only, copied
into a tenant to be changed. The execution views at the end serve the worker routes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from presswright.content.service import builtin_flow
from presswright.errors import AlreadyExistsError, NotFoundError
from presswright.flows.spec import FlowSpec
from presswright.flows.validation import check_spec
from presswright.store.models import Execution, Flow, FlowVersion, NodeRun, utcnow
from presswright.store.scoping import get_scoped, session_tenant

__all__ = [
    "EXAMPLE_SPEC",
    "NO_NUL",
    "ExecutionEvent",
    "FlowCreate",
    "FlowDescription",
    "FlowName",
    "FlowUpdate",
    "add_flow_version",
    "copy_master_template",
    "create_flow",
    "delete_flow",
    "flow_spec",
    "get_flow",
    "get_flow_by_name",
    "get_flow_version",
    "list_flow_versions",
    "list_flows",
    "master_template",
    "master_template_names",
    "recent_execution_events",
    "runnable_spec",
    "update_flow",
]

# Printable text only: control characters (NUL above all) cannot be stored on PostgreSQL.
PRINTABLE = r"^[^\x00-\x1f\x7f]+$"
NO_NUL = r"^[^\x00]*$"


def _named(value: str) -> str:
    if not value.strip():
        raise ValueError("a flow needs a name that is not blank")
    return value.strip()


FlowName = Annotated[
    str,
    Field(min_length=1, max_length=100, pattern=PRINTABLE, examples=["greeting"]),
    AfterValidator(_named),
]
FlowDescription = Annotated[str, Field(max_length=2000, pattern=NO_NUL)]

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


class FlowUpdate(BaseModel):
    """New name and/or description of a saved flow; its versions stay as they are."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"description": "Weekly newsletter"}]}
    )

    name: FlowName | None = None
    description: FlowDescription | None = None


def _ensure_free(session: Session, name: str, *, except_id: uuid.UUID | None = None) -> None:
    found = session.scalar(select(Flow.id).where(Flow.name == name))
    if found is not None and found != except_id:
        raise AlreadyExistsError(
            f"a flow named {name!r} exists in this workspace",
            hint="pick another name, or add a version to the existing flow",
        )


def _flush_unique(session: Session, name: str) -> None:
    """Flush; a concurrent writer that took the same name or version number is a conflict."""
    try:
        session.flush()
    except IntegrityError:
        raise AlreadyExistsError(
            f"flow {name!r} was changed at the same moment by another request",
            hint="retry the request",
        ) from None


def _stored_spec(spec: FlowSpec, *, name: str, version: int) -> FlowSpec:
    """``spec`` as stored: the flow's name, the store's version number, checked."""
    stored = spec.model_copy(update={"name": name, "version": version})
    check_spec(stored)
    return stored


def create_flow(
    session: Session, *, data: FlowCreate, user_id: uuid.UUID | None, note: str | None = None
) -> Flow:
    """Save a new flow with its spec as version 1 (the spec is checked first)."""
    tenant_id = session_tenant(session)
    spec = _stored_spec(data.spec, name=data.name, version=1)
    _ensure_free(session, data.name)
    flow = Flow(
        tenant_id=tenant_id,
        name=data.name,
        description=data.description,
        latest_version=1,
        created_by=user_id,
    )
    session.add(flow)
    _flush_unique(session, data.name)
    _add_version_row(session, flow, spec, note=note, user_id=user_id)
    return flow


def _add_version_row(
    session: Session, flow: Flow, spec: FlowSpec, *, note: str | None, user_id: uuid.UUID | None
) -> FlowVersion:
    row = FlowVersion(
        tenant_id=flow.tenant_id,
        flow_id=flow.id,
        version=spec.version,
        spec=spec.model_dump(mode="json", by_alias=True),
        note=note,
        created_by=user_id,
    )
    session.add(row)
    _flush_unique(session, flow.name)
    return row


def get_flow(session: Session, *, flow_id: uuid.UUID) -> Flow:
    """A saved flow of the session's tenant by id."""
    return get_scoped(session, Flow, flow_id, what="flow")


def get_flow_by_name(session: Session, *, name: str) -> Flow:
    """A saved flow of the session's tenant by name."""
    session_tenant(session)
    flow = session.scalar(select(Flow).where(Flow.name == name))
    if flow is None:
        raise NotFoundError(
            f"no flow named {name!r} in this workspace", hint="list the flows to see their names"
        )
    return flow


def list_flows(
    session: Session, *, query: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[Flow], int]:
    """A page of the tenant's flows by name, whose names contain ``query``; and the total."""
    session_tenant(session)
    conditions = []
    if query:
        escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(func.lower(Flow.name).like(f"%{escaped.lower()}%", escape="\\"))
    total = session.scalar(select(func.count()).select_from(Flow).where(*conditions)) or 0
    page = session.scalars(
        select(Flow).where(*conditions).order_by(Flow.name).limit(limit).offset(offset)
    )
    return list(page), total


def update_flow(session: Session, *, flow_id: uuid.UUID, data: FlowUpdate) -> Flow:
    """Rename a saved flow or change its description; its versions are not touched."""
    flow = get_flow(session, flow_id=flow_id)
    changes = data.model_dump(exclude_unset=True)
    if changes.get("name") is not None:
        _ensure_free(session, changes["name"], except_id=flow.id)
        flow.name = changes["name"]
    if "description" in changes:
        flow.description = changes["description"]
    flow.updated_at = utcnow()
    _flush_unique(session, flow.name)
    return flow


def delete_flow(session: Session, *, flow_id: uuid.UUID) -> None:
    """Remove a saved flow and its versions; executions keep their own snapshots."""
    flow = get_flow(session, flow_id=flow_id)
    session.execute(delete(FlowVersion).where(FlowVersion.flow_id == flow.id))
    session.delete(flow)
    session.flush()


def add_flow_version(
    session: Session,
    *,
    flow_id: uuid.UUID,
    spec: FlowSpec,
    note: str | None,
    user_id: uuid.UUID | None,
) -> FlowVersion:
    """Append the next version of a saved flow (checked first); older versions never change."""
    flow = get_flow(session, flow_id=flow_id)
    # Re-read under a row lock (PostgreSQL): two appends at once get consecutive numbers.
    session.refresh(flow, with_for_update=True)
    stored = _stored_spec(spec, name=flow.name, version=flow.latest_version + 1)
    flow.latest_version = stored.version
    flow.updated_at = utcnow()
    return _add_version_row(session, flow, stored, note=note, user_id=user_id)


def list_flow_versions(session: Session, *, flow_id: uuid.UUID) -> list[FlowVersion]:
    """Every version of a saved flow, newest first."""
    flow = get_flow(session, flow_id=flow_id)
    query = select(FlowVersion).where(FlowVersion.flow_id == flow.id)
    return list(session.scalars(query.order_by(FlowVersion.version.desc())))


def get_flow_version(session: Session, *, flow: Flow, version: int | None = None) -> FlowVersion:
    """One version of a saved flow (default: the latest)."""
    wanted = flow.latest_version if version is None else version
    row = session.scalar(
        select(FlowVersion).where(FlowVersion.flow_id == flow.id, FlowVersion.version == wanted)
    )
    if row is None:
        raise NotFoundError(
            f"flow {flow.name!r} has no version {wanted}",
            hint=f"its versions are 1 to {flow.latest_version}",
        )
    return row


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


# --- master templates: shipped with Presswright, read-only ----------------------------------


def master_template_names() -> list[str]:
    """Names of the flow specs shipped with Presswright, sorted."""
    folder = resources.files("presswright.content").joinpath("flows")
    return sorted(
        entry.name.removesuffix(".yaml")
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    )


def master_template(name: str) -> FlowSpec:
    """The shipped flow spec called ``name``."""
    if name not in master_template_names():
        raise NotFoundError(
            f"no master template named {name!r}",
            hint=f"the master templates are: {', '.join(master_template_names())}",
        )
    return builtin_flow(name)


def copy_master_template(
    session: Session,
    *,
    template: str,
    name: str | None = None,
    description: str | None = None,
    user_id: uuid.UUID | None,
) -> Flow:
    """Save a master template as a new flow of the tenant (default: under its own name)."""
    spec = master_template(template)
    data = FlowCreate(
        name=name or spec.name,
        description=description if description is not None else spec.description or None,
        spec=spec,
    )
    return create_flow(
        session, data=data, user_id=user_id, note=f"copied from master template {template!r}"
    )


# --- execution views for the worker routes ------------------------------------------------


@dataclass(frozen=True)
class ExecutionEvent:
    """One thing that happened in an execution: a node attempt, or the execution's state."""

    at: datetime
    execution_id: str
    flow: str
    status: str
    node_id: str | None = None
    attempt: int | None = None
    latency_ms: float | None = None
    error: str | None = None


def recent_execution_events(session: Session, *, limit: int) -> list[ExecutionEvent]:
    """The tenant's ``limit`` most recent execution events, newest first.

    Node attempts come from ``node_runs`` (when they finished, or started if still open);
    each execution adds one event for its current state, at its last change.
    """
    session_tenant(session)
    node_at = func.coalesce(NodeRun.finished_at, NodeRun.started_at)
    attempts = session.execute(
        select(NodeRun, Execution.flow_name)
        .join(Execution, Execution.id == NodeRun.execution_id)
        .order_by(node_at.desc(), NodeRun.attempt.desc())
        .limit(limit)
    ).all()
    events = [
        ExecutionEvent(
            at=run.finished_at or run.started_at,
            execution_id=run.execution_id,
            flow=flow,
            status=run.status,
            node_id=run.node_id,
            attempt=run.attempt,
            latency_ms=run.latency_ms if run.finished_at else None,
            error=run.error,
        )
        for run, flow in attempts
    ]
    executions = session.scalars(
        select(Execution).order_by(Execution.updated_at.desc()).limit(limit)
    )
    events += [
        ExecutionEvent(
            at=execution.updated_at,
            execution_id=execution.id,
            flow=execution.flow_name,
            status=execution.status,
            error=execution.error,
        )
        for execution in executions
    ]
    return sorted(events, key=lambda event: event.at, reverse=True)[:limit]
