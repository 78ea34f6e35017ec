"""Reading and writing executions and node runs (tenant-scoped, like every user row).

The attempt functions (``attempt_rows``, ``begin_attempt``, ``close_attempt``) are the hot
path of every node: plain Core statements on one connection, each with an explicit
``tenant_id`` condition, because the ORM session's unit of work, tenant criteria and
update synchronisation cost several times more than the statements themselves.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
import threading
import uuid
import weakref
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar, cast

from sqlalchemy import Connection, Table, Update, bindparam, insert, select, update
from sqlalchemy.orm import Session

from presswright.errors import NotFoundError
from presswright.store.database import Database, translate_db_errors
from presswright.store.models import Execution, NodeRun, utcnow

__all__ = [
    "FINISHED",
    "Attempt",
    "NodeState",
    "attempt_rows",
    "attempts_transaction",
    "begin_attempt",
    "close_attempt",
    "finish_node_run",
    "get_execution",
    "input_hash",
    "node_states",
    "off_loop",
]

FINISHED = ("completed", "failed", "cancelled")
_OPEN = ("running", "waiting")
_RUNS = cast(Table, NodeRun.__table__)
_T = TypeVar("_T")

# One small pool per database for the transactions runs make (attempt rows, status, totals).
# They block, so they leave the event loop that also serves the API and the live progress
# of every watcher. SQLite takes one writer at a time: a single thread there queues them in
# order instead of letting several threads wait on the write lock (SQLite's busy handler
# sleeps up to 100 ms between tries); a server database takes a few at once.
_POOLS: weakref.WeakKeyDictionary[Database, ThreadPoolExecutor] = weakref.WeakKeyDictionary()
_POOLS_LOCK = threading.Lock()


def _pool(database: Database) -> ThreadPoolExecutor:
    with _POOLS_LOCK:
        pool = _POOLS.get(database)
        if pool is None:
            pool = ThreadPoolExecutor(
                max_workers=1 if database.is_sqlite else 4,
                thread_name_prefix="presswright-run-writes",
            )
            _POOLS[database] = pool
            weakref.finalize(database, pool.shutdown, wait=False)
        return pool


async def off_loop(database: Database, work: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
    """Run one blocking transaction of a run in the database's writer threads, and await it."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_pool(database), functools.partial(work, *args, **kwargs))


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


def finish_node_run(session: Session, run_id: uuid.UUID, **values: Any) -> bool:
    """Close a node attempt that is still open; False if it was closed meanwhile (stopped)."""
    result = session.execute(
        update(NodeRun)
        .where(NodeRun.id == run_id, NodeRun.status.in_(_OPEN))
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


# --- the hot path: one node attempt --------------------------------------------------------


@dataclass(frozen=True)
class Attempt:
    """What the executor needs to know of one stored attempt of a node."""

    id: uuid.UUID
    attempt: int
    status: str
    input_hash: str
    generation: int
    output: Any


@contextmanager
def attempts_transaction(database: Database) -> Iterator[Connection]:
    """One short transaction for attempt rows; commits on success."""
    with translate_db_errors(database.url), database.engine.begin() as connection:
        yield connection


# Built once: constructing a statement costs more than running it on SQLite.
_SELECT_ATTEMPTS = (
    select(
        _RUNS.c.id,
        _RUNS.c.attempt,
        _RUNS.c.status,
        _RUNS.c.input_hash,
        _RUNS.c.generation,
        _RUNS.c.output,
    )
    .where(
        _RUNS.c.tenant_id == bindparam("w_tenant"),
        _RUNS.c.execution_id == bindparam("w_execution"),
        _RUNS.c.node_id == bindparam("w_node"),
    )
    .order_by(_RUNS.c.attempt)
)
_INSERT_ATTEMPT = insert(_RUNS)


@functools.cache
def _close_statement(columns: frozenset[str]) -> Update:
    return (
        update(_RUNS)
        .where(
            _RUNS.c.tenant_id == bindparam("w_tenant"),
            _RUNS.c.id == bindparam("w_run"),
            _RUNS.c.status.in_(_OPEN),
        )
        .values({name: bindparam(f"v_{name}") for name in columns})
    )


def attempt_rows(
    connection: Connection, *, tenant_id: uuid.UUID, execution_id: str, node_id: str
) -> list[Attempt]:
    """Every attempt of one node, oldest first."""
    result = connection.execute(
        _SELECT_ATTEMPTS,
        {"w_tenant": tenant_id, "w_execution": execution_id, "w_node": node_id},
    )
    return [Attempt(*row) for row in result]


def begin_attempt(
    connection: Connection,
    *,
    tenant_id: uuid.UUID,
    execution_id: str,
    node_id: str,
    generation: int,
    digest: str,
    earlier: list[Attempt],
    status: str = "running",
    started_at: datetime | None = None,
    **values: Any,
) -> uuid.UUID:
    """Write the row of a new attempt; an attempt left open by a crash is closed first.

    ``earlier`` are the node's rows from :func:`attempt_rows` in the same transaction.
    """
    now = utcnow()
    left_open = [row.id for row in earlier if row.status in _OPEN]
    if left_open:
        connection.execute(
            update(_RUNS)
            .where(_RUNS.c.tenant_id == tenant_id, _RUNS.c.id.in_(left_open))
            .values(status="interrupted", finished_at=now)
        )
    run_id = uuid.uuid4()
    connection.execute(
        _INSERT_ATTEMPT,
        {
            "id": run_id,
            "tenant_id": tenant_id,
            "execution_id": execution_id,
            "node_id": node_id,
            "generation": generation,
            "attempt": max((row.attempt for row in earlier), default=0) + 1,
            "status": status,
            "input_hash": digest,
            "started_at": started_at or now,
            **values,
        },
    )
    return run_id


def close_attempt(
    connection: Connection, *, tenant_id: uuid.UUID, run_id: uuid.UUID, **values: Any
) -> bool:
    """Close an attempt that is still open; False if it was closed meanwhile (stopped)."""
    values["finished_at"] = utcnow()
    result = connection.execute(
        _close_statement(frozenset(values)),
        {
            "w_tenant": tenant_id,
            "w_run": run_id,
            **{f"v_{name}": value for name, value in values.items()},
        },
    )
    return bool(result.rowcount)
