"""Worker subprocesses killed with SIGKILL at random moments, then restarted with the same
executor id: every execution still completes, and no node whose work had completed runs again.

Ground truth for "ran" is the effects log the ``sleep`` test node appends to (see
``engine_nodes``), checked against the ``node_runs`` rows. Parallel maps replay in the order
they ran.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from typing import Any

import pytest

from presswright.flows import operations as ops
from presswright.flows.spec import FlowSpec
from tests.flows.engine_harness import (
    BRANCHING_EFFECT_NODES,
    Installation,
    Workers,
    attempts,
    branching_flow,
    check_ran_once_after_completion,
    sleep,
    wait_finished,
)

pytestmark = pytest.mark.usefixtures("with_test_node_types")


# --- (a) SIGKILL chaos -------------------------------------------------------------------


KILLS = 12
CHAOS_EXECUTIONS = 16


@pytest.mark.timeout(150)
@pytest.mark.parametrize(
    "backend_name", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_sigkill_at_random_moments_loses_and_repeats_nothing(
    backend_name: str,
    request: pytest.FixtureRequest,
    workers_factory: Callable[[Installation], Workers],
) -> None:
    installation: Installation = request.getfixturevalue(f"{backend_name}_installation")
    rng = random.Random(1729)  # noqa: S311 - reproducible chaos
    execution_ids = installation.enqueue(branching_flow(rng), CHAOS_EXECUTIONS)
    workers = workers_factory(installation)
    started = time.monotonic()
    kills_mid_work = 0
    for _ in range(KILLS):
        process = workers.start("chaos", concurrency=4)
        workers.wait_ready(process)
        time.sleep(rng.uniform(0.05, 1.2))
        workers.kill(process)
        kills_mid_work += bool(installation.unfinished(execution_ids))
    final = workers.start("chaos", concurrency=4)
    wait_finished(installation, workers, execution_ids, timeout=90)
    workers.stop(final)
    elapsed = time.monotonic() - started

    statuses = {e: installation.status(e) for e in execution_ids}
    assert {s.status for s in statuses.values()} == {"completed"}, [
        (s.status, s.error) for s in statuses.values() if s.status != "completed"
    ]
    for status in statuses.values():
        assert status.outputs["e"]["value"] == "e"
    stats = check_ran_once_after_completion(
        installation.instance,
        installation.tenant_id,
        execution_ids,
        installation.effects,
        BRANCHING_EFFECT_NODES,
    )
    assert stats.nodes == CHAOS_EXECUTIONS * 7
    # The chaos must have hit running work, or this test proves nothing.
    assert kills_mid_work >= 10, kills_mid_work
    assert stats.interrupted > 0, stats
    assert stats.rerun_nodes > 0, stats
    print(
        f"\n[{backend_name}] {KILLS} SIGKILLs ({kills_mid_work} with work left),"
        f" {CHAOS_EXECUTIONS} executions, {stats.nodes} nodes: {stats.interrupted} attempts"
        f" interrupted, {stats.rerun_nodes} sleep nodes began their work again after a kill,"
        f" {stats.done_twice} finished it twice (killed between the work and its record);"
        f" {elapsed:.1f} s"
    )


@pytest.mark.timeout(90)
def test_sigkill_while_two_maps_run_side_by_side_is_recovered(
    sqlite_installation: Installation, workers_factory: Callable[[Installation], Workers]
) -> None:
    """Parallel nodes whose steps interleave (two maps) must replay in the same step order."""
    installation = sqlite_installation

    def mapped(node_id: str, seconds: float) -> dict[str, Any]:
        child = {"type": "sleep", "config": {"seconds": seconds}}
        config = {"over": "{{ inputs.xs }}", "concurrency": 2, "node": child}
        return {"id": node_id, "type": "map", "config": config}

    spec = FlowSpec.model_validate(
        {
            "name": "maps",
            "inputs": {"xs": {"type": "array", "default": [1, 2, 3, 4, 5, 6]}},
            "nodes": [
                sleep("a", 0.05),
                mapped("fast", 0.05),
                mapped("slow", 0.4),
                {"id": "c", "type": "merge"},
            ],
            "edges": [
                {"from": "a", "to": "fast"},
                {"from": "a", "to": "slow"},
                {"from": "fast", "to": "c"},
                {"from": "slow", "to": "c"},
            ],
        }
    )

    async def enqueue() -> list[str]:
        return [
            await ops.start(
                installation.instance, tenant_id=installation.tenant_id, spec=spec, inputs={}
            )
            for _ in range(3)
        ]

    execution_ids = asyncio.run(enqueue())
    workers = workers_factory(installation)
    process = workers.start("maps")
    deadline = time.monotonic() + 30
    while not all(
        sum(r.node_id.startswith("slow[") and r.status == "completed" for r in rows) >= 3
        for rows in (
            attempts(installation.instance, installation.tenant_id, e) for e in execution_ids
        )
    ):
        assert time.monotonic() < deadline, workers.tail()
        time.sleep(0.05)
    workers.kill(process)
    final = workers.start("maps")
    wait_finished(installation, workers, execution_ids, timeout=20)
    workers.stop(final)
    for execution_id in execution_ids:
        status = installation.status(execution_id)
        assert status.status == "completed", status.error
        assert [item["item"] for item in status.outputs["c"]["slow"]] == [1, 2, 3, 4, 5, 6]
    check_ran_once_after_completion(
        installation.instance,
        installation.tenant_id,
        execution_ids,
        installation.effects,
        {"a", "fast", "slow"},
    )
