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
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from presswright.bootstrap import Instance
from presswright.flows.durable import Durable, Reservation
from presswright.flows.graph import graph, reach, topological_layers
from presswright.flows.nodes.base import NodeContext
from presswright.flows.records import (
    attempts_transaction,
    begin_attempt,
    get_execution,
    input_hash,
    off_loop,
)
from presswright.flows.registry import node_types
from presswright.flows.spec import FlowSpec, NodeSpec
from presswright.flows.steps import NodeSteps
from presswright.flows.templates import render, render_value
from presswright.llm.client import LLMClient
from presswright.llm.factory import client_for_tenant
from presswright.llm.types import GenerationParams
from presswright.plugins import plugin_manager
from presswright.store.models import Execution, NodeRun, utcnow

__all__ = ["Durable", "Reservation", "Services", "drawing", "run_generation"]

T = TypeVar("T")


def drawing(complete: Callable[..., Awaitable[Any]], draw: int) -> Callable[..., Awaitable[Any]]:
    """``complete`` asking for the ``draw``-th sample of each request (0: the first).

    A node's later attempts (a retry, a resumed failure, a regeneration) pass their count of
    earlier attempts, so a seeded sampler answers afresh instead of repeating the draw that
    failed, while the same attempt of the same request stays reproducible.
    """
    if draw == 0:
        return complete

    async def complete_drawn(*args: Any, **kwargs: Any) -> Any:
        params = kwargs.get("params") or GenerationParams()
        kwargs["params"] = params.model_copy(update={"sample": params.sample + draw})
        return await complete(*args, **kwargs)

    return complete_drawn


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


class _Generation(NodeSteps):
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

    def llm(self) -> LLMClient:
        return self.services.llm(self.tenant_id, self.user_id)

    # --- bookkeeping steps -------------------------------------------------------------------

    async def load(self) -> None:
        def read() -> dict[str, Any]:
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

        async def work() -> dict[str, Any]:
            return await off_loop(self.db, read)

        plan = await self.durable.step("load", work)
        self.changed()  # running now
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
        _, _, parents = graph(spec)  # once: ancestors() would rebuild it for every node
        self.upstream_of = {n.id: sorted(reach(parents, n.id)) for n in spec.nodes}
        self.inputs: dict[str, Any] = plan["inputs"]
        self.forced = set(plan["forced"])
        self.token_cap: int | None = plan["token_cap"]
        self.user_id = uuid.UUID(plan["user_id"]) if plan["user_id"] else None

    async def finish(self, status: str, error: str | None = None) -> None:
        outputs = self.final_outputs() if status == "completed" else None

        def write() -> None:
            with self.session() as session:
                execution = get_execution(session, self.execution_id)
                if execution.status == "cancelled":
                    return
                self._totals(session, execution)
                execution.status = status
                execution.error = error
                execution.outputs = outputs
                execution.finished_at = utcnow()
                plugin_manager().hook.execution_status_changed(session=session, execution=execution)

        async def work() -> None:
            await off_loop(self.db, write)

        await self.durable.step("finish", work)
        self.changed()

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

        def write() -> int:
            with self.session() as session:
                return self._totals(session, get_execution(session, self.execution_id))

        async def work() -> int:
            return await off_loop(self.db, write)

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
        upstream = {a: self.outputs.get(a) for a in self.upstream_of[node.id]}
        return input_hash(
            {
                "node": node.model_dump(mode="json", exclude={"position"}),
                "inputs": self.inputs,
                "up": upstream,
                "x": extra,
            }
        )

    def context(
        self,
        node: NodeSpec,
        llm: LLMClient,
        extra: dict[str, Any] | None = None,
        *,
        draw: int = 0,
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
            complete=drawing(llm.complete, draw),
            direct=direct,
            extra=extra or {},
            instance=self.services.instance,
            tenant_id=self.tenant_id,
            user_id=self.user_id,
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
            # Every step position of the layer is drawn now, in spec order, before anything
            # awaits: a replay after a crash then meets each step where it was recorded.
            planned = [self.plan(node_id) for node_id in runnable]
            results = await asyncio.gather(*(start() for start in planned))
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
            if self.token_cap is None:
                continue
            spent = await self.checkpoint()
            if spent >= self.token_cap:
                await self.finish(
                    "failed",
                    f"token cap reached: {spent} of {self.token_cap} tokens used; finished nodes"
                    " are kept; resume with a higher --token-cap to continue",
                )
                return
        await self.finish("completed")

    def _record_skips(self, node_ids: list[str]) -> Callable[[], Awaitable[None]]:
        def write() -> None:
            with attempts_transaction(self.db) as connection:
                now = utcnow()
                for node_id in node_ids:
                    begin_attempt(
                        connection,
                        tenant_id=self.tenant_id,
                        execution_id=self.execution_id,
                        node_id=node_id,
                        generation=self.generation,
                        digest=self.digest(self.spec.node(node_id), "skipped"),
                        earlier=self.rows(connection, node_id),
                        status="skipped",
                        started_at=now,
                        finished_at=now,
                    )

        async def work() -> None:
            await off_loop(self.db, write)
            self.changed()

        return work


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
