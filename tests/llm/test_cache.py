"""The response cache in the database and in Redis: hits, misses, expiry, tenant separation."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator

import pytest

from presswright.bootstrap import Instance
from presswright.llm.cache import DatabaseCache, RedisCache, ResponseCache, cache_key
from presswright.llm.types import GenerationParams, Message, ProviderRequest, ProviderResponse
from presswright.store.tenancy import create_tenant
from tests.llm.conftest import make_client
from tests.waiting import wait_until

REDIS_URL = os.environ.get("PW_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
ANSWER = ProviderResponse(text="cached answer", tokens_in=3, tokens_out=2, finish_reason="stop")


def _request(text: str = "hello", temperature: float | None = None) -> ProviderRequest:
    return ProviderRequest(
        model="test",
        messages=(Message(role="user", content=text),),
        params=GenerationParams(temperature=temperature),
    )


def test_key_covers_everything_that_shapes_an_answer() -> None:
    base = cache_key("fake", _request())
    assert base == cache_key("fake", _request())
    assert base != cache_key("other", _request())
    assert base != cache_key("fake", _request("hello!"))
    assert base != cache_key("fake", _request(temperature=0.5))
    with_schema = _request().model_copy(update={"json_schema": {"type": "object"}})
    assert base != cache_key("fake", with_schema)


@pytest.fixture
def two_tenants(instance: Instance) -> tuple[uuid.UUID, uuid.UUID]:
    with instance.database.system_session() as session:
        return create_tenant(session, name="one").id, create_tenant(session, name="two").id


@pytest.fixture(params=["database", "redis"])
def caches(
    request: pytest.FixtureRequest, instance: Instance, two_tenants
) -> Iterator[tuple[ResponseCache, ResponseCache]]:
    first, second = two_tenants
    if request.param == "database":
        yield DatabaseCache(instance.database, first), DatabaseCache(instance.database, second)
        return
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as error:
        if os.environ.get("CI") or os.environ.get("PW_TEST_SKIP_REDIS") != "1":
            pytest.fail(f"Redis at {REDIS_URL} is required and unreachable: {error}")
        pytest.skip("Redis skipped by PW_TEST_SKIP_REDIS=1")
    yield RedisCache(REDIS_URL, first), RedisCache(REDIS_URL, second)


def test_hit_miss_expiry_and_tenant_separation(caches) -> None:
    mine, theirs = caches
    key = cache_key("fake", _request(uuid.uuid4().hex))
    assert mine.get(key) is None
    mine.put(key, "fake", "test", ANSWER, ttl=1)
    assert mine.get(key) == ANSWER
    assert theirs.get(key) is None  # another tenant never sees it
    # Gone once its 1 s is over (Redis expires keys lazily and in the background).
    wait_until(lambda: mine.get(key) is None, timeout=2.0, message="the entry outlived its ttl")


def test_client_uses_redis_when_configured(instance: Instance, two_tenants, script) -> None:
    tenant_id, _ = two_tenants
    client = make_client(instance, tenant_id)
    client.cache = RedisCache(REDIS_URL, tenant_id)
    prompt = f"redis {uuid.uuid4().hex}"
    script.add("from the model", "should not be asked")
    first = asyncio.run(client.complete(prompt))
    second = asyncio.run(client.complete(prompt))
    assert (first.cached, second.cached, second.text) == (False, True, "from the model")
    assert len(script.requests) == 1
    asyncio.run(client.aclose())
