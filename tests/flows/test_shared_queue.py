"""Several processes on one queue: each execution runs exactly once, a provider limit holds
across workers, and an embedded (non-worker) runtime leaves queued executions alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from sqlalchemy import select

from presswright.flows.runtime import Runtime
from presswright.store.models import LLMCall, as_utc
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from tests.flows.engine_harness import (
    BRANCHING_EFFECT_NODES,
    Installation,
    Workers,
    attempts,
    branching_flow,
    flow,
    wait_finished,
)
from tests.flows.engine_nodes import read_effects, starts_path
from tests.waiting import holds_for

pytestmark = pytest.mark.usefixtures("with_test_node_types")


# --- (b) three workers on one PostgreSQL queue ---------------------------------------------


@pytest.mark.postgres
@pytest.mark.timeout(120)
def test_three_workers_run_each_execution_exactly_once(
    postgres_installation: Installation, workers_factory: Callable[[Installation], Workers]
) -> None:
    installation = postgres_installation
    workers = workers_factory(installation)
    processes = [workers.start(f"worker-{i}", concurrency=4) for i in range(3)]
    for process in processes:
        workers.wait_ready(process)
    started = time.monotonic()
    execution_ids = installation.enqueue(branching_flow(), 30)
    wait_finished(installation, workers, execution_ids, timeout=90)
    elapsed = time.monotonic() - started
    for process in processes:
        workers.stop(process)

    effects = read_effects(installation.effects)
    began = read_effects(starts_path(installation.effects))
    did_work: dict[str, int] = {}
    for execution_id in execution_ids:
        status = installation.status(execution_id)
        assert status.status == "completed", status.error
        rows = attempts(installation.instance, installation.tenant_id, execution_id)
        assert sorted(row.node_id for row in rows) == sorted(["a", "b1", "b2", "b3", "c", "d", "e"])
        assert all(row.status == "completed" and row.attempt == 1 for row in rows), rows
        for node_id in BRANCHING_EFFECT_NODES:
            assert effects.get((execution_id, node_id)) == 1, (execution_id, node_id)
            assert began.get((execution_id, node_id)) == 1, (execution_id, node_id)
        for row in rows:
            if row.node_id in BRANCHING_EFFECT_NODES:
                worker = row.output["worker"]
                did_work[worker] = did_work.get(worker, 0) + 1
    assert len(effects) == 30 * len(BRANCHING_EFFECT_NODES)
    assert len(did_work) > 1, did_work
    print(f"\n30 executions on 3 workers in {elapsed:.1f} s; node work per worker: {did_work}")


LIMIT_WINDOW = 1.0
LIMIT_REQUESTS = 3


@pytest.mark.timeout(120)
@pytest.mark.parametrize("backend_name", ["sqlite", "postgres"])
def test_two_workers_together_respect_one_provider_limit(
    backend_name: str,
    request: pytest.FixtureRequest,
    workers_factory: Callable[[Installation], Workers],
) -> None:
    installation: Installation = request.getfixturevalue(f"{backend_name}_installation")
    installation.extra_env["PRESSWRIGHT_PROVIDER_LIMIT_WINDOW"] = str(LIMIT_WINDOW)
    with installation.instance.database.tenant_session(installation.tenant_id) as session:
        create_provider_config(
            session,
            data=ProviderConfigCreate(name="fake", kind="fake", requests_per_minute=LIMIT_REQUESTS),
            box=installation.instance.secretbox,
        )
    spec = flow(
        [
            {"id": "items", "type": "template", "config": {"template": "{{ range(8) | list }}"}},
            {
                "id": "ask",
                "type": "map",
                "config": {
                    "over": "{{ items }}",
                    "concurrency": 8,
                    "node": {
                        "type": "llm",
                        "config": {
                            "prompt": "item {{ item }} of run {{ inputs.n }}",
                            "model": "fake:test",
                            "cache": False,
                        },
                    },
                },
            },
        ],
        [{"from": "items", "to": "ask"}],
        inputs={"n": {"type": "integer"}},
    )
    workers = workers_factory(installation)
    processes = [workers.start(f"limited-{i}", concurrency=4) for i in range(2)]
    for process in processes:
        workers.wait_ready(process)
    execution_ids = installation.enqueue(spec, 3)  # 24 calls at 3 per second, on two workers
    wait_finished(installation, workers, execution_ids, timeout=90)
    for process in processes:
        workers.stop(process)
    with installation.instance.database.tenant_session(installation.tenant_id) as session:
        calls = list(session.scalars(select(LLMCall)))
    assert len(calls) == 24 and all(call.status == "ok" for call in calls)
    # When each call really started (its usage row is written when it ends).
    started = sorted(as_utc(call.created_at).timestamp() - call.latency_ms / 1000 for call in calls)
    # A booking the worker's busy event loop resumed late is moved to when its call starts
    # (within STAMP_TOLERANCE, 10 ms); 50 ms covers that and the clock reads around it.
    busiest = max(
        sum(1 for other in started if start <= other < start + LIMIT_WINDOW - 0.05)
        for start in started
    )
    assert busiest <= LIMIT_REQUESTS, [round(t - started[0], 3) for t in started]
    assert started[-1] - started[0] >= (24 / LIMIT_REQUESTS - 1) * LIMIT_WINDOW - 0.3


@pytest.mark.timeout(60)
def test_an_embedded_runtime_leaves_queued_executions_to_workers(
    sqlite_installation: Installation, workers_factory: Callable[[Installation], Workers]
) -> None:
    """`presswright flow run` embeds a runtime that is not a worker: it must not dequeue.

    Work it took from the queue would stay pending under its executor id once it exits.
    """
    installation = sqlite_installation
    workers = workers_factory(installation)
    first = workers.start("worker")  # a worker has served the queue before
    workers.wait_ready(first)
    workers.stop(first)
    [execution_id] = installation.enqueue(branching_flow(), 1)
    runtime = Runtime(installation.instance, executor_id="embedded")
    runtime.launch()
    try:
        # Through many queue polls (0.2 s) and queue-list refreshes (1 s), checked throughout.
        holds_for(
            lambda: installation.status(execution_id).status == "queued",
            seconds=2.5,
            message="the embedded runtime took a queued execution",
        )
    finally:
        runtime.shutdown()
    workers.start("worker")
    wait_finished(installation, workers, [execution_id], timeout=30)
    assert installation.status(execution_id).status == "completed"
