"""Request rate limits: moving windows (``limits``), in memory or shared in Redis.

With ``PRESSWRIGHT_REDIS_URL`` every API process counts against the same windows;
without it each process counts alone, which is right for the embedded single process.
"""

from __future__ import annotations

import math
import time

from limits import RateLimitItem, parse
from limits.errors import StorageError as LimitsStorageError
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from presswright.api.problems import ApiRequestLimitError
from presswright.errors import StorageError
from presswright.extras import require_extra

__all__ = ["RequestLimiter", "limiter_storage"]


def limiter_storage(redis_url: str | None) -> Storage:
    """Redis storage when a URL is configured, else process memory."""
    if redis_url is None:
        return MemoryStorage()
    require_extra("redis", extra="redis", feature="shared API rate limits")
    storage = storage_from_string(redis_url, wrap_exceptions=True)
    assert isinstance(storage, Storage)
    return storage


class RequestLimiter:
    """One named limit (``5/minute``) counted per identifier, refusing with a retry time."""

    def __init__(self, storage: Storage, *, name: str, limit: str) -> None:
        self.name = name
        self.item: RateLimitItem = parse(limit)
        self._limiter = MovingWindowRateLimiter(storage)

    def hit(self, identifier: str) -> None:
        """Count one request of ``identifier``; ApiRequestLimitError when over the limit."""
        try:
            if self._limiter.hit(self.item, self.name, identifier):
                return
            stats = self._limiter.get_window_stats(self.item, self.name, identifier)
        except LimitsStorageError as error:
            # Fail closed: without its counts the limiter cannot protect anything.
            raise StorageError(
                f"the rate limit store cannot be reached ({type(error.storage_error).__name__})",
                hint="start Redis or fix PRESSWRIGHT_REDIS_URL",
            ) from None
        retry_after = max(1, math.ceil(stats.reset_time - time.time()))
        raise ApiRequestLimitError(
            f"too many {self.name} requests: the limit is {self.item}", retry_after=retry_after
        )
