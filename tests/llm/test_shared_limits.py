"""Provider limits shared through the database: processes together never exceed them."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select, update

from presswright.bootstrap import Instance
from presswright.errors import ProviderBudgetTooSmallError
from presswright.llm.shared_limits import SharedRateLimiter
from presswright.store.models import RateLimitEvent

WINDOW = 1.5
LIMIT = 4

BOOKER = """
import asyncio, sys, time
from presswright.settings import Settings
from presswright.store.database import Database
from presswright.store.database import database_url
from presswright.llm.shared_limits import SharedRateLimiter
settings = Settings(home=sys.argv[1], database_url=sys.argv[2] or None)
limiter = SharedRateLimiter(Database(database_url(settings)), scope="acct", provider="p",
                            requests=int(sys.argv[3]), tokens=None, window=float(sys.argv[4]))
async def main():
    for _ in range(int(sys.argv[5])):
        await limiter.acquire(10, model="m")
        print(time.time(), flush=True)
asyncio.run(main())
"""


def limiter(instance: Instance, **kwargs: object) -> SharedRateLimiter:
    options = {
        "scope": "acct",
        "provider": "p",
        "requests": LIMIT,
        "tokens": None,
        "window": WINDOW,
    }
    options.update(kwargs)
    return SharedRateLimiter(instance.database, **options)  # type: ignore[arg-type]


def max_in_window(stamps: list[float], window: float) -> int:
    stamps = sorted(stamps)
    return max(sum(1 for other in stamps if start <= other < start + window) for start in stamps)


@pytest.mark.timeout(120)
def test_two_processes_together_never_exceed_the_limit(instance: Instance, tmp_path: Path) -> None:
    settings = instance.settings
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSWRIGHT_")}
    args = [str(settings.home), settings.database_url or "", str(LIMIT), str(WINDOW), "6"]
    started = time.time()
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", BOOKER, *args], stdout=subprocess.PIPE, text=True, env=env
        )
        for _ in range(2)
    ]
    outputs = [worker.communicate(timeout=100)[0] for worker in workers]
    assert all(worker.returncode == 0 for worker in workers)
    stamps = [float(line) for out in outputs for line in out.split()]
    assert len(stamps) == 12
    # the calls start right after their booking; allow 50 ms of scheduling between the two
    assert max_in_window(stamps, WINDOW - 0.05) <= LIMIT
    # and they did share: 12 calls at 4 per window need at least two full windows
    assert max(stamps) - started >= 2 * WINDOW - 0.2


def test_token_budget_and_settlement(instance: Instance) -> None:
    shared = limiter(instance, requests=None, tokens=100)

    async def run() -> float:
        first = await shared.acquire(90, model="m")
        shared.settle(first, 10)  # it only used 10: room for 90 more at once
        started = time.monotonic()
        await shared.acquire(90, model="m")
        assert time.monotonic() - started < 0.5
        await shared.acquire(50, model="m")  # 100 booked: must wait for the window to pass
        return time.monotonic() - started

    assert asyncio.run(run()) >= WINDOW - 0.3


def test_a_call_larger_than_the_budget_is_refused(instance: Instance) -> None:
    with pytest.raises(ProviderBudgetTooSmallError, match="tokens_per_minute"):
        asyncio.run(limiter(instance, tokens=50).acquire(500, model="m"))


def stored_stamp(instance: Instance, booking: int) -> float | None:
    with instance.database.system_session() as session:
        return session.scalar(select(RateLimitEvent.at).where(RateLimitEvent.id == booking))


def test_a_booking_resumed_late_is_moved_to_when_the_call_starts(instance: Instance) -> None:
    shared = limiter(instance)
    booking, at, _ = shared._try_book(10)
    assert booking is not None
    resumed = time.time()
    # the caller's event loop took 0.3 s to resume: the booking moves to now
    assert shared._restamp(booking, at - 0.3)
    moved = stored_stamp(instance, booking)
    assert moved is not None and resumed <= moved <= time.time()
    # a prompt resume leaves it alone (no write)
    assert shared._restamp(booking, time.time())
    assert stored_stamp(instance, booking) == moved


def test_a_booking_that_expired_before_its_call_is_booked_again(instance: Instance) -> None:
    shared = limiter(instance)
    booking, _, _ = shared._try_book(10)
    assert booking is not None
    with instance.database.system_session() as session:
        session.execute(
            update(RateLimitEvent)
            .where(RateLimitEvent.id == booking)
            .values(at=time.time() - WINDOW - 1)
        )
    assert not shared._restamp(booking, time.time() - WINDOW - 1)
