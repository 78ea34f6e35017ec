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
