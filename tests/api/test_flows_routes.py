"""Saved flows over the API: CRUD, append-only versions, runs of a version, master templates."""

from __future__ import annotations

import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from presswright.bootstrap import Instance
from presswright.store.api_keys import create_api_key
from presswright.store.models import Role
from tests.api.conftest import MakeMember, Member, bearer, login

FLOWS = "/api/v1/flows"


def greeting(template: str = "Hello {{ inputs.who }}") -> dict[str, Any]:
    """A one-node template flow: runs in milliseconds, no model involved."""
    return {
        "name": "whatever",
        "inputs": {"who": {"type": "string", "minLength": 2}},
        "nodes": [{"id": "hello", "type": "template", "config": {"template": template}}],
    }


def key_headers(instance: Instance, member: Member) -> dict[str, str]:
    """An API key of ``member``, made in the store (no password hashing: tests stay fast)."""
    with instance.database.tenant_session(member.tenant_id) as session:
        _, raw = create_api_key(session, user_id=member.user_id, name="test", expires_at=None)
    return {"X-API-Key": raw}


@pytest.fixture
def owner(instance: Instance, make_member: MakeMember) -> dict[str, str]:
    """Headers of a new workspace's owner."""
    return key_headers(instance, make_member(Role.OWNER))


def test_create_read_list_rename_and_delete(client: TestClient, owner: dict[str, str]) -> None:
    headers = owner
    created = client.post(
        FLOWS, json={"name": "greeting", "description": "hi", "spec": greeting()}, headers=headers
    )
    assert created.status_code == 201, created.text
    flow = created.json()
    assert (flow["name"], flow["latest_version"]) == ("greeting", 1)
    assert (flow["spec"]["name"], flow["spec"]["version"]) == ("greeting", 1)
    for other in ("newsletter", "news digest"):
        client.post(FLOWS, json={"name": other, "spec": greeting()}, headers=headers)

    fetched = client.get(f"{FLOWS}/{flow['id']}", headers=headers)
    assert fetched.status_code == 200 and fetched.json() == flow
    page = client.get(FLOWS, params={"limit": 2}, headers=headers).json()
    assert [f["name"] for f in page["items"]] == ["greeting", "news digest"]
    assert (page["total"], page["next_offset"]) == (3, 2)
    last = client.get(FLOWS, params={"limit": 2, "offset": 2}, headers=headers).json()
    assert ([f["name"] for f in last["items"]], last["next_offset"]) == (["newsletter"], None)
    found = client.get(FLOWS, params={"q": "NEWS"}, headers=headers).json()
    assert [f["name"] for f in found["items"]] == ["news digest", "newsletter"]

    renamed = client.patch(
        f"{FLOWS}/{flow['id']}", json={"name": "welcome", "description": None}, headers=headers
    )
    assert renamed.status_code == 200
    assert (renamed.json()["name"], renamed.json()["description"]) == ("welcome", None)
    assert client.get(f"{FLOWS}/{flow['id']}", headers=headers).json()["spec"]["name"] == "welcome"
    taken = client.patch(f"{FLOWS}/{flow['id']}", json={"name": "newsletter"}, headers=headers)
    assert taken.status_code == 409

    assert client.delete(f"{FLOWS}/{flow['id']}", headers=headers).status_code == 204
    for method in ("get", "delete"):
        gone = getattr(client, method)(f"{FLOWS}/{flow['id']}", headers=headers)
        assert gone.status_code == 404
        assert gone.headers["content-type"] == "application/problem+json"


def test_conflicts_and_invalid_specs(client: TestClient, owner: dict[str, str]) -> None:
    headers = owner
    assert client.post(FLOWS, json={"name": "one", "spec": greeting()}, headers=headers).is_success
    again = client.post(FLOWS, json={"name": "one", "spec": greeting()}, headers=headers)
    assert again.status_code == 409
    assert "one" in again.json()["detail"]

    broken = {
        "name": "x",
        "nodes": [
            {"id": "a", "type": "no_such_type"},
            {"id": "b", "type": "template", "config": {"template": "{{ a }}"}},
        ],
        "edges": [{"from": "b", "to": "ghost"}],
    }
    refused = client.post(FLOWS, json={"name": "broken", "spec": broken}, headers=headers)
    assert refused.status_code == 422
    fields = sorted(error["field"] for error in refused.json()["errors"])
    assert fields == ["edge b->ghost", "node 'a'", "node 'b'"]
    # Shape errors are field errors of the body, one per problem.
    shapeless = client.post(
        FLOWS,
        json={"name": "s", "spec": {"name": "s", "nodes": [{"id": "Bad Id"}]}},
        headers=headers,
    )
    assert shapeless.status_code == 422
    assert {e["field"] for e in shapeless.json()["errors"]} == {
        "body.spec.nodes.0.id",
        "body.spec.nodes.0.type",
    }
    for body in ({"name": " ", "spec": greeting()}, {"name": "x", "spec": greeting(), "extra": 1}):
        assert client.post(FLOWS, json=body, headers=headers).status_code == 422
    assert client.get(f"{FLOWS}/not-a-uuid", headers=headers).status_code == 422
    assert client.get(FLOWS, params={"limit": 0}, headers=headers).status_code == 422


def test_versions_append_and_old_ones_keep_their_spec(
    client: TestClient, owner: dict[str, str]
) -> None:
    headers = owner
    flow = client.post(FLOWS, json={"name": "greeting", "spec": greeting()}, headers=headers).json()
    versions = f"{FLOWS}/{flow['id']}/versions"
    added = client.post(
        versions, json={"spec": greeting("Hi {{ inputs.who }}"), "note": "shorter"}, headers=headers
    )
    assert added.status_code == 201, added.text
    assert (added.json()["version"], added.json()["note"]) == (2, "shorter")
    assert added.json()["spec"]["version"] == 2

    listed = client.get(versions, headers=headers).json()
    assert [(v["version"], v["note"]) for v in listed] == [(2, "shorter"), (1, None)]
    first = client.get(f"{versions}/1", headers=headers).json()
    assert first["spec"]["nodes"][0]["config"]["template"] == "Hello {{ inputs.who }}"
    latest = client.get(f"{FLOWS}/{flow['id']}", headers=headers).json()
    assert latest["latest_version"] == 2
    assert latest["spec"]["nodes"][0]["config"]["template"] == "Hi {{ inputs.who }}"

    assert client.get(f"{versions}/3", headers=headers).status_code == 404
    bad = client.post(versions, json={"spec": greeting("{{ nope }}")}, headers=headers)
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "node 'hello'"
    # Versions are never edited: there is no route that could.
    for method in ("put", "patch", "delete"):
        assert getattr(client, method)(f"{versions}/1", headers=headers).status_code == 405
    assert len(client.get(versions, headers=headers).json()) == 2


def test_roles(client: TestClient, instance: Instance, make_member: MakeMember) -> None:
    boss = make_member(Role.OWNER)
    owner_h = bearer(login(client, boss)["access_token"])  # access tokens work here too
    flow = client.post(FLOWS, json={"name": "greeting", "spec": greeting()}, headers=owner_h).json()
    viewer = key_headers(instance, make_member(Role.VIEWER, boss.tenant_id))
    editor = key_headers(instance, make_member(Role.EDITOR, boss.tenant_id))

    assert client.get(f"{FLOWS}/{flow['id']}", headers=viewer).status_code == 200
    assert client.get(f"{FLOWS}/templates", headers=viewer).status_code == 200
    for write in (
        lambda h: client.post(FLOWS, json={"name": "v", "spec": greeting()}, headers=h),
        lambda h: client.patch(f"{FLOWS}/{flow['id']}", json={"name": "v"}, headers=h),
        lambda h: client.post(
            f"{FLOWS}/{flow['id']}/versions", json={"spec": greeting()}, headers=h
        ),
        lambda h: client.post(f"{FLOWS}/templates/article/copy", headers=h),
        lambda h: client.post(f"{FLOWS}/{flow['id']}/executions", json={}, headers=h),
    ):
        assert write(viewer).status_code == 403
    assert client.patch(f"{FLOWS}/{flow['id']}", json={"name": "e"}, headers=editor).is_success
    # Deleting takes an admin.
    assert client.delete(f"{FLOWS}/{flow['id']}", headers=editor).status_code == 403
    assert client.delete(f"{FLOWS}/{flow['id']}", headers=owner_h).status_code == 204


def test_master_templates_are_listed_copied_and_never_modified(
    client: TestClient, owner: dict[str, str]
) -> None:
    headers = owner
    listed = client.get(f"{FLOWS}/templates", headers=headers)
    assert listed.status_code == 200
    assert [t["name"] for t in listed.json()] == ["article", "book", "pattern", "product", "site"]
    article = client.get(f"{FLOWS}/templates/article", headers=headers).json()
    assert "topic" in article["inputs"]["required"]
    assert article["spec"]["nodes"][0]["id"] == "brief"
    assert client.get(f"{FLOWS}/templates/novel", headers=headers).status_code == 404
    assert client.get(f"{FLOWS}/templates/..%2Fservice", headers=headers).status_code in (404, 422)

    copied = client.post(f"{FLOWS}/templates/article/copy", headers=headers)
    assert copied.status_code == 201, copied.text
    assert (copied.json()["name"], copied.json()["spec"]["nodes"]) == (
        "article",
        article["spec"]["nodes"],
    )
    named = client.post(
        f"{FLOWS}/templates/product/copy", json={"name": "shop copy"}, headers=headers
    )
    assert named.status_code == 201 and named.json()["name"] == "shop copy"
    assert client.post(f"{FLOWS}/templates/article/copy", headers=headers).status_code == 409

    # The copy is the tenant's to change; the template stays as shipped.
    changed = client.post(
        f"{FLOWS}/{copied.json()['id']}/versions", json={"spec": greeting()}, headers=headers
    )
    assert changed.status_code == 201
    for method in ("PUT", "PATCH", "DELETE"):
        for path in (f"{FLOWS}/templates/article", f"{FLOWS}/templates/article/copy"):
            refused = client.request(method, path, headers=headers, json={"spec": greeting()})
            assert refused.status_code == 405, (method, path, refused.text)
            assert refused.headers["content-type"] == "application/problem+json"
        # The collection is no flow either: "templates" is not a flow id (nor a PUT route).
        collection = client.request(method, f"{FLOWS}/templates", headers=headers)
        assert collection.status_code == (405 if method == "PUT" else 422)
    assert client.get(f"{FLOWS}/templates/article", headers=headers).json() == article


def test_a_run_of_version_one_keeps_its_snapshot(served: TestClient, owner: dict[str, str]) -> None:
    headers = owner
    flow = served.post(FLOWS, json={"name": "greeting", "spec": greeting()}, headers=headers).json()
    run = f"{FLOWS}/{flow['id']}/executions"
    served.post(
        f"{FLOWS}/{flow['id']}/versions",
        json={"spec": greeting("Hi {{ inputs.who }}")},
        headers=headers,
    )

    first = served.post(
        run, json={"inputs": {"who": "Ada"}, "version": 1, "wait": 10}, headers=headers
    )
    assert first.status_code == 200, first.text
    assert (first.json()["status"], first.json()["outputs"]) == (
        "completed",
        {"hello": "Hello Ada"},
    )
    latest = served.post(run, json={"inputs": {"who": "Ada"}, "wait": 10}, headers=headers)
    assert latest.json()["outputs"] == {"hello": "Hi Ada"}

    # A third version does not touch the run of version 1: regenerated, it runs its snapshot.
    served.post(
        f"{FLOWS}/{flow['id']}/versions",
        json={"spec": greeting("Yo {{ inputs.who }}")},
        headers=headers,
    )
    execution_id = first.json()["execution_id"]
    regenerated = served.post(
        "/api/v1/regenerate", json={"execution_id": execution_id, "node_id": "hello"}, headers=owner
    )
    assert regenerated.status_code == 202, regenerated.text
    again = settled(served, execution_id, owner)
    assert (again["generation"], again["nodes"][0]["runs"]) == (1, 2)
    assert again["outputs"] == {"hello": "Hello Ada"}

    invalid = served.post(run, json={"inputs": {"who": "A", "age": 3}}, headers=headers)
    assert invalid.status_code == 422
    assert [e["field"] for e in invalid.json()["errors"]] == ["input 'age'", "input 'who'"]
    assert served.post(run, json={"version": 9, "inputs": {}}, headers=headers).status_code == 404


def settled(client: TestClient, execution_id: str, key: dict[str, str]) -> dict[str, Any]:
    """The status document once the execution has ended (or paused), polled for up to 10 s."""
    deadline = time.monotonic() + 10
    while True:
        status = client.get(f"/api/v1/status/{execution_id}", headers=key).json()
        if status["status"] in ("completed", "failed", "cancelled", "paused"):
            return status  # type: ignore[no-any-return]
        assert time.monotonic() < deadline, status
        time.sleep(0.05)


def test_without_a_runtime_runs_queue_and_other_workspaces_get_404(
    client: TestClient, instance: Instance, owner: dict[str, str], make_member: MakeMember
) -> None:
    headers_a = owner
    flow = client.post(FLOWS, json={"name": "mine", "spec": greeting()}, headers=headers_a).json()
    base = f"{FLOWS}/{flow['id']}"
    # No runtime in this process: the run is queued for a worker, and answered 202 at once.
    accepted = client.post(f"{base}/executions", json={"inputs": {"who": "Ada"}}, headers=headers_a)
    assert accepted.status_code == 202, accepted.text
    assert (accepted.json()["status"], accepted.json()["flow"]) == ("queued", "mine")
    location = f"/api/v1/executions/{accepted.json()['execution_id']}"
    assert accepted.headers["location"] == location

    headers_b = key_headers(instance, make_member(Role.OWNER))
    for method, path, body in (
        ("GET", base, None),
        ("PATCH", base, {"name": "theirs"}),
        ("DELETE", base, None),
        ("GET", f"{base}/versions", None),
        ("POST", f"{base}/versions", {"spec": greeting()}),
        ("GET", f"{base}/versions/1", None),
        ("POST", f"{base}/executions", {"inputs": {"who": "Bo"}}),
    ):
        response = client.request(method, path, json=body, headers=headers_b)
        assert response.status_code == 404, (method, path, response.text)
    assert client.get(FLOWS, headers=headers_b).json()["total"] == 0
    mine = client.get(base, headers=headers_a).json()
    assert (mine["name"], mine["latest_version"]) == ("mine", 1)
