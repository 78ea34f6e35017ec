"""What people do with executions: start, status, follow, stop, resume, regenerate, review.

The read side (status documents, listings, following) lives in :mod:`.status` and is
re-exported here, so callers use one module for everything they do with executions.

Every operation is tenant-scoped. Running happens either in this process (an embedded
:class:`~presswright.flows.runtime.Runtime`) or on the queue for any worker (``detach``).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from presswright.bootstrap import Instance
from presswright.errors import ConflictError, UserInputError
from presswright.flows.change_signals import announce_change
from presswright.flows.graph import descendants
from presswright.flows.problems import FlowValidationError
from presswright.flows.records import FINISHED, finish_node_run, get_execution
from presswright.flows.runtime import Runtime, cancel_workflow, enqueue_generation
from presswright.flows.spec import FlowSpec
from presswright.flows.status import (
    ExecutionSummary,
    NodeStatus,
    RunStatus,
    count_executions,
    execution_status,
    follow,
    list_executions,
    wait_until_settled,
)
from presswright.flows.steps import waiting_review
from presswright.flows.validation import check_inputs, check_spec, validate_spec
from presswright.plugins import plugin_manager
from presswright.store.models import Execution, NodeRun, utcnow

__all__ = [
    "ExecutionSummary",
    "NodeStatus",
    "RunStatus",
    "approve",
    "count_executions",
    "execution_status",
    "follow",
    "list_executions",
    "regenerate",
    "reject",
    "resume",
    "start",
    "stop",
    "wait_until_settled",
]


async def _dispatch(instance: Instance, runtime: Runtime | None, execution: Execution) -> None:
    if runtime is not None:
        await runtime.start(execution.id, execution.tenant_id, execution.generation)
    else:
        enqueue_generation(
            instance.settings, execution.id, execution.tenant_id, execution.generation
        )


async def start(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    spec: FlowSpec,
    inputs: dict[str, Any],
    user_id: uuid.UUID | None = None,
    token_cap: int | None = None,
    runtime: Runtime | None = None,
    execution_id: str | None = None,
) -> str:
    """Validate, snapshot and start an execution; in ``runtime`` if given, else on the queue.

    ``execution_id`` (a fresh UUID) lets a caller record what the run will fill first.
    """
    check_spec(spec)
    values = check_inputs(spec, inputs)
    if token_cap is not None and token_cap < 1:
        raise UserInputError("the token cap must be a positive number of tokens")
    execution_id = execution_id or str(uuid.uuid4())
    with instance.database.tenant_session(tenant_id) as session:
        execution = Execution(
            id=execution_id,
            tenant_id=tenant_id,
            user_id=user_id,
            flow_name=spec.name,
            flow_version=spec.version,
            spec=spec.model_dump(mode="json", by_alias=True),
            inputs=values,
            status="queued",
            token_cap=token_cap,
            generation=0,
            workflow_id=f"{execution_id}-g0",
            forced_nodes=[],
            overrides={},
            tokens_in=0,
            tokens_out=0,
            cost=0.0,
        )
        session.add(execution)
    await _dispatch(instance, runtime, execution)
    return execution_id


def stop(instance: Instance, *, tenant_id: uuid.UUID, execution_id: str) -> RunStatus:
    """Cancel a queued, running or paused execution; finished work is kept for resume."""
    with instance.database.tenant_session(tenant_id) as session:
        execution = get_execution(session, execution_id)
        if execution.status in FINISHED:
            raise ConflictError(
                f"execution {execution_id} is already {execution.status}",
                hint="resume or regenerate it instead"
                if execution.status != "completed"
                else "regenerate a node to change a finished run",
            )
        generation = execution.generation
    cancel_workflow(instance.settings, execution_id, generation)
    with instance.database.tenant_session(tenant_id) as session:
        execution = get_execution(session, execution_id)
        execution.status = "cancelled"
        execution.finished_at = utcnow()
        plugin_manager().hook.execution_status_changed(session=session, execution=execution)
        session.execute(
            update(NodeRun)
            .where(NodeRun.execution_id == execution_id, NodeRun.status.in_(("running", "waiting")))
            .values(status="cancelled", finished_at=utcnow())
        )
    announce_change(tenant_id=tenant_id, execution_id=execution_id)
    return execution_status(instance, tenant_id=tenant_id, execution_id=execution_id)


async def _next_generation(
    instance: Instance,
    tenant_id: uuid.UUID,
    execution_id: str,
    *,
    forced: list[str],
    overrides: dict[str, dict[str, Any]] | None,
    runtime: Runtime | None,
    allowed: tuple[str, ...],
    verb: str,
    token_cap: int | None = None,
) -> None:
    with instance.database.tenant_session(tenant_id) as session:
        execution = get_execution(session, execution_id)
        if execution.status not in allowed:
            raise ConflictError(
                f"cannot {verb} execution {execution_id}: it is {execution.status}",
                hint={
                    "completed": "regenerate a node to change a finished run",
                    "running": "stop it first, or wait for it to end",
                    "queued": "stop it first, or wait for it to end",
                    "paused": "approve or reject the waiting review, or stop it",
                }.get(execution.status),
            )
        previous = execution.generation
        execution.generation = previous + 1
        execution.workflow_id = f"{execution_id}-g{execution.generation}"
        execution.forced_nodes = forced
        if token_cap is not None:
            execution.token_cap = token_cap
        if overrides is not None:
            merged = dict(execution.overrides)
            for node_id, values in overrides.items():
                merged[node_id] = {**merged.get(node_id, {}), **values}
            execution.overrides = merged
        execution.status = "queued"
        execution.error = None
        execution.outputs = None
        execution.finished_at = None
        plugin_manager().hook.execution_status_changed(session=session, execution=execution)
    announce_change(tenant_id=tenant_id, execution_id=execution_id)
    # The old generation may still be pending somewhere (a killed CLI): retire it.
    cancel_workflow(instance.settings, execution_id, previous)
    with instance.database.tenant_session(tenant_id) as session:
        await _dispatch(instance, runtime, get_execution(session, execution_id))


async def resume(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    execution_id: str,
    runtime: Runtime | None = None,
    token_cap: int | None = None,
) -> None:
    """Continue a failed or cancelled execution from its first unfinished node.

    ``token_cap`` replaces the execution's cap (a run stopped by its cap needs a higher one).
    """
    if token_cap is not None and token_cap < 1:
        raise UserInputError("the token cap must be a positive number of tokens")
    await _next_generation(
        instance,
        tenant_id,
        execution_id,
        token_cap=token_cap,
        forced=[],
        overrides=None,
        runtime=runtime,
        allowed=("failed", "cancelled"),
        verb="resume",
    )


async def regenerate(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    execution_id: str,
    node_id: str,
    overrides: dict[str, Any] | None = None,
    runtime: Runtime | None = None,
) -> None:
    """Re-run one node (optionally with a changed config) and only the nodes downstream of it.

    ``node_id`` may name one item of a map node, ``sections[2]``: that item alone runs again
    (the others keep their output), then the map's result and what depends on it.
    """
    with instance.database.tenant_session(tenant_id) as session:
        spec = FlowSpec.model_validate(get_execution(session, execution_id).spec)
        base, index = _split_item(node_id)
        ids = [node.id for node in spec.nodes]
        if base not in ids:
            raise UserInputError(
                f"execution {execution_id} has no node {base!r}", hint=f"nodes: {', '.join(ids)}"
            )
        if index is not None:
            _check_item(session, spec, execution_id, base, index, overrides)
    if overrides:
        changed = spec.model_copy(
            update={
                "nodes": [
                    n.model_copy(update={"config": {**n.config, **overrides}})
                    if n.id == node_id
                    else n
                    for n in spec.nodes
                ]
            }
        )
        problems = [p for p in validate_spec(changed) if f"'{node_id}'" in p.where]
        if problems:
            raise FlowValidationError(problems, subject=f"the overrides of node '{node_id}'")
    await _next_generation(
        instance,
        tenant_id,
        execution_id,
        forced=sorted({node_id} | descendants(spec, base)),
        overrides={node_id: overrides} if overrides else None,
        runtime=runtime,
        allowed=("completed", "failed", "cancelled"),
        verb="regenerate",
    )


_ITEM = re.compile(r"^(?P<base>[^\[\]]+)\[(?P<index>\d{1,6})\]$")


def _split_item(node_id: str) -> tuple[str, int | None]:
    """``"sections[2]"`` -> ``("sections", 2)``; a plain node id -> ``(node_id, None)``."""
    found = _ITEM.match(node_id)
    if found is None:
        return node_id, None
    return found["base"], int(found["index"])


def _check_item(
    session: Session,
    spec: FlowSpec,
    execution_id: str,
    base: str,
    index: int,
    overrides: dict[str, Any] | None,
) -> None:
    """Refuse an item id whose node is no map, or whose item this run never had."""
    node = spec.node(base)
    if node.type != "map":
        raise UserInputError(
            f"node {base!r} is a {node.type} node, not a map: it has no items",
            hint=f"regenerate {base!r} itself",
        )
    if overrides:
        raise UserInputError(
            f"the items of map {base!r} share one config, so one item cannot be reconfigured",
            hint=f"regenerate {base!r} with overrides, or {base}[{index}] without them",
        )
    item = f"{base}[{index}]"
    ran = session.scalar(
        select(NodeRun.id)
        .where(NodeRun.execution_id == execution_id, NodeRun.node_id == item)
        .limit(1)
    )
    if ran is None:
        counted = session.scalars(
            select(NodeRun.node_id)
            .where(NodeRun.execution_id == execution_id, NodeRun.node_id.like(f"{base}[%"))
            .distinct()
        ).all()
        raise UserInputError(
            f"map {base!r} of execution {execution_id} has no item {index}",
            hint=f"it ran {len(counted)} item(s), numbered from 0"
            if counted
            else f"map {base!r} has not run any item yet; regenerate {base!r} itself",
        )


def _decide(
    instance: Instance,
    tenant_id: uuid.UUID,
    execution_id: str,
    *,
    approved: bool,
    edits: Any,
    comment: str | None,
) -> str:
    with instance.database.tenant_session(tenant_id) as session:
        execution = get_execution(session, execution_id)
        row = waiting_review(session, execution_id)
        if execution.status != "paused" or row is None:
            raise ConflictError(
                f"execution {execution_id} is {execution.status}, not waiting for a review",
                hint="a review is decided while the execution is paused for it; check its status",
            )
        note = f": {comment}" if comment else ""
        finish_node_run(
            session,
            row.id,
            status="completed" if approved else "failed",
            output=edits if approved and edits is not None else row.output,
            error=None if approved else f"rejected by the reviewer{note}",
        )
        # The run goes on from here: whoever follows it must not take it as still paused
        # in the moment before its workflow reads the decision.
        execution.status = "running"
        node_id = row.node_id
    announce_change(tenant_id=tenant_id, execution_id=execution_id)
    return node_id


def approve(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    execution_id: str,
    edits: Any = None,
    comment: str | None = None,
) -> str:
    """Approve the waiting review (optionally replacing its value with ``edits``)."""
    return _decide(instance, tenant_id, execution_id, approved=True, edits=edits, comment=comment)


def reject(
    instance: Instance, *, tenant_id: uuid.UUID, execution_id: str, comment: str | None = None
) -> str:
    """Reject the waiting review; the node fails and its on_error decides what follows."""
    return _decide(instance, tenant_id, execution_id, approved=False, edits=None, comment=comment)
