"""Per-provider request and token budgets per window (a minute by default).

:class:`RateLimiter` keeps a sliding window of (time, tokens) entries in this process;
:class:`presswright.llm.shared_limits.SharedRateLimiter` keeps the same window in the
database, so every process and worker together respect one limit.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable
from typing import Any, Protocol

from presswright.errors import ProviderBudgetTooSmallError

__all__ = ["Limiter", "LimiterFactory", "RateLimiter", "estimate_tokens"]

WINDOW = 60.0


class Limiter(Protocol):
    """A request and token budget of one provider account."""

    async def acquire(self, tokens: int, *, model: str) -> Any:
        """Wait until a call of about ``tokens`` fits, book it, and return the booking."""

    def settle(self, booking: Any, actual_tokens: int) -> None:
        """Replace a booking's estimate by what the call really used."""


# (scope, provider name, requests per window, tokens per window, window seconds) -> limiter
LimiterFactory = Callable[[str, str, int | None, int | None, float], Limiter]


# What one picture shown to a vision model costs at most, in input tokens: Anthropic counts
# width x height / 750 and scales pictures to about 1.15 megapixels (about 1,600 tokens);
# OpenAI's high detail and Gemini's tiles cost less for the 1,568-pixel pictures sent.
IMAGE_TOKENS = 1600


def estimate_tokens(prompt_chars: int, max_tokens: int | None, *, images: int = 0) -> int:
    """A cautious token estimate before the call: ~4 characters a token, each picture
    :data:`IMAGE_TOKENS`, plus the output cap."""
    return prompt_chars // 4 + 1 + images * IMAGE_TOKENS + (max_tokens or 256)


class RateLimiter:
    """Requests-per-minute and tokens-per-minute budget of one provider."""

    def __init__(
        self,
        *,
        provider: str,
        requests_per_minute: int | None,
        tokens_per_minute: int | None,
        window: float = WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.provider = provider
        self.rpm = requests_per_minute
        self.tpm = tokens_per_minute
        self.window = window
        self._clock = clock
        self._entries: deque[list[float]] = deque()  # [timestamp, tokens]
        self._lock = asyncio.Lock()

    def _expire(self, now: float) -> None:
        while self._entries and self._entries[0][0] <= now - self.window:
            self._entries.popleft()

    def _wait_needed(self, now: float, tokens: int) -> float:
        self._expire(now)
        waits = [0.0]
        if self.rpm is not None and len(self._entries) >= self.rpm:
            waits.append(self._entries[len(self._entries) - self.rpm][0] + self.window - now)
        if self.tpm is not None:
            used = sum(entry[1] for entry in self._entries)
            if used + tokens > self.tpm:
                freed = 0.0
                for stamp, spent in self._entries:
                    freed += spent
                    if used - freed + tokens <= self.tpm:
                        waits.append(stamp + self.window - now)
                        break
        return max(waits)

    async def acquire(self, tokens: int, *, model: str) -> list[float]:
        """Wait until the call fits the budget, then book it; returns the booking to settle."""
        if self.tpm is not None and tokens > self.tpm:
            raise ProviderBudgetTooSmallError(
                f"one call needs about {tokens} tokens, more than the budget of {self.tpm}/min",
                provider=self.provider,
                model=model,
                hint="lower max_tokens or raise this provider's tokens_per_minute",
            )
        async with self._lock:
            while (wait := self._wait_needed(self._clock(), tokens)) > 0:
                await asyncio.sleep(wait + 0.001)
            entry = [self._clock(), float(tokens)]
            self._entries.append(entry)
            return entry

    def settle(self, booking: Any, actual_tokens: int) -> None:
        """Replace the estimate of a booked call by what it really used."""
        booking[1] = float(actual_tokens)
