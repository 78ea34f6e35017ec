"""ContentCraft's ``POST /api/content/generate`` as its design (seed 001) writes it.

The bodies use the design's ``ContentRequest`` field names (``topic, keywords, tone, length,
language, brand_profile, sections``) and the answers are read as its ``ContentResponse``
(``success, data, error``) with ``data`` its ``ContentData`` (``title, excerpt, outline,
body_html, meta{seo_title, meta_desc, slug}, headings, internal_links, schema_ld_json``).
Articles are written by the shipped fake model.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from presswright.bootstrap import Instance
from presswright.content.models import ContentData, ContentRequest
from presswright.content.rules import check_article
from presswright.store.brand_profiles import BrandProfileCreate, create_brand_profile
from tests.api.conftest import MakeMember
from tests.api.test_content_routes import FakeStudio, editor_headers, studio

__all__ = ["studio"]  # the fake model's answers, a fixture of the native routes' tests

GENERATE = "/api/content/generate"
REQUEST: dict[str, Any] = {
    "topic": "Baking sourdough bread at home",
    "keywords": ["sourdough bread"],
    "tone": "professional",
    "length": "short",
    "language": "en",
    "brand_profile": None,
    "sections": ["title", "body", "meta"],
}
CONTENT_DATA = {
    "title",
    "excerpt",
    "outline",
    "body_html",
    "meta",
    "headings",
    "internal_links",
    "schema_ld_json",
}


def envelope_error(answer: Any, status: int) -> str:
    """The error of a ContentResponse envelope answered with ``status``."""
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert (body["success"], body["data"]) == (False, None)
    assert body["error"] == body["detail"] and body["status"] == status
    return str(body["error"])


@pytest.mark.timeout(120)
def test_the_designs_request_gets_the_designs_response(
    served: TestClient, make_member: MakeMember, instance: Instance, studio: FakeStudio
) -> None:
    _, headers = editor_headers(served, make_member, instance)
    answer = served.post(GENERATE, params={"model": "fake:test"}, json=REQUEST, headers=headers)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["success"], body["error"]) == (True, None)
    data = body["data"]
    assert set(data) >= CONTENT_DATA
    assert set(data["meta"]) == {"seo_title", "meta_desc", "slug"}
    assert all(isinstance(heading, str) for heading in data["headings"])
    assert "sourdough bread" in data["body_html"].lower()
    assert "How long does sourdough take?" not in data["body_html"]  # no faq in sections
    # The document and the run are named, as every Presswright generation does.
    document = served.get(f"/api/v1/documents/{body['document_id']}", headers=headers)
    assert document.status_code == 200, document.text
    assert document.json()["execution_id"] == body["execution_id"]
    run = served.get(f"/api/v1/executions/{body['execution_id']}", headers=headers).json()
    article = ContentData.model_validate(run["outputs"]["article"])
    assert article.title == data["title"] and article.meta.slug == data["meta"]["slug"]
    assert json.loads(data["schema_ld_json"]) == article.schema_ld_json
    assert data["headings"] == [heading.text for heading in article.headings]
    brief = ContentRequest(topic=REQUEST["topic"], keywords=REQUEST["keywords"], length="short")
    assert check_article(article, brief) == []


@pytest.mark.timeout(120)
def test_errors_come_in_the_designs_envelope(
    served: TestClient, make_member: MakeMember, instance: Instance, studio: FakeStudio
) -> None:
    editor, headers = editor_headers(served, make_member, instance)
    assert "credentials" in envelope_error(served.post(GENERATE, json=REQUEST), 401)
    short = served.post(GENERATE, json=REQUEST | {"topic": "Hi"}, headers=headers)
    assert "body.topic" in envelope_error(short, 422)
    sections = served.post(GENERATE, json=REQUEST | {"sections": ["poem"]}, headers=headers)
    envelope_error(sections, 422)
    assert "unknown sections ['poem']" in sections.json()["errors"][0]["message"]
    inline = {"enabled": True, "tone": "warm", "vocabulary_level": "plain"}
    refused = served.post(GENERATE, json=REQUEST | {"brand_profile": inline}, headers=headers)
    assert "body.brand_profile" in envelope_error(refused, 422)
    assert "inline brand profile" in refused.json()["errors"][0]["message"]
    unknown = served.post(GENERATE, json=REQUEST | {"brand_profile": "Nope"}, headers=headers)
    assert "Nope" in envelope_error(unknown, 404)
    # The model nobody configured fails the run: the gateway failed.
    failed = served.post(GENERATE, params={"model": "nope:x"}, json=REQUEST, headers=headers)
    assert "not configured" in envelope_error(failed, 502)

    with instance.database.tenant_session(editor.tenant_id) as session:
        create_brand_profile(session, data=BrandProfileCreate(name="Bakery", tone="warm"))
    for named in ("Bakery", {"name": "Bakery"}, {"enabled": False, "tone": "ignored"}):
        answer = served.post(
            GENERATE,
            params={"model": "fake:test"},
            json=REQUEST | {"brand_profile": named, "sections": ["title", "body", "meta", "faq"]},
            headers=headers,
        )
        assert answer.status_code == 200, answer.text
        assert "How long does sourdough take?" in answer.json()["data"]["body_html"]  # faq


def test_a_run_still_under_way_answers_202_with_success_and_no_data(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    _, headers = editor_headers(client, make_member, instance)
    answer = client.post(
        GENERATE, params={"model": "fake:test", "wait": 0}, json=REQUEST, headers=headers
    )
    assert answer.status_code == 202, answer.text
    body = answer.json()
    assert (body["success"], body["data"], body["error"], body["status"]) == (
        True,
        None,
        None,
        "queued",
    )
    assert uuid.UUID(body["document_id"])
    assert answer.headers["location"] == f"/api/v1/executions/{body['execution_id']}"
    assert client.post("/api/v1/content/generate/..", json=REQUEST).status_code in (404, 405)
