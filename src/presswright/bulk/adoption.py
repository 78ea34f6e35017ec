"""Adopting bulk jobs nobody drives: what a worker or server does for jobs left behind.

A job is moved along by whoever drives it (see :mod:`.runner`). When that process dies (a
`bulk run` killed, a detached driver gone, a server restarted), the job's items keep their
state in the database but nothing moves them on. Every process that runs executions
(`presswright worker`, `presswright serve`) therefore looks every few seconds for jobs
with unfinished items whose lease has lapsed, or whose holder on this machine is dead, and
drives them in the background. Two processes adopting the same job at once is harmless:
the lease lets one drive, and the other waits as a standby until the job ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import uuid
from collections.abc import Callable

from sqlalchemy import exists, select

from presswright.bootstrap import Instance
from presswright.bulk.runner import BackgroundDrivers, background_drivers, dead_here
from presswright.flows.runtime import Runtime
from presswright.store.models import BulkItem, BulkJob, as_utc, utcnow

__all__ = ["ADOPT_SECONDS", "Adopter", "adopt_orphans", "orphaned_jobs"]

ADOPT_SECONDS = 5.0
_UNFINISHED = ("queued", "running", "publishing")
_log = logging.getLogger("presswright.bulk")


def orphaned_jobs(instance: Instance) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(tenant id, job id) of every job with unfinished items that no live driver holds.

    Across all workspaces, so a Core read of ids only, not a tenant session.
    """
    unfinished = exists().where(BulkItem.job_id == BulkJob.id, BulkItem.state.in_(_UNFINISHED))
    query = select(BulkJob.tenant_id, BulkJob.id, BulkJob.driver, BulkJob.lease_until).where(
        unfinished
    )
    with instance.database.engine.connect() as connection:
        rows = connection.execute(query).all()
    now = utcnow()
    return [
        (tenant_id, job_id)
        for tenant_id, job_id, driver, lease_until in rows
        if driver is None or lease_until is None or as_utc(lease_until) < now or dead_here(driver)
    ]


async def adopt_orphans(
    instance: Instance,
    *,
    runtime: Runtime | None,
    stop: asyncio.Event,
    interval: float = ADOPT_SECONDS,
    drivers: BackgroundDrivers = background_drivers,
    on_adopt: Callable[[uuid.UUID], None] | None = None,
) -> None:
    """Until ``stop`` is set, drive every orphaned job in the background of this loop.

    ``on_adopt`` hears of each job taken on (default: an INFO log line).
    """
    announce = on_adopt or _log_adoption
    while not stop.is_set():
        try:
            for tenant_id, job_id in await asyncio.to_thread(orphaned_jobs, instance):
                if not drivers.driving(job_id):
                    announce(job_id)
                drivers.ensure(instance, tenant_id=tenant_id, job_id=job_id, runtime=runtime)
        except Exception as error:  # a database hiccup: look again at the next turn
            _log.warning(
                "looking for bulk jobs to adopt failed: %s: %s", type(error).__name__, error
            )
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), interval)
    await drivers.stop_all()


def _log_adoption(job_id: uuid.UUID) -> None:
    _log.info("bulk job %s: nobody drives it; this process takes it on", job_id)


class Adopter:
    """:func:`adopt_orphans` on an event loop of its own thread, for the worker and server.

    Its drivers are its own too (not the API's :data:`background_drivers`), so stopping it
    stops exactly the jobs it adopted, each giving up its lease for the next process.
    """

    def __init__(
        self,
        instance: Instance,
        *,
        runtime: Runtime | None,
        interval: float = ADOPT_SECONDS,
        on_adopt: Callable[[uuid.UUID], None] | None = None,
    ) -> None:
        self.instance = instance
        self.runtime = runtime
        self.interval = interval
        self.on_adopt = on_adopt
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()

    def start(self) -> None:
        """Start looking for orphaned jobs (returns once the loop runs)."""
        self._thread = threading.Thread(
            target=asyncio.run, args=(self._main(),), name="bulk-adopter", daemon=True
        )
        self._thread.start()
        self._ready.wait(timeout=10)

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        self._ready.set()
        await adopt_orphans(
            self.instance,
            runtime=self.runtime,
            stop=self._stop,
            interval=self.interval,
            drivers=BackgroundDrivers(),
            on_adopt=self.on_adopt,
        )

    def stop(self, timeout: float = 30.0) -> None:
        """Stop adopting and stop the adopted jobs' drivers; their items keep their state."""
        if self._loop is not None and self._stop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(timeout)
