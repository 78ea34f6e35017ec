"""Fixtures for the LLM layer: a scripted fake provider and a client around it."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from presswright.bootstrap import Instance
from presswright.llm.cache import DatabaseCache
from presswright.llm.client import LLMClient
from presswright.llm.provider import Connection
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.llm.registry import ProviderRegistry
from presswright.llm.retry import RetryPolicy
from presswright.llm.usage import UsageRecorder
from presswright.store.tenancy import create_tenant


@pytest.fixture
def script() -> Iterator[FakeScript]:
    FakeProvider.scripts.clear()
    fresh = FakeScript()
    FakeProvider.scripts["fake"] = fresh
    yield fresh
    FakeProvider.scripts.clear()


@pytest.fixture
def tenant_id(instance: Instance) -> uuid.UUID:
    with instance.database.system_session() as session:
        return create_tenant(session, name="LLM tests").id


def make_client(
    instance: Instance, tenant_id: uuid.UUID, *connections: Connection, **settings: Any
) -> LLMClient:
    chosen = instance.settings.model_copy(update={"default_model": "fake:test", **settings})
    return LLMClient(
        settings=chosen,
        registry=ProviderRegistry(chosen, connections or [Connection(name="fake", kind="fake")]),
        tenant_id=tenant_id,
        cache=DatabaseCache(instance.database, tenant_id),
        usage=UsageRecorder(instance.database),
        retry=RetryPolicy(max_retries=2, base_delay=0.01, max_delay=0.05),
    )


@pytest.fixture
def client(instance: Instance, tenant_id: uuid.UUID, script: FakeScript) -> Iterator[LLMClient]:
    made = make_client(instance, tenant_id)
    yield made
    asyncio.run(made.aclose())
