"""The in-process rate limiter: requests and tokens per minute, on a controllable clock."""

from __future__ import annotations

import asyncio

import pytest

from presswright.errors import ProviderBudgetTooSmallError
from presswright.llm.limits import IMAGE_TOKENS, RateLimiter, estimate_tokens


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_requests_per_minute_window(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.now += seconds

    monkeypatch.setattr("presswright.llm.limits.asyncio.sleep", fake_sleep)
    limiter = RateLimiter(provider="p", requests_per_minute=3, tokens_per_minute=None, clock=clock)

    async def run() -> list[float]:
        stamps = []
        for _ in range(7):
            await limiter.acquire(10, model="m")
            stamps.append(clock.now)
            clock.now += 1
        return stamps

    stamps = asyncio.run(run())
    for i in range(3, len(stamps)):
        assert stamps[i] - stamps[i - 3] >= 60  # never more than 3 in any 60 s window
    assert len(slept) >= 2


def test_tokens_per_minute_budget_and_settlement(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()

    async def fake_sleep(seconds: float) -> None:
        clock.now += seconds

    monkeypatch.setattr("presswright.llm.limits.asyncio.sleep", fake_sleep)
    limiter = RateLimiter(
        provider="p", requests_per_minute=None, tokens_per_minute=1000, clock=clock
    )

    async def run() -> None:
        booking = await limiter.acquire(800, model="m")
        limiter.settle(booking, 100)  # it really used 100: room for 900 more
        await limiter.acquire(800, model="m")
        assert clock.now == 1000.0
        await limiter.acquire(500, model="m")  # 900 used: must wait for the window
        assert clock.now >= 1060.0

    asyncio.run(run())


def test_a_call_larger_than_the_budget_is_refused() -> None:
    limiter = RateLimiter(provider="p", requests_per_minute=None, tokens_per_minute=100)
    with pytest.raises(ProviderBudgetTooSmallError, match="lower max_tokens"):
        asyncio.run(limiter.acquire(500, model="m"))


def test_estimate_tokens() -> None:
    assert estimate_tokens(400, 100) == 201
    assert estimate_tokens(0, None) == 257
    assert estimate_tokens(400, 100, images=2) == 201 + 2 * IMAGE_TOKENS  # pictures count too


def test_retry_after_header_forms() -> None:
    from presswright.llm.http_errors import MAX_RETRY_AFTER, parse_retry_after

    assert parse_retry_after("3") == 3.0
    assert parse_retry_after("9999") == MAX_RETRY_AFTER
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # a date in the past
    assert parse_retry_after("soon, maybe") is None  # unreadable: our own backoff applies
    assert parse_retry_after(None) is None
