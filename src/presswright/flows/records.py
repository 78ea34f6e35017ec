"""Reading and writing executions and node runs (tenant-scoped, like every user row)."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from presswright.errors import NotFoundError
from presswright.store.models import Execution, NodeRun, utcnow

__all__ = [
    "FINISHED",
    "NodeState",
    "finish_node_run",
    "get_execution",
    "input_hash",
    "node_rows",
    "node_states",
    "reusable_output",
    "start_node_run",
]

FINISHED = ("completed", "failed", "cancelled")


def input_hash(payload: Any) -> str:
    """SHA-256 of a canonical JSON form: what a node's output depends on."""
    canonical = json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def get_execution(session: Session, execution_id: str) -> Execution:
    """The execution with this id in the session's tenant, or NotFoundError."""
    execution = session.get(Execution, execution_id)
    if execution is None:
        raise NotFoundError(
            f"no execution {execution_id} in this workspace", hint="see `presswright run list`"
        )
    return execution


def reusable_output(
    session: Session, *, execution_id: str, node_id: str, digest: str
) -> NodeRun | None:
    """The newest completed run of this node with the same inputs, if any."""
    return session.scalars(
        select(NodeRun)
        .where(
            NodeRun.execution_id == execution_id,
            NodeRun.node_id == node_id,
            NodeRun.input_hash == digest,
            NodeRun.status.in_(("completed", "skipped")),
        )
        .order_by(NodeRun.started_at.desc())
        .limit(1)
    ).first()


def start_node_run(
    session: Session,
    *,
    execution_id: str,
    node_id: str,
    generation: int,
    digest: str,
    earlier: list[NodeRun] | None = None,
) -> NodeRun:
    """Record that a node attempt starts; an attempt left open by a crash is closed first.

    ``earlier`` are this node's rows if the caller already loaded them (one query less).
    """
    if earlier is None:
        earlier = node_rows(session, execution_id=execution_id, node_id=node_id)
    for row in earlier:
        if row.status in ("running", "waiting"):
            row.status, row.finished_at = "interrupted", utcnow()
    run = NodeRun(
        execution_id=execution_id,
        node_id=node_id,
        generation=generation,
        attempt=max((row.attempt for row in earlier), default=0) + 1,
        status="running",
        input_hash=digest,
    )
    session.add(run)
    session.flush()
    return run


def node_rows(session: Session, *, execution_id: str, node_id: str) -> list[NodeRun]:
    """Every attempt of one node, oldest first."""
    return list(
        session.scalars(
            select(NodeRun)
            .where(NodeRun.execution_id == execution_id, NodeRun.node_id == node_id)
            .order_by(NodeRun.attempt)
        )
    )


def finish_node_run(session: Session, run_id: uuid.UUID, **values: Any) -> bool:
    """Close a node attempt that is still open; False if it was closed meanwhile (stopped)."""
    result = session.execute(
        update(NodeRun)
        .where(NodeRun.id == run_id, NodeRun.status.in_(("running", "waiting")))
        .values(finished_at=utcnow(), **values)
    )
    return bool(getattr(result, "rowcount", 0))


@dataclass(frozen=True)
class NodeState:
    """A node's current state and how many times its work actually ran."""

    node_id: str
    status: str
    runs: int
    output: Any = None
    error: str | None = None


def node_states(session: Session, execution_id: str, node_ids: list[str]) -> list[NodeState]:
    """State of each node: the latest attempt's status; runs = attempts that did work."""
    rows = session.scalars(
        select(NodeRun)
        .where(NodeRun.execution_id == execution_id)
        .order_by(NodeRun.started_at, NodeRun.attempt)
    ).all()
    latest: dict[str, NodeRun] = {}
    runs: dict[str, int] = {}
    for row in rows:
        base = row.node_id.split("[", 1)[0]
        if row.node_id == base:
            latest[base] = row
        if row.status != "skipped" and row.node_id == base:
            runs[base] = runs.get(base, 0) + 1
    states = []
    for node_id in node_ids:
        current = latest.get(node_id)
        states.append(
            NodeState(
                node_id=node_id,
                status=current.status if current is not None else "pending",
                runs=runs.get(node_id, 0),
                output=current.output
                if current is not None and current.status == "completed"
                else None,
                error=current.error if current is not None else None,
            )
        )
    return states
