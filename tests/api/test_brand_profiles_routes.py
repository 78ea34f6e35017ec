"""Brand profiles over the API: CRUD for editors, reads for viewers, tenant walls, validation."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from presswright.bootstrap import Instance
from presswright.store.api_keys import create_api_key
from presswright.store.models import Role
from tests.api.conftest import MakeMember, Member, bearer, login

BASE = "/api/v1/brand-profiles"
BAKERY = {
    "name": "Bakery",
    "tone": "warm and direct",
    "sentence_length": "short",
    "banned_words": ["cheap", "synergy"],
}


def key_headers(instance: Instance, member: Member) -> dict[str, str]:
    """Headers authenticating as ``member`` with a new API key (no password check: fast)."""
    with instance.database.tenant_session(member.tenant_id) as session:
        _, raw = create_api_key(session, user_id=member.user_id, name="test")
    return {"X-API-Key": raw}


def test_editors_write_and_viewers_read(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    editor = make_member(Role.EDITOR)
    headers = bearer(login(client, editor)["access_token"])
    created = client.post(BASE, json=BAKERY, headers=headers)
    assert created.status_code == 201, created.text
    profile = created.json()
    assert {k: profile[k] for k in BAKERY} == BAKERY
    assert profile["vocabulary_level"] is None and profile["custom_instructions"] is None
    assert profile["created_at"].endswith("Z")
    url = f"{BASE}/{profile['id']}"
    assert client.get(BASE, headers=headers).json() == [profile]
    assert client.get(url, headers=headers).json() == profile

    changed = client.patch(url, json={"tone": "playful", "sentence_length": None}, headers=headers)
    assert changed.status_code == 200, changed.text
    assert (changed.json()["tone"], changed.json()["sentence_length"]) == ("playful", None)
    assert changed.json()["banned_words"] == ["cheap", "synergy"]  # not sent: untouched

    again = client.post(BASE, json={"name": "Bakery"}, headers=headers)
    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"
    other = client.post(BASE, json={"name": "Florist"}, headers=headers).json()
    clash = client.patch(f"{BASE}/{other['id']}", json={"name": "Bakery"}, headers=headers)
    assert clash.status_code == 409

    viewer = key_headers(instance, make_member(Role.VIEWER, tenant_id=editor.tenant_id))
    assert [p["name"] for p in client.get(BASE, headers=viewer).json()] == ["Bakery", "Florist"]
    assert client.get(url, headers=viewer).json()["tone"] == "playful"
    for refused in (
        client.post(BASE, json={"name": "Mine"}, headers=viewer),
        client.patch(url, json={"tone": "x"}, headers=viewer),
        client.delete(url, headers=viewer),
    ):
        assert refused.status_code == 403
        assert "needs the editor role" in refused.json()["detail"]
    assert client.get(BASE).status_code == 401

    assert client.delete(url, headers=headers).status_code == 204
    assert client.get(url, headers=headers).status_code == 404
    assert client.delete(url, headers=headers).status_code == 404


def test_invalid_input_and_other_tenants_ids_are_refused(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    alice, bob = make_member(Role.OWNER), make_member(Role.OWNER)
    alice_headers, bob_headers = key_headers(instance, alice), key_headers(instance, bob)
    for body, field in (
        ({"name": ""}, "body.name"),
        ({"name": "  Bakery"}, "body.name"),
        ({"name": "a\nb"}, "body.name"),
        ({"name": "x" * 101}, "body.name"),
        ({"name": "ok", "tone": "nul\x00"}, "body.tone"),
        ({"name": "ok", "banned_words": [""]}, "body.banned_words.0"),
        ({"name": "ok", "banned_words": ["w"] * 201}, "body.banned_words"),
        ({"name": "ok", "colour": "red"}, "body.colour"),
    ):
        response = client.post(BASE, json=body, headers=alice_headers)
        assert response.status_code == 422, body
        assert response.json()["errors"][0]["field"] == field
    garbage = client.get(f"{BASE}/not-a-uuid", headers=alice_headers)
    assert garbage.status_code == 422
    assert garbage.json()["errors"][0]["field"] == "path.profile_id"

    bobs = client.post(BASE, json=BAKERY, headers=bob_headers).json()
    for url in (f"{BASE}/{bobs['id']}", f"{BASE}/{uuid.uuid4()}"):
        assert client.get(url, headers=alice_headers).status_code == 404
        assert client.patch(url, json={"tone": "hacked"}, headers=alice_headers).status_code == 404
        assert client.delete(url, headers=alice_headers).status_code == 404
    assert client.get(BASE, headers=alice_headers).json() == []
    # The name is free in another workspace, and Bob's profile is untouched.
    assert client.post(BASE, json=BAKERY, headers=alice_headers).status_code == 201
    assert client.get(f"{BASE}/{bobs['id']}", headers=bob_headers).json() == bobs
