"""What the durable flow engine costs per node, and what survives a worker killed 100 times.

Three measurements, on SQLite and on PostgreSQL (127.0.0.1:5432, user postgres, in a
temporary database created and dropped here):

    per node   a chain of N no-op nodes (the test type ``noop``) run R times with an embedded
               Runtime; the cost of a node is the time between the starts of consecutive
               nodes (from ``node_runs``), and the execution's wall time divided by N.
               Baseline, interleaved with the runs: awaiting the node's ``run`` directly.
    3-node     a chain of three no-op nodes, from the execution's creation to its end.
    kills      a worker subprocess running a branching flow of sleep nodes is SIGKILLed at
               random moments (seeded) and restarted, K times, then left to finish.
               lost:     an execution that never completes, or a node seen completed after
                         one kill whose output is gone (or changed) at the end;
               repeated: a node whose work began again after it had been seen completed
                         (from the starts log of the ``sleep`` node, not from the database).

Run: .venv/bin/python benchmarks/engine_overhead.py [--nodes 50] [--runs 20] [--kills 100]
     [--kill-backends sqlite] [--no-postgres]
Targets: at most 5 ms per node at p50 on SQLite; 0 lost; 0 repeated.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select, text

from presswright.bootstrap import Instance, cli_workspace, initialize, open_instance
from presswright.flows import operations as ops
from presswright.flows.nodes.base import NodeContext
from presswright.flows.records import input_hash
from presswright.flows.runtime import Runtime
from presswright.flows.spec import FlowSpec
from presswright.flows.templates import render, render_value
from presswright.settings import Settings
from presswright.store.models import Execution, NodeRun, as_utc

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the test node types live in tests/flows

from tests.flows.engine_nodes import (  # noqa: E402
    EFFECTS_VAR,
    WORKER_VAR,
    NoopNode,
    install,
    read_effects,
    starts_path,
)

WORKER_MAIN = REPO / "tests" / "flows" / "worker_main.py"
POSTGRES_SERVER = os.environ.get("PW_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/")
TARGET_NODE_P50_MS = 5.0
FINISHED = ("completed", "failed", "cancelled")
# Timings come from the rows' timestamps, not from noticing the end; a denser poll would
# only compete with the engine for this process's event loop (`run` follows at 0.25 s).
POLL_SECONDS = 0.05


def percentile(values: list[float], q: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


# --- installations -------------------------------------------------------------------------


@contextmanager
def backend_settings(name: str, folder: Path) -> Iterator[Settings]:
    """Settings for a fresh installation on ``name``; a PostgreSQL database is dropped after."""
    home = folder / f"home-{name}-{uuid.uuid4().hex[:6]}"
    if name == "sqlite":
        yield Settings(home=home)
        return
    database = f"pw_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(
        POSTGRES_SERVER.replace("postgresql://", "postgresql+psycopg://", 1) + "postgres",
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    try:
        yield Settings(home=home, database_url=POSTGRES_SERVER + database)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()


def open_installation(settings: Settings) -> tuple[Instance, uuid.UUID]:
    initialize(settings)
    instance = open_instance(settings)
    return instance, cli_workspace(instance).tenant_id


# --- per-node overhead and the 3-node chain ------------------------------------------------


def noop_chain(count: int) -> FlowSpec:
    nodes = [{"id": f"n{i}", "type": "noop", "config": {"value": i}} for i in range(count)]
    edges = [{"from": f"n{i}", "to": f"n{i + 1}"} for i in range(count - 1)]
    return FlowSpec.model_validate({"name": f"noop{count}", "nodes": nodes, "edges": edges})


@dataclass
class Overhead:
    """Samples in milliseconds."""

    direct: list[float] = field(default_factory=list)  # one awaited NoopNode.run
    node_gap: list[float] = field(default_factory=list)  # start of node i+1 - start of node i
    node_wall: list[float] = field(default_factory=list)  # execution wall time / nodes
    chain3: list[float] = field(default_factory=list)  # 3-node execution, created -> finished
    chain3_direct: list[float] = field(default_factory=list)  # three awaited runs


async def wait_finished(instance: Instance, tenant_id: uuid.UUID, execution_id: str) -> None:
    deadline = time.monotonic() + 120
    while True:
        with instance.database.tenant_session(tenant_id) as session:
            status = session.scalar(select(Execution.status).where(Execution.id == execution_id))
        if status in FINISHED:
            if status != "completed":
                raise RuntimeError(f"benchmark execution {execution_id} {status}")
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"benchmark execution {execution_id} still {status}")
        await asyncio.sleep(POLL_SECONDS)


def timings(
    instance: Instance, tenant_id: uuid.UUID, execution_id: str
) -> tuple[float, list[float]]:
    """The execution's wall time and the gaps between consecutive node starts, in ms."""
    with instance.database.tenant_session(tenant_id) as session:
        execution = session.get(Execution, execution_id)
        assert execution is not None
        assert execution.finished_at is not None
        wall = (as_utc(execution.finished_at) - as_utc(execution.created_at)).total_seconds()
        starts = sorted(
            as_utc(moment)
            for moment in session.scalars(
                select(NodeRun.started_at).where(NodeRun.execution_id == execution_id)
            )
        )
    gaps = [(b - a).total_seconds() * 1000 for a, b in itertools.pairwise(starts)]
    return wall * 1000, gaps


async def measure_overhead(
    instance: Instance, tenant_id: uuid.UUID, runtime: Runtime, nodes: int, runs: int
) -> Overhead:
    long_chain, short_chain = noop_chain(nodes), noop_chain(3)
    node = NoopNode()
    config = node.parse_config({"value": 1})

    async def no_llm(*_: Any, **__: Any) -> Any:
        raise RuntimeError("no model in this benchmark")

    context = NodeContext(
        execution_id="bench",
        node_id="n0",
        inputs={},
        upstream={},
        render=render,
        render_value=render_value,
        complete=no_llm,
    )

    async def direct(count: int) -> list[float]:
        samples = []
        for _ in range(count):
            started = time.perf_counter_ns()
            await node.run(config, context)
            samples.append((time.perf_counter_ns() - started) / 1e6)
        return samples

    async def execute(spec: FlowSpec) -> str:
        execution_id = await ops.start(
            instance, tenant_id=tenant_id, spec=spec, inputs={}, runtime=runtime
        )
        await wait_finished(instance, tenant_id, execution_id)
        return execution_id

    result = Overhead()
    await execute(long_chain)  # warm-up: imports, connection pools, prepared statements
    await execute(short_chain)
    for _ in range(runs):
        result.direct += await direct(nodes)
        wall, gaps = timings(instance, tenant_id, await execute(long_chain))
        result.node_wall.append(wall / nodes)
        result.node_gap += gaps
        three = await direct(3)
        result.chain3_direct.append(sum(three))
        wall, _ = timings(instance, tenant_id, await execute(short_chain))
        result.chain3.append(wall)
    return result


def overhead_on(name: str, folder: Path, nodes: int, runs: int) -> Overhead:
    with backend_settings(name, folder) as settings:
        instance, tenant_id = open_installation(settings)
        runtime = Runtime(instance, executor_id=f"bench-{uuid.uuid4().hex[:8]}")
        runtime.launch()
        try:
            return asyncio.run(measure_overhead(instance, tenant_id, runtime, nodes, runs))
        finally:
            runtime.shutdown()
            instance.database.dispose()


# --- SIGKILL recoveries --------------------------------------------------------------------


def branching_flow(rng: random.Random) -> FlowSpec:
    """a -> b1, b2, b3 -> c (merge) -> d -> e; every node but c is a sleep."""

    def sleep(node_id: str, seconds: float) -> dict[str, Any]:
        return {"id": node_id, "type": "sleep", "config": {"seconds": seconds, "value": node_id}}

    return FlowSpec.model_validate(
        {
            "name": "branches",
            "inputs": {"n": {"type": "integer", "default": 0}},
            "nodes": [
                sleep("a", 0.05),
                *(sleep(f"b{i}", round(rng.uniform(0.1, 0.4), 2)) for i in (1, 2, 3)),
                {"id": "c", "type": "merge"},
                sleep("d", 0.2),
                sleep("e", 0.05),
            ],
            "edges": [
                *({"from": "a", "to": f"b{i}"} for i in (1, 2, 3)),
                *({"from": f"b{i}", "to": "c"} for i in (1, 2, 3)),
                {"from": "c", "to": "d"},
                {"from": "d", "to": "e"},
            ],
        }
    )


@dataclass
class KillReport:
    kills: int = 0
    kills_mid_work: int = 0
    executions: int = 0
    nodes: int = 0
    lost_executions: int = 0
    vanished_nodes: int = 0
    repeated_nodes: int = 0
    interrupted_attempts: int = 0
    rerun_nodes: int = 0
    done_twice: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


class Worker:
    """One worker subprocess with the test node types."""

    def __init__(self, env: dict[str, str], log: Path, executor_id: str) -> None:
        self.log = log
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    str(WORKER_MAIN),
                    "worker",
                    "--executor-id",
                    executor_id,
                    "--concurrency",
                    "4",
                ],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.offset = log.stat().st_size

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while b" running (concurrency" not in self.log.read_bytes()[self.offset :]:
            if self.process.poll() is not None or time.monotonic() > deadline:
                tail = self.log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"the worker did not start:\n{tail}")
            time.sleep(0.02)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()


def completed_outputs(instance: Instance, tenant_id: uuid.UUID) -> dict[tuple[str, str], str]:
    """(execution, node) -> hash of the output, for every completed node run."""
    with instance.database.tenant_session(tenant_id) as session:
        rows = session.execute(
            select(NodeRun.execution_id, NodeRun.node_id, NodeRun.output).where(
                NodeRun.status == "completed"
            )
        ).all()
    return {(e, n): input_hash(output) for e, n, output in rows}


def statuses(instance: Instance, tenant_id: uuid.UUID, ids: list[str]) -> dict[str, str]:
    with instance.database.tenant_session(tenant_id) as session:
        rows = session.execute(
            select(Execution.id, Execution.status).where(Execution.id.in_(ids))
        ).all()
    return dict(rows)


def kill_campaign(name: str, folder: Path, kills: int, seed: int) -> KillReport:
    rng = random.Random(seed)  # noqa: S311 - reproducible chaos, not cryptography
    report = KillReport()
    with backend_settings(name, folder) as settings:
        instance, tenant_id = open_installation(settings)
        effects = settings.home.parent / f"effects-{name}.log"
        log = settings.home.parent / f"worker-{name}.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSWRIGHT_")}
        env.update(
            PRESSWRIGHT_HOME=str(settings.home), **{EFFECTS_VAR: str(effects), WORKER_VAR: "w"}
        )
        if settings.database_url:
            env["PRESSWRIGHT_DATABASE_URL"] = settings.database_url
        spec = branching_flow(rng)
        ids: list[str] = []

        async def enqueue(count: int) -> None:
            for n in range(count):
                ids.append(
                    await ops.start(instance, tenant_id=tenant_id, spec=spec, inputs={"n": n})
                )

        # (execution, node) -> (lines in the starts log when first seen completed, output hash)
        seen: dict[tuple[str, str], tuple[int, str]] = {}
        starts = starts_path(effects)
        started = time.monotonic()
        worker: Worker | None = None
        try:
            for _ in range(kills):
                current = statuses(instance, tenant_id, ids)
                if sum(s not in FINISHED for s in current.values()) < 6:
                    asyncio.run(enqueue(8))
                worker = Worker(env, log, "chaos")
                worker.wait_ready()
                time.sleep(rng.uniform(0.05, 1.0))
                worker.kill()
                report.kills += 1
                current = statuses(instance, tenant_id, ids)
                report.kills_mid_work += any(s not in FINISHED for s in current.values())
                lines = len(starts.read_text().splitlines()) if starts.exists() else 0
                for key, digest in completed_outputs(instance, tenant_id).items():
                    seen.setdefault(key, (lines, digest))
                print(f"\r  {name}: {report.kills}/{kills} kills", end="", flush=True)
            worker = Worker(env, log, "chaos")
            deadline = time.monotonic() + 300
            while any(s not in FINISHED for s in statuses(instance, tenant_id, ids).values()):
                if time.monotonic() > deadline:
                    break
                time.sleep(0.2)
            worker.stop()
        finally:
            if worker is not None and worker.process.poll() is None:
                worker.kill()
        print()
        report.seconds = time.monotonic() - started
        final = statuses(instance, tenant_id, ids)
        report.executions = len(ids)
        report.lost_executions = sum(s != "completed" for s in final.values())
        outputs = completed_outputs(instance, tenant_id)
        start_lines = [line.split(" ", 1) for line in starts.read_text().splitlines()]
        for key, (offset, digest) in seen.items():
            if outputs.get(key) != digest:
                report.vanished_nodes += 1
                report.problems.append(f"output of {key} vanished or changed")
            again = sum(1 for line in start_lines[offset:] if tuple(line) == key)
            if again:
                report.repeated_nodes += 1
                report.problems.append(f"{key} began {again} more time(s) after completing")
        with instance.database.tenant_session(tenant_id) as session:
            rows = session.execute(
                select(NodeRun.execution_id, NodeRun.node_id, NodeRun.attempt, NodeRun.status)
            ).all()
        by_node: dict[tuple[str, str], list[tuple[int, str]]] = {}
        for execution_id, node_id, attempt, status in rows:
            by_node.setdefault((execution_id, node_id), []).append((attempt, status))
        report.nodes = len(by_node)
        for key, attempts in by_node.items():
            completed = [a for a, s in attempts if s == "completed"]
            if len(completed) != 1 or completed[0] != max(a for a, _ in attempts):
                report.repeated_nodes += 1
                report.problems.append(f"{key} attempts {sorted(attempts)}")
            report.interrupted_attempts += sum(s == "interrupted" for _, s in attempts)
        began, done = read_effects(starts), read_effects(effects)
        report.rerun_nodes = sum(count > 1 for count in began.values())
        report.done_twice = sum(count > 1 for count in done.values())
        instance.database.dispose()
    return report


# --- report --------------------------------------------------------------------------------


def print_overhead(results: dict[str, Overhead], nodes: int) -> None:
    print(
        f"\n{'backend':<9} {'measure':<24} {'samples':>7} {'p50 ms':>9} {'p99 ms':>9}"
        f" {'direct p50':>10} {'+p50 ms':>8} {'ratio':>8}"
    )
    for name, o in results.items():
        base = percentile(o.direct, 50)
        base3 = percentile(o.chain3_direct, 50)
        for label, values, baseline in (
            ("per node (start gaps)", o.node_gap, base),
            (f"per node (wall/{nodes})", o.node_wall, base),
            ("3-node chain end to end", o.chain3, base3),
        ):
            p50, p99 = percentile(values, 50), percentile(values, 99)
            print(
                f"{name:<9} {label:<24} {len(values):>7} {p50:>9.3f} {p99:>9.3f}"
                f" {baseline:>10.4f} {p50 - baseline:>+8.3f} {p50 / baseline:>7.0f}x"
            )


def print_kills(reports: dict[str, KillReport]) -> None:
    print(
        f"\n{'backend':<9} {'kills':>5} {'mid-work':>8} {'execs':>5} {'nodes':>5} {'lost':>4}"
        f" {'vanished':>8} {'repeated':>8} {'interrupted':>11} {'re-run':>6} {'done 2x':>7}"
        f" {'seconds':>7}"
    )
    for name, r in reports.items():
        print(
            f"{name:<9} {r.kills:>5} {r.kills_mid_work:>8} {r.executions:>5} {r.nodes:>5}"
            f" {r.lost_executions:>4} {r.vanished_nodes:>8} {r.repeated_nodes:>8}"
            f" {r.interrupted_attempts:>11} {r.rerun_nodes:>6} {r.done_twice:>7}"
            f" {r.seconds:>7.0f}"
        )
        for problem in r.problems[:10]:
            print(f"  {name}: {problem}")


def print_verdict(results: dict[str, Overhead], reports: dict[str, KillReport]) -> None:
    print()
    if "sqlite" in results:
        p50 = percentile(results["sqlite"].node_gap, 50)
        verdict = "meets" if p50 <= TARGET_NODE_P50_MS else "MISSES"
        print(
            f"SQLite: {p50:.2f} ms per node at p50: {verdict} the target"
            f" (at most {TARGET_NODE_P50_MS:.0f} ms)."
        )
    for name, r in reports.items():
        lost = r.lost_executions + r.vanished_nodes
        verdict = "meets" if lost == 0 and r.repeated_nodes == 0 else "MISSES"
        print(
            f"{name} kills: {lost} lost, {r.repeated_nodes} repeated: {verdict} the target"
            " (0 lost, 0 repeated)."
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=50, help="nodes in the no-op chain")
    parser.add_argument("--runs", type=int, default=20, help="measured runs of each chain")
    parser.add_argument("--kills", type=int, default=100, help="SIGKILLs per kill backend")
    parser.add_argument("--seed", type=int, default=1729)
    parser.add_argument(
        "--kill-backends", default="sqlite", help="comma-separated: sqlite,postgres (or none)"
    )
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    args = parser.parse_args()
    for name in [n for n in os.environ if n.upper().startswith("PRESSWRIGHT_")]:
        del os.environ[name]
    install()
    backends = ["sqlite"] if args.no_postgres else ["sqlite", "postgres"]
    kill_backends = [b for b in args.kill_backends.split(",") if b in backends]
    with tempfile.TemporaryDirectory(prefix="pw-engine-bench-") as raw:
        folder = Path(raw)
        results = {}
        for name in backends:
            print(f"per-node overhead on {name}: {args.runs} runs of {args.nodes} nodes ...")
            results[name] = overhead_on(name, folder, args.nodes, args.runs)
        print_overhead(results, args.nodes)
        reports = {}
        for name in kill_backends:
            print(f"\n{args.kills} SIGKILL recoveries on {name} ...")
            reports[name] = kill_campaign(name, folder, args.kills, args.seed)
        if reports:
            print_kills(reports)
        print_verdict(results, reports)
    return 0


if __name__ == "__main__":
    sys.exit(main())
