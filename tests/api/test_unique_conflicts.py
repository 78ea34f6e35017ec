"""Two requests racing for the same unique value: one is created, the other gets a 409 naming
the field, never a 500.

The race is made certain, not hoped for: each request runs in an app of its own (two
server processes, as with several workers), and a mapper event holds both inserts until
both requests have passed every "is it free?" check. Only the database's unique
constraint then stands between them. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event

from presswright.api import create_app
from presswright.api.problems import install_problem_handlers
from presswright.bootstrap import Instance
from presswright.errors import AlreadyExistsError, DuplicateValueError
from presswright.store.api_keys import create_api_key
from presswright.store.models import BrandProfile, Role, WordPressSite
from tests.api.conftest import MakeMember
from tests.wordpress.wordpress_site import RunningWordPress

PROBLEM = "urn:presswright:problem:"


def admin_key(instance: Instance, make_member: MakeMember) -> dict[str, str]:
    """Headers of an admin of a new workspace."""
    admin = make_member(Role.ADMIN)
    with instance.database.tenant_session(admin.tenant_id) as session:
        _, key = create_api_key(session, user_id=admin.user_id, name="race")
    return {"X-API-Key": key}


@pytest.fixture
def two_apps(instance: Instance) -> Iterator[tuple[TestClient, TestClient]]:
    """Two apps over one database, each on an event loop of its own."""
    with (
        TestClient(create_app(instance), raise_server_exceptions=False) as one,
        TestClient(create_app(instance), raise_server_exceptions=False) as two,
    ):
        yield one, two


def race(
    model: type[Any], apps: tuple[TestClient, TestClient], path: str, **request: Any
) -> list[Any]:
    """POST the same request through both apps at once, both inserts of ``model`` held
    until both requests reach them; the two responses."""
    both_checked = threading.Barrier(2, timeout=30)

    def hold(_mapper: Any, _connection: Any, _target: Any) -> None:
        both_checked.wait()

    event.listen(model, "before_insert", hold)
    try:
        with ThreadPoolExecutor(2) as pool:
            sent = [pool.submit(app.post, path, **request) for app in apps]
            return [future.result(timeout=90) for future in sent]
    finally:
        event.remove(model, "before_insert", hold)


@pytest.mark.timeout(120)
def test_two_concurrent_connects_of_one_wordpress_site_give_201_and_409(
    instance: Instance,
    make_member: MakeMember,
    wordpress: RunningWordPress,
    two_apps: tuple[TestClient, TestClient],
) -> None:
    headers = admin_key(instance, make_member)
    body = {
        "url": wordpress.url,
        "username": wordpress.author.login,
        "application_password": wordpress.author.app_password,
    }

    responses = race(WordPressSite, two_apps, "/api/v1/wordpress/sites", json=body, headers=headers)

    assert sorted(r.status_code for r in responses) == [201, 409], [r.text for r in responses]
    refused = next(r for r in responses if r.status_code == 409)
    problem = refused.json()
    assert problem["type"] == PROBLEM + "already-exists"
    # Both the name and the address are taken; the database names whichever it checked first.
    taken = problem["detail"].split(";")[0]
    assert taken in (
        "another wordpress site already has this name",
        "another wordpress site already has this url",
    )
    # The field, as a 422 locates a field error, so a client shows the message next to it.
    field = taken.rsplit(" ", 1)[-1]
    assert problem["errors"] == [
        {
            "field": f"body.{field}",
            "loc": ["body", field],
            "message": taken,
            "kind": "already_exists",
        }
    ]
    sites = two_apps[0].get("/api/v1/wordpress/sites", headers=headers).json()
    assert len(sites) == 1


@pytest.mark.timeout(60)
def test_two_concurrent_brand_profiles_of_one_name_give_201_and_409(
    instance: Instance, make_member: MakeMember, two_apps: tuple[TestClient, TestClient]
) -> None:
    """The same for a plain repository: any unique constraint, not only the WordPress one."""
    headers = admin_key(instance, make_member)

    responses = race(
        BrandProfile,
        two_apps,
        "/api/v1/brand-profiles",
        json={"name": "House voice", "tone": "warm"},
        headers=headers,
    )

    assert sorted(r.status_code for r in responses) == [201, 409], [r.text for r in responses]
    problem = next(r for r in responses if r.status_code == 409).json()
    assert problem["type"] == PROBLEM + "already-exists"
    assert problem["detail"].startswith("another brand profile already has this name")
    assert problem["errors"] == [
        {
            "field": "body.name",
            "loc": ["body", "name"],
            "message": "another brand profile already has this name",
            "kind": "already_exists",
        }
    ]


def test_each_taken_field_is_an_error_and_a_409_without_fields_has_none() -> None:
    app = FastAPI()
    install_problem_handlers(app)
    raised: dict[str, Exception] = {
        "pair": DuplicateValueError(table="t", fields=("name", "url"), what="site"),
        "unnamed": DuplicateValueError(table="row", fields=(), what="row"),
        "checked": AlreadyExistsError("a brand profile named 'x' exists"),
    }

    @app.get("/{case}")
    def fail(case: str) -> None:
        raise raised[case]

    client = TestClient(app)
    pair = client.get("/pair").json()
    assert pair["status"] == 409
    assert [(e["field"], e["loc"], e["message"]) for e in pair["errors"]] == [
        ("body.name", ["body", "name"], "another site already has this name and url"),
        ("body.url", ["body", "url"], "another site already has this name and url"),
    ]
    for case in ("unnamed", "checked"):
        answer = client.get(f"/{case}").json()
        assert answer["status"] == 409 and "errors" not in answer
