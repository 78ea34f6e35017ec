"""A single-valued query parameter sent twice is refused with 422, not read as its last value."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import MakeMember, bearer, login


def test_a_repeated_single_valued_query_parameter_is_a_422(
    client: TestClient, make_member: MakeMember
) -> None:
    headers = bearer(login(client, make_member())["access_token"])
    assert client.get("/api/v1/flows?q=bread&limit=5", headers=headers).status_code == 200
    twice = client.get("/api/v1/flows?q=bread&q=cake&limit=5&limit=6", headers=headers)
    assert twice.status_code == 422, twice.text
    assert twice.headers["content-type"] == "application/problem+json"
    assert "'q' takes one value but was given 2" in twice.text
    assert "'limit' takes one value but was given 2" in twice.text


def test_the_refusal_comes_before_credentials_and_in_the_route_s_envelope(
    client: TestClient,
) -> None:
    # The Lekhika worker routes answer errors in Lekhika's envelope, this one too.
    twice = client.get("/api/v1/logs?limit=5&limit=6")
    assert twice.status_code == 422, twice.text
    assert twice.headers["content-type"] == "application/problem+json"
    body = twice.json()
    assert body["success"] is False
    assert body["error"] == body["detail"] == "the request is invalid at: query.limit"
    assert "'limit' takes one value but was given 2" in twice.text
    assert len(twice.headers["x-request-id"]) == 32
    # Counted under the route's template, as every answer of a matched route is.
    metrics = client.get("/metrics").text
    assert 'route="/api/v1/logs",status="422"' in metrics


def test_a_repeated_list_parameter_or_an_unknown_name_is_not_refused(
    client: TestClient, make_member: MakeMember
) -> None:
    headers = bearer(login(client, make_member())["access_token"])
    assert client.get("/api/v1/flows?unknown=1&unknown=2", headers=headers).status_code == 200
    # No route at the path: the router's 404, not a 422.
    assert client.get("/api/v1/nowhere?q=1&q=2", headers=headers).status_code == 404
