"""Executions over the API: start, list, status, live events, stop/resume/regenerate, reviews.

Runs use ``template`` and ``human_review`` nodes (no model), and the engine tests' ``sleep``
node where a run must last long enough to be watched. ``served`` is the app with an
in-process runtime (runs really execute); ``client`` only enqueues them (nothing runs),
which is all the state, permission and tenant checks need. One test serves the app with
uvicorn, because only a real connection shows keep-alives and a client going away.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from presswright.api import create_app
from presswright.bootstrap import Instance
from presswright.store.api_keys import create_api_key
from presswright.store.models import Role
from tests.api.conftest import MakeMember, bearer, login
from tests.flows.engine_nodes import install, uninstall
from tests.loopback import served

EXECUTIONS = "/api/v1/executions"

CHAIN = {
    "name": "chain",
    "inputs": {"topic": {"type": "string", "minLength": 2}},
    "nodes": [
        {"id": "a", "type": "template", "config": {"template": "{{ inputs.topic }}"}},
        {"id": "b", "type": "template", "config": {"template": "{{ a }} is good"}},
        {"id": "c", "type": "template", "config": {"template": "{{ b | upper }}"}},
        {"id": "d", "type": "template", "config": {"template": "aside on {{ inputs.topic }}"}},
    ],
    "edges": [{"from": "a", "to": "b"}, {"from": "b", "to": "c"}],
}
REVIEWED = {
    "name": "reviewed",
    "inputs": {"topic": {"type": "string"}},
    "nodes": [
        {"id": "draft", "type": "template", "config": {"template": "draft on {{ inputs.topic }}"}},
        {"id": "check", "type": "human_review", "config": {"message": "Is it fine?"}},
        {"id": "final", "type": "template", "config": {"template": "{{ check }}!"}},
    ],
    "edges": [{"from": "draft", "to": "check"}, {"from": "check", "to": "final"}],
}
SLOW = {
    "name": "slow",
    "nodes": [
        {"id": "first", "type": "sleep", "config": {"seconds": 0.4, "value": "one"}},
        {"id": "second", "type": "sleep", "config": {"seconds": 0.4, "value": "two"}},
        {"id": "third", "type": "template", "config": {"template": "{{ second }}!"}},
    ],
    "edges": [{"from": "first", "to": "second"}, {"from": "second", "to": "third"}],
}


@pytest.fixture
def sleep_node() -> Iterator[None]:
    """The engine tests' ``sleep`` node type, for runs that take a moment."""
    install()
    yield
    uninstall()


@dataclass(frozen=True)
class Event:
    """One server-sent event as a client sees it."""

    id: int
    event: str
    data: dict[str, Any]


def parse_events(text: str) -> list[Event]:
    """The messages of a text/event-stream body (comments dropped)."""
    events = []
    for block in text.split("\n\n"):
        fields = dict(
            line.split(": ", 1) for line in block.splitlines() if line and not line.startswith(":")
        )
        if fields:
            events.append(Event(int(fields["id"]), fields["event"], json.loads(fields["data"])))
    return events


@dataclass(frozen=True)
class Caller:
    """A member of a tenant and the API key headers they call with."""

    tenant_id: uuid.UUID
    headers: dict[str, str]


MakeCaller = Callable[..., Caller]


@pytest.fixture
def make_caller(instance: Instance, make_member: MakeMember) -> MakeCaller:
    """A member with ``role`` calling with an API key (cheaper than a password login)."""

    def make(role: Role = Role.EDITOR, tenant_id: uuid.UUID | None = None) -> Caller:
        member = make_member(role, tenant_id)
        with instance.database.tenant_session(member.tenant_id) as session:
            _, raw = create_api_key(session, user_id=member.user_id, name="tests")
        return Caller(member.tenant_id, {"X-API-Key": raw})

    return make


def start(client: TestClient, headers: dict[str, str], spec: dict[str, Any], **body: Any) -> Any:
    body.setdefault("inputs", {"topic": "bread"})
    return client.post(EXECUTIONS, json={"spec": spec, **body}, headers=headers)


def follow(client: TestClient, headers: dict[str, str], execution_id: str) -> list[Event]:
    """The event stream of an execution, read until the server ends it (run over or paused)."""
    with client.stream("GET", f"{EXECUTIONS}/{execution_id}/events", headers=headers) as answer:
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("text/event-stream")
        events = parse_events(answer.read().decode())
    assert events[-1].event == "end"
    return events


def runs(status: dict[str, Any]) -> dict[str, int]:
    """How many times each node's work ran, from a status document."""
    return {node["id"]: node["runs"] for node in status["nodes"]}


@pytest.mark.usefixtures("sleep_node")
def test_a_run_finishes_within_wait_or_streams_its_progress(
    served: TestClient, make_member: MakeMember
) -> None:
    headers = bearer(login(served, make_member(Role.EDITOR))["access_token"])
    done = start(served, headers, CHAIN, wait=20)
    assert done.status_code == 200, done.text
    assert "location" not in done.headers
    body = done.json()
    assert (body["status"], body["progress"]) == ("completed", 100)
    assert body["outputs"] == {"c": "BREAD IS GOOD", "d": "aside on bread"}
    assert runs(body) == {"a": 1, "b": 1, "c": 1, "d": 1}
    assert served.get(f"{EXECUTIONS}/{body['execution_id']}", headers=headers).json() == body

    queued = start(served, headers, SLOW, inputs={})
    assert queued.status_code == 202
    execution_id = queued.json()["execution_id"]
    assert queued.headers["location"] == f"{EXECUTIONS}/{execution_id}"
    events = follow(served, headers, execution_id)
    progress = [event for event in events if event.event == "progress"]
    assert [event.id for event in events] == list(range(1, len(events) + 1))
    percents = [event.data["progress"] for event in progress]
    assert percents == sorted(percents) and percents[0] < 100 and percents[-1] == 100
    assert progress[-1].data["status"] == "completed"
    assert events[-1].data == progress[-1].data


def test_regenerate_reruns_only_the_node_and_its_descendants(
    served: TestClient, make_caller: MakeCaller
) -> None:
    headers = make_caller().headers
    execution_id = start(served, headers, CHAIN, wait=20).json()["execution_id"]
    url = f"{EXECUTIONS}/{execution_id}"

    again = served.post(
        f"{url}/regenerate",
        json={"node_id": "b", "overrides": {"template": "{{ a }} is great"}},
        headers=headers,
    )
    assert again.status_code == 202, again.text
    assert again.headers["location"] == url
    final = follow(served, headers, execution_id)[-1].data
    assert final["status"] == "completed"
    assert final["outputs"]["c"] == "BREAD IS GREAT"
    assert runs(final) == {"a": 1, "b": 2, "c": 2, "d": 1}

    unknown = served.post(f"{url}/regenerate", json={"node_id": "zz"}, headers=headers)
    assert unknown.status_code == 400 and "no node 'zz'" in unknown.json()["detail"]
    # One item of a map is named node[index]; "b" is no map, and a malformed id is a 422.
    item = served.post(f"{url}/regenerate", json={"node_id": "b[0]"}, headers=headers)
    assert item.status_code == 400 and "not a map" in item.json()["detail"], item.text
    for malformed in ("b[]", "b[-1]", "b[0][1]", "B"):
        answer = served.post(f"{url}/regenerate", json={"node_id": malformed}, headers=headers)
        assert answer.status_code == 422, (malformed, answer.text)
        assert answer.json()["errors"][0]["field"] == "body.node_id"
    broken = served.post(
        f"{url}/regenerate",
        json={"node_id": "b", "overrides": {"template": "{{ a "}},
        headers=headers,
    )
    assert broken.status_code == 422
    assert {problem["field"] for problem in broken.json()["errors"]} == {"node 'b'"}
    finished = served.post(f"{url}/resume", headers=headers)
    assert finished.status_code == 409
    assert finished.json()["type"].endswith(":conflict")
    assert "it is completed; regenerate a node" in finished.json()["detail"]
    assert served.post(f"{url}/stop", headers=headers).status_code == 409


def test_reviews_stop_and_resume(served: TestClient, make_caller: MakeCaller) -> None:
    headers = make_caller().headers
    paused = start(served, headers, REVIEWED, wait=20)
    assert paused.status_code == 202, paused.text
    assert paused.json()["status"] == "paused"
    url = f"{EXECUTIONS}/{paused.json()['execution_id']}"
    assert follow(served, headers, paused.json()["execution_id"])[-1].data["status"] == "paused"
    assert served.post(f"{url}/resume", headers=headers).status_code == 409
    assert (
        served.post(f"{url}/regenerate", json={"node_id": "draft"}, headers=headers).status_code
        == 409
    )

    stopped = served.post(f"{url}/stop", headers=headers)
    assert stopped.status_code == 200 and stopped.json()["status"] == "cancelled"
    again = served.post(f"{url}/stop", headers=headers)
    assert again.status_code == 409
    assert "already cancelled; resume or regenerate it" in again.json()["detail"]
    not_waiting = served.post(f"{url}/approve", headers=headers)
    assert not_waiting.status_code == 409
    assert "is cancelled, not waiting for a review" in not_waiting.json()["detail"]

    resumed = served.post(f"{url}/resume", json={"token_cap": 1000}, headers=headers)
    assert resumed.status_code == 202, resumed.text
    execution_id = paused.json()["execution_id"]
    assert follow(served, headers, execution_id)[-1].data["status"] == "paused"
    approved = served.post(
        f"{url}/approve", json={"edits": "edited", "comment": "ok"}, headers=headers
    )
    assert approved.status_code == 202 and approved.headers["location"] == url
    final = follow(served, headers, execution_id)[-1].data
    assert final["status"] == "completed" and final["outputs"] == {"final": "edited!"}
    # The draft was done before the stop: the resume reused it; the review was asked twice.
    assert runs(final) == {"draft": 1, "check": 2, "final": 1}

    rejected_id = start(served, headers, REVIEWED, wait=20).json()["execution_id"]
    rejected = served.post(
        f"{EXECUTIONS}/{rejected_id}/reject", json={"comment": "too short"}, headers=headers
    )
    assert rejected.status_code == 202
    final = follow(served, headers, rejected_id)[-1].data
    assert final["status"] == "failed" and "too short" in final["error"]


def test_invalid_specs_and_inputs_name_what_is_wrong(
    client: TestClient, make_caller: MakeCaller
) -> None:
    headers = make_caller().headers
    spec = {
        **CHAIN,
        "nodes": [*CHAIN["nodes"], {"id": "e", "type": "nope", "config": {}}],
        "edges": [*CHAIN["edges"], {"from": "c", "to": "ghost"}],
    }
    invalid = start(client, headers, spec)
    assert invalid.status_code == 422
    assert invalid.headers["content-type"] == "application/problem+json"
    problems = invalid.json()["errors"]
    assert len(problems) == 2
    assert (
        problems[0]["field"] == "node 'e'" and "unknown node type 'nope'" in problems[0]["message"]
    )
    assert "ghost" in problems[1]["field"] + problems[1]["message"]

    missing = start(client, headers, CHAIN, inputs={"topic": "x", "extra": 1})
    assert missing.status_code == 422
    assert [p["field"] for p in missing.json()["errors"]] == ["input 'extra'", "input 'topic'"]
    shape = start(client, headers, {**CHAIN, "nodes": [{"id": "Bad Id", "type": "template"}]})
    assert shape.status_code == 422
    assert shape.json()["errors"][0]["field"] == "body.spec.nodes.0.id"
    for spec, extra in (
        (CHAIN, {"wait": 61}),
        (CHAIN, {"token_cap": 0}),
        ({**CHAIN, "name": "a\x00b"}, {}),
        ({**CHAIN, "version": 2**31}, {}),
    ):
        assert start(client, headers, spec, **extra).status_code == 422, (spec, extra)


def test_listing_filters_and_pages(client: TestClient, make_caller: MakeCaller) -> None:
    headers = make_caller().headers
    ids = [start(client, headers, CHAIN).json()["execution_id"] for _ in range(3)]
    ids += [start(client, headers, {**CHAIN, "name": "other"}).json()["execution_id"]]
    assert client.post(f"{EXECUTIONS}/{ids[0]}/stop", headers=headers).status_code == 200

    first = client.get(EXECUTIONS, params={"limit": 3}, headers=headers).json()
    assert [item["execution_id"] for item in first["items"]] == ids[::-1][:3]
    assert (first["total"], first["next_offset"]) == (4, 3)
    last = client.get(EXECUTIONS, params={"limit": 3, "offset": 3}, headers=headers).json()
    assert [item["execution_id"] for item in last["items"]] == [ids[0]]
    assert last["next_offset"] is None

    def listed(**params: Any) -> list[str]:
        answer = client.get(EXECUTIONS, params=params, headers=headers)
        assert answer.status_code == 200, answer.text
        return [item["execution_id"] for item in answer.json()["items"]]

    assert listed(flow="other") == [ids[3]]
    assert listed(status="cancelled") == [ids[0]]
    assert listed(status="queued", flow="chain") == [ids[2], ids[1]]
    created = {item["execution_id"]: item["created_at"] for item in first["items"] + last["items"]}
    assert listed(created_after=created[ids[1]]) == [ids[3], ids[2], ids[1]]
    assert listed(created_before=created[ids[1]]) == [ids[0]]
    assert listed(created_after=created[ids[1]], created_before=created[ids[3]]) == ids[2:0:-1]
    assert listed(created_after="9999-12-31T23:59:59-23:59") == []
    for params in ({"status": "done"}, {"limit": 0}, {"limit": 201}, {"created_after": "12345"}):
        assert client.get(EXECUTIONS, params=params, headers=headers).status_code == 422, params


def test_viewers_read_but_cannot_act(client: TestClient, make_caller: MakeCaller) -> None:
    editor = make_caller(Role.EDITOR)
    headers = make_caller(Role.VIEWER, editor.tenant_id).headers
    execution_id = start(client, editor.headers, CHAIN).json()["execution_id"]
    url = f"{EXECUTIONS}/{execution_id}"
    for path, body in (
        (EXECUTIONS, {"spec": CHAIN, "inputs": {"topic": "bread"}}),
        (f"{url}/stop", None),
        (f"{url}/resume", None),
        (f"{url}/regenerate", {"node_id": "a"}),
        (f"{url}/approve", None),
        (f"{url}/reject", None),
    ):
        refused = client.post(path, json=body, headers=headers)
        assert refused.status_code == 403, path
        assert "you are viewer" in refused.json()["detail"]
    assert client.get(url, headers=headers).json()["status"] == "queued"
    assert client.get(EXECUTIONS, headers=headers).json()["total"] == 1
    client.post(f"{url}/stop", headers=editor.headers)
    assert [event.event for event in follow(client, headers, execution_id)] == ["progress", "end"]


def test_another_workspace_gets_404_on_every_id_route(
    client: TestClient, make_caller: MakeCaller
) -> None:
    owner_b = make_caller(Role.OWNER)
    theirs = start(client, owner_b.headers, CHAIN).json()["execution_id"]
    headers = make_caller(Role.OWNER).headers
    for execution_id in (theirs, str(uuid.uuid4())):
        url = f"{EXECUTIONS}/{execution_id}"
        assert client.get(url, headers=headers).status_code == 404
        assert client.get(f"{url}/events", headers=headers).status_code == 404
        for action, body in (
            ("stop", None),
            ("resume", {"token_cap": 10}),
            ("regenerate", {"node_id": "a"}),
            ("approve", {"edits": "x"}),
            ("reject", {"comment": "no"}),
        ):
            answer = client.post(f"{url}/{action}", json=body, headers=headers)
            assert answer.status_code == 404, (action, answer.text)
            assert answer.json()["type"].endswith(":not-found")
    assert client.get(EXECUTIONS, headers=headers).json() == {
        "items": [],
        "total": 0,
        "next_offset": None,
    }
    garbage = client.get(f"{EXECUTIONS}/not-a-uuid", headers=headers)
    assert garbage.status_code == 422
    assert garbage.json()["errors"][0]["field"] == "path.execution_id"
    # B's run is untouched.
    assert (
        client.get(f"{EXECUTIONS}/{theirs}", headers=owner_b.headers).json()["status"] == "queued"
    )


@pytest.fixture
def live_server(instance: Instance) -> Iterator[str]:
    """The app (no runtime) under uvicorn on a free loopback port, for real streaming."""
    with served(create_app(instance)) as url:
        yield url


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_stream_keeps_alive_and_ends_when_the_client_leaves(
    live_server: str, make_caller: MakeCaller
) -> None:
    headers = make_caller().headers
    with httpx.Client(base_url=live_server, timeout=10) as http:
        # Nothing runs this queued execution: the stream would go on for ever.
        execution_id = http.post(
            EXECUTIONS, json={"spec": CHAIN, "inputs": {"topic": "bread"}}, headers=headers
        ).json()["execution_id"]
        lines: list[str] = []
        with http.stream(
            "GET",
            f"{EXECUTIONS}/{execution_id}/events",
            params={"keepalive": 1},
            headers=headers,
        ) as stream:
            assert stream.headers["cache-control"] == "no-cache"
            for line in stream.iter_lines():
                lines.append(line)
                if line == ": keep-alive":
                    break
        assert lines[:2] == ["id: 1", "event: progress"]
        assert json.loads(lines[2].removeprefix("data: "))["status"] == "queued"

        # The server notices the client left: the request ends and is counted.
        route = 'route="/api/v1/executions/{execution_id}/events"'
        deadline = time.monotonic() + 10
        while route not in http.get("/metrics").text:
            assert time.monotonic() < deadline, "the event stream outlived its client"
            time.sleep(0.1)
