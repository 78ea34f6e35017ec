"""API keys over the API: shown once, listed masked, revoked; roles and tenant walls enforced."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from presswright.store.models import Role
from tests.api.conftest import MakeMember, bearer, login


def test_create_list_use_and_revoke(client: TestClient, make_member: MakeMember) -> None:
    admin = make_member(Role.ADMIN)
    access = login(client, admin)["access_token"]
    created = client.post("/api/v1/api-keys", json={"name": "ci"}, headers=bearer(access))
    assert created.status_code == 201, created.text
    body = created.json()
    raw = body["key"]
    assert raw.startswith("pw_")
    assert body["prefix"].endswith("…") and raw.startswith(body["prefix"][:-1])

    listed = client.get("/api/v1/api-keys", headers=bearer(access))
    assert listed.status_code == 200
    assert [k["id"] for k in listed.json()] == [body["id"]]
    assert raw not in listed.text and "key" not in listed.json()[0]

    # The key authenticates as X-API-Key and as a bearer credential.
    for headers in ({"X-API-Key": raw}, bearer(raw)):
        me = client.get("/api/v1/me", headers=headers)
        assert me.status_code == 200
        assert me.json()["via"] == "api_key"
        assert me.json()["role"] == "admin"
        assert me.json()["api_key_id"] == body["id"]

    revoked = client.delete(f"/api/v1/api-keys/{body['id']}", headers=bearer(access))
    assert revoked.status_code == 204
    assert client.get("/api/v1/me", headers={"X-API-Key": raw}).status_code == 401
    assert client.get("/api/v1/api-keys", headers=bearer(access)).json()[0]["revoked_at"]
    again = client.delete(f"/api/v1/api-keys/{body['id']}", headers=bearer(access))
    assert again.status_code == 204


def test_expiring_keys(client: TestClient, make_member: MakeMember) -> None:
    access = login(client, make_member(Role.OWNER))["access_token"]
    soon = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    created = client.post(
        "/api/v1/api-keys", json={"name": "temp", "expires_at": soon}, headers=bearer(access)
    )
    assert created.status_code == 201
    assert created.json()["expires_at"] is not None
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    refused = client.post(
        "/api/v1/api-keys", json={"name": "old", "expires_at": past}, headers=bearer(access)
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "body.expires_at"


def test_roles_below_admin_cannot_manage_keys(client: TestClient, make_member: MakeMember) -> None:
    owner = make_member(Role.OWNER)
    for role in (Role.VIEWER, Role.EDITOR):
        member = make_member(role, tenant_id=owner.tenant_id)
        access = login(client, member)["access_token"]
        create = client.post("/api/v1/api-keys", json={"name": "x"}, headers=bearer(access))
        assert create.status_code == 403, role
        assert create.headers["content-type"] == "application/problem+json"
        assert f"you are {role.value}" in create.json()["detail"]
        assert client.get("/api/v1/api-keys", headers=bearer(access)).status_code == 403
        # ... but they may read who they are.
        assert client.get("/api/v1/me", headers=bearer(access)).status_code == 200


def test_a_viewer_key_is_as_weak_as_its_viewer(
    client: TestClient, make_member: MakeMember, instance
) -> None:
    from presswright.store.api_keys import create_api_key

    viewer = make_member(Role.VIEWER)
    with instance.database.tenant_session(viewer.tenant_id) as session:
        _, raw = create_api_key(session, user_id=viewer.user_id, name="viewer key")
    create = client.post("/api/v1/api-keys", json={"name": "x"}, headers={"X-API-Key": raw})
    assert create.status_code == 403
    other = client.get("/api/v1/me", headers={"X-API-Key": raw, "X-Tenant-ID": str(uuid.uuid4())})
    assert other.status_code == 403


def test_tenant_isolation(client: TestClient, make_member: MakeMember) -> None:
    alice = make_member(Role.OWNER)
    bob = make_member(Role.OWNER)
    alice_access = login(client, alice)["access_token"]
    bob_access = login(client, bob)["access_token"]
    bobs_key = client.post(
        "/api/v1/api-keys", json={"name": "bob"}, headers=bearer(bob_access)
    ).json()

    stolen = client.delete(f"/api/v1/api-keys/{bobs_key['id']}", headers=bearer(alice_access))
    assert stolen.status_code == 404
    assert stolen.headers["content-type"] == "application/problem+json"
    missing = client.delete(f"/api/v1/api-keys/{uuid.uuid4()}", headers=bearer(alice_access))
    assert missing.status_code == 404
    assert client.get("/api/v1/api-keys", headers=bearer(alice_access)).json() == []
    # Bob's key still works and still is his.
    me = client.get("/api/v1/me", headers={"X-API-Key": bobs_key["key"]})
    assert me.status_code == 200 and me.json()["tenant"]["id"] == str(bob.tenant_id)
    bad_id = client.delete("/api/v1/api-keys/not-a-uuid", headers=bearer(alice_access))
    assert bad_id.status_code == 422
    assert bad_id.json()["errors"][0]["field"] == "path.key_id"
