"""Rate limits: login attempts per client address, generation per key or user; 429 + Retry-After."""

from __future__ import annotations

import uuid

import pytest
import redis
from fastapi import FastAPI
from fastapi.testclient import TestClient

from presswright.api import create_app
from presswright.api.throttles import GenerationPrincipal
from presswright.bootstrap import Instance
from presswright.store.api_keys import create_api_key
from presswright.store.models import Role
from tests.api.conftest import MakeMember

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def backend() -> str:
    """SQLite only: the counts live in memory or Redis, not in the database."""
    return "sqlite"


def _attempts(client: TestClient, n: int) -> list[int]:
    return [
        client.post(
            "/api/v1/auth/login", json={"email": "x@example.com", "password": "wrong pass"}
        ).status_code
        for _ in range(n)
    ]


def test_five_login_attempts_per_minute(client: TestClient) -> None:
    assert _attempts(client, 6) == [401] * 5 + [429]
    refused = client.post("/api/v1/auth/login", json={"email": "a@b.c", "password": "x"})
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    # Registering counts separately.
    other = client.post("/api/v1/auth/register", json={})
    assert other.status_code == 422


def _generation_app(instance: Instance) -> FastAPI:
    app = create_app(instance)

    def generate(principal: GenerationPrincipal) -> dict[str, str]:
        return {"as": principal.rate_key}

    app.add_api_route("/api/v1/test-generate", generate, methods=["POST"])
    return app


def test_generation_budget_per_key(instance: Instance, make_member: MakeMember) -> None:
    instance.settings = instance.settings.model_copy(update={"generation_rate_limit": "3/minute"})
    editor = make_member(Role.EDITOR)
    viewer = make_member(Role.VIEWER, tenant_id=editor.tenant_id)
    with instance.database.tenant_session(editor.tenant_id) as session:
        _, first = create_api_key(session, user_id=editor.user_id, name="one")
        _, second = create_api_key(session, user_id=editor.user_id, name="two")
        _, weak = create_api_key(session, user_id=viewer.user_id, name="viewer")
    with TestClient(_generation_app(instance)) as client:
        codes = [
            client.post("/api/v1/test-generate", headers={"X-API-Key": first}).status_code
            for _ in range(4)
        ]
        assert codes == [200, 200, 200, 429]
        # Another key has its own budget; a viewer may not generate at all.
        assert client.post("/api/v1/test-generate", headers={"X-API-Key": second}).is_success
        assert client.post("/api/v1/test-generate", headers={"X-API-Key": weak}).status_code == 403


def test_limits_are_shared_through_redis(instance: Instance) -> None:
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.ConnectionError:
        pytest.fail(f"Redis at {REDIS_URL} is required for the shared-limit test")
    prefix = uuid.uuid4().hex  # the client address: a fresh window in the shared store
    instance.settings = instance.settings.model_copy(
        update={"redis_url": REDIS_URL, "login_rate_limit": "4/minute"}
    )
    apps = [create_app(instance), create_app(instance)]
    codes = []
    try:
        with (
            TestClient(apps[0], client=(prefix, 1)) as one,
            TestClient(apps[1], client=(prefix, 2)) as two,
        ):
            for client in (one, two, one, two, one):
                codes.append(
                    client.post(
                        "/api/v1/auth/login",
                        json={"email": "x@example.com", "password": "wrong pass"},
                    ).status_code
                )
    finally:
        for key in connection.scan_iter(f"*{prefix}*"):
            connection.delete(key)
        connection.close()
    assert codes == [401, 401, 401, 401, 429]
