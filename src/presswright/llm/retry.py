"""Bounded retries with exponential backoff and full jitter that honour ``Retry-After``."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from presswright.errors import ProviderError, ProviderHTTPError

__all__ = ["RetryPolicy", "with_retries"]

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry a failed provider call."""

    max_retries: int = 3
    base_delay: float = 0.5
    max_delay: float = 20.0

    def delay(self, attempt: int, error: ProviderError, rng: random.Random) -> float:
        """Seconds to wait before retry number ``attempt`` (1-based) after ``error``."""
        if isinstance(error, ProviderHTTPError) and error.retry_after is not None:
            # The server said when; a little jitter keeps many workers from arriving together.
            return error.retry_after + rng.uniform(0, min(1.0, error.retry_after * 0.1 + 0.05))
        ceiling = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        return rng.uniform(ceiling / 2, ceiling)


async def with_retries(
    call: Callable[[], Awaitable[T]],
    policy: RetryPolicy,
    *,
    on_failure: Callable[[ProviderError, int], None] | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    rng: random.Random | None = None,
) -> tuple[T, int]:
    """Run ``call`` until it succeeds or fails for good; return its value and the attempt count."""
    rng = rng or random.Random()  # noqa: S311 - jitter, not cryptography
    attempt = 0
    while True:
        attempt += 1
        try:
            return await call(), attempt
        except ProviderError as error:
            if on_failure is not None:
                on_failure(error, attempt)
            if not error.retryable or attempt > policy.max_retries:
                raise
            await sleep(policy.delay(attempt, error, rng))
