"""Runs one generation of an execution: layers of nodes, each node a durable step.

Durability comes from the :class:`Durable` the runtime passes in (DBOS steps and messages);
this module holds the flow semantics: branches, skips, retries, on_error, map fan-out,
human review, reuse of finished work and the token cap. Every node's output is stored in
``node_runs`` with the hash of its inputs, so finished work is never paid for twice: not
after a crash, not on resume, and not on regenerate unless it is downstream of the
regenerated node.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from pydantic import ValidationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from presswright.bootstrap import Instance
from presswright.errors import PresswrightError
from presswright.flows.graph import ancestors, topological_layers
from presswright.flows.nodes.base import NodeContext, NodeType
from presswright.flows.nodes.control import MapConfig
from presswright.flows.records import (
    finish_node_run,
    get_execution,
    input_hash,
    reusable_output,
    start_node_run,
)
from presswright.flows.registry import node_types
from presswright.flows.spec import FlowSpec, NodeSpec
from presswright.flows.templates import render, render_value
from presswright.llm.client import LLMClient
from presswright.llm.factory import client_for_tenant
from presswright.store.models import Execution, NodeRun, utcnow

__all__ = ["Durable", "Services", "run_generation"]

T = TypeVar("T")
REVIEW_WAIT_SECONDS = 3600.0
Result = dict[str, Any]  # {"ok", "output", "branch", "error", "tokens"}: what a node step returns


class Durable(Protocol):
    """What the executor needs from the durable runtime."""

    async def step(self, name: str, work: Callable[[], Awaitable[Any]]) -> Any:
        """Run ``work`` once; after a crash its recorded result is returned instead."""

    async def recv(self, topic: str, timeout: float) -> Any:
        """Wait durably for a message on ``topic`` (None on timeout)."""


@dataclass
class Services:
    """Process-wide things steps use: the installation and an LLM client per tenant."""

    instance: Instance
    _clients: dict[tuple[uuid.UUID, uuid.UUID | None], LLMClient] = field(default_factory=dict)

    def llm(self, tenant_id: uuid.UUID, user_id: uuid.UUID | None) -> LLMClient:
        """The LLM client of a tenant, shared by every step in this process."""
        key = (tenant_id, user_id)
        if key not in self._clients:
            self._clients[key] = client_for_tenant(
                self.instance, tenant_id=tenant_id, user_id=user_id
            )
        return self._clients[key]


def _error_text(error: BaseException) -> str:
    if isinstance(error, TimeoutError):
        return "timed out"
    text = str(error) or type(error).__name__
    return text if isinstance(error, PresswrightError) else f"{type(error).__name__}: {text}"


class _Generation:
    """One pass over the graph for one generation of one execution."""

    def __init__(
        self,
        execution_id: str,
        tenant_id: uuid.UUID,
        generation: int,
        durable: Durable,
        services: Services,
    ) -> None:
        self.execution_id = execution_id
        self.tenant_id = tenant_id
        self.generation = generation
        self.durable = durable
        self.services = services
        self.db = services.instance.database
        self.types = node_types()
        self.outputs: dict[str, Any] = {}
        self.state: dict[str, str] = {}  # node id -> completed | skipped | error
        self.branch: dict[str, str | None] = {}

    def session(self) -> Any:
        return self.db.tenant_session(self.tenant_id)

    # --- bookkeeping steps -------------------------------------------------------------------

    async def load(self) -> None:
        async def work() -> dict[str, Any]:
            with self.session() as session:
                execution = get_execution(session, self.execution_id)
                execution.status = "running"
                execution.error = None
                return {
                    "spec": execution.spec,
                    "inputs": execution.inputs,
                    "forced": list(execution.forced_nodes),
                    "overrides": dict(execution.overrides),
                    "token_cap": execution.token_cap,
                    "user_id": str(execution.user_id) if execution.user_id else None,
                }

        plan = await self.durable.step("load", work)
        spec = FlowSpec.model_validate(plan["spec"])
        overrides: dict[str, dict[str, Any]] = plan["overrides"]
        if overrides:
            spec = spec.model_copy(
                update={
                    "nodes": [
                        node.model_copy(update={"config": {**node.config, **overrides[node.id]}})
                        if node.id in overrides
                        else node
                        for node in spec.nodes
                    ]
                }
            )
        self.spec = spec
        self.inputs: dict[str, Any] = plan["inputs"]
        self.forced = set(plan["forced"])
        self.token_cap: int | None = plan["token_cap"]
        self.user_id = uuid.UUID(plan["user_id"]) if plan["user_id"] else None

    async def finish(self, status: str, error: str | None = None) -> None:
        outputs = self.final_outputs() if status == "completed" else None

        async def work() -> None:
            with self.session() as session:
                execution = get_execution(session, self.execution_id)
                if execution.status == "cancelled":
                    return
                self._totals(session, execution)
                execution.status = status
                execution.error = error
                execution.outputs = outputs
                execution.finished_at = utcnow()

        await self.durable.step("finish", work)

    def _totals(self, session: Session, execution: Execution) -> int:
        tokens_in, tokens_out, cost = session.execute(
            select(
                func.coalesce(func.sum(NodeRun.tokens_in), 0),
                func.coalesce(func.sum(NodeRun.tokens_out), 0),
                func.coalesce(func.sum(NodeRun.cost), 0.0),
            ).where(NodeRun.execution_id == self.execution_id)
        ).one()
        execution.tokens_in, execution.tokens_out = int(tokens_in), int(tokens_out)
        execution.cost = float(cost)
        return execution.tokens_in + execution.tokens_out

    async def checkpoint(self) -> int:
        """Store running totals; return tokens spent so far by this execution."""

        async def work() -> int:
            with self.session() as session:
                return self._totals(session, get_execution(session, self.execution_id))

        return int(await self.durable.step("totals", work))

    def final_outputs(self) -> dict[str, Any]:
        variables = self.variables()
        if self.spec.outputs:
            return {name: render_value(t, variables) for name, t in self.spec.outputs.items()}
        sources = {edge.source for edge in self.spec.edges}
        return {
            node.id: self.outputs.get(node.id)
            for node in self.spec.nodes
            if node.id not in sources and self.state.get(node.id) == "completed"
        }

    # --- graph semantics ---------------------------------------------------------------------

    def variables(self) -> dict[str, Any]:
        return {**self.outputs, "inputs": self.inputs}

    def active(self, node_id: str) -> bool:
        incoming = [edge for edge in self.spec.edges if edge.target == node_id]
        if not incoming:
            return True
        for edge in incoming:
            state = self.state.get(edge.source)
            if edge.when == "error":
                if state == "error":
                    return True
            elif state == "completed" and (
                edge.when is None or self.branch.get(edge.source) == edge.when
            ):
                return True
        return False

    def digest(self, node: NodeSpec, extra: Any = None) -> str:
        upstream = {a: self.outputs.get(a) for a in sorted(ancestors(self.spec, node.id))}
        return input_hash(
            {
                "node": node.model_dump(mode="json"),
                "inputs": self.inputs,
                "up": upstream,
                "x": extra,
            }
        )

    def context(
        self, node: NodeSpec, llm: LLMClient, extra: dict[str, Any] | None = None
    ) -> NodeContext:
        direct = {
            e.source: self.outputs[e.source]
            for e in self.spec.edges
            if e.target == node.id and self.state.get(e.source) == "completed"
        }
        return NodeContext(
            execution_id=self.execution_id,
            node_id=node.id,
            inputs=self.inputs,
            upstream=dict(self.outputs),
            render=render,
            render_value=render_value,
            complete=llm.complete,
            direct=direct,
            extra=extra or {},
        )

    # --- running nodes -----------------------------------------------------------------------

    async def run(self) -> None:
        await self.load()
        for layer in topological_layers(self.spec):
            runnable = [node_id for node_id in layer if self.active(node_id)]
            for node_id in layer:
                if node_id not in runnable:
                    self.state[node_id] = "skipped"
            if len(runnable) < len(layer):
                skipped = [n for n in layer if n not in runnable]
                await self.durable.step(f"skip:{','.join(skipped)}", self._record_skips(skipped))
            results = await asyncio.gather(*(self.node(node_id) for node_id in runnable))
            for node_id, result in zip(runnable, results, strict=True):
                node = self.spec.node(node_id)
                if result["ok"]:
                    self.outputs[node_id] = result["output"]
                    self.state[node_id] = "completed"
                    self.branch[node_id] = result.get("branch")
                elif node.on_error == "default":
                    self.outputs[node_id] = node.default
                    self.state[node_id] = "completed"
                elif node.on_error == "branch":
                    self.outputs[node_id] = {"error": result["error"]}
                    self.state[node_id] = "error"
                else:
                    await self.finish("failed", f"node {node_id!r} failed: {result['error']}")
                    return
            spent = await self.checkpoint()
            if self.token_cap is not None and spent >= self.token_cap:
                await self.finish(
                    "failed",
                    f"token cap reached: {spent} of {self.token_cap} tokens used; finished nodes"
                    " are kept, raise the cap and resume to continue",
                )
                return
        await self.finish("completed")

    def _record_skips(self, node_ids: list[str]) -> Callable[[], Awaitable[None]]:
        async def work() -> None:
            with self.session() as session:
                for node_id in node_ids:
                    node = self.spec.node(node_id)
                    run = start_node_run(
                        session,
                        execution_id=self.execution_id,
                        node_id=node_id,
                        generation=self.generation,
                        digest=self.digest(node, "skipped"),
                    )
                    finish_node_run(session, run.id, status="skipped")

        return work

    async def node(self, node_id: str) -> Result:
        node = self.spec.node(node_id)
        node_type = self.types[node.type]
        if node_type.kind == "map":
            return await self.map_node(node, node_type)
        if node_type.kind == "review":
            return await self.review_node(node, node_type)
        return dict(
            await self.durable.step(f"node:{node_id}", self.task(node, node_id, self.digest(node)))
        )

    def reuse(self, session: Session, node_id: str, digest: str) -> NodeRun | None:
        found = reusable_output(
            session, execution_id=self.execution_id, node_id=node_id, digest=digest
        )
        base = node_id.split("[", 1)[0]
        if found is not None and base in self.forced and found.generation != self.generation:
            return None  # regenerating: earlier generations' work does not count
        return found

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
            with self.session() as session:
                found = self.reuse(session, run_id, digest)
                if found is not None:
                    return {"ok": True, "output": found.output, "branch": None, "reused": True}
            try:
                parsed = chosen.parse_config(config if config is not None else node.config)
            except ValidationError as error:
                return {"ok": False, "error": f"invalid config: {error.errors()[0]['msg']}"}
            llm = self.services.llm(self.tenant_id, self.user_id)
            delay = node.retry_delay
            for attempt in range(node.retries + 1):
                with self.session() as session:
                    row = start_node_run(
                        session,
                        execution_id=self.execution_id,
                        node_id=run_id,
                        generation=self.generation,
                        digest=digest,
                    ).id
                started = time.perf_counter()
                try:
                    outcome = await asyncio.wait_for(
                        chosen.run(parsed, self.context(node, llm, extra)), node.timeout
                    )
                except Exception as error:  # a node's failure is data: recorded, then on_error
                    message = _error_text(error)
                    with self.session() as session:
                        finish_node_run(
                            session,
                            row,
                            status="failed",
                            error=message,
                            latency_ms=(time.perf_counter() - started) * 1000,
                        )
                    if attempt < node.retries:
                        await asyncio.sleep(delay)
                        delay *= 2
                        continue
                    return {"ok": False, "error": message}
                with self.session() as session:
                    finish_node_run(
                        session,
                        row,
                        status="completed",
                        output=outcome.output,
                        tokens_in=outcome.tokens_in,
                        tokens_out=outcome.tokens_out,
                        cost=outcome.cost,
                        latency_ms=(time.perf_counter() - started) * 1000,
                    )
                return {"ok": True, "output": outcome.output, "branch": outcome.branch}
            raise AssertionError("unreachable")  # pragma: no cover

        return work

    async def map_node(self, node: NodeSpec, node_type: NodeType) -> Result:
        config = node_type.parse_config(node.config)
        assert isinstance(config, MapConfig)
        try:
            items = render_value(config.over, self.variables())
        except PresswrightError as error:
            return {"ok": False, "error": str(error)}
        if not isinstance(items, list):
            return {"ok": False, "error": f"'over' gave {type(items).__name__}, not a list"}
        if len(items) > config.max_items:
            return {
                "ok": False,
                "error": f"{len(items)} items, more than max_items={config.max_items}",
            }
        child_type = self.types.get(config.node.type)
        if child_type is None or child_type.kind != "task":
            return {
                "ok": False,
                "error": f"map child type {config.node.type!r} cannot run per item",
            }
        gate = asyncio.Semaphore(config.concurrency)
        parent_digest = self.digest(node)

        async def item(index: int, value: Any) -> Result:
            run_id = f"{node.id}[{index}]"
            digest = input_hash({"parent": parent_digest, "item": value, "index": index})
            async with gate:
                return dict(
                    await self.durable.step(
                        f"node:{run_id}",
                        self.task(
                            node,
                            run_id,
                            digest,
                            child_type,
                            config.node.config,
                            {"item": value, "index": index},
                        ),
                    )
                )

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
        await self.durable.step(f"node:{node.id}", self.record(node.id, parent_digest, outcome))
        return outcome

    def record(self, node_id: str, digest: str, outcome: Result) -> Callable[[], Awaitable[None]]:
        """A step that stores the aggregate row of a node whose work ran in child steps."""

        async def work() -> None:
            with self.session() as session:
                if self.reuse(session, node_id, digest) is not None:
                    return
                row = start_node_run(
                    session,
                    execution_id=self.execution_id,
                    node_id=node_id,
                    generation=self.generation,
                    digest=digest,
                ).id
                finish_node_run(
                    session,
                    row,
                    status="completed" if outcome["ok"] else "failed",
                    output=outcome.get("output"),
                    error=outcome.get("error"),
                )

        return work

    async def review_node(self, node: NodeSpec, node_type: NodeType) -> Result:
        digest = self.digest(node)
        llm = self.services.llm(self.tenant_id, self.user_id)

        async def propose() -> Result:
            with self.session() as session:
                found = self.reuse(session, node.id, digest)
                if found is not None:
                    return {"ok": True, "output": found.output, "reused": True}
            try:
                outcome = await node_type.run(
                    node_type.parse_config(node.config), self.context(node, llm)
                )
            except Exception as error:  # recorded like any node failure
                return {"ok": False, "error": _error_text(error)}
            with self.session() as session:
                row = start_node_run(
                    session,
                    execution_id=self.execution_id,
                    node_id=node.id,
                    generation=self.generation,
                    digest=digest,
                )
                row.status = "waiting"
                row.output = outcome.output
                session.execute(
                    update(Execution)
                    .where(Execution.id == self.execution_id, Execution.status == "running")
                    .values(status="paused")
                )
                return {"ok": True, "output": outcome.output, "row": str(row.id)}

        proposal = dict(await self.durable.step(f"review:{node.id}", propose))
        if not proposal["ok"] or proposal.get("reused"):
            return proposal
        decision = None
        while decision is None:
            decision = await self.durable.recv(f"review:{node.id}", REVIEW_WAIT_SECONDS)
        approved = decision.get("decision") == "approve"
        output = decision.get("edits") if decision.get("edits") is not None else proposal["output"]
        comment = decision.get("comment") or ""

        async def decide() -> None:
            with self.session() as session:
                finish_node_run(
                    session,
                    uuid.UUID(proposal["row"]),
                    status="completed" if approved else "failed",
                    output=output if approved else proposal["output"],
                    error=None if approved else f"rejected by the reviewer {comment}".strip(),
                )
                session.execute(
                    update(Execution)
                    .where(Execution.id == self.execution_id, Execution.status == "paused")
                    .values(status="running")
                )

        await self.durable.step(f"decision:{node.id}", decide)
        if approved:
            return {"ok": True, "output": output, "branch": None}
        return {"ok": False, "error": f"rejected by the reviewer {comment}".strip()}


async def run_generation(
    execution_id: str,
    tenant_id: uuid.UUID,
    generation: int,
    *,
    durable: Durable,
    services: Services,
) -> None:
    """Run (or, after a crash, continue) one generation of an execution to its end."""
    await _Generation(execution_id, tenant_id, generation, durable, services).run()
