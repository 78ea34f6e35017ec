"""Saved flows as stored: a tenant's named flows, each an append-only list of immutable versions.

A saved flow's versions are numbered by the store, never by the spec. The specs are
stored as given (plain JSON): the flows layer (:mod:`presswright.flows.library`) checks
every spec, and sets its name and version number, before it calls these functions; the
master templates shipped with Presswright live in :mod:`presswright.content`. The
execution views at the end serve the worker routes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from presswright.errors import AlreadyExistsError, NotFoundError
from presswright.store.models import Execution, Flow, FlowVersion, NodeRun, utcnow
from presswright.store.scoping import get_scoped, session_tenant

__all__ = [
    "NO_NUL",
    "ExecutionEvent",
    "FlowDescription",
    "FlowName",
    "FlowUpdate",
    "delete_flow",
    "get_flow",
    "get_flow_by_name",
    "get_flow_version",
    "insert_flow",
    "insert_flow_version",
    "list_flow_versions",
    "list_flows",
    "lock_flow",
    "recent_execution_events",
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
            fields=("name",),
        )


def insert_flow(
    session: Session,
    *,
    name: str,
    description: str | None,
    spec: dict[str, Any],
    user_id: uuid.UUID | None,
    note: str | None = None,
) -> Flow:
    """Store a new flow with ``spec`` (as given) as its version 1."""
    tenant_id = session_tenant(session)
    _ensure_free(session, name)
    flow = Flow(
        tenant_id=tenant_id,
        name=name,
        description=description,
        latest_version=1,
        created_by=user_id,
    )
    session.add(flow)
    session.flush()
    _add_version_row(session, flow, 1, spec, note=note, user_id=user_id)
    return flow


def _add_version_row(
    session: Session,
    flow: Flow,
    version: int,
    spec: dict[str, Any],
    *,
    note: str | None,
    user_id: uuid.UUID | None,
) -> FlowVersion:
    row = FlowVersion(
        tenant_id=flow.tenant_id,
        flow_id=flow.id,
        version=version,
        spec=spec,
        note=note,
        created_by=user_id,
    )
    session.add(row)
    session.flush()  # a racing writer's same number: DuplicateValueError (409)
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
    session.flush()
    return flow


def delete_flow(session: Session, *, flow_id: uuid.UUID) -> None:
    """Remove a saved flow and its versions; executions keep their own snapshots."""
    flow = get_flow(session, flow_id=flow_id)
    session.execute(delete(FlowVersion).where(FlowVersion.flow_id == flow.id))
    session.delete(flow)
    session.flush()


def lock_flow(session: Session, *, flow_id: uuid.UUID) -> Flow:
    """A saved flow re-read under a row lock (PostgreSQL), to append its next version."""
    flow = get_flow(session, flow_id=flow_id)
    # Two appends at once get consecutive numbers: the second waits for the first.
    session.refresh(flow, with_for_update=True)
    return flow


def insert_flow_version(
    session: Session,
    *,
    flow: Flow,
    spec: dict[str, Any],
    note: str | None,
    user_id: uuid.UUID | None,
) -> FlowVersion:
    """Store ``spec`` (as given) as the next version of ``flow``, locked with :func:`lock_flow`.

    Older versions never change.
    """
    flow.latest_version += 1
    flow.updated_at = utcnow()
    return _add_version_row(session, flow, flow.latest_version, spec, note=note, user_id=user_id)


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
