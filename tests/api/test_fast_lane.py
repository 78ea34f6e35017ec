"""The fast lane answers exactly as FastAPI does, and takes only routes it can serve so."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Annotated, Any

import pytest
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.testclient import TestClient

from presswright.api import create_app
from presswright.api.fast_lane import FastLaneRoute, fast_lane
from presswright.api.principals import ViewerPrincipal
from presswright.bootstrap import Instance
from presswright.flows.runtime import Runtime
from presswright.store.models import Role
from tests.api.conftest import MakeMember, bearer, login
from tests.api.test_executions import CHAIN, EXECUTIONS, MakeCaller, make_caller, start

__all__ = ["make_caller"]  # a fixture, imported to be used here

# Headers whose values differ from one answer to the next by nature.
_PER_ANSWER = {"date", "x-request-id", "content-length"}


@pytest.fixture
def apps(instance: Instance, runtime: Runtime) -> Iterator[tuple[TestClient, TestClient]]:
    """The app with its fast lane, and the same app with FastAPI serving every route."""
    with (
        TestClient(create_app(instance, runtime=runtime), raise_server_exceptions=False) as lane,
        TestClient(
            create_app(instance, runtime=runtime, fast_lane_reads=False),
            raise_server_exceptions=False,
        ) as plain,
    ):
        yield lane, plain


def _answer(response: Any) -> tuple[int, dict[str, str], Any]:
    headers = {k: v for k, v in response.headers.items() if k not in _PER_ANSWER}
    body = response.json() if response.content else None
    if isinstance(body, dict):
        body.pop("request_id", None)  # a problem names its request
    return response.status_code, headers, body


def test_every_answer_is_the_one_fastapi_gives(
    apps: tuple[TestClient, TestClient], make_caller: MakeCaller, make_member: MakeMember
) -> None:
    lane, plain = apps
    assert any(isinstance(route, FastLaneRoute) for route in lane.app.routes)  # type: ignore[attr-defined]
    assert not any(isinstance(route, FastLaneRoute) for route in plain.app.routes)  # type: ignore[attr-defined]
    caller = make_caller(Role.VIEWER)
    editor = make_caller(Role.EDITOR, caller.tenant_id)
    done = start(lane, editor.headers, CHAIN, wait=20)
    assert done.status_code == 200, done.text
    mine = done.json()["execution_id"]
    stranger = make_caller(Role.OWNER)
    theirs = start(lane, stranger.headers, CHAIN, wait=20).json()["execution_id"]
    member = make_member(Role.VIEWER, caller.tenant_id)
    token = bearer(login(plain, member)["access_token"])
    key = caller.headers
    cases: list[tuple[str, str, dict[str, str]]] = [
        ("GET", mine, key),
        ("GET", mine, token),
        ("GET", mine, {**key, "X-Tenant-ID": str(caller.tenant_id)}),
        ("GET", mine, {}),
        ("GET", mine, {"X-API-Key": "pw_not-a-key-at-all-0000"}),
        ("GET", mine, {"Authorization": "Bearer not.a.token"}),
        ("GET", mine, {**key, "X-Tenant-ID": "workspace-one"}),
        ("GET", mine, {**key, "X-Tenant-ID": str(stranger.tenant_id)}),
        ("GET", mine, {**token, "X-Tenant-ID": str(stranger.tenant_id)}),
        ("GET", mine, stranger.headers),
        ("GET", theirs, key),
        ("GET", str(uuid.uuid4()), key),
        ("GET", "not-a-uuid", key),
        ("GET", "not-a-uuid", {}),
        ("GET", mine.upper(), key),
        ("HEAD", mine, key),
        ("DELETE", mine, key),
    ]
    for method, execution_id, headers in cases:
        url = f"{EXECUTIONS}/{execution_id}"
        got = _answer(lane.request(method, url, headers=headers))
        expected = _answer(plain.request(method, url, headers=headers))
        assert got == expected, (method, execution_id, headers)
    # And the cases meant what they say.
    assert lane.get(f"{EXECUTIONS}/{mine}", headers=key).json()["status"] == "completed"
    assert lane.get(f"{EXECUTIONS}/{theirs}", headers=key).status_code == 404
    invalid = lane.get(f"{EXECUTIONS}/not-a-uuid", headers=key)
    assert invalid.status_code == 422
    assert invalid.json()["errors"][0]["field"] == "path.execution_id"
    assert lane.get(f"{EXECUTIONS}/not-a-uuid").status_code == 401  # credentials come first


def test_the_lane_is_counted_and_logged_under_its_route(
    apps: tuple[TestClient, TestClient], make_caller: MakeCaller
) -> None:
    lane, _ = apps
    caller = make_caller(Role.EDITOR)
    mine = start(lane, caller.headers, CHAIN, wait=20).json()["execution_id"]
    assert lane.get(f"{EXECUTIONS}/{mine}", headers=caller.headers).status_code == 200
    metrics = lane.get("/metrics").text
    assert (
        'presswright_http_requests_total{method="GET",'
        'route="/api/v1/executions/{execution_id}",status="200"} 1.0'
    ) in metrics


async def _endpoint(execution_id: uuid.UUID, principal: ViewerPrincipal) -> Response:
    return Response(f"{execution_id} {principal.role}")


async def _with_query(
    execution_id: uuid.UUID, principal: ViewerPrincipal, full: Annotated[bool, Query()] = False
) -> Response:
    return Response()


def _sync(execution_id: uuid.UUID, principal: ViewerPrincipal) -> Response:
    return Response()


async def _other_dependency(request: Request) -> int:
    return 1


async def _unguarded(
    execution_id: uuid.UUID, number: Annotated[int, Depends(_other_dependency)]
) -> Response:
    return Response()


async def _two_dependencies(
    principal: ViewerPrincipal, number: Annotated[int, Depends(_other_dependency)]
) -> Response:
    return Response()


@pytest.mark.parametrize(
    ("endpoint", "reason"),
    [
        (_with_query, "takes query parameters"),
        (_sync, "must be a coroutine function"),
        (_unguarded, "must be a role check"),
        (_two_dependencies, "exactly one dependency"),
    ],
)
def test_routes_it_cannot_serve_are_refused_when_the_app_is_built(
    endpoint: Any, reason: str
) -> None:
    router = APIRouter()
    router.get("/things/{execution_id}")(endpoint)
    with pytest.raises(TypeError, match=reason):
        fast_lane(router, endpoint)


def test_only_get_routes_of_the_router_are_taken() -> None:
    router = APIRouter()
    router.post("/things/{execution_id}")(_endpoint)
    with pytest.raises(TypeError, match="not one GET route"):
        fast_lane(router, _endpoint)
    router.get("/things/{execution_id}")(_endpoint)
    (route,) = fast_lane(router, _endpoint)
    assert route.path == "/things/{execution_id}" and route.methods == {"GET"}
