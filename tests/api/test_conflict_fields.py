"""A taken name is a 409 that names its field, as a 422 names an invalid one.

The store's "is it free?" checks raise ``AlreadyExistsError`` naming the request field, and
the problem handler puts it in ``errors``, the way a unique value the database refused
(``DuplicateValueError``) is answered; no route builds the entry itself. Runs on SQLite and
PostgreSQL.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from presswright.api.problems import install_problem_handlers
from presswright.bootstrap import Instance
from presswright.errors import AlreadyExistsError
from presswright.store.api_keys import create_api_key
from presswright.store.models import Role
from tests.api.conftest import MakeMember
from tests.store.test_pattern_templates import hero_spec

SPEC = {
    "name": "greeting",
    "inputs": {"who": {"type": "string"}},
    "nodes": [{"id": "hello", "type": "template", "config": {"template": "Hi {{ inputs.who }}"}}],
}
SERVER = {"kind": "openai-compatible", "base_url": "http://127.0.0.1:9/v1"}


@pytest.fixture
def admin(instance: Instance, make_member: MakeMember) -> dict[str, str]:
    """API-key headers of an admin of a new workspace."""
    member = make_member(Role.ADMIN)
    with instance.database.tenant_session(member.tenant_id) as session:
        _, key = create_api_key(session, user_id=member.user_id, name="conflicts")
    return {"X-API-Key": key}


def assert_name_taken(answer: Any, message: str) -> None:
    """A 409 problem whose one field error is the taken ``body.name``, in the store's words."""
    assert answer.status_code == 409, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["type"] == "urn:presswright:problem:already-exists"
    assert problem["errors"] == [
        {
            "field": "body.name",
            "loc": ["body", "name"],
            "message": message,
            "kind": "already_exists",
        }
    ]
    assert problem["detail"].startswith(message)


def test_a_taken_flow_name_names_the_field_on_create_copy_and_rename(
    client: TestClient, admin: dict[str, str]
) -> None:
    flows = "/api/v1/flows"
    assert (
        client.post(flows, json={"name": "greeting", "spec": SPEC}, headers=admin).status_code
        == 201
    )
    other = client.post(flows, json={"name": "other", "spec": SPEC}, headers=admin)
    assert other.status_code == 201, other.text
    taken = "a flow named 'greeting' exists in this workspace"

    assert_name_taken(
        client.post(flows, json={"name": "greeting", "spec": SPEC}, headers=admin), taken
    )
    assert_name_taken(
        client.patch(f"{flows}/{other.json()['id']}", json={"name": "greeting"}, headers=admin),
        taken,
    )
    assert_name_taken(
        client.post(f"{flows}/templates/article/copy", json={"name": "greeting"}, headers=admin),
        taken,
    )
    # Renaming a flow to its own name is no conflict.
    same = client.patch(f"{flows}/{other.json()['id']}", json={"name": "other"}, headers=admin)
    assert same.status_code == 200, same.text
    assert client.get(flows, headers=admin).json()["total"] == 2


def test_a_taken_brand_profile_name_names_the_field_on_create_and_rename(
    client: TestClient, admin: dict[str, str]
) -> None:
    profiles = "/api/v1/brand-profiles"
    assert client.post(profiles, json={"name": "Bakery"}, headers=admin).status_code == 201
    cafe = client.post(profiles, json={"name": "Cafe"}, headers=admin)
    assert cafe.status_code == 201, cafe.text
    taken = "a brand profile named 'Bakery' exists"

    assert_name_taken(client.post(profiles, json={"name": "Bakery"}, headers=admin), taken)
    assert_name_taken(
        client.patch(f"{profiles}/{cafe.json()['id']}", json={"name": "Bakery"}, headers=admin),
        taken,
    )
    assert [p["name"] for p in client.get(profiles, headers=admin).json()] == ["Bakery", "Cafe"]


def test_a_taken_provider_name_names_the_field(client: TestClient, admin: dict[str, str]) -> None:
    providers = "/api/v1/providers"
    body = {**SERVER, "name": "myserver"}
    assert client.post(providers, json=body, headers=admin).status_code == 201

    assert_name_taken(
        client.post(providers, json=body, headers=admin), "a provider named 'myserver' exists"
    )
    assert len(client.get(providers, headers=admin).json()) == 1


def test_a_taken_template_name_names_the_field(client: TestClient, admin: dict[str, str]) -> None:
    templates = "/api/v1/templates"
    body = {"name": "hero", "spec": hero_spec()}
    assert client.post(templates, json=body, headers=admin).status_code == 201

    assert_name_taken(
        client.post(templates, json=body, headers=admin), "a pattern template named 'hero' exists"
    )


def test_the_handler_locates_the_fields_an_already_exists_error_names() -> None:
    app = FastAPI()
    install_problem_handlers(app)
    raised = {
        "named": AlreadyExistsError("that name is taken", hint="pick another", fields=("name",)),
        "unnamed": AlreadyExistsError("that is taken", hint="pick another"),
    }

    @app.get("/{case}")
    def fail(case: str) -> None:
        raise raised[case]

    client = TestClient(app)
    named = client.get("/named").json()
    assert named["status"] == 409
    assert named["detail"] == "that name is taken; pick another"
    # The message without the hint: the form shows it next to the field.
    assert named["errors"] == [
        {
            "field": "body.name",
            "loc": ["body", "name"],
            "message": "that name is taken",
            "kind": "already_exists",
        }
    ]
    unnamed = client.get("/unnamed").json()
    assert unnamed["status"] == 409 and "errors" not in unnamed
