"""What the web studio's flow editor and execution monitor read: the node types with their
config schemas, a spec checked without saving it, and an execution's spec and node attempts.
"""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from presswright.store.models import Role
from tests.api.test_executions import EXECUTIONS, REVIEWED, MakeCaller, make_caller, start

__all__ = ["make_caller"]  # the fixture, shared with the executions tests

FLOWS = "/api/v1/flows"


def test_node_types_carry_their_config_schema(client: TestClient, make_caller: MakeCaller) -> None:
    headers = make_caller(Role.VIEWER).headers
    answer = client.get(f"{FLOWS}/node-types", headers=headers)
    assert answer.status_code == 200, answer.text
    types = {item["name"]: item for item in answer.json()}
    assert {"llm", "template", "condition", "merge", "map", "human_review"} <= set(types)
    assert (types["map"]["kind"], types["human_review"]["kind"]) == ("map", "review")
    template = types["template"]["config_schema"]
    assert template["type"] == "object" and "template" in template["properties"]
    assert "template" in template["required"]
    assert client.get(f"{FLOWS}/node-types").status_code == 401


def test_validate_lists_every_problem_without_saving(
    client: TestClient, make_caller: MakeCaller
) -> None:
    headers = make_caller(Role.VIEWER).headers
    good = client.post(f"{FLOWS}/validate", json={"spec": REVIEWED}, headers=headers)
    assert good.status_code == 200 and good.json() == {"valid": True, "problems": []}

    broken = {
        **REVIEWED,
        "nodes": [
            *REVIEWED["nodes"],
            {"id": "gate", "type": "condition", "config": {"expression": "inputs.topic"}},
            {"id": "odd", "type": "nope"},
        ],
        "edges": [*REVIEWED["edges"], {"from": "gate", "to": "final"}],
    }
    answer = client.post(f"{FLOWS}/validate", json={"spec": broken}, headers=headers).json()
    assert answer["valid"] is False
    places = {problem["where"] for problem in answer["problems"]}
    assert {"node 'odd'", "edge gate->final"} <= places

    shape = {**REVIEWED, "nodes": [{"id": "Bad Id", "type": "template"}]}
    answer = client.post(f"{FLOWS}/validate", json={"spec": shape}, headers=headers).json()
    assert answer["valid"] is False
    assert [problem["where"] for problem in answer["problems"]] == ["nodes[0].id"]
    assert client.get(FLOWS, headers=headers).json()["total"] == 0


def test_execution_detail_has_the_spec_and_each_attempt(
    served: TestClient, make_caller: MakeCaller
) -> None:
    headers = make_caller().headers
    paused = start(served, headers, REVIEWED, wait=20).json()
    url = f"{EXECUTIONS}/{paused['execution_id']}/detail"
    detail = served.get(url, headers=headers)
    assert detail.status_code == 200, detail.text
    body = detail.json()
    assert (body["flow"], body["flow_version"], body["status"]) == ("reviewed", 1, "paused")
    assert [node["id"] for node in body["spec"]["nodes"]] == ["draft", "check", "final"]
    assert body["inputs"] == {"topic": "bread"}
    attempts = {attempt["node_id"]: attempt for attempt in body["attempts"]}
    assert attempts["draft"]["status"] == "completed"
    assert attempts["draft"]["output"] == "draft on bread"
    assert attempts["check"]["status"] == "waiting"
    assert attempts["check"]["output"] == "draft on bread"  # the value put up for review

    other = make_caller(Role.OWNER).headers
    assert served.get(url, headers=other).status_code == 404
    missing = served.get(f"{EXECUTIONS}/{uuid.uuid4()}/detail", headers=headers)
    assert missing.status_code == 404
