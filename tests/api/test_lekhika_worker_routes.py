"""The Lekhika-compatible worker routes: API keys only.

execute, status, stop, resume, regenerate, logs.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from presswright import __version__
from presswright.api import create_app
from presswright.bootstrap import Instance
from presswright.flows.runtime import Runtime
from presswright.store.api_keys import create_api_key
from presswright.store.models import NodeRun, Role
from tests.api.conftest import MakeMember, Member, bearer, login

API = "/api/v1"
GREETING: dict[str, Any] = {
    "name": "greeting",
    "inputs": {"who": {"type": "string", "minLength": 2}},
    "nodes": [
        {"id": "hello", "type": "template", "config": {"template": "Hello {{ inputs.who }}"}},
        {"id": "shout", "type": "template", "config": {"template": "{{ hello | upper }}"}},
    ],
    "edges": [{"from": "hello", "to": "shout"}],
}
# Pauses at the review until someone decides: something to stop, resume and count.
REVIEWED: dict[str, Any] = {
    "name": "reviewed",
    "nodes": [
        {"id": "draft", "type": "template", "config": {"template": "a draft"}},
        {"id": "review", "type": "human_review", "config": {"message": "ok?"}},
    ],
    "edges": [{"from": "draft", "to": "review"}],
}


def key_headers(instance: Instance, member: Member) -> dict[str, str]:
    """An API key of ``member``, made in the store (no password hashing: tests stay fast)."""
    with instance.database.tenant_session(member.tenant_id) as session:
        _, raw = create_api_key(session, user_id=member.user_id, name="test", expires_at=None)
    return {"X-API-Key": raw}


@pytest.fixture
def owner(instance: Instance, make_member: MakeMember) -> dict[str, str]:
    """API key headers of a new workspace's owner."""
    return key_headers(instance, make_member(Role.OWNER))


def settled(client: TestClient, execution_id: str, key: dict[str, str]) -> dict[str, Any]:
    """The status document once the execution has ended or paused, polled for up to 10 s."""
    deadline = time.monotonic() + 10
    while True:
        status = client.get(f"{API}/status/{execution_id}", headers=key)
        assert status.status_code == 200, status.text
        if status.json()["status"] in ("completed", "failed", "cancelled", "paused"):
            return status.json()  # type: ignore[no-any-return]
        assert time.monotonic() < deadline, status.json()
        time.sleep(0.05)


def runs(status: dict[str, Any]) -> dict[str, int]:
    return {node["id"]: node["runs"] for node in status["nodes"]}


def test_an_access_token_is_refused_with_a_hint(
    client: TestClient, instance: Instance, make_member: MakeMember
) -> None:
    member = make_member(Role.OWNER)
    token = bearer(login(client, member)["access_token"])
    some_id = uuid.uuid4()
    for method, path, body in (
        ("POST", "/execute", {"spec": GREETING, "inputs": {"who": "Ada"}}),
        ("GET", "/status", None),
        ("GET", f"/status/{some_id}", None),
        ("POST", f"/stop/{some_id}", None),
        ("POST", "/resume", {"execution_id": str(some_id)}),
        ("POST", "/regenerate", {"execution_id": str(some_id), "node_id": "hello"}),
        ("GET", "/logs", None),
    ):
        refused = client.request(method, API + path, json=body, headers=token)
        assert refused.status_code == 403, (path, refused.text)
        assert "take an API key" in refused.json()["detail"]
    key = key_headers(instance, member)
    assert client.get(f"{API}/status", headers=key).status_code == 200
    assert client.get(f"{API}/status").status_code == 401
    # A viewer's key reads, but does not run anything.
    viewer = key_headers(instance, make_member(Role.VIEWER, member.tenant_id))
    assert client.get(f"{API}/logs", headers=viewer).status_code == 200
    execute = client.post(f"{API}/execute", json={"spec": GREETING}, headers=viewer)
    assert execute.status_code == 403 and "editor" in execute.json()["detail"]


def test_execute_an_inline_spec_or_a_saved_flow_version(
    served: TestClient, owner: dict[str, str]
) -> None:
    started = served.post(
        f"{API}/execute", json={"spec": GREETING, "inputs": {"who": "Ada"}}, headers=owner
    )
    assert started.status_code == 202, started.text
    assert set(started.json()) == {"execution_id", "status"}
    done = settled(served, started.json()["execution_id"], owner)
    assert (done["status"], done["outputs"]) == ("completed", {"shout": "HELLO ADA"})

    flow = served.post(
        f"{API}/flows", json={"name": "greeting", "spec": GREETING}, headers=owner
    ).json()
    changed = {**GREETING, "nodes": [{**GREETING["nodes"][0]}, GREETING["nodes"][1]]}
    changed["nodes"][0]["config"] = {"template": "Bye {{ inputs.who }}"}
    served.post(f"{API}/flows/{flow['id']}/versions", json={"spec": changed}, headers=owner)
    for what, expected in (
        ({"flow_name": "greeting", "version": 1}, "HELLO BO"),
        ({"flow_id": flow["id"]}, "BYE BO"),
    ):
        started = served.post(
            f"{API}/execute", json={**what, "inputs": {"who": "Bo"}}, headers=owner
        )
        assert started.status_code == 202, started.text
        assert settled(served, started.json()["execution_id"], owner)["outputs"] == {
            "shout": expected
        }

    for wrong in (
        {"inputs": {}},
        {"flow_name": "greeting", "spec": GREETING},
        {"spec": GREETING, "version": 1},
    ):
        refused = served.post(f"{API}/execute", json=wrong, headers=owner)
        assert refused.status_code == 422, wrong
        assert "exactly one" in refused.text or "version" in refused.text
    unknown = served.post(f"{API}/execute", json={"flow_name": "nope"}, headers=owner)
    assert unknown.status_code == 404
    bad_input = served.post(
        f"{API}/execute", json={"flow_name": "greeting", "inputs": {"who": "A"}}, headers=owner
    )
    assert bad_input.status_code == 422
    assert [e["field"] for e in bad_input.json()["errors"]] == ["input 'who'"]


def test_stop_resume_regenerate_and_the_worker_state(
    served: TestClient, runtime: Runtime, owner: dict[str, str]
) -> None:
    execution_id = served.post(f"{API}/execute", json={"spec": REVIEWED}, headers=owner).json()[
        "execution_id"
    ]
    assert settled(served, execution_id, owner)["status"] == "paused"
    state = served.get(f"{API}/status", headers=owner).json()
    assert state["executor_id"] == runtime.executor_id
    assert (state["runtime_running"], state["version"]) == (True, __version__)
    assert state["executions"] == {"queued": 0, "running": 0, "paused": 1}
    assert state["uptime_seconds"] > 0

    assert (
        served.post(f"{API}/resume", json={"execution_id": execution_id}, headers=owner).status_code
        == 409
    )
    stopped = served.post(f"{API}/stop/{execution_id}", headers=owner)
    assert stopped.status_code == 200 and stopped.json()["status"] == "cancelled"
    again = served.post(f"{API}/stop/{execution_id}", headers=owner)
    assert again.status_code == 409 and "already cancelled" in again.json()["detail"]

    resumed = served.post(
        f"{API}/resume", json={"execution_id": execution_id, "token_cap": 1000}, headers=owner
    )
    assert resumed.status_code == 202, resumed.text
    assert resumed.json()["generation"] == 1
    back = settled(served, execution_id, owner)
    # Paused at the review again; the finished draft was reused, not run again.
    assert (back["status"], runs(back)) == ("paused", {"draft": 1, "review": 2})

    served.post(f"{API}/stop/{execution_id}", headers=owner)
    regenerated = served.post(
        f"{API}/regenerate",
        json={"execution_id": execution_id, "node_id": "draft", "overrides": {"template": "v2"}},
        headers=owner,
    )
    assert regenerated.status_code == 202, regenerated.text
    assert runs(settled(served, execution_id, owner))["draft"] == 2
    unknown = served.post(
        f"{API}/regenerate", json={"execution_id": execution_id, "node_id": "ghost"}, headers=owner
    )
    assert unknown.status_code == 400 and "ghost" in unknown.json()["detail"]
    assert served.post(f"{API}/stop/{uuid.uuid4()}", headers=owner).status_code == 404


def test_logs_are_the_newest_events_of_this_workspace_without_secrets(
    served: TestClient, instance: Instance, make_member: MakeMember
) -> None:
    member = make_member(Role.OWNER)
    owner = key_headers(instance, member)
    execution_id = served.post(
        f"{API}/execute", json={"spec": GREETING, "inputs": {"who": "Ada"}}, headers=owner
    ).json()["execution_id"]
    settled(served, execution_id, owner)
    answer = served.get(f"{API}/logs", headers=owner).json()
    assert answer["success"] is True and answer["count"] == len(answer["logs"]) == 3
    logs = answer["logs"]
    assert [(e["node_id"], e["status"]) for e in logs] == [
        (None, "completed"),
        ("shout", "completed"),
        ("hello", "completed"),
    ]
    assert logs[1]["attempt"] == 1 and logs[1]["latency_ms"] >= 0
    assert {e["execution_id"] for e in logs} == {execution_id}
    assert served.get(f"{API}/logs", params={"limit": 2}, headers=owner).json()["logs"] == logs[:2]
    for limit in (0, 501):
        assert served.get(f"{API}/logs", params={"limit": limit}, headers=owner).status_code == 422

    # An error that quotes a secret is masked; nothing else of the run (outputs) is shown.
    with instance.database.tenant_session(member.tenant_id) as session:
        session.add(
            NodeRun(
                execution_id=execution_id,
                node_id="hello",
                generation=0,
                attempt=2,
                status="failed",
                input_hash="x",
                error="rejected key pw_abcdefghijklmnop and password=hunter2",
            )
        )
    text = served.get(f"{API}/logs", headers=owner).text
    assert "pw_abcdefghijklmnop" not in text and "hunter2" not in text
    assert "rejected key ***" in text and "HELLO ADA" not in text

    stranger = key_headers(instance, make_member(Role.OWNER))
    assert served.get(f"{API}/logs", headers=stranger).json()["logs"] == []


def test_another_workspace_gets_404_and_nothing_runs_here_without_a_runtime(
    client: TestClient, instance: Instance, owner: dict[str, str], make_member: MakeMember
) -> None:
    flow = client.post(f"{API}/flows", json={"name": "greeting", "spec": GREETING}, headers=owner)
    started = client.post(
        f"{API}/execute", json={"flow_name": "greeting", "inputs": {"who": "Ada"}}, headers=owner
    )
    assert started.status_code == 202 and started.json()["status"] == "queued"
    execution_id = started.json()["execution_id"]
    state = client.get(f"{API}/status", headers=owner).json()
    assert (state["executor_id"], state["runtime_running"]) == (None, False)
    assert state["executions"]["queued"] == 1

    stranger = key_headers(instance, make_member(Role.OWNER))
    for method, path, body in (
        ("GET", f"/status/{execution_id}", None),
        ("POST", f"/stop/{execution_id}", None),
        ("POST", "/resume", {"execution_id": execution_id}),
        ("POST", "/regenerate", {"execution_id": execution_id, "node_id": "hello"}),
        ("POST", "/execute", {"flow_id": flow.json()["id"], "inputs": {"who": "Ada"}}),
        ("POST", "/execute", {"flow_name": "greeting", "inputs": {"who": "Ada"}}),
    ):
        response = client.request(method, API + path, json=body, headers=stranger)
        assert response.status_code == 404, (path, response.text)
    assert client.get(f"{API}/status", headers=stranger).json()["executions"]["queued"] == 0
    # Still the owner's, still queued: the stranger changed nothing.
    assert client.get(f"{API}/status/{execution_id}", headers=owner).json()["status"] == "queued"
    assert client.post(f"{API}/stop/{execution_id}", headers=owner).json()["status"] == "cancelled"


def test_uptime_counts_from_when_the_app_was_made(
    instance: Instance, owner: dict[str, str]
) -> None:
    before = time.monotonic()  # long after this module (and the API) were imported
    with TestClient(create_app(instance)) as client:
        time.sleep(0.05)
        uptime = client.get(f"{API}/status", headers=owner).json()["uptime_seconds"]
    assert 0.05 <= uptime <= time.monotonic() - before
