"""What the engine tests share: flows of test nodes, reading node_runs, worker subprocesses.

The durability tests (``test_crash_recovery``, ``test_shared_queue``, ``test_stop_resume``,
``test_regenerate``, ``test_parallel_layers``, ``test_node_failures``) run flows of the test
node types of ``engine_nodes`` and check what happened against the ``node_runs`` rows and the
effects log those nodes write outside the database. Their fixtures are in ``conftest.py``.
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
from presswright.flows import operations as ops
from presswright.flows.runtime import Runtime
from presswright.flows.spec import FlowSpec
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.settings import Settings
from presswright.store.models import NodeRun, as_utc
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from tests.flows.engine_nodes import (
    EFFECTS_VAR,
    WORKER_VAR,
    install,
    read_effects,
    starts_path,
    uninstall,
)

WORKER_MAIN = Path(__file__).with_name("worker_main.py")
FINISHED = ("completed", "failed", "cancelled")

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


def wait_finished(
    installation: Installation, workers: Workers, execution_ids: list[str], timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while installation.unfinished(execution_ids):
        if time.monotonic() > deadline:
            left = installation.unfinished(execution_ids)
            raise AssertionError(f"{len(left)} executions unfinished:\n{workers.tail()}")
        time.sleep(0.2)


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


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


# --- fixtures (re-exported by conftest.py; other test packages import them from here) ---


@pytest.fixture
def with_test_node_types() -> Iterator[None]:
    """The test node types, in this process for this test only (other tests list the types)."""
    install()
    yield
    uninstall()


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


@pytest.fixture
def workers_factory() -> Iterator[Callable[[Installation], Workers]]:
    made: list[Workers] = []

    def make(installation: Installation) -> Workers:
        made.append(Workers(installation))
        return made[-1]

    yield make
    for workers in made:
        workers.close()


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
