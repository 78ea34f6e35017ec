"""Building an :class:`LLMClient` for a tenant from settings and its stored provider configs."""

from __future__ import annotations

import uuid

from presswright.bootstrap import Instance
from presswright.llm.cache import DatabaseCache, RedisCache, ResponseCache
from presswright.llm.client import LLMClient
from presswright.llm.provider import Connection
from presswright.llm.registry import ProviderRegistry
from presswright.llm.shared_limits import shared_limiters
from presswright.llm.types import ModelInfo
from presswright.llm.usage import UsageRecorder
from presswright.store.provider_configs import list_provider_configs, provider_api_key

__all__ = ["client_for_tenant", "models_for_tenant", "stored_connections"]


def stored_connections(instance: Instance, tenant_id: uuid.UUID) -> list[Connection]:
    """The tenant's stored provider configs as connections, keys decrypted."""
    with instance.database.tenant_session(tenant_id) as session:
        return [
            Connection(
                name=config.name,
                kind=config.kind,
                api_key=provider_api_key(config, instance.secretbox),
                base_url=config.base_url,
                models=tuple(config.models),
                requests_per_minute=config.requests_per_minute,
                tokens_per_minute=config.tokens_per_minute,
                source="stored",
            )
            for config in list_provider_configs(session)
        ]


def models_for_tenant(instance: Instance, tenant_id: uuid.UUID) -> list[ModelInfo]:
    """Every model the tenant can name (stored configs, environment, the local model), each
    with its availability and, when unavailable, the reason and the fix."""
    # Listing builds providers but opens no client: nothing to close afterwards.
    return ProviderRegistry(instance.settings, stored_connections(instance, tenant_id)).models()


def client_for_tenant(
    instance: Instance, *, tenant_id: uuid.UUID, user_id: uuid.UUID | None = None
) -> LLMClient:
    """A client that logs usage for this tenant, caches (database or Redis) and shares limits."""
    settings = instance.settings
    cache: ResponseCache = (
        RedisCache(settings.redis_url, tenant_id)
        if settings.redis_url
        else DatabaseCache(instance.database, tenant_id)
    )
    return LLMClient(
        settings=settings,
        registry=ProviderRegistry(settings, stored_connections(instance, tenant_id)),
        tenant_id=tenant_id,
        user_id=user_id,
        cache=cache,
        usage=UsageRecorder(instance.database),
        limiters=shared_limiters(instance.database),
    )
