"""Members over the API: list, add by email, change a role, remove; the rules and the walls."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient

from presswright.bootstrap import Instance
from presswright.store.api_keys import create_api_key
from presswright.store.models import Role
from presswright.store.tenancy import create_user
from tests.api.conftest import PASSWORD, MakeMember, bearer, login


def _headers(client: TestClient, member: object) -> dict[str, str]:
    return bearer(login(client, member)["access_token"])  # type: ignore[arg-type]


def test_list_add_change_and_remove(client: TestClient, make_member: MakeMember) -> None:
    owner = make_member(Role.OWNER)
    viewer = make_member(Role.VIEWER, tenant_id=owner.tenant_id)
    stranger = make_member(Role.OWNER)  # a user of another workspace, to be added here
    headers = _headers(client, owner)

    listed = client.get("/api/v1/members", headers=_headers(client, viewer))
    assert listed.status_code == 200, listed.text
    assert [(m["email"], m["role"]) for m in listed.json()] == [
        (owner.email, "owner"),
        (viewer.email, "viewer"),
    ]

    added = client.post(
        "/api/v1/members", json={"email": stranger.email.upper(), "role": "editor"}, headers=headers
    )
    assert added.status_code == 201, added.text
    assert added.json()["user_id"] == str(stranger.user_id)
    assert added.json()["role"] == "editor"
    # The added user now acts here with that role.
    as_stranger = {**_headers(client, stranger), "X-Tenant-ID": str(owner.tenant_id)}
    assert client.get("/api/v1/me", headers=as_stranger).json()["role"] == "editor"

    changed = client.patch(
        f"/api/v1/members/{stranger.user_id}", json={"role": "admin"}, headers=headers
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["role"] == "admin"
    assert client.get("/api/v1/me", headers=as_stranger).json()["role"] == "admin"

    removed = client.delete(f"/api/v1/members/{stranger.user_id}", headers=headers)
    assert removed.status_code == 204, removed.text
    assert client.get("/api/v1/me", headers=as_stranger).status_code == 403
    emails = [m["email"] for m in client.get("/api/v1/members", headers=headers).json()]
    assert stranger.email not in emails
    again = client.delete(f"/api/v1/members/{stranger.user_id}", headers=headers)
    assert again.status_code == 404


def test_adding_unknown_or_existing_users(client: TestClient, make_member: MakeMember) -> None:
    admin = make_member(Role.ADMIN)
    editor = make_member(Role.EDITOR, tenant_id=admin.tenant_id)
    headers = _headers(client, admin)

    unknown = client.post(
        "/api/v1/members", json={"email": "nobody@example.com", "role": "viewer"}, headers=headers
    )
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/problem+json"
    assert "no user with email nobody@example.com" in unknown.json()["detail"]
    assert "register" in unknown.json()["detail"]

    taken = client.post(
        "/api/v1/members", json={"email": editor.email, "role": "viewer"}, headers=headers
    )
    assert taken.status_code == 409
    (problem,) = taken.json()["errors"]
    assert problem["field"] == "body.email" and problem["loc"] == ["body", "email"]
    assert "already a member" in problem["message"]

    bad = client.post(
        "/api/v1/members", json={"email": "not an address", "role": "boss"}, headers=headers
    )
    assert bad.status_code == 422
    assert {p["field"] for p in bad.json()["errors"]} == {"body.email", "body.role"}


def test_writes_need_an_admin(client: TestClient, make_member: MakeMember) -> None:
    owner = make_member(Role.OWNER)
    target = make_member(Role.VIEWER, tenant_id=owner.tenant_id)
    for role in (Role.VIEWER, Role.EDITOR):
        member = make_member(role, tenant_id=owner.tenant_id)
        headers = _headers(client, member)
        assert client.get("/api/v1/members", headers=headers).status_code == 200
        add = client.post(
            "/api/v1/members", json={"email": "x@example.com", "role": "viewer"}, headers=headers
        )
        assert add.status_code == 403, role
        assert f"you are {role.value}" in add.json()["detail"]
        patch = client.patch(
            f"/api/v1/members/{target.user_id}", json={"role": "editor"}, headers=headers
        )
        assert patch.status_code == 403
        assert (
            client.delete(f"/api/v1/members/{target.user_id}", headers=headers).status_code == 403
        )
    assert client.get("/api/v1/members").status_code == 401


def test_only_owners_touch_owners(client: TestClient, make_member: MakeMember) -> None:
    owner = make_member(Role.OWNER)
    admin = make_member(Role.ADMIN, tenant_id=owner.tenant_id)
    editor = make_member(Role.EDITOR, tenant_id=owner.tenant_id)
    newcomer = make_member(Role.OWNER)
    headers = _headers(client, admin)

    grant = client.patch(
        f"/api/v1/members/{editor.user_id}", json={"role": "owner"}, headers=headers
    )
    assert grant.status_code == 403
    assert "only an owner may make someone an owner" in grant.json()["detail"]
    add = client.post(
        "/api/v1/members", json={"email": newcomer.email, "role": "owner"}, headers=headers
    )
    assert add.status_code == 403
    demote = client.patch(
        f"/api/v1/members/{owner.user_id}", json={"role": "viewer"}, headers=headers
    )
    assert demote.status_code == 403
    assert "change an owner's role" in demote.json()["detail"]
    assert client.delete(f"/api/v1/members/{owner.user_id}", headers=headers).status_code == 403
    # An admin manages everyone below owner.
    ok = client.patch(f"/api/v1/members/{editor.user_id}", json={"role": "viewer"}, headers=headers)
    assert ok.status_code == 200

    # The owner may grant owner; then either owner may demote the other, but not the last one.
    as_owner = _headers(client, owner)
    promoted = client.patch(
        f"/api/v1/members/{admin.user_id}", json={"role": "owner"}, headers=as_owner
    )
    assert promoted.status_code == 200
    demoted = client.patch(
        f"/api/v1/members/{owner.user_id}", json={"role": "admin"}, headers=_headers(client, admin)
    )
    assert demoted.status_code == 200, demoted.text


def test_nobody_changes_their_own_role(client: TestClient, make_member: MakeMember) -> None:
    owner = make_member(Role.OWNER)
    make_member(Role.OWNER, tenant_id=owner.tenant_id)
    admin = make_member(Role.ADMIN, tenant_id=owner.tenant_id)
    for member in (owner, admin):
        headers = _headers(client, member)
        for role in ("owner", "viewer"):
            own = client.patch(
                f"/api/v1/members/{member.user_id}", json={"role": role}, headers=headers
            )
            assert own.status_code == 403
            assert "your own role" in own.json()["detail"]
        leave = client.delete(f"/api/v1/members/{member.user_id}", headers=headers)
        assert leave.status_code == 403
        assert "cannot remove yourself" in leave.json()["detail"]


def test_the_last_owner_stays(instance: Instance, make_member: MakeMember) -> None:
    """Through the library, as the operator (the CLI) acts: the API cannot reach this state,
    since only owners touch owners and nobody touches themselves."""
    from presswright.errors import ConflictError
    from presswright.members import change_role, remove_member

    owner = make_member(Role.OWNER)
    database, tenant_id = instance.database, owner.tenant_id
    with pytest.raises(ConflictError, match="last owner of this workspace and must stay one"):
        change_role(
            database, tenant_id=tenant_id, actor=None, user_id=owner.user_id, role=Role.ADMIN
        )
    with pytest.raises(ConflictError, match="last owner of this workspace and cannot be removed"):
        remove_member(database, tenant_id=tenant_id, actor=None, user_id=owner.user_id)
    # With a second owner, the first may go.
    second = make_member(Role.EDITOR, tenant_id=tenant_id)
    change_role(database, tenant_id=tenant_id, actor=None, user_id=second.user_id, role=Role.OWNER)
    remove_member(database, tenant_id=tenant_id, actor=None, user_id=owner.user_id)
    with pytest.raises(ConflictError, match="last owner"):
        change_role(
            database, tenant_id=tenant_id, actor=None, user_id=second.user_id, role=Role.VIEWER
        )


def test_removal_ends_sessions_and_keys(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    owner = make_member(Role.OWNER)
    member = make_member(Role.EDITOR, tenant_id=owner.tenant_id)
    tokens = login(client, member)
    with instance.database.tenant_session(owner.tenant_id) as session:
        _, raw_key = create_api_key(session, user_id=member.user_id, name="ci")
    assert client.get("/api/v1/me", headers={"X-API-Key": raw_key}).status_code == 200
    assert client.get("/api/v1/me", headers=bearer(tokens["access_token"])).status_code == 200

    removed = client.delete(f"/api/v1/members/{member.user_id}", headers=_headers(client, owner))
    assert removed.status_code == 204

    # At once: the access token, the refresh token and the key no longer work.
    assert client.get("/api/v1/me", headers=bearer(tokens["access_token"])).status_code == 401
    refresh = client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert refresh.status_code == 401
    assert client.get("/api/v1/me", headers={"X-API-Key": raw_key}).status_code == 401
    # Added back, they sign in again; the old credentials stay dead.
    re_added = client.post(
        "/api/v1/members",
        json={"email": member.email, "role": "viewer"},
        headers=_headers(client, owner),
    )
    assert re_added.status_code == 201
    assert client.get("/api/v1/me", headers={"X-API-Key": raw_key}).status_code == 401
    assert client.get("/api/v1/me", headers=bearer(tokens["access_token"])).status_code == 401
    assert client.get("/api/v1/me", headers=_headers(client, member)).json()["role"] == "viewer"


def test_a_removal_made_outside_the_api_is_seen(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    """Removed through the library (as the CLI does): a cached check of the token is not used."""
    from presswright.members import remove_member

    owner = make_member(Role.OWNER)
    member = make_member(Role.EDITOR, tenant_id=owner.tenant_id)
    headers = _headers(client, member)
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    remove_member(instance.database, tenant_id=owner.tenant_id, actor=None, user_id=member.user_id)
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_tenant_walls(client: TestClient, make_member: MakeMember) -> None:
    home = make_member(Role.OWNER)
    other = make_member(Role.OWNER)
    other_editor = make_member(Role.EDITOR, tenant_id=other.tenant_id)
    headers = _headers(client, home)

    listed = client.get("/api/v1/members", headers=headers).json()
    assert [m["email"] for m in listed] == [home.email]
    for response in (
        client.patch(
            f"/api/v1/members/{other_editor.user_id}", json={"role": "viewer"}, headers=headers
        ),
        client.delete(f"/api/v1/members/{other_editor.user_id}", headers=headers),
        client.patch(f"/api/v1/members/{uuid.uuid4()}", json={"role": "viewer"}, headers=headers),
    ):
        assert response.status_code == 404
        assert "in this workspace" in response.json()["detail"]
    # Asking for the other workspace by header is refused, not answered.
    foreign = client.get(
        "/api/v1/members", headers={**headers, "X-Tenant-ID": str(other.tenant_id)}
    )
    assert foreign.status_code in (401, 403)
    other_list = client.get("/api/v1/members", headers=_headers(client, other)).json()
    assert {m["role"] for m in other_list if m["email"] == other_editor.email} == {"editor"}


def test_a_new_user_is_found_by_email(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    owner = make_member(Role.OWNER)
    with instance.database.system_session() as session:
        create_user(session, email="fresh@example.com", password=PASSWORD, display_name="Fresh")
    added = client.post(
        "/api/v1/members",
        json={"email": " Fresh@Example.com ", "role": "viewer"},
        headers=_headers(client, owner),
    )
    assert added.status_code == 201, added.text
    assert added.json()["display_name"] == "Fresh"
    assert added.json()["email"] == "fresh@example.com"
