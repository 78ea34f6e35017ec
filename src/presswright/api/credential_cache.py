"""Principals of recently verified credentials, so a busy client is not re-checked per request.

An entry is keyed by a SHA-256 of the credential (never the credential itself) and the
workspace asked for. Concurrent requests with the same uncached credential share one
database check (a busy client's many connections would otherwise all check at once each
time its entry expires). It is used only while all of these hold: it is younger than the TTL,
the credential's own expiry has not passed, and no identity change has been committed by
this process since it was stored (see :mod:`presswright.store.identity_epoch`).
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from presswright.store.identity_epoch import identity_epoch

__all__ = ["CredentialCache"]

P = TypeVar("P")


@dataclass(frozen=True)
class _Entry(Generic[P]):
    principal: P
    until: float  # time.monotonic() after which the entry is not used
    epoch: int


class CredentialCache(Generic[P]):
    """A bounded TTL cache of principals by credential; ``ttl`` 0 turns it off."""

    def __init__(self, ttl: float, *, max_entries: int = 10_000) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple[bytes, uuid.UUID | None], _Entry[P]] = OrderedDict()
        self._lock = threading.Lock()
        self._checks: dict[tuple[bytes, uuid.UUID | None], asyncio.Future[P]] = {}

    @staticmethod
    def _key(credential: str, wanted: uuid.UUID | None) -> tuple[bytes, uuid.UUID | None]:
        return hashlib.sha256(credential.encode("utf-8")).digest(), wanted

    def get(self, credential: str, wanted: uuid.UUID | None) -> P | None:
        """The cached principal for this credential and workspace, if it is still good."""
        if self.ttl <= 0:
            return None
        key = self._key(credential, wanted)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.until <= time.monotonic() or entry.epoch != identity_epoch():
                del self._entries[key]
                return None
            return entry.principal

    def put(
        self,
        credential: str,
        wanted: uuid.UUID | None,
        principal: P,
        *,
        epoch: int,
        expires_in: float | None = None,
    ) -> None:
        """Remember ``principal``, checked at identity ``epoch`` (read before the check)."""
        if self.ttl <= 0:
            return
        life = self.ttl if expires_in is None else min(self.ttl, expires_in)
        if life <= 0:
            return
        entry = _Entry(principal, time.monotonic() + life, epoch)
        with self._lock:
            self._entries[self._key(credential, wanted)] = entry
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    async def get_or_check(
        self, credential: str, wanted: uuid.UUID | None, check: Callable[[], Awaitable[P]]
    ) -> P:
        """The cached principal, else the result of ``check``, run once for all who wait."""
        cached = self.get(credential, wanted)
        if cached is not None:
            return cached
        key = self._key(credential, wanted)
        running = self._checks.get(key)
        if running is None:
            running = asyncio.ensure_future(check())
            self._checks[key] = running
            running.add_done_callback(lambda _: self._checks.pop(key, None))
        # Shielded: one caller going away must not cancel the check the others wait for.
        return await asyncio.shield(running)
