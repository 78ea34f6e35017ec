"""Reading executions: status documents, listings, following a run as it goes.

:func:`status_json` serves the status document of a finished execution from a small
in-process cache, checked against the execution's row on every read (its status,
generation and last update), so an answer is never stale: a resume, a regenerate or a stop
by any process changes the row and the document is built again.
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections import OrderedDict
from collections.abc import AsyncGenerator
from contextlib import aclosing
from datetime import MAXYEAR, UTC, datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, bindparam, func, select

from presswright.bootstrap import Instance
from presswright.errors import NotFoundError
from presswright.flows.records import FINISHED
from presswright.store.database import translate_db_errors
from presswright.store.models import Execution, NodeRun, as_utc

__all__ = [
    "ExecutionSummary",
    "NodeStatus",
    "RunStatus",
    "count_executions",
    "execution_status",
    "follow",
    "list_executions",
    "stamp_row",
    "status_json",
    "wait_until_settled",
]


class NodeStatus(BaseModel):
    """A node's state in a status document."""

    id: str
    status: str
    runs: int = Field(description="How many times the node's work actually executed.")
    error: str | None = None


class RunStatus(BaseModel):
    """The status document of an execution (`presswright run status ID --json`)."""

    execution_id: str
    flow: str
    status: str
    progress: int = Field(ge=0, le=100)
    nodes: list[NodeStatus]
    outputs: dict[str, Any] = Field(default_factory=dict)
    error: str | None = None
    tokens_in: int = 0
    tokens_out: int = 0
    cost: float = 0.0
    generation: int = 0


class ExecutionSummary(BaseModel):
    """One line of `presswright run list`."""

    execution_id: str
    flow: str
    status: str
    created_at: datetime = Field(description="When it was started, in UTC.")
    tokens: int
    cost: float


_runs = NodeRun.__table__.c
_execs = Execution.__table__.c
# Built once, run on one connection: the status document is read for every change of every
# followed run, and building statements and ORM sessions cost several times the queries.
# Each carries its own tenant condition, as every repository query does.
_DOCUMENT_ROW = select(
    _execs.id,
    _execs.flow_name,
    _execs.status,
    _execs.spec,
    _execs.outputs,
    _execs.error,
    _execs.generation,
).where(_execs.id == bindparam("execution_id"), _execs.tenant_id == bindparam("tenant_id"))
_NODE_ROWS = (
    select(_runs.node_id, _runs.status, _runs.error)
    .where(
        _runs.execution_id == bindparam("execution_id"),
        _runs.tenant_id == bindparam("tenant_id"),
    )
    .order_by(_runs.started_at, _runs.attempt)
)
_TOTALS = select(
    func.coalesce(func.sum(_runs.tokens_in), 0),
    func.coalesce(func.sum(_runs.tokens_out), 0),
    func.coalesce(func.sum(_runs.cost), 0.0),
).where(_runs.execution_id == bindparam("execution_id"), _runs.tenant_id == bindparam("tenant_id"))


def _node_statuses(rows: list[Any], node_ids: list[str]) -> list[NodeStatus]:
    """Each node's latest attempt and how many attempts did work (as ``node_states``)."""
    latest: dict[str, Any] = {}
    runs: dict[str, int] = {}
    for row in rows:
        if "[" in row.node_id:  # a map item: its node's own row tells the node's state
            continue
        latest[row.node_id] = row
        if row.status != "skipped":
            runs[row.node_id] = runs.get(row.node_id, 0) + 1
    statuses = []
    for node_id in node_ids:
        current = latest.get(node_id)
        statuses.append(
            NodeStatus(
                id=node_id,
                status=current.status if current is not None else "pending",
                runs=runs.get(node_id, 0),
                error=current.error if current is not None else None,
            )
        )
    return statuses


def execution_status(instance: Instance, *, tenant_id: uuid.UUID, execution_id: str) -> RunStatus:
    """Status, percent done, per-node state and run counts, outputs."""
    where = {"execution_id": execution_id, "tenant_id": tenant_id}
    database = instance.database
    with translate_db_errors(database.url), database.engine.connect() as connection:
        execution = connection.execute(_DOCUMENT_ROW, where).first()
        if execution is None:
            raise NotFoundError(
                f"no execution {execution_id} in this workspace", hint="see `presswright run list`"
            )
        # The spec was validated before it was stored: its node ids are all this needs.
        ids = [node["id"] for node in execution.spec["nodes"]]
        nodes = _node_statuses(list(connection.execute(_NODE_ROWS, where)), ids)
        tokens_in, tokens_out, cost = connection.execute(_TOTALS, where).one()
    done = sum(1 for node in nodes if node.status in ("completed", "skipped"))
    progress = 100 if execution.status == "completed" else int(done * 100 / max(len(ids), 1))
    return RunStatus(
        execution_id=execution.id,
        flow=execution.flow_name,
        status=execution.status,
        progress=min(progress, 100),
        nodes=nodes,
        outputs=execution.outputs or {},
        error=execution.error,
        tokens_in=int(tokens_in),
        tokens_out=int(tokens_out),
        cost=round(float(cost), 8),
        generation=execution.generation,
    )


def _utc(moment: datetime) -> datetime:
    """``moment`` in UTC (naive means UTC); clamped to the datetime range at its ends."""
    try:
        return as_utc(moment).astimezone(UTC)
    except OverflowError:  # e.g. 9999-12-31T23:00-05:00 is past the last datetime in UTC
        edge = datetime.max if moment.year == MAXYEAR else datetime.min
        return edge.replace(tzinfo=UTC)


def _matching(
    status: str | None,
    flow: str | None,
    created_after: datetime | None,
    created_before: datetime | None,
) -> list[ColumnElement[bool]]:
    """Conditions of a listing; the created_* window is half-open: [after, before)."""
    conditions: list[ColumnElement[bool]] = []
    if status is not None:
        conditions.append(Execution.status == status)
    if flow is not None:
        conditions.append(Execution.flow_name == flow)
    # SQLite keeps naive UTC timestamps: compare in UTC on every backend.
    if created_after is not None:
        conditions.append(Execution.created_at >= _utc(created_after))
    if created_before is not None:
        conditions.append(Execution.created_at < _utc(created_before))
    return conditions


def list_executions(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    status: str | None = None,
    flow: str | None = None,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[ExecutionSummary]:
    """Executions of the tenant matching every filter given, newest first."""
    conditions = _matching(status, flow, created_after, created_before)
    query = (
        select(Execution)
        .where(*conditions)
        .order_by(Execution.created_at.desc(), Execution.id.desc())
        .limit(limit)
        .offset(offset)
    )
    with instance.database.tenant_session(tenant_id) as session:
        return [
            ExecutionSummary(
                execution_id=row.id,
                flow=row.flow_name,
                status=row.status,
                created_at=row.created_at,
                tokens=row.tokens_in + row.tokens_out,
                cost=row.cost,
            )
            for row in session.scalars(query)
        ]


def count_executions(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    status: str | None = None,
    flow: str | None = None,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
) -> int:
    """How many executions of the tenant match every filter given."""
    conditions = _matching(status, flow, created_after, created_before)
    with instance.database.tenant_session(tenant_id) as session:
        return int(
            session.scalar(select(func.count()).select_from(Execution).where(*conditions)) or 0
        )


async def follow(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    execution_id: str,
    interval: float = 0.25,
    until_paused: bool = True,
) -> AsyncGenerator[RunStatus, None]:
    """Yield the status each time it changes, until the execution ends (or pauses)."""
    last: str | None = None
    while True:
        # The status is read in a worker thread: an API serving many streams keeps its loop free.
        current = await asyncio.to_thread(
            execution_status, instance, tenant_id=tenant_id, execution_id=execution_id
        )
        fingerprint = current.model_dump_json(include={"status", "nodes", "progress"})
        if fingerprint != last:
            last = fingerprint
            yield current
        if current.status in FINISHED or (until_paused and current.status == "paused"):
            return
        await asyncio.sleep(interval)


async def wait_until_settled(
    instance: Instance, *, tenant_id: uuid.UUID, execution_id: str, timeout: float
) -> RunStatus:
    """The status once the execution ends or pauses for a review, or after ``timeout`` s."""
    if timeout > 0:
        updates = follow(instance, tenant_id=tenant_id, execution_id=execution_id)
        try:
            async with asyncio.timeout(timeout), aclosing(updates):
                async for status in updates:
                    settled = status
        except TimeoutError:
            pass
        else:
            return settled  # follow yields at least once, and last when it settles
    return execution_status(instance, tenant_id=tenant_id, execution_id=execution_id)


# --- finished status documents, cached and checked against their row on every read ---------

_CACHE_SIZE = 1024
_Stamp = tuple[str, int, object]
_finished: OrderedDict[tuple[uuid.UUID, str], tuple[_Stamp, bytes]] = OrderedDict()
_finished_lock = threading.Lock()


_columns = Execution.__table__.c
# Built once: the read below runs on every poll of every client.
_STAMP_QUERY = select(_columns.status, _columns.generation, _columns.updated_at).where(
    _columns.id == bindparam("execution_id"), _columns.tenant_id == bindparam("tenant_id")
)


# The same read as _STAMP_QUERY, for the plain SQLite connection (table of Execution).
_STAMP_SQL = "SELECT status, generation, updated_at FROM executions WHERE id = ? AND tenant_id = ?"


def stamp_row(
    instance: Instance, *, sql: str, query: Any, tenant_id: uuid.UUID, execution_id: str
) -> tuple[Any, ...]:
    """One row of a change-stamp read of an execution; NotFoundError outside the tenant.

    ``sql`` is the read for the plain SQLite connection (parameters: the execution id and
    the tenant id as stored), ``query`` the same read for the engine (bound parameters
    ``execution_id`` and ``tenant_id``). Values are as stored: a stamp is only ever
    compared with another stamp of the same database.
    """
    database = instance.database
    row: Any
    if database.is_sqlite:
        row = database.sqlite_fetch_one(sql, (execution_id, tenant_id.hex))
    else:
        with database.engine.connect() as connection:
            row = connection.execute(
                query, {"execution_id": execution_id, "tenant_id": tenant_id}
            ).first()
    if row is None:
        raise NotFoundError(
            f"no execution {execution_id} in this workspace", hint="list them to see valid ids"
        )
    return tuple(row)


def _stamp(instance: Instance, tenant_id: uuid.UUID, execution_id: str) -> _Stamp:
    """What changes whenever an execution's status document can change: one indexed read
    (on SQLite ``updated_at`` as its text)."""
    row = stamp_row(
        instance,
        sql=_STAMP_SQL,
        query=_STAMP_QUERY,
        tenant_id=tenant_id,
        execution_id=execution_id,
    )
    return str(row[0]), int(row[1]), row[2]


def status_json(instance: Instance, *, tenant_id: uuid.UUID, execution_id: str) -> bytes:
    """The status document as JSON; a finished one is built once and reused while unchanged."""
    key = (tenant_id, execution_id)
    stamp = _stamp(instance, tenant_id, execution_id)
    with _finished_lock:
        cached = _finished.get(key)
        if cached is not None and cached[0] == stamp:
            _finished.move_to_end(key)
            return cached[1]
    document = execution_status(instance, tenant_id=tenant_id, execution_id=execution_id)
    body = document.model_dump_json().encode()
    if stamp[0] in FINISHED and document.status == stamp[0]:
        with _finished_lock:
            _finished[key] = (stamp, body)
            while len(_finished) > _CACHE_SIZE:
                _finished.popitem(last=False)
    return body
