"""Pattern templates over the API: CRUD, checks before storing, roles and tenant walls."""

from __future__ import annotations

import copy
import uuid
from typing import Any

from fastapi.testclient import TestClient

from presswright.store.models import Role
from tests.api.conftest import MakeMember, bearer, login
from tests.store.test_pattern_templates import PRICES, hero_spec

TEMPLATES = "/api/v1/templates"


def headers_of(client: TestClient, make_member: MakeMember, role: Role, **kw: Any) -> Any:
    """A member with ``role`` (in ``tenant_id`` if given) and their auth headers."""
    member = make_member(role, **kw)
    return member, bearer(login(client, member)["access_token"])


def test_create_list_get_replace_delete(client: TestClient, make_member: MakeMember) -> None:
    _, editor = headers_of(client, make_member, Role.EDITOR)
    created = client.post(TEMPLATES, json={"name": "hero", "spec": hero_spec()}, headers=editor)
    assert created.status_code == 201, created.text
    hero = created.json()
    assert hero["category"] == "featured"  # the spec's own
    assert hero["spec"] == hero_spec()
    prices = client.post(
        TEMPLATES, json={"name": "prices", "category": "tables", "spec": PRICES}, headers=editor
    ).json()
    assert prices["category"] == "tables"

    listed = client.get(TEMPLATES, headers=editor).json()
    assert [t["name"] for t in listed["items"]] == ["hero", "prices"]
    assert (listed["total"], listed["next_offset"]) == (2, None)
    page = client.get(TEMPLATES, params={"limit": 1}, headers=editor).json()
    assert [t["name"] for t in page["items"]] == ["hero"] and page["next_offset"] == 1
    page = client.get(TEMPLATES, params={"limit": 1, "offset": 1}, headers=editor).json()
    assert [t["name"] for t in page["items"]] == ["prices"] and page["next_offset"] is None
    tables = client.get(TEMPLATES, params={"category": "tables"}, headers=editor).json()
    assert [t["id"] for t in tables["items"]] == [prices["id"]] and tables["total"] == 1

    assert client.get(f"{TEMPLATES}/{hero['id']}", headers=editor).json() == hero
    replaced = client.put(
        f"{TEMPLATES}/{hero['id']}",
        json={"spec": hero_spec("Warm bread at seven"), "category": "banner"},
        headers=editor,
    )
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["spec"] == hero_spec("Warm bread at seven")
    assert (replaced.json()["name"], replaced.json()["category"]) == ("hero", "banner")
    assert client.get(f"{TEMPLATES}/{hero['id']}", headers=editor).json() == replaced.json()
    # Without a category the new spec's own applies.
    again = client.put(f"{TEMPLATES}/{hero['id']}", json={"spec": PRICES}, headers=editor)
    assert again.json()["category"] == "text"

    assert client.delete(f"{TEMPLATES}/{hero['id']}", headers=editor).status_code == 204
    gone = client.get(f"{TEMPLATES}/{hero['id']}", headers=editor)
    assert gone.status_code == 404 and gone.headers["content-type"] == "application/problem+json"
    assert client.get(TEMPLATES, headers=editor).json()["total"] == 1


def test_duplicate_names_conflict(client: TestClient, make_member: MakeMember) -> None:
    _, editor = headers_of(client, make_member, Role.EDITOR)
    body = {"name": "hero", "spec": hero_spec()}
    assert client.post(TEMPLATES, json=body, headers=editor).status_code == 201
    taken = client.post(TEMPLATES, json={**body, "spec": PRICES}, headers=editor)
    assert taken.status_code == 409
    assert "'hero' exists" in taken.json()["detail"]
    assert client.get(TEMPLATES, headers=editor).json()["total"] == 1


def test_specs_that_fail_their_checks_are_refused_by_path(
    client: TestClient, make_member: MakeMember
) -> None:
    _, editor = headers_of(client, make_member, Role.EDITOR)
    loose = hero_spec()
    loose["blocks"][0]["inner"].append({"type": "button", "text": "Go", "url": "javascript:x"})
    refused = client.post(TEMPLATES, json={"name": "loose", "spec": loose}, headers=editor)
    assert refused.status_code == 422
    detail = refused.json()["detail"]
    message = refused.json()["errors"][0]["message"]
    assert "blocks[0].inner[2]: a button block must sit directly inside buttons" in message
    assert "blocks[0].inner[2].url" in message and "body" in detail
    # Shape errors are named by their path in the body.
    unknown = copy.deepcopy(PRICES)
    unknown["blocks"][0]["colour"] = "red"
    shaped = client.post(TEMPLATES, json={"name": "x", "spec": unknown}, headers=editor)
    assert shaped.status_code == 422
    assert shaped.json()["errors"][0]["field"] == "body.spec.blocks.0.colour"
    # Text columns refuse control characters, on every backend.
    for body in (
        {"name": "nul\x00", "spec": PRICES},
        {"name": "x", "spec": {**PRICES, "category": "tab\x00les"}},
        {"name": "x", "spec": PRICES, "category": "\x1f"},
    ):
        assert client.post(TEMPLATES, json=body, headers=editor).status_code == 422, body
    hero = client.post(TEMPLATES, json={"name": "hero", "spec": hero_spec()}, headers=editor)
    replaced = client.put(f"{TEMPLATES}/{hero.json()['id']}", json={"spec": loose}, headers=editor)
    assert replaced.status_code == 422
    assert client.get(f"{TEMPLATES}/{hero.json()['id']}", headers=editor).json() == hero.json()
    assert client.get(TEMPLATES, headers=editor).json()["total"] == 1
    bad_query = client.get(TEMPLATES, params={"limit": 0, "category": ""}, headers=editor)
    assert {e["field"] for e in bad_query.json()["errors"]} == {"query.limit", "query.category"}


def test_ids_are_uuids_and_unknown_ones_are_not_found(
    client: TestClient, make_member: MakeMember
) -> None:
    _, editor = headers_of(client, make_member, Role.EDITOR)
    garbage = client.get(f"{TEMPLATES}/not-a-uuid", headers=editor)
    assert garbage.status_code == 422
    assert garbage.json()["errors"][0]["field"] == "path.template_id"
    missing = f"{TEMPLATES}/{uuid.uuid4()}"
    assert client.get(missing, headers=editor).status_code == 404
    assert client.put(missing, json={"spec": PRICES}, headers=editor).status_code == 404
    assert client.delete(missing, headers=editor).status_code == 404


def test_viewers_read_and_editors_write(client: TestClient, make_member: MakeMember) -> None:
    editor_member, editor = headers_of(client, make_member, Role.EDITOR)
    _, viewer = headers_of(client, make_member, Role.VIEWER, tenant_id=editor_member.tenant_id)
    hero = client.post(TEMPLATES, json={"name": "hero", "spec": hero_spec()}, headers=editor)
    url = f"{TEMPLATES}/{hero.json()['id']}"
    assert client.get(TEMPLATES, headers=viewer).json()["total"] == 1
    assert client.get(url, headers=viewer).status_code == 200
    writes = (
        client.post(TEMPLATES, json={"name": "mine", "spec": PRICES}, headers=viewer),
        client.put(url, json={"spec": PRICES}, headers=viewer),
        client.delete(url, headers=viewer),
    )
    assert [response.status_code for response in writes] == [403, 403, 403]
    assert client.get(url, headers=viewer).json() == hero.json()
    assert client.get(TEMPLATES).status_code == 401


def test_other_tenants_templates_are_not_found(client: TestClient, make_member: MakeMember) -> None:
    _, theirs = headers_of(client, make_member, Role.OWNER)
    _, mine = headers_of(client, make_member, Role.OWNER)
    secret = client.post(TEMPLATES, json={"name": "hero", "spec": hero_spec()}, headers=theirs)
    url = f"{TEMPLATES}/{secret.json()['id']}"
    assert client.get(url, headers=mine).status_code == 404
    assert client.put(url, json={"spec": PRICES}, headers=mine).status_code == 404
    assert client.delete(url, headers=mine).status_code == 404
    assert client.get(TEMPLATES, headers=mine).json() == {
        "items": [],
        "total": 0,
        "limit": 50,
        "offset": 0,
        "next_offset": None,
    }
    # The same name is free in another workspace, and theirs is untouched.
    assert (
        client.post(TEMPLATES, json={"name": "hero", "spec": PRICES}, headers=mine).status_code
        == 201
    )
    assert client.get(url, headers=theirs).json() == secret.json()
