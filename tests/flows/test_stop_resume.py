"""Stop, fail, pause for review, and go on: finished nodes are kept, never run again.

An embedded runtime in this process (one at a time: DBOS is a process-wide singleton), on
SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

import pytest

from presswright.errors import UserInputError
from presswright.flows import operations as ops
from tests.flows.engine_harness import (
    Engine,
    chain,
    flow,
    sleep,
)
from tests.waiting import async_holds_for

pytestmark = pytest.mark.usefixtures("with_test_node_types")


@pytest.mark.timeout(60)
def test_stop_then_resume_keeps_finished_nodes(
    engine: Engine, dbos_records: list[logging.LogRecord]
) -> None:
    spec = flow([sleep("a", 0.05), sleep("b", 1.0), sleep("c", 0.05)], chain("a", "b", "c"))

    async def scenario() -> None:
        execution_id = await engine.start(spec)
        await engine.wait_node(execution_id, "b", "running")
        stopped = ops.stop(engine.instance, tenant_id=engine.tenant_id, execution_id=execution_id)
        assert stopped.status == "cancelled"
        assert {n.id: (n.status, n.runs) for n in stopped.nodes} == {
            "a": ("completed", 1),
            "b": ("cancelled", 1),
            "c": ("pending", 0),
        }
        with pytest.raises(UserInputError, match="already cancelled"):
            ops.stop(engine.instance, tenant_id=engine.tenant_id, execution_id=execution_id)
        await ops.resume(
            engine.instance,
            tenant_id=engine.tenant_id,
            execution_id=execution_id,
            runtime=engine.runtime,
        )
        final = await engine.wait(execution_id)
        assert final.status == "completed", final.error
        assert final.generation == 1
        runs = engine.runs(execution_id)
        assert (runs["a"], runs["c"]) == (1, 1)
        assert final.outputs["c"]["value"] == "c"
        effects = engine.effects_of(execution_id)
        assert (effects["a"], effects["c"]) == (1, 1)

    asyncio.run(scenario())
    # The stop is the run's own business, recorded in its events: DBOS logs no error for it.
    errors = [r for r in dbos_records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]
    assert any(r.getMessage().startswith("workflow stopped:") for r in dbos_records)


@pytest.mark.timeout(60)
def test_a_stopped_attempt_never_turns_completed(engine: Engine) -> None:
    """After stop + resume, the node that was running has exactly one completed row."""
    spec = flow([sleep("a", 0.05), sleep("b", 1.0), sleep("c", 0.05)], chain("a", "b", "c"))

    async def scenario() -> None:
        execution_id = await engine.start(spec)
        await engine.wait_node(execution_id, "b", "running")
        ops.stop(engine.instance, tenant_id=engine.tenant_id, execution_id=execution_id)
        await ops.resume(
            engine.instance,
            tenant_id=engine.tenant_id,
            execution_id=execution_id,
            runtime=engine.runtime,
        )
        assert (await engine.wait(execution_id)).status == "completed"

        def one_completed_after_the_cancelled() -> bool:
            statuses = [row.status for row in engine.rows(execution_id)["b"]]
            return statuses.count("completed") == 1 and statuses[0] == "cancelled"

        # Checked until the stopped attempt's 1 s of work would have been over, and then some.
        stopped_at = engine.rows(execution_id)["b"][0].started_at
        would_end = (stopped_at - datetime.now(UTC)).total_seconds() + 1.0 + 0.2
        await async_holds_for(
            one_completed_after_the_cancelled,
            seconds=max(would_end, 0.0),
            message=str(engine.rows(execution_id)["b"]),
        )

    asyncio.run(scenario())


@pytest.mark.timeout(60)
def test_failed_node_then_resume_runs_only_what_is_left(engine: Engine) -> None:
    spec = flow(
        [
            sleep("a", 0.01),
            {"id": "f", "type": "flaky", "config": {"failures": 1}, "on_error": "fail"},
            sleep("c", 0.01),
        ],
        chain("a", "f", "c"),
    )

    async def scenario() -> None:
        execution_id, failed = await engine.run(spec)
        assert failed.status == "failed"
        assert failed.error == "node 'f' failed: RuntimeError: flaky failure 1 of 1"
        assert engine.node_status(execution_id) == {
            "a": "completed",
            "f": "failed",
            "c": "pending",
        }
        await ops.resume(
            engine.instance,
            tenant_id=engine.tenant_id,
            execution_id=execution_id,
            runtime=engine.runtime,
        )
        final = await engine.wait(execution_id)
        assert final.status == "completed", final.error
        assert engine.runs(execution_id) == {"a": 1, "f": 2, "c": 1}
        assert engine.effects_of(execution_id) == {"a": 1, "c": 1}

    asyncio.run(scenario())


REVIEW_FLOW = flow(
    [
        sleep("draft", 0.01),
        {"id": "review", "type": "human_review", "config": {"message": "ok?"}},
        {"id": "publish", "type": "template", "config": {"template": "{{ review }}"}},
    ],
    chain("draft", "review", "publish"),
)


@pytest.mark.timeout(60)
def test_review_approved_with_edits_continues_with_the_edits(engine: Engine) -> None:
    async def scenario() -> None:
        execution_id, paused = await engine.run(REVIEW_FLOW)
        assert paused.status == "paused"
        assert engine.node_status(execution_id)["review"] == "waiting"
        proposed = engine.rows(execution_id)["review"][0].output
        assert proposed["value"] == "draft"
        node_id = ops.approve(
            engine.instance,
            tenant_id=engine.tenant_id,
            execution_id=execution_id,
            edits={"value": "edited"},
            comment="fine",
        )
        assert node_id == "review"
        final = await engine.wait(execution_id)
        assert final.status == "completed", final.error
        assert final.outputs == {"publish": {"value": "edited"}}
        assert engine.runs(execution_id) == {"draft": 1, "review": 1, "publish": 1}
        with pytest.raises(UserInputError, match="not waiting for a review"):
            ops.approve(engine.instance, tenant_id=engine.tenant_id, execution_id=execution_id)

    asyncio.run(scenario())


@pytest.mark.timeout(60)
def test_review_rejected_fails_the_node(engine: Engine) -> None:
    async def scenario() -> None:
        execution_id, paused = await engine.run(REVIEW_FLOW)
        assert paused.status == "paused"
        ops.reject(
            engine.instance,
            tenant_id=engine.tenant_id,
            execution_id=execution_id,
            comment="off topic",
        )
        final = await engine.wait(execution_id)
        assert final.status == "failed"
        assert final.error == "node 'review' failed: rejected by the reviewer: off topic"
        assert engine.node_status(execution_id) == {
            "draft": "completed",
            "review": "failed",
            "publish": "pending",
        }

    asyncio.run(scenario())
