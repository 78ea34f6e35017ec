"""What a newcomer's first bad requests answer: where the JSON breaks, and the field they meant."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from presswright.store.models import Role
from tests.api.conftest import MakeMember, bearer, login

GENERATE = "/api/v1/content/generate"
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def editor(client: TestClient, make_member: MakeMember) -> dict[str, str]:
    """Bearer headers of an editor of a new workspace."""
    return bearer(login(client, make_member(Role.EDITOR))["access_token"])


@pytest.mark.parametrize(
    ("body", "line", "column", "expected"),
    [
        (b'{"topic": "Sourdough at home",\n  "keywords": ["bread",]\n}', 2, 24, "expecting value"),
        (b'{"topic": "Sourdough at home"\n "faq": true}', 2, 2, "expecting ',' delimiter"),
        (b"{'topic': 'Sourdough'}", 1, 2, "expecting property name enclosed in double quotes"),
        (b'{"topic": "Sourdough at home",', 1, 31, "expecting property name"),
    ],
)
def test_a_body_that_is_not_json_names_line_and_column(
    client: TestClient,
    editor: dict[str, str],
    body: bytes,
    line: int,
    column: int,
    expected: str,
) -> None:
    answer = client.post(GENERATE, content=body, headers={**editor, **JSON})
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["detail"].startswith(
        f"the request body is not valid JSON at line {line}, column {column}: {expected}"
    ), problem["detail"]
    assert "body.3" not in problem["detail"]
    [error] = problem["errors"]
    assert (error["field"], error["kind"]) == ("body", "json_invalid")
    assert error["message"] == problem["detail"]


def test_a_column_counts_characters_not_bytes(client: TestClient, editor: dict[str, str]) -> None:
    body = '{"topic": "Crème brûlée at home" "x"}'.encode()  # 36 bytes before "x"
    answer = client.post(GENERATE, content=body, headers={**editor, **JSON})
    assert "at line 1, column 34: expecting ',' delimiter" in answer.json()["detail"]


def test_an_unknown_field_suggests_the_field_meant(
    client: TestClient, editor: dict[str, str]
) -> None:
    answer = client.post(
        GENERATE, json={"topic": "Sourdough at home", "keywordz": ["bread"]}, headers=editor
    )
    assert answer.status_code == 422
    [error] = answer.json()["errors"]
    assert error["field"] == "body.keywordz"
    assert error["kind"] == "extra_forbidden"
    assert error["message"] == "unknown field `keywordz`; did you mean `keywords`?"
    assert "did you mean `keywords`?" in answer.json()["detail"]


def test_an_unknown_nested_field_suggests_from_the_nested_model(
    client: TestClient, editor: dict[str, str]
) -> None:
    site = [{"url": "/tea", "titel": "Tea"}]
    answer = client.post(
        GENERATE, json={"topic": "Sourdough at home", "site_index": site}, headers=editor
    )
    errors = {error["field"]: error["message"] for error in answer.json()["errors"]}
    assert errors["body.site_index.0.titel"] == "unknown field `titel`; did you mean `title`?"


def test_products_and_login_suggest_from_their_own_fields(
    client: TestClient, editor: dict[str, str]
) -> None:
    product = {"name": "Linen apron", "category": "Kitchen", "featurs": ["pockets"]}
    answer = client.post("/api/v1/products/generate", json=product, headers=editor)
    [error] = answer.json()["errors"]
    assert error["message"] == "unknown field `featurs`; did you mean `features`?"
    # Nothing close: the known fields are listed instead.
    login = client.post("/api/v1/auth/login", json={"email": "a@b.c", "password": "x" * 10, "z": 1})
    [error] = login.json()["errors"]
    assert error["message"].startswith("unknown field `z`; known fields here: ")
    assert "email" in error["message"] and "password" in error["message"]
