"""Provider limits shared by every process on one database: workers, the API, the CLI.

Each provider account has a row in ``rate_limit_scopes`` that a booking locks (``SELECT ...
FOR UPDATE`` on PostgreSQL; SQLite serialises writers anyway), so two processes can never
both see room for the last request of a window. Bookings live in ``rate_limit_events``.

A booking is made in a worker thread, and the caller's event loop may take a while to
resume (tens of milliseconds on a busy worker), so the call would start later than its
booking says. Before it returns, :meth:`SharedRateLimiter.acquire` therefore moves a stale
booking to the present, so the provider sees calls spaced exactly as they were booked.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from presswright.errors import ProviderBudgetTooSmallError
from presswright.llm.limits import Limiter, LimiterFactory
from presswright.store.database import Database
from presswright.store.models import RateLimitEvent, RateLimitScope

__all__ = ["STAMP_TOLERANCE", "SharedRateLimiter", "shared_limiters"]

# How long after its booking a call may start; a later start moves the booking first.
STAMP_TOLERANCE = 0.01


class SharedRateLimiter:
    """Requests and tokens per window for one provider account, kept in the database."""

    def __init__(
        self,
        database: Database,
        *,
        scope: str,
        provider: str,
        requests: int | None,
        tokens: int | None,
        window: float,
    ) -> None:
        self.database = database
        self.scope = scope[:200]
        self.provider = provider
        self.requests = requests
        self.tokens = tokens
        self.window = window

    async def acquire(self, tokens: int, *, model: str) -> Any:
        """Wait until the call fits every process's bookings together, then book it."""
        if self.tokens is not None and tokens > self.tokens:
            raise ProviderBudgetTooSmallError(
                f"one call needs about {tokens} tokens, more than the budget of {self.tokens}",
                provider=self.provider,
                model=model,
                hint="lower max_tokens or raise this provider's tokens_per_minute",
            )
        while True:
            booking, at, wait = await asyncio.to_thread(self._try_book, tokens)
            if booking is not None and self._restamp(booking, at):
                return booking
            await asyncio.sleep(wait)

    def _restamp(self, booking: int, at: float) -> bool:
        """Move a booking the event loop resumed late to now; False if it expired meanwhile.

        Moving a booking later never overfills a window while it has not expired: every
        window ending from now on that holds its new time holds only bookings made since
        its old time, which were all counted with it. This runs on the caller's thread,
        without an await before the call, and only when the resume was late.
        """
        while time.time() - at > STAMP_TOLERANCE:
            with self.database.system_session() as session:
                now = time.time()
                moved = session.execute(
                    update(RateLimitEvent)
                    .where(RateLimitEvent.id == booking, RateLimitEvent.at > now - self.window)
                    .values(at=now)
                )
                if not getattr(moved, "rowcount", 0):
                    return False
            at = now
        return True

    def _try_book(self, tokens: int) -> tuple[int | None, float, float]:
        with self.database.system_session() as session:
            now = time.time()
            upsert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
            session.execute(
                upsert(RateLimitScope)
                .values(scope=self.scope, touched_at=now)
                .on_conflict_do_nothing(index_elements=["scope"])
            )
            if session.get_bind().dialect.name == "postgresql":
                session.execute(
                    select(RateLimitScope)
                    .where(RateLimitScope.scope == self.scope)
                    .with_for_update()
                )
            else:  # a write takes SQLite's database lock for the rest of the transaction
                session.execute(
                    update(RateLimitScope)
                    .where(RateLimitScope.scope == self.scope)
                    .values(touched_at=now)
                )
            now = time.time()  # read again: the lock may have been waited for
            cutoff = now - self.window
            session.execute(
                delete(RateLimitEvent).where(
                    RateLimitEvent.scope == self.scope, RateLimitEvent.at <= cutoff
                )
            )
            booked = session.execute(
                select(RateLimitEvent.at, RateLimitEvent.tokens)
                .where(RateLimitEvent.scope == self.scope)
                .order_by(RateLimitEvent.at)
            ).all()
            wait = self._wait(now, booked, tokens)
            if wait > 0:
                return None, now, wait + 0.005
            event = RateLimitEvent(scope=self.scope, at=now, tokens=tokens)
            session.add(event)
            session.flush()
            return event.id, now, 0.0

    def _wait(self, now: float, booked: Sequence[Any], tokens: int) -> float:
        waits = [0.0]
        if self.requests is not None and len(booked) >= self.requests:
            waits.append(booked[len(booked) - self.requests][0] + self.window - now)
        if self.tokens is not None:
            used = sum(row[1] for row in booked)
            if used + tokens > self.tokens:
                freed = 0
                for at, spent in booked:
                    freed += spent
                    if used - freed + tokens <= self.tokens:
                        waits.append(at + self.window - now)
                        break
        return max(waits)

    def settle(self, booking: Any, actual_tokens: int) -> None:
        """Replace the estimate by the tokens the call really used."""
        with self.database.system_session() as session:
            session.execute(
                update(RateLimitEvent)
                .where(RateLimitEvent.id == int(booking))
                .values(tokens=actual_tokens)
            )


def shared_limiters(database: Database) -> LimiterFactory:
    """A limiter factory whose budgets every process on ``database`` shares."""

    def make(scope: str, provider: str, rpm: int | None, tpm: int | None, window: float) -> Limiter:
        return SharedRateLimiter(
            database, scope=scope, provider=provider, requests=rpm, tokens=tpm, window=window
        )

    return make
