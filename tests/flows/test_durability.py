"""The flow engine under crashes, many workers, and every way a run can stop and go on.

Three groups:

* worker subprocesses killed with SIGKILL at random moments, then restarted with the same
  executor id: every execution still completes, and no node whose work had completed runs
  again. Ground truth for "ran" is the effects log the ``sleep`` test node appends to (see
  ``test_nodes_plugin``), checked against the ``node_runs`` rows. Also: parallel maps
  replay in the order they ran, and an embedded (non-worker) runtime leaves the queue alone;
* three workers sharing one PostgreSQL queue: each execution runs exactly once;
* an embedded runtime in this process (one at a time: DBOS is a process-wide singleton):
  stop/resume, fail/resume, regenerate, review, branches, map policies, retries, on_error,
  timeouts and the token cap, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from presswright.bootstrap import Instance, cli_workspace, initialize, open_instance
from presswright.errors import UserInputError
from presswright.flows import operations as ops
from presswright.flows.runtime import Runtime
from presswright.flows.spec import FlowSpec
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.settings import Settings
from presswright.store.models import LLMCall, NodeRun, as_utc
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from tests.flows.test_nodes_plugin import (
    EFFECTS_VAR,
    WORKER_VAR,
    install,
    read_effects,
    starts_path,
    uninstall,
)

WORKER_MAIN = Path(__file__).with_name("worker_main.py")
FINISHED = ("completed", "failed", "cancelled")


@pytest.fixture(autouse=True)
def with_test_node_types() -> Iterator[None]:
    """The test node types, in this process for this test only (other tests list the types)."""
    install()
    yield
    uninstall()


# --- reading what happened ---------------------------------------------------------------


@dataclass(frozen=True)
class Attempt:
    """One node_runs row, as the checks need it."""

    node_id: str
    generation: int
    attempt: int
    status: str
    output: Any
    error: str | None
    started_at: datetime
    finished_at: datetime | None


def attempts(instance: Instance, tenant_id: uuid.UUID, execution_id: str) -> list[Attempt]:
    """Every node_runs row of an execution, in attempt order per node."""
    with instance.database.tenant_session(tenant_id) as session:
        rows = session.scalars(
            select(NodeRun)
            .where(NodeRun.execution_id == execution_id)
            .order_by(NodeRun.node_id, NodeRun.attempt)
        ).all()
        return [
            Attempt(
                node_id=row.node_id,
                generation=row.generation,
                attempt=row.attempt,
                status=row.status,
                output=row.output,
                error=row.error,
                started_at=as_utc(row.started_at),
                finished_at=as_utc(row.finished_at) if row.finished_at else None,
            )
            for row in rows
        ]


def by_node(rows: list[Attempt]) -> dict[str, list[Attempt]]:
    grouped: dict[str, list[Attempt]] = {}
    for row in rows:
        grouped.setdefault(row.node_id, []).append(row)
    return grouped


@dataclass
class CrashStats:
    """What the no-repeat check counted over a set of executions."""

    nodes: int = 0
    interrupted: int = 0  # attempts cut short by a kill (node_runs rows)
    rerun_nodes: int = 0  # nodes whose work began more than once (starts log)
    done_twice: int = 0  # nodes whose work finished more than once (effects log)


def check_ran_once_after_completion(
    instance: Instance,
    tenant_id: uuid.UUID,
    execution_ids: list[str],
    effects: Path,
    effect_nodes: set[str],
) -> CrashStats:
    """No node that had completed runs again; every node's work shows in the effects log.

    Per (execution, node): exactly one ``completed`` row, and it is the last attempt (no
    attempt started after it); every earlier attempt was ``interrupted``. For ``sleep``
    nodes the logs outside the database agree: the work finished at least once, began no
    more often than there are attempt rows (each row is written before its work starts), so
    a second run can only come from an attempt that began before the completed one.
    """
    done, began = read_effects(effects), read_effects(starts_path(effects))
    stats = CrashStats()
    for execution_id in execution_ids:
        for node_id, rows in by_node(attempts(instance, tenant_id, execution_id)).items():
            where = f"execution {execution_id} node {node_id}: {rows}"
            stats.nodes += 1
            completed = [row for row in rows if row.status == "completed"]
            assert len(completed) == 1, where
            assert completed[0].attempt == max(row.attempt for row in rows), where
            earlier = [row for row in rows if row is not completed[0]]
            assert all(row.status == "interrupted" for row in earlier), where
            stats.interrupted += len(earlier)
            map_parent = any(
                key == execution_id and item.startswith(node_id + "[") for key, item in began
            )  # a map's own row only records its items' work, which is checked per item
            if node_id.split("[", 1)[0] in effect_nodes and not map_parent:
                finished = done.get((execution_id, node_id), 0)
                started = began.get((execution_id, node_id), 0)
                assert 1 <= finished <= started <= len(rows), f"{where}; {finished=} {started=}"
                stats.rerun_nodes += started > 1
                stats.done_twice += finished > 1
    return stats


# --- flows -------------------------------------------------------------------------------


def sleep(node_id: str, seconds: float, **extra: Any) -> dict[str, Any]:
    return {
        "id": node_id,
        "type": "sleep",
        "config": {"seconds": seconds, "value": node_id},
        **extra,
    }


def chain(*node_ids: str) -> list[dict[str, str]]:
    return [{"from": a, "to": b} for a, b in itertools.pairwise(node_ids)]


def branching_flow(rng: random.Random | None = None) -> FlowSpec:
    """a -> b1, b2, b3 (parallel sleeps) -> c (merge) -> d (sleep) -> e (sleep)."""
    rng = rng or random.Random(0)  # noqa: S311 - test timings, not cryptography
    return FlowSpec.model_validate(
        {
            "name": "branches",
            "inputs": {"n": {"type": "integer", "default": 0}},
            "nodes": [
                sleep("a", 0.1),
                *(sleep(f"b{i}", round(rng.uniform(0.2, 0.5), 2)) for i in (1, 2, 3)),
                {"id": "c", "type": "merge", "config": {"mode": "object"}},
                sleep("d", 0.3),
                sleep("e", 0.1),
            ],
            "edges": [
                *({"from": "a", "to": f"b{i}"} for i in (1, 2, 3)),
                *({"from": f"b{i}", "to": "c"} for i in (1, 2, 3)),
                *chain("c", "d", "e"),
            ],
        }
    )


BRANCHING_EFFECT_NODES = {"a", "b1", "b2", "b3", "d", "e"}


def flow(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], **extra: Any) -> FlowSpec:
    return FlowSpec.model_validate({"name": "test", "nodes": nodes, "edges": edges, **extra})


# --- an installation shared with worker subprocesses ---------------------------------------


@dataclass
class Installation:
    """A home (and database) that this process and worker subprocesses share."""

    settings: Settings
    instance: Instance
    tenant_id: uuid.UUID
    effects: Path
    logs: Path
    extra_env: dict[str, str] = field(default_factory=dict)

    def env(self, worker: str) -> dict[str, str]:
        values = {k: v for k, v in os.environ.items() if not k.startswith("PRESSWRIGHT_")}
        values.update(
            PRESSWRIGHT_HOME=str(self.settings.home),
            **{EFFECTS_VAR: str(self.effects), WORKER_VAR: worker},
            **self.extra_env,
        )
        if self.settings.database_url:
            values["PRESSWRIGHT_DATABASE_URL"] = self.settings.database_url
        return values

    def status(self, execution_id: str) -> ops.RunStatus:
        return ops.execution_status(
            self.instance, tenant_id=self.tenant_id, execution_id=execution_id
        )

    def unfinished(self, execution_ids: list[str]) -> list[str]:
        return [e for e in execution_ids if self.status(e).status not in FINISHED]

    def enqueue(self, spec: FlowSpec, count: int) -> list[str]:
        async def main() -> list[str]:
            return [
                await ops.start(self.instance, tenant_id=self.tenant_id, spec=spec, inputs={"n": n})
                for n in range(count)
            ]

        return asyncio.run(main())


def make_installation(settings: Settings, tmp_path: Path) -> Installation:
    initialize(settings)
    instance = open_instance(settings)
    logs = tmp_path / "logs"
    logs.mkdir()
    return Installation(
        settings=settings,
        instance=instance,
        tenant_id=cli_workspace(instance).tenant_id,
        effects=tmp_path / "effects.log",
        logs=logs,
    )


@pytest.fixture
def sqlite_installation(tmp_path: Path) -> Iterator[Installation]:
    made = make_installation(Settings(home=tmp_path / "home"), tmp_path)
    yield made
    made.instance.database.dispose()


@pytest.fixture
def postgres_installation(tmp_path: Path, postgres_url: str) -> Iterator[Installation]:
    made = make_installation(Settings(home=tmp_path / "home", database_url=postgres_url), tmp_path)
    yield made
    made.instance.database.dispose()


class Workers:
    """Worker subprocesses of one test; every one still alive is killed at the end."""

    def __init__(self, installation: Installation) -> None:
        self.installation = installation
        self.live: list[tuple[subprocess.Popen[bytes], Path]] = []
        self.started = 0

    def start(self, executor_id: str, concurrency: int = 4) -> subprocess.Popen[bytes]:
        self.started += 1
        log = self.installation.logs / f"{executor_id}-{self.started}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [
                    sys.executable,
                    str(WORKER_MAIN),
                    "worker",
                    "--executor-id",
                    executor_id,
                    "--concurrency",
                    str(concurrency),
                ],
                env=self.installation.env(executor_id),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.live.append((process, log))
        return process

    def wait_ready(self, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
        """Until the worker says it runs (so a kill lands in its work, not its imports)."""
        log = next(path for proc, path in self.live if proc is process)
        deadline = time.monotonic() + timeout
        while b" running (concurrency" not in log.read_bytes():
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"worker did not start:\n{self.tail()}")
            time.sleep(0.02)

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        process.kill()
        process.wait(timeout=10)

    def stop(self, process: subprocess.Popen[bytes]) -> None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill(process)

    def tail(self, lines: int = 15) -> str:
        shown = []
        for _, path in self.live[-4:]:
            text = path.read_text(errors="replace").splitlines()[-lines:]
            shown.append(f"--- {path.name}\n" + "\n".join(text))
        return "\n".join(shown)

    def close(self) -> None:
        for process, _ in self.live:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)


@pytest.fixture
def workers_factory() -> Iterator[Callable[[Installation], Workers]]:
    made: list[Workers] = []

    def make(installation: Installation) -> Workers:
        made.append(Workers(installation))
        return made[-1]

    yield make
    for workers in made:
        workers.close()


def wait_finished(
    installation: Installation, workers: Workers, execution_ids: list[str], timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while installation.unfinished(execution_ids):
        if time.monotonic() > deadline:
            left = installation.unfinished(execution_ids)
            raise AssertionError(f"{len(left)} executions unfinished:\n{workers.tail()}")
        time.sleep(0.2)


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
        time.sleep(2.5)  # many queue polls (0.2 s) and queue-list refreshes (1 s)
        left_alone = installation.status(execution_id).status
    finally:
        runtime.shutdown()
    assert left_alone == "queued"
    workers.start("worker")
    wait_finished(installation, workers, [execution_id], timeout=30)
    assert installation.status(execution_id).status == "completed"


# --- (c) an embedded runtime in this process -----------------------------------------------


@dataclass
class Engine:
    """An installation with an embedded runtime launched in this process."""

    instance: Instance
    tenant_id: uuid.UUID
    runtime: Runtime
    effects: Path

    async def start(
        self, spec: FlowSpec, inputs: dict[str, Any] | None = None, **options: Any
    ) -> str:
        return await ops.start(
            self.instance,
            tenant_id=self.tenant_id,
            spec=spec,
            inputs=inputs or {},
            runtime=self.runtime,
            **options,
        )

    def status(self, execution_id: str) -> ops.RunStatus:
        return ops.execution_status(
            self.instance, tenant_id=self.tenant_id, execution_id=execution_id
        )

    def runs(self, execution_id: str) -> dict[str, int]:
        return {node.id: node.runs for node in self.status(execution_id).nodes}

    def node_status(self, execution_id: str) -> dict[str, str]:
        return {node.id: node.status for node in self.status(execution_id).nodes}

    def rows(self, execution_id: str) -> dict[str, list[Attempt]]:
        return by_node(attempts(self.instance, self.tenant_id, execution_id))

    def effects_of(self, execution_id: str) -> dict[str, int]:
        return {n: c for (e, n), c in read_effects(self.effects).items() if e == execution_id}

    async def wait(self, execution_id: str, *statuses: str, timeout: float = 20) -> ops.RunStatus:
        wanted = statuses or FINISHED
        deadline = time.monotonic() + timeout
        while True:
            status = self.status(execution_id)
            if status.status in wanted:
                return status
            assert time.monotonic() < deadline, f"still {status.status}: {status}"
            await asyncio.sleep(0.05)

    async def wait_node(
        self, execution_id: str, node_id: str, state: str, timeout: float = 20
    ) -> None:
        deadline = time.monotonic() + timeout
        while self.node_status(execution_id).get(node_id) != state:
            assert time.monotonic() < deadline, self.status(execution_id)
            await asyncio.sleep(0.02)

    async def run(
        self, spec: FlowSpec, inputs: dict[str, Any] | None = None, **options: Any
    ) -> tuple[str, ops.RunStatus]:
        execution_id = await self.start(spec, inputs, **options)
        return execution_id, await self.wait(execution_id, *FINISHED, "paused")


@pytest.fixture
def engine(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """A fresh installation on the test's backend and a runtime with a unique executor id."""
    effects = tmp_path / "effects.log"
    monkeypatch.setenv(EFFECTS_VAR, str(effects))
    initialize(settings)
    instance = open_instance(settings)
    runtime = Runtime(instance, executor_id=f"test-{uuid.uuid4().hex[:8]}")
    runtime.launch()
    try:
        yield Engine(instance, cli_workspace(instance).tenant_id, runtime, effects)
    finally:
        runtime.shutdown()
        instance.database.dispose()


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def dbos_records() -> Iterator[list[logging.LogRecord]]:
    """What the ``dbos`` logger hands its handlers (it does not propagate to the root)."""
    handler = _Records()
    logger = logging.getLogger("dbos")
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)


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
        await asyncio.sleep(1.2)  # the stopped attempt's work would be over by now
        statuses = [row.status for row in engine.rows(execution_id)["b"]]
        assert statuses.count("completed") == 1, statuses
        assert statuses[0] == "cancelled", statuses

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


@pytest.mark.timeout(60)
def test_regenerate_reruns_a_node_and_its_descendants_only(engine: Engine) -> None:
    spec = flow(
        [sleep("a", 0.01), sleep("b", 0.01), sleep("c", 0.01), {"id": "d", "type": "merge"}],
        [*chain("a", "b", "d"), *chain("a", "c", "d")],
    )

    async def regenerate(execution_id: str, overrides: dict[str, Any] | None) -> ops.RunStatus:
        await ops.regenerate(
            engine.instance,
            tenant_id=engine.tenant_id,
            execution_id=execution_id,
            node_id="b",
            overrides=overrides,
            runtime=engine.runtime,
        )
        return await engine.wait(execution_id)

    async def scenario() -> None:
        execution_id, first = await engine.run(spec)
        assert first.status == "completed"
        assert first.outputs["d"]["b"]["value"] == "b"

        again = await regenerate(execution_id, None)
        assert again.status == "completed", again.error
        assert engine.runs(execution_id) == {"a": 1, "b": 2, "c": 1, "d": 2}

        changed = await regenerate(execution_id, {"value": "B2"})
        assert changed.status == "completed", changed.error
        assert engine.runs(execution_id) == {"a": 1, "b": 3, "c": 1, "d": 3}
        assert changed.outputs["d"]["b"]["value"] == "B2"
        assert changed.outputs["d"]["c"]["value"] == "c"
        assert engine.effects_of(execution_id) == {"a": 1, "b": 3, "c": 1}
        assert changed.generation == 2

        with pytest.raises(UserInputError, match="no node 'zz'"):
            await ops.regenerate(
                engine.instance,
                tenant_id=engine.tenant_id,
                execution_id=execution_id,
                node_id="zz",
            )

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


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("flag", "taken", "skipped"), [(True, "yes", "no"), (False, "no", "yes")])
def test_condition_runs_one_branch_and_skips_the_other(
    engine: Engine, flag: bool, taken: str, skipped: str
) -> None:
    spec = flow(
        [
            {"id": "check", "type": "condition", "config": {"if": "{{ inputs.flag }}"}},
            sleep("yes", 0.01),
            sleep("no", 0.01),
            sleep("after_no", 0.01),
            {"id": "join", "type": "merge", "config": {"mode": "object"}},
        ],
        [
            {"from": "check", "to": "yes", "when": "true"},
            {"from": "check", "to": "no", "when": "false"},
            {"from": "no", "to": "after_no"},
            {"from": "yes", "to": "join"},
            {"from": "after_no", "to": "join"},
        ],
        inputs={"flag": {"type": "boolean"}},
    )

    async def scenario() -> None:
        execution_id, final = await engine.run(spec, {"flag": flag})
        assert final.status == "completed", final.error
        states = engine.node_status(execution_id)
        assert states[taken] == "completed"
        assert states[skipped] == "skipped"
        assert states["after_no"] == ("completed" if taken == "no" else "skipped")
        assert states["join"] == "completed"
        assert engine.runs(execution_id)[skipped] == 0
        assert skipped not in engine.effects_of(execution_id)
        assert final.progress == 100

    asyncio.run(scenario())


def map_flow(
    items: list[Any], child: dict[str, Any], *, concurrency: int = 4, failure: str = "fail"
) -> FlowSpec:
    config = {"over": "{{ inputs.xs }}", "node": child, "concurrency": concurrency}
    return flow(
        [{"id": "each", "type": "map", "config": {**config, "failure": failure}}],
        [],
        inputs={"xs": {"type": "array", "default": items}},
    )


@pytest.mark.timeout(60)
def test_map_never_runs_more_items_at_once_than_its_concurrency(engine: Engine) -> None:
    spec = map_flow(list(range(6)), {"type": "sleep", "config": {"seconds": 0.2}}, concurrency=2)

    async def scenario() -> None:
        execution_id, final = await engine.run(spec)
        assert final.status == "completed", final.error
        assert [out["item"] for out in final.outputs["each"]] == list(range(6))
        rows = [r for n, rs in engine.rows(execution_id).items() if "[" in n for r in rs]
        assert len(rows) == 6
        events = sorted(
            [(r.started_at, 1) for r in rows] + [(r.finished_at, -1) for r in rows if r.finished_at]
        )
        running = peak = 0
        for _, change in events:
            running += change
            peak = max(peak, running)
        assert peak == 2
        assert len(engine.effects_of(execution_id)) == 6

    asyncio.run(scenario())


# Item 0 fails: 10 // 0 raises while rendering.
DIVIDE = {"type": "template", "config": {"template": "{{ 10 // item }}"}}


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("failure", "status", "output"),
    [
        ("fail", "failed", None),
        ("skip", "completed", [10, 5]),
        ("collect", "completed", "collected"),
    ],
)
def test_map_failure_policies(engine: Engine, failure: str, status: str, output: Any) -> None:
    spec = map_flow([1, 0, 2], DIVIDE, failure=failure)

    async def scenario() -> None:
        execution_id, final = await engine.run(spec)
        assert final.status == status, final.error
        items = engine.rows(execution_id)
        assert [items[f"each[{i}]"][-1].status for i in range(3)] == [
            "completed",
            "failed",
            "completed",
        ]
        if failure == "fail":
            assert final.error is not None
            assert final.error.startswith("node 'each' failed: item 1 failed: ")
            assert "ZeroDivisionError" in final.error
        elif failure == "skip":
            assert final.outputs == {"each": output}
        else:
            collected = final.outputs["each"]
            assert collected[0] == {"ok": True, "output": 10}
            assert collected[1]["ok"] is False
            assert "ZeroDivisionError" in collected[1]["error"]
            assert collected[2] == {"ok": True, "output": 5}

    asyncio.run(scenario())


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("failures", "status", "runs"), [(1, "completed", 2), (3, "failed", 3)])
def test_retries(engine: Engine, failures: int, status: str, runs: int) -> None:
    spec = flow(
        [
            {
                "id": "f",
                "type": "flaky",
                "config": {"failures": failures},
                "retries": 2,
                "retry_delay": 0.01,
            }
        ],
        [],
    )

    async def scenario() -> None:
        execution_id, final = await engine.run(spec)
        assert final.status == status, final.error
        assert engine.runs(execution_id) == {"f": runs}
        rows = engine.rows(execution_id)["f"]
        assert [r.status for r in rows] == ["failed"] * (runs - 1) + [
            "completed" if status == "completed" else "failed"
        ]
        if status == "completed":
            assert final.outputs == {"f": {"value": "ok", "attempts": 2}}

    asyncio.run(scenario())


@pytest.mark.timeout(60)
def test_on_error_default_uses_the_default_as_output(engine: Engine) -> None:
    spec = flow(
        [
            {"id": "x", "type": "boom", "on_error": "default", "default": {"fallback": True}},
            {"id": "y", "type": "template", "config": {"template": "{{ x.fallback }}"}},
        ],
        chain("x", "y"),
    )

    async def scenario() -> None:
        execution_id, final = await engine.run(spec)
        assert final.status == "completed", final.error
        assert final.outputs == {"y": True}
        assert engine.node_status(execution_id) == {"x": "failed", "y": "completed"}

    asyncio.run(scenario())


@pytest.mark.timeout(60)
def test_on_error_branch_follows_only_the_error_edge(engine: Engine) -> None:
    spec = flow(
        [
            {"id": "x", "type": "boom", "config": {"message": "kaput"}, "on_error": "branch"},
            sleep("normal", 0.01),
            {"id": "handler", "type": "template", "config": {"template": "{{ x.error }}"}},
        ],
        [{"from": "x", "to": "normal"}, {"from": "x", "to": "handler", "when": "error"}],
    )

    async def scenario() -> None:
        execution_id, final = await engine.run(spec)
        assert final.status == "completed", final.error
        assert engine.node_status(execution_id) == {
            "x": "failed",
            "normal": "skipped",
            "handler": "completed",
        }
        assert final.outputs == {"handler": "RuntimeError: kaput"}
        assert engine.effects_of(execution_id) == {}

    asyncio.run(scenario())


@pytest.mark.timeout(60)
def test_node_timeout_fails_the_attempt(engine: Engine) -> None:
    spec = flow([sleep("slow", 30, timeout=0.3)], [])

    async def scenario() -> None:
        started = time.monotonic()
        execution_id, final = await engine.run(spec)
        assert final.status == "failed"
        assert final.error == "node 'slow' failed: timed out"
        assert time.monotonic() - started < 10
        assert engine.node_status(execution_id) == {"slow": "failed"}
        assert engine.effects_of(execution_id) == {}

    asyncio.run(scenario())


@pytest.fixture
def fake_llm(engine: Engine) -> Iterator[FakeScript]:
    """The tenant has a stored connection named 'fake' of the shipped fake provider kind."""
    FakeProvider.scripts.clear()
    script = FakeProvider.scripts["fake"] = FakeScript()
    with engine.instance.database.tenant_session(engine.tenant_id) as session:
        create_provider_config(
            session,
            data=ProviderConfigCreate(name="fake", kind="fake"),
            box=engine.instance.secretbox,
        )
    yield script
    FakeProvider.scripts.clear()


@pytest.mark.timeout(60)
def test_token_cap_stops_after_the_layer_that_reaches_it(
    engine: Engine, fake_llm: FakeScript
) -> None:
    fake_llm.add("one two three four five six", "seven eight", "nine")
    llm = {"type": "llm", "config": {"model": "fake:test", "cache": False}}
    spec = flow(
        [
            {"id": "first", **llm, "config": {**llm["config"], "prompt": "write six words"}},
            {"id": "second", **llm, "config": {**llm["config"], "prompt": "{{ first }}"}},
            {"id": "third", **llm, "config": {**llm["config"], "prompt": "{{ second }}"}},
        ],
        chain("first", "second", "third"),
    )

    async def scenario() -> None:
        # first: 3 words in + 6 out = 9 tokens, under the cap; second: 6 + 2 = 8 more.
        execution_id, final = await engine.run(spec, token_cap=12)
        assert final.status == "failed"
        assert final.error is not None
        assert final.error.startswith("token cap reached: 17 of 12 tokens used")
        assert (final.tokens_in, final.tokens_out) == (9, 8)
        assert engine.node_status(execution_id) == {
            "first": "completed",
            "second": "completed",
            "third": "pending",
        }
        assert len(fake_llm.requests) == 2

        _, uncapped = await engine.run(spec)
        assert uncapped.status == "completed", uncapped.error
        assert uncapped.outputs == {"third": "nine"}

    asyncio.run(scenario())


@pytest.mark.timeout(60)
def test_each_attempt_of_a_node_asks_for_a_fresh_sample(
    engine: Engine, fake_llm: FakeScript
) -> None:
    # A retry that repeated the failed draw could never succeed on a seeded sampler.
    fake_llm.add(RuntimeError("the first draw fails"), "second draw")
    spec = flow(
        [
            {
                "id": "write",
                "type": "llm",
                "retries": 1,
                "retry_delay": 0,
                "config": {"model": "fake:test", "cache": False, "prompt": "write"},
            }
        ],
        [],
    )

    async def scenario() -> None:
        _, final = await engine.run(spec)
        assert final.status == "completed", final.error
        assert final.outputs == {"write": "second draw"}
        assert [request.params.sample for request in fake_llm.requests] == [0, 1]

    asyncio.run(scenario())
