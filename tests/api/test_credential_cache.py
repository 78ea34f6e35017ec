"""The credential cache: fast for a busy client, never trusted past what it may know.

Changes made through this process (ORM commits) end cached principals at once; a change
made behind its back (another process: here a raw SQL update, which fires no ORM event)
is seen once the TTL has passed, and at once with the cache turned off.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from presswright.api import create_app
from presswright.bootstrap import Instance
from presswright.store.models import Role
from tests.api.conftest import MakeMember, bearer, login

TTL = 0.4


def _app_client(instance: Instance, ttl: float) -> TestClient:
    settings = instance.settings.model_copy(update={"credential_cache_ttl": ttl})
    tuned = Instance(settings=settings, database=instance.database, secretbox=instance.secretbox)
    return TestClient(create_app(tuned), raise_server_exceptions=False)


@pytest.fixture
def cached(instance: Instance) -> Iterator[TestClient]:
    with _app_client(instance, TTL) as test_client:
        yield test_client


def _new_key(client: TestClient, make_member: MakeMember) -> tuple[str, str]:
    access = login(client, make_member(Role.ADMIN))["access_token"]
    created = client.post("/api/v1/api-keys", json={"name": "k"}, headers=bearer(access))
    assert created.status_code == 201, created.text
    return created.json()["key"], created.json()["id"]


def _revoke_behind_its_back(instance: Instance, key_id: str) -> None:
    with instance.database.engine.begin() as connection:
        connection.execute(
            text("UPDATE api_keys SET revoked_at = CURRENT_TIMESTAMP WHERE id = :id"),
            {"id": key_id.replace("-", "") if instance.database.is_sqlite else key_id},
        )


def test_a_revocation_elsewhere_is_seen_within_the_ttl(
    cached: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    key, key_id = _new_key(cached, make_member)
    assert cached.get("/api/v1/me", headers={"X-API-Key": key}).status_code == 200
    _revoke_behind_its_back(instance, key_id)
    # Trusted for at most the TTL, then checked again and refused.
    deadline = time.monotonic() + TTL + 2.0
    while cached.get("/api/v1/me", headers={"X-API-Key": key}).status_code == 200:
        assert time.monotonic() < deadline, "a revoked key stayed usable past the cache TTL"
        time.sleep(0.05)
    assert cached.get("/api/v1/me", headers={"X-API-Key": key}).status_code == 401


def test_without_the_cache_a_revocation_elsewhere_applies_at_once(
    instance: Instance, make_member: MakeMember
) -> None:
    with _app_client(instance, 0) as client:
        key, key_id = _new_key(client, make_member)
        assert client.get("/api/v1/me", headers={"X-API-Key": key}).status_code == 200
        _revoke_behind_its_back(instance, key_id)
        assert client.get("/api/v1/me", headers={"X-API-Key": key}).status_code == 401


def test_changes_made_by_this_process_apply_at_once(
    cached: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    from presswright.store.models import Membership
    from presswright.store.tenancy import set_member_role

    member = make_member(Role.ADMIN)
    access = login(cached, member)["access_token"]
    assert cached.get("/api/v1/api-keys", headers=bearer(access)).status_code == 200
    with instance.database.tenant_session(member.tenant_id) as session:
        membership = session.query(Membership).filter_by(user_id=member.user_id).one()
        set_member_role(session, membership_id=membership.id, role=Role.VIEWER)
    # The cached admin principal is gone with the commit: the viewer is refused.
    assert cached.get("/api/v1/api-keys", headers=bearer(access)).status_code == 403
    assert cached.get("/api/v1/me", headers=bearer(access)).json()["role"] == "viewer"


def test_concurrent_requests_share_one_check() -> None:
    import asyncio

    from presswright.api.credential_cache import CredentialCache

    cache: CredentialCache[str] = CredentialCache(TTL)
    checks = 0

    async def check() -> str:
        nonlocal checks
        checks += 1
        await asyncio.sleep(0.05)
        return "principal"

    async def burst() -> list[str]:
        return await asyncio.gather(*(cache.get_or_check("pw_k", None, check) for _ in range(16)))

    assert asyncio.run(burst()) == ["principal"] * 16
    assert checks == 1
    # Once it is over, a new check runs (the principal is cached by whoever checks: here
    # nobody put it, so the next burst checks again).
    asyncio.run(burst())
    assert checks == 2
