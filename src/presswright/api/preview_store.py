"""Short-lived preview pages, kept under unguessable tokens: in memory, or in Redis.

A preview page (:func:`presswright.content.block_preview.preview_page`) is shown in a
sandboxed frame, which cannot send the studio's credentials; the token in its URL is the
only capability, good for one page and a few minutes (:data:`PREVIEW_TTL`).

A token is an HMAC of the workspace, the title, the language and the markup under a key this
store made: the same preview asked for again gets the same URL (the frame showing it is not
reloaded when the studio renews it), and nobody without the key can compute one. Storing a
page again restarts its time.

Without ``PRESSWRIGHT_REDIS_URL`` pages live in this process, within a byte budget per
workspace and in all (the oldest go first); with it, every API process shares them (``SET
... EX``), so a page made by one process is served by any.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, Protocol, cast

from presswright.errors import StorageError
from presswright.extras import require_extra

__all__ = [
    "PREVIEW_TTL",
    "MemoryPreviewStore",
    "PreviewStore",
    "RedisPreviewStore",
    "open_preview_store",
    "preview_token",
    "store_on",
]

PREVIEW_TTL: Final = 600  # seconds
# 32 bytes in unpadded base64url
_WELL_FORMED = re.compile(r"[A-Za-z0-9_-]{43}")


def preview_token(key: bytes, *, tenant_id: uuid.UUID, parts: tuple[str, ...]) -> str:
    """The token of one preview: an HMAC-SHA256 of the workspace and ``parts``, base64url."""
    digest = hmac.new(key, tenant_id.bytes, hashlib.sha256)
    for part in parts:
        encoded = part.encode("utf-8")
        digest.update(len(encoded).to_bytes(8, "big"))  # no two splits of a text collide
        digest.update(encoded)
    return base64.urlsafe_b64encode(digest.digest()).decode("ascii").rstrip("=")


def _well_formed(token: str) -> bool:
    return bool(_WELL_FORMED.fullmatch(token))


class PreviewStore(Protocol):
    """Where preview pages wait for the frame that shows them."""

    ttl: int

    def token(self, *, tenant_id: uuid.UUID, parts: tuple[str, ...]) -> str:
        """The token of the preview of ``parts`` for a workspace (the same each time)."""

    def put(self, token: str, *, tenant_id: uuid.UUID, page: str) -> None:
        """Keep ``page`` under ``token`` for ``ttl`` seconds from now."""

    def get(self, token: str) -> str | None:
        """The page stored under ``token``, if it has not expired."""


@dataclass
class _Entry:
    tenant_id: uuid.UUID
    page: str
    size: int
    until: float


class MemoryPreviewStore:
    """Pages in this process, the oldest dropped once a workspace or the whole store is full."""

    def __init__(
        self,
        *,
        ttl: int = PREVIEW_TTL,
        max_bytes: int = 64 * 1024 * 1024,
        max_tenant_bytes: int = 8 * 1024 * 1024,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.max_bytes = max_bytes
        self.max_tenant_bytes = max_tenant_bytes
        self._clock = clock
        self._key = secrets.token_bytes(32)
        self._entries: OrderedDict[str, _Entry] = OrderedDict()  # oldest first
        self._bytes = 0
        self._tenant_bytes: dict[uuid.UUID, int] = {}
        self._lock = threading.Lock()

    def token(self, *, tenant_id: uuid.UUID, parts: tuple[str, ...]) -> str:
        return preview_token(self._key, tenant_id=tenant_id, parts=parts)

    def put(self, token: str, *, tenant_id: uuid.UUID, page: str) -> None:
        size = len(page.encode("utf-8"))
        with self._lock:
            self._drop(token)
            self._expire()
            entry = _Entry(tenant_id, page, size, self._clock() + self.ttl)
            self._entries[token] = entry
            self._bytes += size
            self._tenant_bytes[tenant_id] = self._tenant_bytes.get(tenant_id, 0) + size
            self._trim(tenant_id, keep=token)

    def get(self, token: str) -> str | None:
        if not _well_formed(token):
            return None
        with self._lock:
            entry = self._entries.get(token)
            if entry is None:
                return None
            if entry.until <= self._clock():
                self._drop(token)
                return None
            return entry.page

    def _drop(self, token: str) -> None:
        entry = self._entries.pop(token, None)
        if entry is None:
            return
        self._bytes -= entry.size
        left = self._tenant_bytes[entry.tenant_id] - entry.size
        if left:
            self._tenant_bytes[entry.tenant_id] = left
        else:
            del self._tenant_bytes[entry.tenant_id]

    def _expire(self) -> None:
        now = self._clock()
        # Entries are in the order they were stored, and each lives equally long.
        while self._entries:
            token, entry = next(iter(self._entries.items()))
            if entry.until > now:
                return
            self._drop(token)

    def _trim(self, tenant_id: uuid.UUID, keep: str) -> None:
        """Drop the oldest pages: the workspace's own past its budget, then any past the total;
        ``keep`` (the page just stored) always stays."""
        for token in [t for t, e in self._entries.items() if e.tenant_id == tenant_id]:
            if self._tenant_bytes[tenant_id] <= self.max_tenant_bytes:
                break
            if token != keep:
                self._drop(token)
        for token in list(self._entries):
            if self._bytes <= self.max_bytes:
                break
            if token != keep:
                self._drop(token)


class RedisPreviewStore:
    """Pages in Redis (``SET ... EX ttl``), shared by every API process."""

    def __init__(
        self, url: str, *, key: bytes, ttl: int = PREVIEW_TTL, prefix: str = "presswright:preview:"
    ) -> None:
        redis = require_extra("redis", extra="redis", feature="previews shared in Redis")
        self._client: Any = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._errors: tuple[type[BaseException], ...] = (redis.RedisError,)
        self._key = key
        self.ttl = ttl
        self.prefix = prefix

    def token(self, *, tenant_id: uuid.UUID, parts: tuple[str, ...]) -> str:
        return preview_token(self._key, tenant_id=tenant_id, parts=parts)

    def put(self, token: str, *, tenant_id: uuid.UUID, page: str) -> None:
        try:
            self._client.set(self.prefix + token, page.encode("utf-8"), ex=self.ttl)
        except self._errors as error:
            raise StorageError(
                f"the preview could not be stored in Redis ({error})",
                hint="start Redis or fix PRESSWRIGHT_REDIS_URL",
            ) from None

    def get(self, token: str) -> str | None:
        if not _well_formed(token):
            return None
        try:
            raw = self._client.get(self.prefix + token)
        except self._errors as error:
            raise StorageError(
                f"the preview could not be read from Redis ({error})",
                hint="start Redis or fix PRESSWRIGHT_REDIS_URL",
            ) from None
        return raw.decode("utf-8") if raw else None


def open_preview_store(
    redis_url: str | None,
    *,
    instance_secret: Callable[[], str],
    prefix: str = "presswright:preview:",
) -> PreviewStore:
    """Redis when a URL is configured (all processes derive one key from the instance
    secret; ``prefix`` keeps one store's pages apart from another's), else process memory
    (a random key of its own)."""
    if redis_url is None:
        return MemoryPreviewStore()
    secret = instance_secret().encode("utf-8")
    key = hmac.new(secret, b"presswright preview tokens", hashlib.sha256).digest()
    return RedisPreviewStore(redis_url, key=key, prefix=prefix)


_OPENING = threading.Lock()


def store_on(
    state: Any,
    name: str,
    *,
    redis_url: str | None,
    instance_secret: Callable[[], str],
    prefix: str = "presswright:preview:",
) -> PreviewStore:
    """The store kept on ``state`` (an app's state) as ``name``, opened on first use; a
    test may set it beforehand."""
    store = getattr(state, name, None)
    if store is None:
        with _OPENING:
            store = getattr(state, name, None)
            if store is None:
                store = open_preview_store(
                    redis_url, instance_secret=instance_secret, prefix=prefix
                )
                setattr(state, name, store)
    return cast(PreviewStore, store)
