"""Bulk jobs on the engine with the fake writer: progress, report, reuse, retry, cancel, leases.

Ground truth for "LLM work done" is the writer's count of answered calls per product; every
item is an execution of the built-in product flow, checked through its node runs.
"""

from __future__ import annotations

import asyncio
import csv
import io
import uuid

import pytest
from sqlalchemy import func, select

from presswright.bulk import (
    BulkInputError,
    cancel_job,
    drive,
    job_progress,
    job_report,
    report_csv,
    retry_job,
)
from presswright.errors import ConflictError
from presswright.flows import operations as ops
from presswright.store.bulk import take_lease
from presswright.store.models import BulkItem, Document, Execution
from tests.bulk.conftest import BOTH_BACKENDS, Bench, products
from tests.waiting import async_holds_for


def executions(bench: Bench) -> int:
    with bench.instance.database.tenant_session(bench.tenant_id) as session:
        return int(session.scalar(select(func.count()).select_from(Execution)) or 0)


def item_runs(bench: Bench, job_id: uuid.UUID) -> dict[str, str | None]:
    """Each item's label -> its execution id."""
    with bench.instance.database.tenant_session(bench.tenant_id) as session:
        rows = session.execute(
            select(BulkItem.label, BulkItem.execution_id).where(BulkItem.job_id == job_id)
        )
        return {label: execution_id for label, execution_id in rows}


@BOTH_BACKENDS
@pytest.mark.timeout(90)
def test_a_job_generates_each_item_once_and_reports_failures_with_reasons(bench: Bench) -> None:
    names = [f"Tea towel {n}" for n in range(6)]
    submitted = bench.submit(products(*names, "broken kettle"), concurrency=3)
    assert submitted.status == "queued" and submitted.total == 7 and submitted.remaining == 7

    seen = bench.drive(submitted.id)

    final = seen[-1]
    assert final.summary() == {
        "id": str(submitted.id),
        "status": "failed",
        "succeeded": 6,
        "failed": 1,
        "remaining": 0,
    }
    running = [p for p in seen if p.status == "running" and p.rate_per_minute is not None]
    assert running and all(p.eta_seconds is not None and p.eta_seconds >= 0 for p in running)
    assert max(p.total - p.remaining for p in seen[:-1]) < 7  # progress was seen on the way
    assert final.finished_at is not None and final.rate_per_minute is not None
    # One execution of the product flow per item, each item's copy written exactly once.
    assert executions(bench) == 7
    assert dict(bench.writer.calls) == dict.fromkeys(names, 1)
    lines = list(csv.DictReader(io.StringIO(report_csv(job_report(
        bench.instance, tenant_id=bench.tenant_id, job_id=submitted.id
    )))))  # fmt: skip
    assert [line["row"] for line in lines] == [str(n) for n in range(1, 8)]
    assert {line["status"] for line in lines[:6]} == {"succeeded"}
    assert lines[0]["title"] == "Tea towel 0 for everyday use"
    assert lines[0]["slug"] == "tea-towel-0-for-everyday-use"
    assert lines[6]["status"] == "failed" and "the fake refuses this product" in lines[6]["error"]
    for execution_id in item_runs(bench, submitted.id).values():
        assert execution_id is not None
        status = ops.execution_status(
            bench.instance, tenant_id=bench.tenant_id, execution_id=execution_id
        )
        assert status.flow == "product"
    # Every item's copy is a document of the workspace, filled by its run.
    runs = item_runs(bench, submitted.id)
    with bench.instance.database.tenant_session(bench.tenant_id) as session:
        documents = {
            document.execution_id: document
            for document in session.scalars(select(Document).where(Document.kind == "product"))
        }
    assert set(documents) == set(runs.values())
    for label, execution_id in runs.items():
        document = documents[execution_id]
        if label == "broken kettle":
            assert document.status == "failed" and document.current_version == 0
        else:
            assert document.status == "ready" and document.current_version == 1
            assert document.title == f"{label} for everyday use" and document.word_count > 0


@pytest.mark.timeout(60)
def test_resubmitting_the_same_file_reuses_every_finished_item(bench: Bench) -> None:
    first = bench.submit(products("Apron", "Board", "Mug"))
    bench.drive(first.id)
    calls = dict(bench.writer.calls)

    again = bench.submit(products("Apron ", " Board", "Mug", "Jug"))  # spacing does not count
    assert again.reused == 3 and again.succeeded == 3 and again.remaining == 1
    final = bench.drive(again.id)[-1]

    assert final.status == "completed" and final.succeeded == 4 and final.reused == 3
    assert dict(bench.writer.calls) == {**calls, "Jug": 1}  # only the new item was written
    assert executions(bench) == 4
    reused = {line.label.strip(): line for line in job_report(
        bench.instance, tenant_id=bench.tenant_id, job_id=again.id
    )}  # fmt: skip
    assert reused["Apron"].status == "reused" and reused["Jug"].status == "succeeded"
    assert reused["Apron"].execution_id == item_runs(bench, first.id)["Apron"]
    on_another_model = bench.submit(products("Apron"), model="fake:other")
    assert on_another_model.reused == 0


@pytest.mark.timeout(60)
def test_retry_runs_only_the_failed_items_from_where_they_stopped(bench: Bench) -> None:
    job = bench.submit(products("Apron", "broken kettle", "Mug"))
    assert bench.drive(job.id)[-1].status == "failed"
    failed_run = item_runs(bench, job.id)["broken kettle"]
    with pytest.raises(ConflictError, match="already failed"):
        cancel_job(bench.instance, tenant_id=bench.tenant_id, job_id=job.id)

    bench.writer.healed = True
    retried = retry_job(bench.instance, tenant_id=bench.tenant_id, job_id=job.id)
    assert retried.status == "queued" and retried.remaining == 1 and retried.succeeded == 2
    final = bench.drive(job.id)[-1]

    assert final.status == "completed" and final.succeeded == 3
    assert dict(bench.writer.calls) == {"Apron": 1, "Mug": 1, "broken kettle": 1}
    # The same execution, resumed: its first node (done before) was not run again.
    assert item_runs(bench, job.id)["broken kettle"] == failed_run
    assert failed_run is not None
    status = ops.execution_status(
        bench.instance, tenant_id=bench.tenant_id, execution_id=failed_run
    )
    assert status.generation == 1 and {n.id: n.runs for n in status.nodes}["brief"] == 1
    with pytest.raises(ConflictError, match="nothing to retry"):
        retry_job(bench.instance, tenant_id=bench.tenant_id, job_id=job.id)


@pytest.mark.timeout(60)
def test_cancel_stops_queued_and_running_items_and_keeps_finished_ones(bench: Bench) -> None:
    bench.script.delay = 0.4
    names = [f"Jar {n}" for n in range(8)]
    job = bench.submit(products(*names), concurrency=2)

    async def cancel_after_two() -> int:
        """Cancel once two items succeeded; the calls written once the stopped runs settled."""
        async for progress in drive(
            bench.instance,
            tenant_id=bench.tenant_id,
            job_id=job.id,
            runtime=bench.runtime,
            interval=0.05,
        ):
            if progress.finished:
                break
            if progress.succeeded >= 2:
                await asyncio.to_thread(
                    cancel_job, bench.instance, tenant_id=bench.tenant_id, job_id=job.id
                )
        await asyncio.sleep(0.5)  # a call under way when the run stopped may still end (0.4 s)
        settled = sum(bench.writer.calls.values())
        # The runtime goes on: a stopped run must not write more, checked throughout.
        await async_holds_for(
            lambda: sum(bench.writer.calls.values()) == settled,
            seconds=1.0,
            message="a stopped run went on writing",
        )
        return settled

    asyncio.run(asyncio.wait_for(cancel_after_two(), 30))

    final = job_progress(bench.instance, tenant_id=bench.tenant_id, job_id=job.id)
    assert final.status == "cancelled" and final.remaining == 0
    assert final.succeeded >= 2 and final.succeeded + final.cancelled == 8
    lines = job_report(bench.instance, tenant_id=bench.tenant_id, job_id=job.id)
    states = {line.status for line in lines}
    assert states == {"succeeded", "cancelled"}
    reasons = {line.error for line in lines if line.status == "cancelled"}
    assert "cancelled before it started" in reasons
    for line in lines:
        if line.execution_id is not None and line.status == "cancelled":
            run = ops.execution_status(
                bench.instance, tenant_id=bench.tenant_id, execution_id=line.execution_id
            )
            assert run.status == "cancelled"
    with pytest.raises(ConflictError, match="already cancelled"):
        cancel_job(bench.instance, tenant_id=bench.tenant_id, job_id=job.id)

    kept = {line.label for line in lines if line.status == "succeeded"}

    bench.script.delay = 0
    retry_job(bench.instance, tenant_id=bench.tenant_id, job_id=job.id)
    assert bench.drive(job.id)[-1].status == "completed"
    assert set(bench.writer.calls) == set(names)
    # What had succeeded was not written again; a call cut short by the stop may be redone.
    assert all(bench.writer.calls[name] == 1 for name in kept)
    assert all(count <= 2 for count in bench.writer.calls.values())


@pytest.mark.timeout(30)
def test_invalid_rows_start_nothing(bench: Bench) -> None:
    with pytest.raises(BulkInputError, match=r"1 of 2 rows are invalid.*row 2: category"):
        bench.submit("name,category\nApron,Kitchen\nBoard,\n")
    with pytest.raises(BulkInputError, match="the model fake-model cannot run"):
        bench.submit(products("Apron"), model="fake-model")
    with bench.instance.database.tenant_session(bench.tenant_id) as session:
        assert session.scalar(select(func.count()).select_from(BulkItem)) == 0
    assert executions(bench) == 0 and not bench.writer.calls


@BOTH_BACKENDS
@pytest.mark.timeout(30)
def test_one_driver_at_a_time_holds_a_job(bench: Bench) -> None:
    job = bench.submit(products("Apron"))
    with bench.instance.database.tenant_session(bench.tenant_id) as session:
        assert take_lease(session, job.id, driver="a", ttl=30)
        assert take_lease(session, job.id, driver="a", ttl=30)  # renewing
        assert not take_lease(session, job.id, driver="b", ttl=30)
        assert take_lease(session, job.id, driver="b", ttl=30, holder="a")  # "a" is dead
        assert not take_lease(session, job.id, driver="a", ttl=30)
    # A live driver elsewhere: this process only follows (the job stays queued).
    progress = job_progress(bench.instance, tenant_id=bench.tenant_id, job_id=job.id)
    assert progress.driven and progress.status == "queued"
