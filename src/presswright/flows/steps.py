"""How each kind of node becomes durable steps: a task, a map's items, a review.

Every function here is called from the workflow with its step positions already drawn
(see :meth:`NodeSteps.plan`), so concurrent nodes replay in their recorded order. A step
first looks for stored work with the same input hash and reuses it; otherwise each attempt
gets its own ``node_runs`` row.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session

from presswright.errors import PresswrightError
from presswright.flows.change_signals import announce_change
from presswright.flows.durable import Durable, Reservation
from presswright.flows.nodes.base import NodeContext, NodeType
from presswright.flows.nodes.control import MapConfig
from presswright.flows.records import (
    Attempt,
    attempt_rows,
    attempts_transaction,
    begin_attempt,
    close_attempt,
    input_hash,
    off_loop,
)
from presswright.flows.rendered_inputs import recording, rendered_inputs
from presswright.flows.spec import FlowSpec, NodeSpec
from presswright.flows.templates import render_value
from presswright.llm.client import LLMClient
from presswright.store.database import Database
from presswright.store.models import Execution, NodeRun, utcnow

__all__ = ["REVIEW_POLL_SECONDS", "NodeSteps", "Result", "waiting_review"]

Result = dict[str, Any]  # {"ok", "output", "branch", "error"}: what a node's steps return
Start = Callable[[], Awaitable[Result]]
REVIEW_POLL_SECONDS = 0.3
_REUSABLE = ("completed", "skipped")


def _error_text(error: BaseException) -> str:
    if isinstance(error, TimeoutError):
        return "timed out"
    text = str(error) or type(error).__name__
    return text if isinstance(error, PresswrightError) else f"{type(error).__name__}: {text}"


async def _fail(message: str) -> Result:
    return {"ok": False, "error": message}


class NodeSteps(ABC):
    """Node execution for a generation; mixed into the executor's generation class."""

    execution_id: str
    tenant_id: uuid.UUID
    user_id: uuid.UUID | None
    db: Database
    generation: int
    durable: Durable
    spec: FlowSpec
    types: dict[str, NodeType]
    forced: set[str]

    # provided by the generation class
    @abstractmethod
    def session(self) -> Any: ...

    @abstractmethod
    def llm(self) -> LLMClient: ...

    @abstractmethod
    def variables(self) -> dict[str, Any]: ...

    @abstractmethod
    def digest(self, node: NodeSpec, extra: Any = None) -> str: ...

    @abstractmethod
    def context(
        self,
        node: NodeSpec,
        llm: LLMClient,
        extra: dict[str, Any] | None = None,
        *,
        draw: int = 0,
    ) -> NodeContext: ...

    def changed(self) -> None:
        """Wake this process's live progress readers of the run (after a commit)."""
        announce_change(tenant_id=self.tenant_id, execution_id=self.execution_id)

    # --- planning: draw every step position before anything awaits ----------------------------

    def plan(self, node_id: str) -> Start:
        """Reserve the steps a node needs and return the coroutine that runs them."""
        node = self.spec.node(node_id)
        node_type = self.types[node.type]
        if node_type.kind == "map":
            return self._plan_map(node, node_type)
        if node_type.kind == "review":
            propose, decide = self.durable.reserve(), self.durable.reserve()
            return lambda: self._review(node, node_type, propose, decide)
        slot = self.durable.reserve()
        work = self.task(node, node_id, self.digest(node))
        return lambda: self._run(slot, f"node:{node_id}", work)

    async def _run(
        self, slot: Reservation, name: str, work: Callable[[], Awaitable[Result]]
    ) -> Result:
        return dict(await slot.run(name, work))

    # --- tasks ---------------------------------------------------------------------------------

    def reuse(self, node_id: str, digest: str, rows: Sequence[Attempt]) -> Attempt | None:
        """Stored work of this node with these inputs that this generation may reuse."""
        done = [r for r in rows if r.input_hash == digest and r.status in _REUSABLE]
        found = done[-1] if done else None
        if found is not None and self.is_forced(node_id) and found.generation != self.generation:
            return None  # regenerating: earlier generations' work does not count
        return found

    def is_forced(self, node_id: str) -> bool:
        """Whether this generation runs ``node_id`` again rather than reuse its stored work.

        A map item (``sections[2]``) is forced with its map or on its own; a map is forced
        when any of its items is, since its result holds theirs.
        """
        if node_id in self.forced or node_id.split("[", 1)[0] in self.forced:
            return True
        return "[" not in node_id and any(f.startswith(node_id + "[") for f in self.forced)

    def rows(self, connection: Connection, node_id: str) -> list[Attempt]:
        """Every attempt of one node of this execution, oldest first."""
        return attempt_rows(
            connection, tenant_id=self.tenant_id, execution_id=self.execution_id, node_id=node_id
        )

    def task(
        self,
        node: NodeSpec,
        run_id: str,
        digest: str,
        node_type: NodeType | None = None,
        config: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> Callable[[], Awaitable[Result]]:
        """A step that runs one task node (or one map item) with its retries and timeout."""
        chosen = node_type or self.types[node.type]

        async def work() -> Result:
            try:
                parsed = chosen.parse_config(config if config is not None else node.config)
            except ValidationError as error:
                return {"ok": False, "error": f"invalid config: {error.errors()[0]['msg']}"}
            delay = node.retry_delay
            for attempt in range(node.retries + 1):
                # The attempt's row is committed before its work starts, so an attempt cut
                # short by a crash stays visible (as interrupted) and is counted as a run.
                rows, found, row = await off_loop(self.db, self._begin, run_id, digest)
                if found is not None:
                    return {"ok": True, "output": found.output, "branch": None, "reused": True}
                assert row is not None
                started = time.perf_counter()
                seen: dict[str, Any] = {}
                # Each attempt of the node asks the model for a fresh draw.
                context = self.context(node, self.llm(), extra, draw=len(rows))
                try:
                    outcome = await asyncio.wait_for(
                        chosen.run(parsed, recording(context, seen)), node.timeout
                    )
                except Exception as error:  # a node's failure is data: recorded, then on_error
                    message = _error_text(error)
                    await off_loop(
                        self.db,
                        self._close,
                        row,
                        status="failed",
                        error=message,
                        inputs=rendered_inputs(chosen.templates(parsed), seen),
                        latency_ms=(time.perf_counter() - started) * 1000,
                    )
                    self.changed()
                    if attempt < node.retries:
                        await asyncio.sleep(delay)
                        delay *= 2
                        continue
                    return {"ok": False, "error": message}
                recorded = await off_loop(
                    self.db,
                    self._close,
                    row,
                    status="completed",
                    output=outcome.output,
                    inputs=rendered_inputs(chosen.templates(parsed), seen),
                    tokens_in=outcome.tokens_in,
                    tokens_out=outcome.tokens_out,
                    cost=outcome.cost,
                    latency_ms=(time.perf_counter() - started) * 1000,
                )
                self.changed()
                if not recorded:  # stopped meanwhile: this attempt's result does not count
                    return {"ok": False, "error": "cancelled while it ran"}
                return {"ok": True, "output": outcome.output, "branch": outcome.branch}
            raise AssertionError("unreachable")  # pragma: no cover

        return work

    def _begin(
        self, run_id: str, digest: str
    ) -> tuple[list[Attempt], Attempt | None, uuid.UUID | None]:
        """In one transaction: the node's attempts, stored work to reuse, else a new attempt row."""
        with attempts_transaction(self.db) as connection:
            rows = self.rows(connection, run_id)
            found = self.reuse(run_id, digest, rows)
            if found is not None:
                return rows, found, None
            row = begin_attempt(
                connection,
                tenant_id=self.tenant_id,
                execution_id=self.execution_id,
                node_id=run_id,
                generation=self.generation,
                digest=digest,
                earlier=rows,
            )
            return rows, None, row

    def _close(self, row: uuid.UUID, **fields: Any) -> bool:
        """Close an attempt row; False when the run was stopped meanwhile."""
        with attempts_transaction(self.db) as connection:
            return close_attempt(connection, tenant_id=self.tenant_id, run_id=row, **fields)

    # --- map -----------------------------------------------------------------------------------

    def _plan_map(self, node: NodeSpec, node_type: NodeType) -> Start:
        config = node_type.parse_config(node.config)
        assert isinstance(config, MapConfig)
        try:
            over = config.over if "{" in config.over else "{{ " + config.over + " }}"
            items = render_value(over, self.variables())
        except PresswrightError as error:
            failure = str(error)
            return lambda: _fail(failure)
        if not isinstance(items, list):
            kind = type(items).__name__
            return lambda: _fail(f"'over' gave {kind}, not a list")
        if len(items) > config.max_items:
            count = len(items)
            return lambda: _fail(f"{count} items, more than max_items={config.max_items}")
        child_type = self.types.get(config.node.type)
        if child_type is None or child_type.kind != "task":
            return lambda: _fail(f"map child type {config.node.type!r} cannot run per item")
        slots = [self.durable.reserve() for _ in items]
        aggregate = self.durable.reserve()
        return lambda: self._map(node, config, child_type, items, slots, aggregate)

    async def _map(
        self,
        node: NodeSpec,
        config: MapConfig,
        child_type: NodeType,
        items: list[Any],
        slots: list[Reservation],
        aggregate: Reservation,
    ) -> Result:
        gate = asyncio.Semaphore(config.concurrency)
        parent_digest = self.digest(node)

        async def item(index: int, value: Any) -> Result:
            run_id = f"{node.id}[{index}]"
            digest = input_hash({"parent": parent_digest, "item": value, "index": index})
            work = self.task(
                node,
                run_id,
                digest,
                child_type,
                config.node.config,
                {"item": value, "index": index},
            )
            async with gate:
                return await self._run(slots[index], f"node:{run_id}", work)

        results = await asyncio.gather(*(item(i, v) for i, v in enumerate(items)))
        failures = [(i, r["error"]) for i, r in enumerate(results) if not r["ok"]]
        if failures and config.failure == "fail":
            index, reason = failures[0]
            outcome: Result = {"ok": False, "error": f"item {index} failed: {reason}"}
        elif config.failure == "collect":
            collected = [
                {"ok": True, "output": r["output"]}
                if r["ok"]
                else {"ok": False, "error": r["error"]}
                for r in results
            ]
            outcome = {"ok": True, "output": collected, "branch": None}
        else:
            outcome = {
                "ok": True,
                "output": [r["output"] for r in results if r["ok"]],
                "branch": None,
            }
        await aggregate.run(f"node:{node.id}", self._record(node.id, parent_digest, outcome))
        return outcome

    def _record(self, node_id: str, digest: str, outcome: Result) -> Callable[[], Awaitable[None]]:
        """A step that stores the row of a node whose work ran in child steps."""

        def write() -> None:
            with attempts_transaction(self.db) as connection:
                rows = self.rows(connection, node_id)
                if self.reuse(node_id, digest, rows) is not None:
                    return
                now = utcnow()
                begin_attempt(
                    connection,
                    tenant_id=self.tenant_id,
                    execution_id=self.execution_id,
                    node_id=node_id,
                    generation=self.generation,
                    digest=digest,
                    earlier=rows,
                    status="completed" if outcome["ok"] else "failed",
                    started_at=now,
                    finished_at=now,
                    output=outcome.get("output"),
                    error=outcome.get("error"),
                )

        async def work() -> None:
            await off_loop(self.db, write)
            self.changed()

        return work

    # --- human review --------------------------------------------------------------------------

    async def _review(
        self, node: NodeSpec, node_type: NodeType, propose: Reservation, decide: Reservation
    ) -> Result:
        digest = self.digest(node)

        def stored() -> Attempt | None:
            with attempts_transaction(self.db) as connection:
                return self.reuse(node.id, digest, self.rows(connection, node.id))

        async def proposal() -> Result:
            found = await off_loop(self.db, stored)
            if found is not None:
                return {"ok": True, "output": found.output, "reused": True}
            try:
                outcome = await node_type.run(
                    node_type.parse_config(node.config), self.context(node, self.llm())
                )
            except Exception as error:  # recorded like any node failure
                return {"ok": False, "error": _error_text(error)}

            def wait_for_review() -> uuid.UUID:
                with self.session() as session:
                    connection = session.connection()
                    row = begin_attempt(
                        connection,
                        tenant_id=self.tenant_id,
                        execution_id=self.execution_id,
                        node_id=node.id,
                        generation=self.generation,
                        digest=digest,
                        earlier=self.rows(connection, node.id),
                        status="waiting",
                        output=outcome.output,
                    )
                    session.execute(
                        update(Execution)
                        .where(Execution.id == self.execution_id, Execution.status == "running")
                        .values(status="paused")
                    )
                    return row

            row = await off_loop(self.db, wait_for_review)
            self.changed()
            return {"ok": True, "output": outcome.output, "row": str(row)}

        proposed = await self._run(propose, f"review:{node.id}", proposal)
        if not proposed["ok"] or proposed.get("reused"):
            return proposed
        row_id = uuid.UUID(proposed["row"])

        async def decision() -> Result:
            # The decision is written to the row by `approve`/`reject`; polling the row (not a
            # message) also lets a recovered or resumed run pick up a decision made meanwhile.
            def look() -> Result | None:
                with self.session() as session:
                    row = session.get(NodeRun, row_id)
                    status = row.status if row is not None else "cancelled"
                    if status == "completed" and row is not None:
                        session.execute(
                            update(Execution)
                            .where(Execution.id == self.execution_id, Execution.status == "paused")
                            .values(status="running")
                        )
                        return {"ok": True, "output": row.output, "branch": None}
                    if status != "waiting":
                        error = row.error if row is not None and row.error else f"review {status}"
                        return {"ok": False, "error": error}
                    return None

            while True:
                decided = await off_loop(self.db, look)
                if decided is not None:
                    self.changed()
                    return decided
                await asyncio.sleep(REVIEW_POLL_SECONDS)

        return await self._run(decide, f"decision:{node.id}", decision)


def waiting_review(session: Session, execution_id: str) -> NodeRun | None:
    """The review row an execution is waiting on, if any."""
    return session.scalars(
        select(NodeRun).where(NodeRun.execution_id == execution_id, NodeRun.status == "waiting")
    ).first()
