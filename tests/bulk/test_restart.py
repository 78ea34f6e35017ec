"""SIGKILL in the middle of a bulk job; started again, it loses and repeats nothing.

Two ways a job is worked on, each killed mid-job and started again:

* `presswright bulk run` drives the job and runs its items in its own runtime: it is the
  job's worker. Killed twice, `presswright bulk retry ID` takes the job over (the dead
  driver's lease is freed at once) and its runtime recovers the killed process's runs;
* a `presswright worker` runs the items from the queue while this process drives the job.
  The worker is killed and started again with the same executor id.

Ground truth for "LLM work done" is the fake writer's log of answered calls, kept outside
the database; the node runs say which work completed. SQLite only.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from presswright.bootstrap import Instance, cli_workspace, initialize, open_instance
from presswright.bulk import BulkOptions, drive, job_progress, read_source, submit_job
from presswright.settings import Settings
from presswright.store.models import BulkItem, BulkJob, Execution, NodeRun
from tests.bulk.bulk_main import CALLS_VAR, DELAY_VAR
from tests.bulk.conftest import products
from tests.bulk.fakes import MODEL, store_fake_provider
from tests.flows.engine_harness import attempts, by_node

BULK_MAIN = Path(__file__).with_name("bulk_main.py")
ITEMS = 15


IMAGE_BRANCH = {"wants_product_image", "product_image", "wants_gallery_images", "gallery_images"}


# Every process a test started; what a failed test left running is killed after it (the
# processes have sessions of their own, so nothing else would stop them).
_started: list[subprocess.Popen[bytes]] = []


@pytest.fixture(autouse=True)
def _no_process_outlives_its_test() -> Iterator[None]:
    yield
    while _started:
        process = _started.pop()
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


class Home:
    """An installation the test and the `presswright` processes share."""

    def __init__(self, root: Path) -> None:
        self.settings = Settings(home=root / "home")
        initialize(self.settings)
        self.instance: Instance = open_instance(self.settings)
        workspace = cli_workspace(self.instance)
        self.tenant_id, self.user_id = workspace.tenant_id, workspace.user_id
        store_fake_provider(self.instance, self.tenant_id)
        self.calls = root / "calls.log"
        self.logs = root
        self.names = [f"Bowl {n}" for n in range(ITEMS)]
        self.source = root / "items.csv"
        self.source.write_text(products(*self.names), encoding="utf-8")

    def command(self, *args: str, log: str) -> subprocess.Popen[bytes]:
        """`presswright ARGS` with the fake writer, logging to ``log``."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSWRIGHT_")}
        env.update(PRESSWRIGHT_HOME=str(self.settings.home))
        env.update({CALLS_VAR: str(self.calls), DELAY_VAR: "0.3"})
        with (self.logs / log).open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, str(BULK_MAIN), *args],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        _started.append(process)
        return process

    def job_id(self) -> uuid.UUID | None:
        with self.instance.database.tenant_session(self.tenant_id) as session:
            return session.scalar(select(BulkJob.id))

    def answered(self) -> Counter[str]:
        text = self.calls.read_text(encoding="utf-8") if self.calls.exists() else ""
        return Counter(text.splitlines())

    def drafting(self) -> bool:
        """Whether a draft node (the LLM call) is running now."""
        with self.instance.database.tenant_session(self.tenant_id) as session:
            running = select(NodeRun.id).where(
                NodeRun.node_id == "draft", NodeRun.status == "running"
            )
            return session.scalar(running.limit(1)) is not None

    def completed_runs(self) -> dict[str, str]:
        """Item label -> execution id, for items whose run has completed."""
        with self.instance.database.tenant_session(self.tenant_id) as session:
            rows = session.execute(
                select(BulkItem.label, BulkItem.execution_id)
                .join(Execution, Execution.id == BulkItem.execution_id)
                .where(Execution.status == "completed")
            )
            return {label: execution_id for label, execution_id in rows if execution_id}

    def kill_when(self, process: subprocess.Popen[bytes], succeeded: int, log: str) -> uuid.UUID:
        """SIGKILL ``process`` once at least ``succeeded`` items are done (not all) and a call
        of the writer is under way, so the kill lands in the middle of LLM work."""
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (self.logs / log).read_text()
            assert time.monotonic() < deadline, "the job made no progress"
            job_id = self.job_id()
            if job_id is not None:
                progress = job_progress(self.instance, tenant_id=self.tenant_id, job_id=job_id)
                if progress.succeeded >= succeeded and self.drafting():
                    assert progress.remaining > 0, "the job ended before the kill"
                    process.kill()
                    process.wait(timeout=10)
                    return job_id
            time.sleep(0.05)

    def check_nothing_lost_or_repeated(self, done_at_kill: dict[str, str]) -> None:
        """Every item ended with one run of its own; finished work kept and never redone."""
        runs = self.completed_runs()
        assert sorted(runs) == sorted(self.names)
        assert len(set(runs.values())) == ITEMS
        with self.instance.database.tenant_session(self.tenant_id) as session:
            assert len(session.scalars(select(Execution.id)).all()) == ITEMS
        assert {name: runs[name] for name in done_at_kill} == done_at_kill
        answered = self.answered()
        assert all(answered[name] == 1 for name in done_at_kill), answered
        interrupted = 0
        for name, execution_id in runs.items():
            nodes = by_node(attempts(self.instance, self.tenant_id, execution_id))
            # the product flow's picture branch is decided and skipped (no image provider)
            assert sorted(set(nodes) - IMAGE_BRANCH) == ["brief", "draft", "product"]
            for node_id, rows in nodes.items():
                if node_id in IMAGE_BRANCH and rows[-1].status == "skipped":
                    continue
                completed = [row for row in rows if row.status == "completed"]
                assert len(completed) == 1 and completed[0] is rows[-1], (name, node_id, rows)
                assert all(row.status == "interrupted" for row in rows[:-1]), (name, rows)
                interrupted += len(rows) - 1
            # Each answered call belongs to an attempt of the item's draft node.
            assert 1 <= answered[name] <= len(nodes["draft"]), (name, nodes["draft"])
        assert interrupted > 0  # the kills hit running work, or this test proves nothing


@pytest.mark.timeout(150)
def test_bulk_run_killed_twice_is_finished_by_retry(tmp_path: Path) -> None:
    home = Home(tmp_path)
    run = ("bulk", "run", str(home.source), "--kind", "product", "--model", MODEL)
    first = home.command(*run, "--concurrency", "3", log="run.log")
    job_id = home.kill_when(first, succeeded=3, log="run.log")
    done_before = home.completed_runs()
    second = home.command("bulk", "retry", str(job_id), log="retry-1.log")
    home.kill_when(second, succeeded=len(done_before) + 3, log="retry-1.log")
    done_between = home.completed_runs()
    assert set(done_before) <= set(done_between)
    last = home.command("bulk", "retry", str(job_id), "--json", log="retry-2.log")
    assert last.wait(timeout=90) == 0, (tmp_path / "retry-2.log").read_text()

    output = (tmp_path / "retry-2.log").read_text().strip().splitlines()[-1]
    assert json.loads(output) == {
        "id": str(job_id),
        "status": "completed",
        "succeeded": ITEMS,
        "failed": 0,
        "remaining": 0,
    }
    home.check_nothing_lost_or_repeated(done_between)
    home.instance.database.dispose()


@pytest.mark.timeout(150)
def test_a_worker_killed_mid_job_and_started_again_loses_and_repeats_nothing(
    tmp_path: Path,
) -> None:
    home = Home(tmp_path)
    submitted = submit_job(
        home.instance,
        tenant_id=home.tenant_id,
        user_id=home.user_id,
        source=read_source(home.source.read_bytes(), name="items.csv"),
        options=BulkOptions(kind="product", model=MODEL, concurrency=3),
        mapping={},
        list_separator="|",
    )
    finals = []

    def follow() -> None:  # this process drives: no runtime here, the items go to the queue
        async def main() -> None:
            async for progress in drive(
                home.instance, tenant_id=home.tenant_id, job_id=submitted.progress.id, runtime=None
            ):
                finals.append(progress)

        asyncio.run(main())

    driver = threading.Thread(target=follow, daemon=True)
    driver.start()
    worker = ("worker", "--executor-id", "bulk-worker", "--concurrency", "4")
    first = home.command(*worker, log="worker-1.log")
    home.kill_when(first, succeeded=4, log="worker-1.log")
    done_at_kill = home.completed_runs()
    second = home.command(*worker, log="worker-2.log")
    driver.join(timeout=90)
    second.kill()
    second.wait(timeout=10)

    assert not driver.is_alive() and finals[-1].summary()["status"] == "completed"
    assert finals[-1].succeeded == ITEMS
    home.check_nothing_lost_or_repeated(done_at_kill)
    home.instance.database.dispose()


@pytest.mark.timeout(150)
def test_a_plain_worker_takes_on_a_job_whose_bulk_run_was_killed(tmp_path: Path) -> None:
    """Nobody runs `bulk retry`: the worker of this machine finds the job and finishes it."""
    home = Home(tmp_path)
    run = ("bulk", "run", str(home.source), "--kind", "product", "--model", MODEL)
    first = home.command(*run, "--concurrency", "3", log="run.log")
    job_id = home.kill_when(first, succeeded=3, log="run.log")
    done_at_kill = home.completed_runs()
    # The same (default) executor id as the killed run: the worker recovers its runs too.
    worker = home.command("worker", "--concurrency", "4", log="worker.log")
    try:
        deadline = time.monotonic() + 90
        while True:
            progress = job_progress(home.instance, tenant_id=home.tenant_id, job_id=job_id)
            if progress.remaining == 0:
                break
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()
            assert time.monotonic() < deadline, (tmp_path / "worker.log").read_text()
            time.sleep(0.2)
    finally:
        worker.terminate()
        assert worker.wait(timeout=30) == 0, (tmp_path / "worker.log").read_text()
    assert progress.summary()["status"] == "completed"
    assert progress.succeeded == ITEMS
    assert "nobody drives it" in (tmp_path / "worker.log").read_text()
    home.check_nothing_lost_or_repeated(done_at_kill)
    with home.instance.database.tenant_session(home.tenant_id) as session:
        job = session.get(BulkJob, job_id)
        assert job is not None and job.driver is None  # the lease was given up on stop
    home.instance.database.dispose()
