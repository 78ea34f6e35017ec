"""The content contract over the API: a dry-run check, its limits as data, refused edits and
taken template names that name their fields."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from presswright.bootstrap import Instance
from presswright.content.models import META_DESC_MAX, META_DESC_MIN, SEO_TITLE_MAX
from presswright.documents.outcome import store_version
from presswright.store.documents import claim_version, create_document
from presswright.store.models import Role
from tests.api.conftest import MakeMember, Member, bearer, login
from tests.content.samples import english_article, product_copy
from tests.store.test_pattern_templates import hero_spec

CHECK = "/api/v1/content/check"
CONTRACT = "/api/v1/content/contract"
LONG_SEO_TITLE = "Home Composting for Beginners: Bins, Browns, Greens and Smells"


def headers_of(client: TestClient, member: Member) -> dict[str, str]:
    return bearer(login(client, member)["access_token"])


def article_json() -> dict[str, Any]:
    return english_article().model_dump(mode="json", exclude_none=True)


def test_a_viewer_checks_content_and_nothing_is_stored(
    client: TestClient, make_member: MakeMember
) -> None:
    viewer = headers_of(client, make_member(Role.VIEWER))
    passed = client.post(
        CHECK, json={"kind": "article", "document": article_json()}, headers=viewer
    )
    assert passed.status_code == 200, passed.text
    assert passed.json() == {"ok": True, "errors": []}

    broken = article_json()
    broken["meta"]["seo_title"] = LONG_SEO_TITLE
    answer = client.post(
        CHECK,
        json={"kind": "article", "document": broken, "keywords": ["worm farm"], "language": "en"},
        headers=viewer,
    )
    assert answer.status_code == 200, answer.text
    checked = answer.json()
    assert checked["ok"] is False
    found = {(error["field"], error["rule"]) for error in checked["errors"]}
    assert found == {
        ("meta.seo_title", "seo_title_length"),
        ("meta.meta_desc", "keyword_in_title_or_meta_desc"),
        ("body_html", "keyword_in_first_paragraph"),
    }
    assert all(error["message"] for error in checked["errors"])
    assert client.get("/api/v1/documents", headers=viewer).json()["total"] == 0

    product = product_copy().model_dump(mode="json", exclude_none=True)
    copy = client.post(CHECK, json={"kind": "product", "document": product}, headers=viewer)
    assert copy.json() == {"ok": True, "errors": []}
    pattern = client.post(
        CHECK, json={"kind": "pattern", "document": {"spec": hero_spec()}}, headers=viewer
    )
    assert pattern.status_code == 200 and pattern.json()["ok"] is True, pattern.text


def test_malformed_documents_and_requests_are_422_with_field_errors(
    client: TestClient, make_member: MakeMember
) -> None:
    viewer = headers_of(client, make_member(Role.VIEWER))
    document = article_json()
    del document["meta"]
    refused = client.post(CHECK, json={"kind": "article", "document": document}, headers=viewer)
    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert refused.headers["content-type"] == "application/problem+json"
    assert problem["type"] == "urn:presswright:problem:content-contract"
    assert [(e["field"], e["kind"]) for e in problem["errors"]] == [("meta", "shape")]
    assert "meta" in problem["detail"]

    unknown = client.post(CHECK, json={"kind": "book", "document": {}}, headers=viewer)
    assert unknown.status_code == 422
    assert [e["field"] for e in unknown.json()["errors"]] == ["body.kind"]
    language = client.post(
        CHECK,
        json={"kind": "article", "document": article_json(), "language": "xx"},
        headers=viewer,
    )
    assert language.status_code == 422
    assert [e["field"] for e in language.json()["errors"]] == ["body.language"]


def test_the_contract_needs_credentials_and_states_the_limits(
    client: TestClient, make_member: MakeMember
) -> None:
    assert client.get(CONTRACT).status_code == 401
    assert client.post(CHECK, json={"kind": "article", "document": {}}).status_code == 401
    viewer = headers_of(client, make_member(Role.VIEWER))
    contract = client.get(CONTRACT, headers=viewer)
    assert contract.status_code == 200, contract.text
    limits = {limit["field"]: limit for limit in contract.json()["article"]["limits"]}
    assert limits["meta.seo_title"]["max"] == SEO_TITLE_MAX
    assert (limits["meta.meta_desc"]["min"], limits["meta.meta_desc"]["max"]) == (
        META_DESC_MIN,
        META_DESC_MAX,
    )
    assert [language["code"] for language in contract.json()["languages"]][:3] == [
        "en",
        "fa",
        "ar",
    ]


def test_a_refused_edit_lists_each_violation_in_errors(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    member = make_member(Role.EDITOR)
    editor = headers_of(client, member)
    with instance.database.tenant_session(member.tenant_id) as session:
        document = create_document(
            session, kind="article", title="Composting", language="en", execution_id=None,
            created_by=None, status="ready",
        )  # fmt: skip
        assert claim_version(session, document_id=document.id, base_version=0)
        store_version(
            session, document, 1, article_json(), source="edited", execution_id=None,
            generation=None, author=None,
        )  # fmt: skip
        document_id = document.id
    broken = article_json()
    broken["meta"]["seo_title"] = LONG_SEO_TITLE
    refused = client.patch(
        f"/api/v1/documents/{document_id}",
        json={"base_version": 1, "content": broken},
        headers=editor,
    )
    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert problem["type"] == "urn:presswright:problem:content-contract"
    assert [(e["field"], e["kind"]) for e in problem["errors"]] == [
        ("meta.seo_title", "seo_title_length")
    ]
    assert problem["detail"].startswith("the edited article breaks 1 rule(s) of its contract")
    assert "meta.seo_title: the SEO title is 62 characters long" in problem["detail"]


def test_a_taken_template_name_is_named_in_errors(
    client: TestClient, make_member: MakeMember
) -> None:
    editor = headers_of(client, make_member(Role.EDITOR))
    body = {"name": "hero", "spec": hero_spec()}
    assert client.post("/api/v1/templates", json=body, headers=editor).status_code == 201
    taken = client.post("/api/v1/templates", json=body, headers=editor)
    assert taken.status_code == 409, taken.text
    problem = taken.json()
    assert problem["type"] == "urn:presswright:problem:already-exists"
    assert [(e["field"], e["kind"]) for e in problem["errors"]] == [("body.name", "already_exists")]
    assert problem["errors"][0]["message"] == "a pattern template named 'hero' exists"
    assert "pick another name" in problem["detail"]
