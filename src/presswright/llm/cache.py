"""The LLM response cache: identical requests answered again without paying twice.

The key hashes everything that shapes an answer (provider, model, messages, parameters,
schema) plus the tenant, so tenants never see each other's answers. Entries live in the
app database, or in Redis when ``PRESSWRIGHT_REDIS_URL`` is set; both expire after a TTL.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import timedelta
from typing import Any, Protocol

from sqlalchemy import delete

from presswright.errors import StorageError
from presswright.extras import require_extra
from presswright.llm.types import ProviderRequest, ProviderResponse
from presswright.store.database import Database
from presswright.store.models import LLMCacheEntry, utcnow

__all__ = ["DatabaseCache", "RedisCache", "ResponseCache", "cache_key"]


def cache_key(provider: str, request: ProviderRequest) -> str:
    """SHA-256 over a canonical JSON form of the provider and the whole request."""
    canonical = json.dumps(
        {"provider": provider, "request": request.model_dump(mode="json")},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class ResponseCache(Protocol):
    """Where cached answers live."""

    def get(self, key: str) -> ProviderResponse | None:
        """The unexpired answer stored under ``key``, if any."""

    def put(
        self, key: str, provider: str, model: str, response: ProviderResponse, ttl: int
    ) -> None:
        """Store ``response`` under ``key`` for ``ttl`` seconds."""


class DatabaseCache:
    """Cache entries in the ``llm_cache`` table of one tenant."""

    def __init__(self, database: Database, tenant_id: uuid.UUID) -> None:
        self.database = database
        self.tenant_id = tenant_id

    def get(self, key: str) -> ProviderResponse | None:
        with self.database.tenant_session(self.tenant_id) as session:
            entry = session.get(LLMCacheEntry, (self.tenant_id, key))
            if entry is None or entry.expires_at <= utcnow():
                return None
            return ProviderResponse.model_validate(entry.response)

    def put(
        self, key: str, provider: str, model: str, response: ProviderResponse, ttl: int
    ) -> None:
        now = utcnow()
        with self.database.tenant_session(self.tenant_id) as session:
            session.execute(delete(LLMCacheEntry).where(LLMCacheEntry.expires_at <= now))
            entry = session.get(LLMCacheEntry, (self.tenant_id, key))
            if entry is None:
                entry = LLMCacheEntry(tenant_id=self.tenant_id, key=key)
                session.add(entry)
            entry.provider, entry.model = provider, model
            entry.response = response.model_dump(mode="json")
            entry.created_at, entry.expires_at = now, now + timedelta(seconds=ttl)


class RedisCache:
    """Cache entries in Redis (``SET ... EX ttl``), shared by every worker."""

    def __init__(self, url: str, tenant_id: uuid.UUID) -> None:
        redis = require_extra("redis", extra="redis", feature="The Redis cache")
        self._client: Any = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._errors: tuple[type[BaseException], ...] = (redis.RedisError,)
        self.prefix = f"presswright:llm-cache:{tenant_id}:"

    def get(self, key: str) -> ProviderResponse | None:
        try:
            raw = self._client.get(self.prefix + key)
        except self._errors as error:
            raise StorageError(
                f"the Redis cache cannot be read ({error})", hint="check PRESSWRIGHT_REDIS_URL"
            ) from None
        return ProviderResponse.model_validate_json(raw) if raw else None

    def put(
        self, key: str, provider: str, model: str, response: ProviderResponse, ttl: int
    ) -> None:
        try:
            self._client.set(self.prefix + key, response.model_dump_json(), ex=max(ttl, 1))
        except self._errors as error:
            raise StorageError(
                f"the Redis cache cannot be written ({error})", hint="check PRESSWRIGHT_REDIS_URL"
            ) from None
