"""The driver of a bulk job: one pass after another until every item has ended.

A pass takes (or renews) the job's lease, then, unless another live process drives the
job: settles items whose runs ended, publishes generated articles or writes generated
product copy back to its products (:mod:`.publishing`, at most
:data:`PUBLISH_CONCURRENCY` at once), hands over runs that were linked but never
dispatched, and fills the window with queued items. A cancelled job's pass stops its runs
instead. Whoever follows a job drives it: a driver that finds the lease held waits as a
standby and takes over once it expires, or at once when its holder on this machine is dead.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator

from pydantic import ValidationError

from presswright.bootstrap import Instance
from presswright.bulk.feeding import Feeder, JobPlan, stop_runs
from presswright.bulk.models import BulkProgress
from presswright.bulk.progress import job_progress
from presswright.bulk.publishing import FAILURES, Target, deliver
from presswright.errors import PresswrightError
from presswright.flows.runtime import Runtime
from presswright.store.bulk import ItemRow, get_job, move_item, release_lease, take_lease
from presswright.store.models import BulkItem, utcnow

__all__ = [
    "LEASE_SECONDS",
    "PASS_SECONDS",
    "PUBLISH_CONCURRENCY",
    "BackgroundDrivers",
    "Driver",
    "background_drivers",
    "dead_here",
    "drive",
]

LEASE_SECONDS = 30.0
PASS_SECONDS = 0.5
PUBLISH_CONCURRENCY = 2
_log = logging.getLogger("presswright.bulk")


def _driver_name() -> str:
    """host:pid:nonce: unique per driver, and tells a driver on this machine whether it is dead."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def dead_here(holder: str | None) -> bool:
    """Whether ``holder`` is a driver of a process on this machine that no longer runs."""
    if holder is None:
        return False
    host, _, rest = holder.partition(":")
    pid_text, _, _ = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit() or int(pid_text) == os.getpid():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, under another user
        return False
    return False


class Driver:
    """Drives one job from this process; see the module docstring for what a pass does."""

    def __init__(
        self,
        instance: Instance,
        *,
        tenant_id: uuid.UUID,
        job_id: uuid.UUID,
        runtime: Runtime | None,
    ) -> None:
        self.instance = instance
        self.tenant_id = tenant_id
        self.job_id = job_id
        self.name = _driver_name()
        self.feeder = Feeder(instance, tenant_id=tenant_id, runtime=runtime)
        self._publishing: dict[uuid.UUID, asyncio.Task[None]] = {}
        self._gate = asyncio.Semaphore(PUBLISH_CONCURRENCY)

    async def step(self) -> BulkProgress:
        """One pass; the job's progress after it."""
        plan = await asyncio.to_thread(self._lease)
        if plan is not None and plan.cancelled:
            await asyncio.to_thread(stop_runs, self.instance, tenant_id=self.tenant_id, plan=plan)
        elif plan is not None:
            await asyncio.to_thread(self.feeder.settle, plan)
            await self._publish(plan)
            await self.feeder.feed(plan)
        return await asyncio.to_thread(
            job_progress, self.instance, tenant_id=self.tenant_id, job_id=self.job_id
        )

    def _lease(self) -> JobPlan | None:
        """The plan of the job if this driver holds its lease now; None while another does."""
        with self.instance.database.tenant_session(self.tenant_id) as session:
            job = get_job(session, self.job_id)
            held = take_lease(session, job.id, driver=self.name, ttl=LEASE_SECONDS)
            if not held and dead_here(job.driver):
                held = take_lease(
                    session, job.id, driver=self.name, ttl=LEASE_SECONDS, holder=job.driver
                )
            if not held:
                return None
            session.refresh(job)
            if job.started_at is None and job.cancelled_at is None:
                job.started_at = utcnow()
            return JobPlan.of(job)

    async def _publish(self, plan: JobPlan) -> None:
        """Start publishing (or writing back) each generated item not being published yet."""
        if plan.target is None:
            return
        self._publishing = {k: task for k, task in self._publishing.items() if not task.done()}
        rows = await asyncio.to_thread(self.feeder.rows, plan, BulkItem.state == "publishing")
        for row in rows:
            if row.id not in self._publishing and row.execution_id is not None:
                self._publishing[row.id] = asyncio.create_task(self._publish_item(plan.target, row))

    async def _publish_item(self, target: Target, row: ItemRow) -> None:
        """Publish one item; its post or product id and link, or why it failed, go on the item."""
        async with self._gate:
            try:
                delivered = await deliver(
                    self.instance,
                    tenant_id=self.tenant_id,
                    job_id=self.job_id,
                    target=target,
                    item=row,
                )
            except (PresswrightError, ValidationError) as error:
                await asyncio.to_thread(
                    self._move, row.id, "failed", error=f"{FAILURES[target]}: {error}"
                )
                return
        await asyncio.to_thread(
            self._move,
            row.id,
            "succeeded",
            remote_id=delivered.remote_id,
            remote_url=delivered.remote_url,
        )

    def _move(self, item_id: uuid.UUID, state: str, **values: object) -> None:
        with self.instance.database.tenant_session(self.tenant_id) as session:
            move_item(session, item_id, expect=("publishing",), state=state, **values)

    async def close(self) -> None:
        """Stop publishing (the items stay publishing for the next driver) and free the lease."""
        for task in self._publishing.values():
            task.cancel()
        for outcome in await asyncio.gather(*self._publishing.values(), return_exceptions=True):
            if isinstance(outcome, Exception):
                _log.warning("bulk job %s: publishing stopped: %s", self.job_id, outcome)
        # Synchronous: this also runs while the event loop is being torn down.
        with self.instance.database.tenant_session(self.tenant_id) as session:
            release_lease(session, self.job_id, driver=self.name)


async def drive(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    job_id: uuid.UUID,
    runtime: Runtime | None,
    interval: float = PASS_SECONDS,
) -> AsyncIterator[BulkProgress]:
    """Drive the job until it ends, yielding its progress after every pass."""
    driver = Driver(instance, tenant_id=tenant_id, job_id=job_id, runtime=runtime)
    try:
        while True:
            progress = await driver.step()
            yield progress
            if progress.finished:
                return
            await asyncio.sleep(interval)
    finally:
        await driver.close()


class BackgroundDrivers:
    """Drivers running as tasks of this process (the API server's), at most one per job."""

    def __init__(self) -> None:
        self._tasks: dict[uuid.UUID, asyncio.Task[None]] = {}
        # Jobs asked for again while their driver was ending: it makes one more drive.
        self._again: set[uuid.UUID] = set()

    def ensure(
        self,
        instance: Instance,
        *,
        tenant_id: uuid.UUID,
        job_id: uuid.UUID,
        runtime: Runtime | None,
    ) -> None:
        """Drive the job in the background of the running event loop, unless that happens."""
        loop = asyncio.get_running_loop()
        task = self._tasks.get(job_id)
        if task is not None and not task.done() and task.get_loop() is loop:
            # It may be past its last pass (the job had ended, it is giving up its lease):
            # a retry that lands now must not be left undriven.
            self._again.add(job_id)
            return
        self._tasks[job_id] = loop.create_task(
            self._run(instance, tenant_id, job_id, runtime), name=f"bulk-driver-{job_id}"
        )

    def driving(self, job_id: uuid.UUID) -> bool:
        """Whether a driver task of this process runs for the job."""
        task = self._tasks.get(job_id)
        return task is not None and not task.done()

    async def stop_all(self) -> None:
        """Stop the drivers running on this loop; each gives up its lease as it stops."""
        loop = asyncio.get_running_loop()
        tasks = [t for t in self._tasks.values() if not t.done() and t.get_loop() is loop]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _run(
        self,
        instance: Instance,
        tenant_id: uuid.UUID,
        job_id: uuid.UUID,
        runtime: Runtime | None,
    ) -> None:
        try:
            while True:
                self._again.discard(job_id)
                await self._drive_once(instance, tenant_id, job_id, runtime)
                # No await between this check and the task's removal below, so a request
                # to drive the job either lands before it (one more drive) or finds no task.
                if job_id not in self._again:
                    return
        finally:
            self._again.discard(job_id)
            if self._tasks.get(job_id) is asyncio.current_task():
                del self._tasks[job_id]

    @staticmethod
    async def _drive_once(
        instance: Instance, tenant_id: uuid.UUID, job_id: uuid.UUID, runtime: Runtime | None
    ) -> None:
        try:
            async for _ in drive(instance, tenant_id=tenant_id, job_id=job_id, runtime=runtime):
                pass
        except Exception as error:  # the task's edge: nothing above it would see the error
            # The job is not lost: retrying it, or a worker's or server's adopter, drives it.
            _log.warning(
                "bulk job %s: its driver stopped: %s: %s",
                job_id,
                type(error).__name__,
                error,
                exc_info=instance.settings.debug,
            )


background_drivers = BackgroundDrivers()
