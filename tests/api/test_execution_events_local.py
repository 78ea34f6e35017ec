"""A real run on the packaged local model, followed live over the API's event stream."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from presswright.store.models import Role
from tests.api.conftest import MakeMember, bearer, login

# What the model writes does not depend on the storage backend: SQLite only.
pytestmark = [pytest.mark.local_model, pytest.mark.parametrize("backend", ["sqlite"])]

FLOW = {
    "name": "local-greeting",
    "inputs": {"who": {"type": "string"}},
    "nodes": [
        {"id": "ask", "type": "template", "config": {"template": "Say hello to {{ inputs.who }}."}},
        {
            "id": "hello",
            "type": "llm",
            "config": {"prompt": "{{ ask }}", "model": "local:smollm2", "max_tokens": 12},
        },
        {"id": "shown", "type": "template", "config": {"template": "{{ hello | trim }}"}},
    ],
    "edges": [{"from": "ask", "to": "hello"}, {"from": "hello", "to": "shown"}],
}


@pytest.mark.timeout(120)
def test_progress_of_a_local_model_run_streams_until_it_ends(
    served: TestClient, make_member: MakeMember
) -> None:
    headers = bearer(login(served, make_member(Role.EDITOR))["access_token"])
    started = served.post(
        "/api/v1/executions", json={"spec": FLOW, "inputs": {"who": "Ada"}}, headers=headers
    )
    assert started.status_code == 202, started.text
    execution_id = started.json()["execution_id"]

    with served.stream(
        "GET", f"/api/v1/executions/{execution_id}/events", headers=headers
    ) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        body = stream.read().decode()
    messages = [
        dict(line.split(": ", 1) for line in block.splitlines())
        for block in body.split("\n\n")
        if block and not block.startswith(":")
    ]
    assert [m["event"] for m in messages[:-1]] == ["progress"] * (len(messages) - 1)
    assert messages[-1]["event"] == "end"
    percents = [json.loads(m["data"])["progress"] for m in messages[:-1]]
    assert percents == sorted(percents), percents
    assert percents[0] < 100 and percents[-1] == 100, percents
    final = json.loads(messages[-1]["data"])
    assert final["status"] == "completed", final
    assert final["tokens_out"] > 0 and final["outputs"]["shown"]
    assert {node["id"]: node["runs"] for node in final["nodes"]} == {
        "ask": 1,
        "hello": 1,
        "shown": 1,
    }
