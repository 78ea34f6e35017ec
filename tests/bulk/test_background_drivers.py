"""A job asked to be driven while its driver is ending is driven again, never left alone."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from presswright.bulk import runner
from presswright.bulk.runner import BackgroundDrivers


@pytest.mark.timeout(10)
def test_a_request_while_the_driver_gives_up_its_lease_drives_the_job_once_more(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The retry route's race: the driver has seen the job end and is releasing its lease
    (an await) when a retry asks for the job again; the retry must not find a task that is
    about to stop and count on it."""
    closing = asyncio.Event()
    release = asyncio.Event()
    passes: list[uuid.UUID] = []

    async def drive(_instance: Any, *, job_id: uuid.UUID, **_: Any) -> AsyncIterator[None]:
        passes.append(job_id)
        try:
            yield None  # the pass that finds the job ended
        finally:
            if len(passes) == 1:
                closing.set()
                await release.wait()  # giving up the lease takes a moment

    monkeypatch.setattr(runner, "drive", drive)
    drivers = BackgroundDrivers()
    job, tenant = uuid.uuid4(), uuid.uuid4()

    async def scenario() -> None:
        drivers.ensure(object(), tenant_id=tenant, job_id=job, runtime=None)  # type: ignore[arg-type]
        await closing.wait()
        assert drivers.driving(job)
        drivers.ensure(object(), tenant_id=tenant, job_id=job, runtime=None)  # type: ignore[arg-type]
        release.set()
        for _ in range(100):
            if not drivers.driving(job):
                break
            await asyncio.sleep(0.01)
        assert not drivers.driving(job)

    asyncio.run(scenario())
    assert passes == [job, job]


@pytest.mark.timeout(10)
def test_a_job_whose_driver_has_finished_gets_a_new_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    passes: list[uuid.UUID] = []

    async def drive(_instance: Any, *, job_id: uuid.UUID, **_: Any) -> AsyncIterator[None]:
        passes.append(job_id)
        yield None

    monkeypatch.setattr(runner, "drive", drive)
    drivers = BackgroundDrivers()
    job, tenant = uuid.uuid4(), uuid.uuid4()

    async def scenario() -> None:
        drivers.ensure(object(), tenant_id=tenant, job_id=job, runtime=None)  # type: ignore[arg-type]
        await asyncio.sleep(0.05)
        assert not drivers.driving(job)
        drivers.ensure(object(), tenant_id=tenant, job_id=job, runtime=None)  # type: ignore[arg-type]
        await asyncio.sleep(0.05)

    asyncio.run(scenario())
    assert passes == [job, job]
