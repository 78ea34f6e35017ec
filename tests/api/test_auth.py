"""Register, login, refresh rotation with reuse detection, logout, /me and tenant selection."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from presswright.bootstrap import Instance
from presswright.store.models import AuthSession, Role
from tests.api.conftest import PASSWORD, MakeMember, bearer, login


def test_register_creates_owner_of_a_new_workspace(client: TestClient) -> None:
    response = client.post(
        "/api/v1/auth/register",
        json={"email": "Ada@Example.com", "password": PASSWORD, "workspace": "Ada's blog"},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["user"]["email"] == "ada@example.com"
    assert body["tenant"]["slug"] == "ada-s-blog"
    assert body["tokens"]["role"] == "owner"
    me = client.get("/api/v1/me", headers=bearer(body["tokens"]["access_token"]))
    assert me.status_code == 200
    assert me.json()["role"] == "owner"
    assert me.json()["tenant"]["id"] == body["tenant"]["id"]
    again = client.post(
        "/api/v1/auth/register",
        json={"email": "ada@EXAMPLE.com", "password": PASSWORD, "workspace": "Other"},
    )
    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"


def test_register_refuses_weak_input_with_field_paths(client: TestClient) -> None:
    response = client.post(
        "/api/v1/auth/register",
        json={"email": "not-an-email", "password": "tiny7", "workspace": "  "},
    )
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"body.email", "body.password", "body.workspace"}
    assert "tiny7" not in response.text  # the offending input is never echoed
    repeated = client.post(
        "/api/v1/auth/register",
        json={"email": "b@example.com", "password": "aaaaaaaaaaaa", "workspace": "W"},
    )
    assert repeated.status_code == 422
    assert repeated.json()["errors"][0]["field"] == "body.password"


def test_registration_can_be_closed(instance: Instance) -> None:
    from presswright.api import create_app

    instance.settings = instance.settings.model_copy(update={"allow_registration": False})
    with TestClient(create_app(instance)) as closed:
        response = closed.post(
            "/api/v1/auth/register",
            json={"email": "c@example.com", "password": PASSWORD, "workspace": "W"},
        )
    assert response.status_code == 403


def test_login_and_wrong_credentials(client: TestClient, make_member: MakeMember) -> None:
    member = make_member(Role.EDITOR)
    tokens = login(client, member)
    assert tokens["token_type"] == "bearer"
    assert tokens["role"] == "editor"
    assert tokens["expires_in"] == 900
    assert tokens["refresh_expires_in"] == 14 * 24 * 3600
    wrong = client.post(
        "/api/v1/auth/login", json={"email": member.email, "password": "not the password"}
    )
    assert wrong.status_code == 401
    assert wrong.headers["www-authenticate"].startswith("Bearer")
    nobody = client.post(
        "/api/v1/auth/login", json={"email": "nobody@example.com", "password": PASSWORD}
    )
    assert nobody.status_code == 401
    assert nobody.json()["detail"] == wrong.json()["detail"]  # no user enumeration


def test_refresh_rotates_and_reuse_ends_the_session(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    member = make_member(Role.ADMIN)
    first = login(client, member)
    second = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert second.status_code == 200, second.text
    rotated = second.json()
    assert rotated["refresh_token"] != first["refresh_token"]
    assert rotated["role"] == "admin"
    assert client.get("/api/v1/me", headers=bearer(rotated["access_token"])).status_code == 200

    # The first refresh token was spent: presenting it again means it was copied.
    reuse = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert reuse.status_code == 401
    assert "already used" in reuse.json()["detail"]
    # ... which ends the whole session: the newest tokens stop working too.
    after = client.post("/api/v1/auth/refresh", json={"refresh_token": rotated["refresh_token"]})
    assert after.status_code == 401
    assert client.get("/api/v1/me", headers=bearer(rotated["access_token"])).status_code == 401
    with instance.database.system_session() as session:
        revoked = session.scalar(select(AuthSession).where(AuthSession.user_id == member.user_id))
        assert revoked is not None
        assert revoked.revoked_reason == "refresh token reused"
    # A new login is a new session and works.
    fresh = login(client, member)["access_token"]
    assert client.get("/api/v1/me", headers=bearer(fresh)).is_success


def test_access_token_is_not_a_refresh_token(client: TestClient, make_member: MakeMember) -> None:
    tokens = login(client, make_member())
    response = client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["access_token"]})
    assert response.status_code == 401


def test_logout_ends_access_and_refresh_tokens(client: TestClient, make_member: MakeMember) -> None:
    tokens = login(client, make_member())
    out = client.post("/api/v1/auth/logout", json={"refresh_token": tokens["refresh_token"]})
    assert out.status_code == 204
    assert client.get("/api/v1/me", headers=bearer(tokens["access_token"])).status_code == 401
    again = client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert again.status_code == 401


def test_a_removed_member_loses_access_at_once(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    from presswright.store.models import Membership
    from presswright.store.tenancy import remove_member

    member = make_member(Role.EDITOR)
    tokens = login(client, member)
    with instance.database.tenant_session(member.tenant_id) as session:
        membership = session.scalar(select(Membership).where(Membership.user_id == member.user_id))
        assert membership is not None
        remove_member(session, membership_id=membership.id)
    assert client.get("/api/v1/me", headers=bearer(tokens["access_token"])).status_code == 401
    refreshed = client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 401


def test_users_in_several_workspaces_choose_one(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    from presswright.store.tenancy import add_member

    home = make_member(Role.OWNER)
    other = make_member(Role.OWNER)
    with instance.database.tenant_session(other.tenant_id) as session:
        add_member(session, user_id=home.user_id, role=Role.VIEWER)
    stranger = make_member(Role.OWNER)
    access = login(client, home)["access_token"]

    default = client.get("/api/v1/me", headers=bearer(access)).json()
    assert default["tenant"]["id"] == str(home.tenant_id)
    assert default["role"] == "owner"
    assert len(default["memberships"]) == 2

    chosen = client.get(
        "/api/v1/me", headers={**bearer(access), "X-Tenant-ID": str(other.tenant_id)}
    )
    assert chosen.json()["tenant"]["id"] == str(other.tenant_id)
    assert chosen.json()["role"] == "viewer"

    foreign = client.get(
        "/api/v1/me", headers={**bearer(access), "X-Tenant-ID": str(stranger.tenant_id)}
    )
    assert foreign.status_code == 403
    garbled = client.get("/api/v1/me", headers={**bearer(access), "X-Tenant-ID": "nope"})
    assert garbled.status_code == 422
    assert garbled.json()["errors"][0]["field"] == "header.x-tenant-id"

    # Logging straight into the second workspace.
    tokens = login(client, home, tenant_id=str(other.tenant_id))
    assert tokens["role"] == "viewer"
    refused = client.post(
        "/api/v1/auth/login",
        json={"email": home.email, "password": PASSWORD, "tenant_id": str(stranger.tenant_id)},
    )
    assert refused.status_code == 403
