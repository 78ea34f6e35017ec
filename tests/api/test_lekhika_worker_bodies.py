"""Lekhika's worker API as its design (seed 003, "Frontend -> Worker") writes it.

Every body here uses the design's own field names, copied from the seed: ``executionId,
lekhikaApiKey, userEngineId, masterEngineId, userId, workflow, inputs, options`` for
``/execute``; ``executionId, nodes, edges, workflow`` for ``/resume``; ``executionId, failedNode,
validationError, regeneratePrompt`` for ``/regenerate``. Model nodes run on the shipped fake
provider, which echoes the prompt it was sent when it has no scripted answer.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from presswright import __version__
from presswright.bootstrap import Instance
from presswright.flows.runtime import Runtime
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.store.api_keys import create_api_key
from presswright.store.models import Role
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from tests.api.conftest import MakeMember, Member

API = "/api/v1"
ENDED = ("completed", "failed", "cancelled", "paused")


def workflow(*, reviewed: bool = False) -> dict[str, Any]:
    """A Lekhika engine's flow_config: an input form, two model nodes and an output node."""
    nodes: list[dict[str, Any]] = [
        {
            "id": "input-1",
            "type": "input",
            "position": {"x": 0, "y": 0},
            "data": {
                "type": "input",
                "label": "Book details",
                "inputFields": [
                    {"variable": "topic", "type": "text", "required": True},
                    {"variable": "audience", "type": "text"},
                ],
            },
        },
        {
            "id": "process-1",
            "type": "process",
            "position": {"x": 0, "y": 150},
            "data": {
                "type": "process",
                "label": "Story Outliner",
                "systemPrompt": 'You outline books. Answer as JSON like {"chapters": []}.',
                "userPrompt": "Outline a book about {{topic}}.",
                "selectedModels": ["fake:test"],
                "temperature": 0.7,
                "maxTokens": 400,
            },
        },
        {
            "id": "process-2",
            "type": "process",
            "position": {"x": 0, "y": 300},
            "data": {
                "type": "process",
                "label": "Chapter Writer",
                "aiConfig": {"userPrompt": "Write chapter one.", "model": "fake:test"},
            },
        },
        {
            "id": "output-1",
            "type": "output",
            "position": {"x": 0, "y": 450},
            "data": {"type": "output", "label": "Book"},
        },
    ]
    edges = [
        {"id": "e1", "source": "input-1", "target": "process-1"},
        {"id": "e2", "source": "process-1", "target": "process-2"},
        {"id": "e3", "source": "process-2", "target": "output-1"},
    ]
    if reviewed:  # a Presswright node on the same canvas: pauses until someone decides
        nodes.append(
            {
                "id": "review-1",
                "type": "human_review",
                "position": {"x": 0, "y": 600},
                "data": {"type": "human_review", "config": {"message": "ok?"}},
            }
        )
        edges.append({"id": "e4", "source": "output-1", "target": "review-1"})
    return {"nodes": nodes, "edges": edges}


@pytest.fixture
def echo() -> Iterator[FakeScript]:
    """The fake provider with no scripted answers: it echoes each prompt."""
    script = FakeProvider.scripts["fake"] = FakeScript()
    yield script
    FakeProvider.scripts.pop("fake", None)


@pytest.fixture
def member(instance: Instance, make_member: MakeMember) -> Member:
    """An owner of a new workspace with the fake provider configured."""
    owner = make_member(Role.OWNER)
    with instance.database.tenant_session(owner.tenant_id) as session:
        create_provider_config(
            session, data=ProviderConfigCreate(name="fake", kind="fake"), box=instance.secretbox
        )
    return owner


def api_key(instance: Instance, member: Member) -> str:
    """A new API key of ``member``, raw."""
    with instance.database.tenant_session(member.tenant_id) as session:
        _, raw = create_api_key(session, user_id=member.user_id, name="lekhika", expires_at=None)
    return raw


def execute_body(key: str, member: Member, **changes: Any) -> dict[str, Any]:
    """The design's /execute body, every field of it."""
    return {
        "executionId": str(uuid.uuid4()),
        "lekhikaApiKey": key,
        "userEngineId": str(uuid.uuid4()),
        "masterEngineId": str(uuid.uuid4()),
        "userId": str(member.user_id),
        "workflow": workflow(),
        "inputs": {"topic": "keeping bees in a city garden"},
        "options": {"tokenCap": 50_000, "priority": "high"},
    } | changes


def ended(client: TestClient, execution_id: str, headers: dict[str, str]) -> dict[str, Any]:
    """GET /status/:executionId until the execution has ended or paused (up to 20 s)."""
    deadline = time.monotonic() + 20
    while True:
        answer = client.get(f"{API}/status/{execution_id}", headers=headers)
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        assert body["success"] is True and body["executionId"] == execution_id
        if body["status"] in ENDED:
            return body
        assert time.monotonic() < deadline, body
        time.sleep(0.05)


def lekhika_error(answer: Any, status: int) -> str:
    """The error of a Lekhika envelope answer with ``status``; the problem is there too."""
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert body["success"] is False and body["status"] == status
    assert body["error"] == body["detail"]
    return str(body["error"])


@pytest.mark.timeout(120)
def test_execute_with_the_designs_body_then_poll_status(
    served: TestClient, instance: Instance, member: Member, echo: FakeScript
) -> None:
    key = api_key(instance, member)
    body = execute_body(key, member)
    # No header: lekhikaApiKey is the credential.
    answer = served.post(f"{API}/execute", json=body)
    assert answer.status_code == 202, answer.text
    accepted = answer.json()
    assert set(accepted) == {"success", "executionId", "result"}
    assert accepted["success"] is True and accepted["executionId"] == body["executionId"]
    assert accepted["result"]["execution_id"] == body["executionId"]
    assert accepted["result"]["status"] in ("queued", "running", "completed")

    done = ended(served, body["executionId"], {"X-API-Key": key})
    assert done["status"] == "completed", done
    assert {n["id"] for n in done["nodes"]} == {"process_1", "process_2", "output_1"}
    # The prompts reached the model: the input in the outline's prompt, the outline in the
    # writer's, literal braces of the system prompt left alone.
    prompts = [r.messages[-1].content for r in echo.requests]
    assert "Outline a book about keeping bees in a city garden." in prompts[0]
    assert "Story Outliner:" in prompts[1] and "keeping bees" in prompts[1]
    systems = [m.content for r in echo.requests for m in r.messages if m.role == "system"]
    assert any('{"chapters": []}' in text for text in systems)
    assert "Write chapter one." in done["outputs"]["output_1"]

    again = served.post(f"{API}/execute", json=body)
    assert "already an execution" in lekhika_error(again, 409)


def test_execute_refuses_what_it_cannot_honour_in_lekhikas_envelope(
    client: TestClient, instance: Instance, member: Member, make_member: MakeMember
) -> None:
    key = api_key(instance, member)
    stranger = make_member(Role.OWNER)
    someone_else = client.post(
        f"{API}/execute", json=execute_body(key, member, userId=str(stranger.user_id))
    )
    assert "not the API key's user" in lekhika_error(someone_else, 403)

    wrong_key = client.post(f"{API}/execute", json=execute_body("pw_not-a-real-key", member))
    assert "not valid" in lekhika_error(wrong_key, 401)
    assert "pw_not-a-real-key" not in wrong_key.text
    # With a credential header, the header is the credential: the body's key is not read.
    header_wins = client.post(
        f"{API}/execute", json=execute_body(key, member), headers={"X-API-Key": key + "x"}
    )
    assert "not valid" in lekhika_error(header_wins, 401)

    graph = workflow()
    graph["nodes"].append({"id": "image-7", "type": "image", "data": {"type": "image"}})
    graph["nodes"].append({"id": "process-9", "type": "process", "data": {"label": "empty"}})
    unconvertible = client.post(f"{API}/execute", json=execute_body(key, member, workflow=graph))
    error = lekhika_error(unconvertible, 422)
    assert "node 'image_7'" in error and "'image' has no Presswright equivalent" in error
    assert "node 'process_9'" in error and "userPrompt" in error
    assert {p["field"] for p in unconvertible.json()["errors"]} == {
        "node 'image_7'",
        "node 'process_9'",
    }

    nothing = client.post(
        f"{API}/execute",
        json={"executionId": str(uuid.uuid4()), "inputs": {}},
        headers={"X-API-Key": key},
    )
    lekhika_error(nothing, 422)
    assert "send workflow, or userEngineId" in nothing.json()["errors"][0]["message"]
    # No workflow: userEngineId, then masterEngineId, names a saved flow; here neither exists.
    missing = client.post(
        f"{API}/execute",
        json=execute_body(key, member, workflow=None, masterEngineId=str(uuid.uuid4())),
    )
    lekhika_error(missing, 404)


@pytest.mark.timeout(120)
def test_stop_resume_and_regenerate_with_the_designs_bodies(
    served: TestClient, instance: Instance, member: Member, echo: FakeScript
) -> None:
    key = api_key(instance, member)
    headers = {"X-API-Key": key}
    body = execute_body(key, member, workflow=workflow(reviewed=True))
    execution_id = served.post(f"{API}/execute", json=body).json()["executionId"]
    assert ended(served, execution_id, headers)["status"] == "paused"

    stopped = served.post(f"{API}/stop/{execution_id}", headers=headers)
    assert stopped.status_code == 200, stopped.text
    assert {"success", "message", "executionId"} <= set(stopped.json())
    assert stopped.json()["executionId"] == execution_id and stopped.json()["success"] is True
    assert stopped.json()["status"] == "cancelled"

    graph = body["workflow"]
    changed = workflow(reviewed=True)
    changed["nodes"][1]["data"]["userPrompt"] = "Outline a cookbook about {{topic}}."
    refused = served.post(
        f"{API}/resume",
        json={"executionId": execution_id, "nodes": changed["nodes"], "edges": changed["edges"]},
        headers=headers,
    )
    assert "not the one execution" in lekhika_error(refused, 409)
    resumed = served.post(
        f"{API}/resume",
        json={
            "executionId": execution_id,
            "nodes": graph["nodes"],
            "edges": graph["edges"],
            "workflow": graph,
        },
        headers=headers,
    )
    assert resumed.status_code == 202, resumed.text
    assert {"success", "executionId", "result"} <= set(resumed.json())
    assert resumed.json()["result"]["generation"] == 1
    assert ended(served, execution_id, headers)["status"] == "paused"
    served.post(f"{API}/stop/{execution_id}", headers=headers)

    regenerated = served.post(
        f"{API}/regenerate",
        json={
            "executionId": execution_id,
            "failedNode": "process-1",
            "validationError": "the outline has no {chapters}",
            "regeneratePrompt": "List five chapters.",
        },
        headers=headers,
    )
    assert regenerated.status_code == 202, regenerated.text
    assert {"success", "executionId", "attempt"} <= set(regenerated.json())
    assert regenerated.json()["executionId"] == execution_id
    assert regenerated.json()["attempt"] == 2
    ended(served, execution_id, headers)
    last_outline = [r.messages[-1].content for r in echo.requests if "Outline" in str(r.messages)]
    assert "The previous answer was rejected: the outline has no {chapters}" in last_outline[-1]
    assert last_outline[-1].endswith("List five chapters.")

    served.post(f"{API}/stop/{execution_id}", headers=headers)
    whole_node = served.post(
        f"{API}/regenerate",
        json={
            "executionId": execution_id,
            "failedNode": graph["nodes"][3],  # the output node, sent whole
            "validationError": "too short",
            "regeneratePrompt": "Longer.",
        },
        headers=headers,
    )
    assert "is a template node" in lekhika_error(whole_node, 400)
    ghost = served.post(
        f"{API}/regenerate",
        json={"executionId": execution_id, "failedNode": {"id": "ghost"}},
        headers=headers,
    )
    assert "ghost" in lekhika_error(ghost, 400)
    assert "no execution" in lekhika_error(
        served.get(f"{API}/status/{uuid.uuid4()}", headers=headers), 404
    )


def test_health_worker_status_and_logs_answer_the_designs_fields(
    served: TestClient, runtime: Runtime, instance: Instance, member: Member
) -> None:
    health = served.get(f"{API}/health")  # no credentials, as Lekhika's worker
    assert health.status_code == 200, health.text
    assert {"status", "timestamp", "workerId", "uptime", "memory", "version"} <= set(health.json())
    assert health.json()["status"] == "healthy" and health.json()["version"] == __version__
    assert health.json()["workerId"] == runtime.executor_id
    assert health.json()["memory"]["rss"] > 0

    headers = {"X-API-Key": api_key(instance, member)}
    state = served.get(f"{API}/status", headers=headers).json()
    assert {
        "success",
        "status",
        "activeExecutions",
        "maxConcurrent",
        "capacity",
        "uptime",
        "memoryUsage",
    } <= set(state)
    assert (state["success"], state["status"], state["activeExecutions"]) == (True, "healthy", 0)
    assert state["capacity"] == "0/unbounded" and state["maxConcurrent"] is None

    served.post(
        f"{API}/execute",
        json={"workflow": {"nodes": [{"id": "only", "data": {"type": "output"}}], "edges": []}},
        headers=headers,
    )
    logs = served.get(f"{API}/logs", params={"limit": 1}, headers=headers).json()
    assert set(logs) == {"success", "logs", "count", "timestamp"}
    assert logs["success"] is True and logs["count"] == len(logs["logs"]) == 1
    assert {"timestamp", "level", "message"} <= set(logs["logs"][0])
