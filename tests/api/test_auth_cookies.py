"""The browser session mode: the refresh token in an HttpOnly cookie, a double-submit CSRF
token, rotation, logout and workspace switching; and the body mode beside it unchanged."""

from __future__ import annotations

import re
import uuid
from http.cookies import SimpleCookie
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from presswright.api import create_app
from presswright.api.session_cookies import (
    CSRF_COOKIE,
    CSRF_HEADER,
    REFRESH_COOKIE,
    REFRESH_COOKIE_PATH,
)
from presswright.bootstrap import Instance
from presswright.store.models import Role
from presswright.store.tenancy import add_member, create_tenant
from tests.api.conftest import PASSWORD, MakeMember, Member, bearer, login

REFRESH_TTL = 14 * 24 * 3600


def set_cookies(response: httpx.Response) -> dict[str, Any]:
    """The cookies ``response`` sets, by name, with their attributes."""
    found: dict[str, Any] = {}
    for header in response.headers.get_list("set-cookie"):
        parsed: SimpleCookie = SimpleCookie()
        parsed.load(header)
        for name, morsel in parsed.items():
            found[name] = morsel
        found.setdefault("_raw", []).append(header)
    return found


def cookie_login(client: TestClient, member: Member, **extra: object) -> httpx.Response:
    response = client.post(
        "/api/v1/auth/login",
        json={"email": member.email, "password": PASSWORD, "refresh_in": "cookie", **extra},
    )
    assert response.status_code == 200, response.text
    return response


def post_as(
    client: TestClient,
    path: str,
    *,
    refresh: str | None,
    csrf_cookie: str | None,
    csrf_header: str | None,
    json: object = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """POST with exactly these cookies and CSRF header (the client's own jar set aside)."""
    client.cookies.clear()
    sent = dict(headers or {})
    jar = [
        f"{name}={value}"
        for name, value in ((REFRESH_COOKIE, refresh), (CSRF_COOKIE, csrf_cookie))
        if value is not None
    ]
    if jar:
        sent["Cookie"] = "; ".join(jar)
    if csrf_header is not None:
        sent[CSRF_HEADER] = csrf_header
    return client.post(path, json=json, headers=sent)


def test_login_in_cookie_mode_sets_the_two_cookies(
    client: TestClient, make_member: MakeMember
) -> None:
    response = cookie_login(client, make_member(Role.EDITOR))
    body = response.json()
    assert body["refresh_token"] is None
    assert body["role"] == "editor"
    assert body["refresh_expires_in"] == REFRESH_TTL
    cookies = set_cookies(response)
    refresh, csrf = cookies[REFRESH_COOKIE], cookies[CSRF_COOKIE]
    assert refresh.value.count(".") == 2  # the refresh JWT itself
    assert refresh["httponly"] is True
    assert refresh["samesite"].lower() == "strict"
    assert refresh["path"] == REFRESH_COOKIE_PATH == "/api/v1/auth"
    assert refresh["max-age"] == str(REFRESH_TTL)
    assert not refresh["secure"]  # plain http (loopback): a Secure cookie would never return
    assert re.fullmatch(r"[0-9a-f]{64}", csrf.value)
    assert not csrf["httponly"]  # the studio's script reads it
    assert csrf["samesite"].lower() == "strict"
    assert csrf["path"] == "/"
    assert csrf["max-age"] == str(REFRESH_TTL)
    assert not csrf["secure"]
    # The access token works as in body mode.
    me = client.get("/api/v1/me", headers=bearer(body["access_token"]))
    assert me.status_code == 200
    # The browser sends the refresh cookie to the auth routes alone; the CSRF one everywhere.
    sent = me.request.headers["cookie"]
    assert f"{CSRF_COOKIE}=" in sent
    assert REFRESH_COOKIE not in sent


def test_cookies_are_secure_over_https(instance: Instance, make_member: MakeMember) -> None:
    with TestClient(create_app(instance), base_url="https://testserver") as secure_client:
        cookies = set_cookies(cookie_login(secure_client, make_member()))
    assert cookies[REFRESH_COOKIE]["secure"] is True
    assert cookies[CSRF_COOKIE]["secure"] is True


def test_register_in_cookie_mode(client: TestClient) -> None:
    response = client.post(
        "/api/v1/auth/register",
        json={
            "email": "cookie@example.com",
            "password": PASSWORD,
            "workspace": "Cookie jar",
            "refresh_in": "cookie",
        },
    )
    assert response.status_code == 201, response.text
    assert response.json()["tokens"]["refresh_token"] is None
    cookies = set_cookies(response)
    assert cookies[REFRESH_COOKIE]["httponly"] is True
    assert cookies[REFRESH_COOKIE]["path"] == "/api/v1/auth"
    refreshed = client.post(
        "/api/v1/auth/refresh", headers={CSRF_HEADER: cookies[CSRF_COOKIE].value}
    )
    assert refreshed.status_code == 200, refreshed.text
    assert refreshed.json()["tenant_id"] == response.json()["tenant"]["id"]


@pytest.mark.parametrize("body", [None, {}], ids=["empty body", "empty object"])
def test_refresh_with_the_cookie_and_csrf_rotates_both(
    client: TestClient, make_member: MakeMember, body: object
) -> None:
    first = set_cookies(cookie_login(client, make_member()))
    refresh, csrf = first[REFRESH_COOKIE].value, first[CSRF_COOKIE].value
    response = post_as(
        client,
        "/api/v1/auth/refresh",
        refresh=refresh,
        csrf_cookie=csrf,
        csrf_header=csrf,
        json=body,
    )
    assert response.status_code == 200, response.text
    pair = response.json()
    assert pair["refresh_token"] is None
    assert client.get("/api/v1/me", headers=bearer(pair["access_token"])).status_code == 200
    renewed = set_cookies(response)
    assert renewed[REFRESH_COOKIE].value not in ("", refresh)
    assert renewed[CSRF_COOKIE].value not in ("", csrf)
    assert renewed[REFRESH_COOKIE]["httponly"] is True
    assert renewed[REFRESH_COOKIE]["path"] == "/api/v1/auth"
    assert renewed[CSRF_COOKIE]["path"] == "/"
    # The browser's jar now holds the new pair, and refreshes with it again.
    again = client.post("/api/v1/auth/refresh", headers={CSRF_HEADER: renewed[CSRF_COOKIE].value})
    assert again.status_code == 200, again.text


def test_csrf_header_missing_or_wrong_is_403(client: TestClient, make_member: MakeMember) -> None:
    cookies = set_cookies(cookie_login(client, make_member()))
    refresh, csrf = cookies[REFRESH_COOKIE].value, cookies[CSRF_COOKIE].value
    for csrf_cookie, csrf_header in (
        (csrf, None),  # no header: what a form or an <img> of another site would send
        (csrf, "0" * 64),
        (csrf, csrf[:-1]),
        (None, csrf),  # a header with no cookie to match
        (csrf, ""),
    ):
        for path in ("/api/v1/auth/refresh", "/api/v1/auth/logout"):
            response = post_as(
                client, path, refresh=refresh, csrf_cookie=csrf_cookie, csrf_header=csrf_header
            )
            assert response.status_code == 403, (path, csrf_header, response.text)
            assert response.headers["content-type"] == "application/problem+json"
            assert CSRF_HEADER in response.json()["detail"]
            assert not set_cookies(response)
    # None of that spent the token or ended the session.
    ok = post_as(
        client, "/api/v1/auth/refresh", refresh=refresh, csrf_cookie=csrf, csrf_header=csrf
    )
    assert ok.status_code == 200, ok.text


def test_no_refresh_cookie_is_401(client: TestClient) -> None:
    csrf = "a" * 64
    for path in ("/api/v1/auth/refresh", "/api/v1/auth/logout"):
        response = post_as(client, path, refresh=None, csrf_cookie=csrf, csrf_header=csrf)
        assert response.status_code == 401, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["www-authenticate"].startswith("Bearer")
        bare = post_as(client, path, refresh=None, csrf_cookie=None, csrf_header=None)
        assert bare.status_code == 401


def test_a_refresh_cookie_used_twice_ends_the_session(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    login_answer = cookie_login(client, make_member())
    access = login_answer.json()["access_token"]
    first = set_cookies(login_answer)
    old, csrf = first[REFRESH_COOKIE].value, first[CSRF_COOKIE].value
    rotated = post_as(
        client, "/api/v1/auth/refresh", refresh=old, csrf_cookie=csrf, csrf_header=csrf
    )
    assert rotated.status_code == 200
    new = set_cookies(rotated)
    new_refresh, new_csrf = new[REFRESH_COOKIE].value, new[CSRF_COOKIE].value
    # The spent cookie again (a copy of it): refused, as body mode refuses it...
    reuse = post_as(
        client, "/api/v1/auth/refresh", refresh=old, csrf_cookie=new_csrf, csrf_header=new_csrf
    )
    assert reuse.status_code == 401
    assert "already used" in reuse.json()["detail"]
    cleared = set_cookies(reuse)
    assert cleared[REFRESH_COOKIE]["max-age"] == "0"
    assert cleared[CSRF_COOKIE]["max-age"] == "0"
    # ...and the whole session is over: the newest cookie and every access token too.
    after = post_as(
        client,
        "/api/v1/auth/refresh",
        refresh=new_refresh,
        csrf_cookie=new_csrf,
        csrf_header=new_csrf,
    )
    assert after.status_code == 401
    for token in (access, rotated.json()["access_token"]):
        assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


def test_a_forged_refresh_cookie_is_401_and_cleared(client: TestClient) -> None:
    csrf = "b" * 64
    response = post_as(
        client, "/api/v1/auth/refresh", refresh="not.a.token", csrf_cookie=csrf, csrf_header=csrf
    )
    assert response.status_code == 401
    cleared = set_cookies(response)
    assert cleared[REFRESH_COOKIE]["path"] == "/api/v1/auth"
    assert cleared[REFRESH_COOKIE]["max-age"] == "0"
    assert cleared[CSRF_COOKIE]["path"] == "/"


def test_logout_in_cookie_mode_clears_the_cookies_and_ends_the_session(
    client: TestClient, make_member: MakeMember
) -> None:
    answer = cookie_login(client, make_member())
    access = answer.json()["access_token"]
    cookies = set_cookies(answer)
    refresh, csrf = cookies[REFRESH_COOKIE].value, cookies[CSRF_COOKIE].value
    out = client.post("/api/v1/auth/logout", headers={CSRF_HEADER: csrf})  # the jar's cookies
    assert out.status_code == 204, out.text
    assert out.content == b""
    cleared = set_cookies(out)
    assert cleared[REFRESH_COOKIE]["max-age"] == "0"
    assert cleared[REFRESH_COOKIE]["path"] == "/api/v1/auth"
    assert cleared[REFRESH_COOKIE]["httponly"] is True
    assert cleared[CSRF_COOKIE]["max-age"] == "0"
    assert cleared[CSRF_COOKIE]["path"] == "/"
    assert REFRESH_COOKIE not in client.cookies
    assert CSRF_COOKIE not in client.cookies
    assert client.get("/api/v1/me", headers=bearer(access)).status_code == 401
    again = post_as(
        client, "/api/v1/auth/refresh", refresh=refresh, csrf_cookie=csrf, csrf_header=csrf
    )
    assert again.status_code == 401


def _second_workspace(instance: Instance, member: Member, role: Role) -> uuid.UUID:
    with instance.database.system_session() as session:
        tenant_id = create_tenant(session, name=f"Second {uuid.uuid4().hex[:6]}").id
    with instance.database.tenant_session(tenant_id) as session:
        add_member(session, user_id=member.user_id, role=role)
    return tenant_id


def test_switch_in_cookie_mode_moves_the_session_to_another_workspace(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    member = make_member(Role.OWNER)
    other = _second_workspace(instance, member, Role.VIEWER)
    answer = cookie_login(client, member)
    access = answer.json()["access_token"]
    csrf = set_cookies(answer)[CSRF_COOKIE].value
    switched = client.post(
        "/api/v1/auth/switch",
        json={"tenant_id": str(other), "refresh_in": "cookie"},
        headers={**bearer(access), CSRF_HEADER: csrf},
    )
    assert switched.status_code == 200, switched.text
    pair = switched.json()
    assert pair["tenant_id"] == str(other)
    assert pair["role"] == "viewer"
    assert pair["refresh_token"] is None
    renewed = set_cookies(switched)
    assert renewed[REFRESH_COOKIE]["httponly"] is True
    me = client.get("/api/v1/me", headers=bearer(pair["access_token"])).json()
    assert me["tenant"]["id"] == str(other)
    assert me["role"] == "viewer"
    assert {m["tenant"]["id"] for m in me["memberships"]} == {str(member.tenant_id), str(other)}
    # The session left behind is over; the new cookie carries on.
    assert client.get("/api/v1/me", headers=bearer(access)).status_code == 401
    refreshed = client.post(
        "/api/v1/auth/refresh", headers={CSRF_HEADER: renewed[CSRF_COOKIE].value}
    )
    assert refreshed.status_code == 200, refreshed.text
    assert refreshed.json()["tenant_id"] == str(other)


def test_switch_in_body_mode_and_its_refusals(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    member = make_member(Role.EDITOR)
    other = _second_workspace(instance, member, Role.ADMIN)
    stranger = make_member(Role.OWNER)  # a workspace the member does not belong to
    tokens = login(client, member)
    refused = client.post(
        "/api/v1/auth/switch",
        json={"tenant_id": str(stranger.tenant_id)},
        headers=bearer(tokens["access_token"]),
    )
    assert refused.status_code == 403
    assert refused.headers["content-type"] == "application/problem+json"
    assert "not a member" in refused.json()["detail"]
    assert client.get("/api/v1/me", headers=bearer(tokens["access_token"])).status_code == 200
    assert client.post("/api/v1/auth/switch", json={"tenant_id": str(other)}).status_code == 401
    switched = client.post(
        "/api/v1/auth/switch",
        json={"tenant_id": str(other)},
        headers=bearer(tokens["access_token"]),
    )
    assert switched.status_code == 200, switched.text
    pair = switched.json()
    assert (pair["tenant_id"], pair["role"]) == (str(other), "admin")
    assert isinstance(pair["refresh_token"], str)
    assert not set_cookies(switched)
    body_refresh = client.post(
        "/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]}
    )
    assert body_refresh.status_code == 200
    assert body_refresh.json()["tenant_id"] == str(other)
    # An API key belongs to one workspace: it cannot switch.
    key = client.post(
        "/api/v1/api-keys",
        json={"name": "ci"},
        headers=bearer(body_refresh.json()["access_token"]),
    )
    assert key.status_code == 201, key.text
    by_key = client.post(
        "/api/v1/auth/switch",
        json={"tenant_id": str(member.tenant_id)},
        headers={"X-API-Key": key.json()["key"]},
    )
    assert by_key.status_code == 403


def test_switch_in_cookie_mode_needs_the_cookie_and_csrf(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    member = make_member(Role.OWNER)
    other = _second_workspace(instance, member, Role.EDITOR)
    answer = cookie_login(client, member)
    access = answer.json()["access_token"]
    cookies = set_cookies(answer)
    refresh, csrf = cookies[REFRESH_COOKIE].value, cookies[CSRF_COOKIE].value
    body = {"tenant_id": str(other), "refresh_in": "cookie"}
    no_csrf = post_as(
        client,
        "/api/v1/auth/switch",
        refresh=refresh,
        csrf_cookie=csrf,
        csrf_header=None,
        json=body,
        headers=bearer(access),
    )
    assert no_csrf.status_code == 403
    no_cookie = post_as(
        client,
        "/api/v1/auth/switch",
        refresh=None,
        csrf_cookie=csrf,
        csrf_header=csrf,
        json=body,
        headers=bearer(access),
    )
    assert no_cookie.status_code == 401
    # A refresh cookie of another login of the same user is not this session's.
    elsewhere = set_cookies(cookie_login(client, member))[REFRESH_COOKIE].value
    mismatched = post_as(
        client,
        "/api/v1/auth/switch",
        refresh=elsewhere,
        csrf_cookie=csrf,
        csrf_header=csrf,
        json=body,
        headers=bearer(access),
    )
    assert mismatched.status_code == 401
    assert client.get("/api/v1/me", headers=bearer(access)).status_code == 200


def test_body_mode_is_unchanged(client: TestClient, make_member: MakeMember) -> None:
    member = make_member()
    response = client.post("/api/v1/auth/login", json={"email": member.email, "password": PASSWORD})
    assert response.status_code == 200
    assert not response.headers.get_list("set-cookie")
    tokens = response.json()
    assert isinstance(tokens["refresh_token"], str)
    rotated = client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert rotated.status_code == 200
    assert isinstance(rotated.json()["refresh_token"], str)
    assert not rotated.headers.get_list("set-cookie")
    # A token in the body wins over any cookie, and needs no CSRF header.
    cookie_login(client, member)
    body_wins = client.post(
        "/api/v1/auth/refresh", json={"refresh_token": rotated.json()["refresh_token"]}
    )
    assert body_wins.status_code == 200
    assert isinstance(body_wins.json()["refresh_token"], str)
    out = client.post(
        "/api/v1/auth/logout", json={"refresh_token": body_wins.json()["refresh_token"]}
    )
    assert out.status_code == 204
    assert not out.headers.get_list("set-cookie")
    bad_mode = client.post(
        "/api/v1/auth/login",
        json={"email": member.email, "password": PASSWORD, "refresh_in": "jar"},
    )
    assert bad_mode.status_code == 422
    assert bad_mode.json()["errors"][0]["field"] == "body.refresh_in"


def test_the_openapi_document_describes_the_cookie_mode(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    schemas = spec["components"]["schemas"]
    for name in ("LoginRequest", "RegisterRequest", "SwitchRequest"):
        refresh_in = schemas[name]["properties"]["refresh_in"]
        assert refresh_in["enum"] == ["body", "cookie"], name
        assert refresh_in["default"] == "body"
    token = schemas["TokenPair"]["properties"]["refresh_token"]
    assert {"type": "null"} in token["anyOf"]
    assert "refresh_token" in schemas["TokenPair"]["required"]
    assert "refresh_token" not in schemas["RefreshRequest"].get("required", [])
    for path in ("/api/v1/auth/refresh", "/api/v1/auth/logout"):
        operation = spec["paths"][path]["post"]
        parameters = {(p["in"], p["name"]) for p in operation["parameters"]}
        assert {
            ("header", CSRF_HEADER),
            ("cookie", REFRESH_COOKIE),
            ("cookie", CSRF_COOKIE),
        } <= parameters
        assert operation["requestBody"].get("required", False) is False
        assert {"401", "403"} <= set(operation["responses"])
    assert (
        "Set-Cookie" in spec["paths"]["/api/v1/auth/login"]["post"]["responses"]["200"]["headers"]
    )
    switch = spec["paths"]["/api/v1/auth/switch"]["post"]
    assert switch["security"]
    assert switch["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/TokenPair"
    }
    assert {"401", "403"} <= set(switch["responses"])
