"""The preview store: stable unguessable tokens, expiry, byte budgets; in memory and in Redis."""

from __future__ import annotations

import os
import uuid

import pytest

from presswright.api.preview_store import (
    MemoryPreviewStore,
    PreviewStore,
    RedisPreviewStore,
    open_preview_store,
    preview_token,
    store_on,
)
from tests.waiting import wait_until

REDIS_URL = os.environ.get("PW_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
ONE, TWO = uuid.uuid4(), uuid.uuid4()


class Clock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def test_tokens_depend_on_the_key_the_workspace_and_every_part() -> None:
    key = b"k" * 32
    token = preview_token(key, tenant_id=ONE, parts=("en", "Hero", "<p>x</p>"))
    assert len(token) == 43 and "=" not in token
    assert token == preview_token(key, tenant_id=ONE, parts=("en", "Hero", "<p>x</p>"))
    assert token != preview_token(b"j" * 32, tenant_id=ONE, parts=("en", "Hero", "<p>x</p>"))
    assert token != preview_token(key, tenant_id=TWO, parts=("en", "Hero", "<p>x</p>"))
    assert token != preview_token(key, tenant_id=ONE, parts=("en", "Hero", "<p>y</p>"))
    # Parts are length-prefixed: moving text from one part to the next is another preview.
    assert token != preview_token(key, tenant_id=ONE, parts=("en", "Hero<p>", "x</p>"))


def test_memory_pages_expire_and_storing_again_restarts_the_time() -> None:
    clock = Clock()
    store = MemoryPreviewStore(ttl=10, clock=clock)
    token = store.token(tenant_id=ONE, parts=("a",))
    store.put(token, tenant_id=ONE, page="page a")
    assert store.get(token) == "page a"
    clock.now += 9
    store.put(token, tenant_id=ONE, page="page a")
    clock.now += 9
    assert store.get(token) == "page a"
    clock.now += 1
    assert store.get(token) is None
    assert store.get("not a token") is None
    # Two stores (two processes without Redis) never share a key.
    assert MemoryPreviewStore().token(tenant_id=ONE, parts=("a",)) != token


def test_memory_budgets_drop_the_oldest_pages_first() -> None:
    store = MemoryPreviewStore(max_bytes=300, max_tenant_bytes=200)
    tokens = [store.token(tenant_id=ONE, parts=(str(n),)) for n in range(3)]
    for token in tokens:
        store.put(token, tenant_id=ONE, page="x" * 90)
    # The workspace holds 200 bytes at most: its oldest page went.
    assert [store.get(token) is not None for token in tokens] == [False, True, True]
    theirs = [store.token(tenant_id=TWO, parts=(str(n),)) for n in range(2)]
    for token in theirs:
        store.put(token, tenant_id=TWO, page="y" * 90)
    # 300 bytes in all: the oldest pages of the store went, whoever made them.
    kept = [store.get(token) is not None for token in [*tokens, *theirs]]
    assert kept == [False, False, True, True, True]
    # A page larger than every budget is still kept until the next one comes.
    big = store.token(tenant_id=ONE, parts=("big",))
    store.put(big, tenant_id=ONE, page="z" * 500)
    assert store.get(big) == "z" * 500


@pytest.fixture
def redis_store() -> RedisPreviewStore:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as error:
        if os.environ.get("CI") or os.environ.get("PW_TEST_SKIP_REDIS") != "1":
            pytest.fail(f"Redis at {REDIS_URL} is required and unreachable: {error}")
        pytest.skip("Redis skipped by PW_TEST_SKIP_REDIS=1")
    return RedisPreviewStore(REDIS_URL, key=uuid.uuid4().bytes * 2, ttl=1)


def test_redis_pages_are_shared_and_expire(redis_store: RedisPreviewStore) -> None:
    token = redis_store.token(tenant_id=ONE, parts=("ar", "بطل", "<p>مرحبا</p>"))
    assert redis_store.get(token) is None
    redis_store.put(token, tenant_id=ONE, page="<p>مرحبا</p>")
    # Another process with the same key reads it.
    other = RedisPreviewStore(REDIS_URL, key=redis_store._key, ttl=1)
    assert other.token(tenant_id=ONE, parts=("ar", "بطل", "<p>مرحبا</p>")) == token
    assert other.get(token) == "<p>مرحبا</p>"
    assert other.get("../../etc") is None
    wait_until(lambda: other.get(token) is None, timeout=3.0, message="the page outlived its ttl")


def test_open_picks_redis_when_configured() -> None:
    secret_reads: list[int] = []

    def secret() -> str:
        secret_reads.append(1)
        return "s" * 64

    memory: PreviewStore = open_preview_store(None, instance_secret=secret)
    assert isinstance(memory, MemoryPreviewStore) and not secret_reads
    first = open_preview_store(REDIS_URL, instance_secret=secret)
    second = open_preview_store(REDIS_URL, instance_secret=secret)
    assert isinstance(first, RedisPreviewStore)
    # Every process derives the same key from the instance secret.
    assert first.token(tenant_id=ONE, parts=("x",)) == second.token(tenant_id=ONE, parts=("x",))


def test_stores_kept_on_an_app_are_opened_once_and_kept_apart() -> None:
    """Block previews and live site pages share Redis but never each other's pages."""

    class State:
        pass

    state = State()
    previews = store_on(state, "previews", redis_url=REDIS_URL, instance_secret=lambda: "k" * 64)
    pages = store_on(
        state,
        "site_pages",
        redis_url=REDIS_URL,
        instance_secret=lambda: "k" * 64,
        prefix="presswright:site-page:",
    )
    again = store_on(state, "previews", redis_url=REDIS_URL, instance_secret=lambda: "k" * 64)
    assert again is previews and pages is not previews
    token = previews.token(tenant_id=ONE, parts=("same",))
    assert pages.token(tenant_id=ONE, parts=("same",)) == token  # one key, two places
    previews.put(token, tenant_id=ONE, page="<p>block preview</p>")
    assert previews.get(token) == "<p>block preview</p>"
    assert pages.get(token) is None
