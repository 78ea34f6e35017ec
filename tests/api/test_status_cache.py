"""A finished run's status document is built once, and rebuilt the moment its row changes.

Clients poll ``GET /executions/{id}``; the document of a finished run is served again while
the execution row is unchanged (status, generation, last update), and any change, made
through this process or behind its back, is seen on the very next read.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from presswright.bootstrap import Instance
from presswright.flows import status
from presswright.store.models import Role
from tests.api.conftest import MakeMember, bearer, login

FLOW = {
    "name": "pair",
    "nodes": [
        {"id": "a", "type": "template", "config": {"template": "alpha"}},
        {"id": "b", "type": "template", "config": {"template": "{{ a }} beta"}},
    ],
    "edges": [{"from": "a", "to": "b"}],
}


def test_finished_documents_are_reused_until_the_execution_changes(
    served: TestClient, make_member: MakeMember, instance: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    headers = bearer(login(served, make_member(Role.EDITOR))["access_token"])
    started = served.post(
        "/api/v1/executions", json={"spec": FLOW, "inputs": {}, "wait": 30}, headers=headers
    )
    assert started.status_code == 200, started.text
    execution_id = started.json()["execution_id"]
    path = f"/api/v1/executions/{execution_id}"

    builds: list[str] = []
    build = status.execution_status

    def counted(*args: object, **kwargs: object) -> status.RunStatus:
        builds.append(str(kwargs["execution_id"]))
        return build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(status, "execution_status", counted)
    first = served.get(path, headers=headers)
    again = served.get(path, headers=headers)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json() and first.json()["status"] == "completed"
    assert builds == [execution_id]  # built once, then served as it was

    # Another process (a raw SQL write fires no event here) marks it failed: seen at once.
    with instance.database.engine.begin() as connection:
        connection.execute(
            text("UPDATE executions SET status = 'failed', updated_at = :now WHERE id = :id"),
            {"id": execution_id, "now": "2999-01-01 00:00:00"},
        )
    changed = served.get(path, headers=headers)
    assert changed.json()["status"] == "failed"
    assert builds == [execution_id, execution_id]

    # A regenerate through the API starts a new generation: never the old document.
    regenerated = served.post(f"{path}/regenerate", json={"node_id": "b"}, headers=headers)
    assert regenerated.status_code == 202, regenerated.text
    assert served.get(path, headers=headers).json()["generation"] == 1
