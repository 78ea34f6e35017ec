"""Generating articles, product copy and block patterns over the API, on the shipped fake model.

With ``served`` the runs execute in this process and the answer waits for them; with
``client`` nothing runs them (no worker), so a generation stays queued and answers 202.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel, ValidationError

from presswright.api.routes.content import ArticleGenerate, PatternGenerate
from presswright.bootstrap import Instance
from presswright.content.blocks import render_pattern
from presswright.content.models import ContentData, ContentRequest, ProductCopy, ProductFacts
from presswright.content.pattern import PatternRequest
from presswright.content.render import render_html, render_markdown
from presswright.content.rules import check_article, check_product
from presswright.flows.operations import list_executions, stop
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.llm.types import ProviderRequest
from presswright.store.models import Role
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from tests.api.conftest import MakeMember, Member, bearer, login
from tests.content.test_article_flow import FACTS, GERMAN_PRODUCT, PRODUCT, FakeWriter
from tests.content.test_pattern_flow import DESCRIPTION, GOOD, FakeDesigner, junk_in

ARTICLES = "/api/v1/content/generate"
PRODUCTS = "/api/v1/products/generate"
PATTERNS = "/api/v1/patterns/generate"
BRIEF = {"topic": "Baking sourdough bread at home", "keywords": ["sourdough bread"], "sections": 2}
FAKE = {"model": "fake:test", "wait": 60}
HOPELESS = {
    "title": "Bakery hero",
    "category": "featured",
    "blocks": [{"type": "slider", "text": "Fresh"}, {"type": "paragraph", "text": " "}],
}


class FakeStudio:
    """Answers every prompt of the three content flows; each queue replaces answers in turn."""

    def __init__(self) -> None:
        self.writer = FakeWriter()
        self.designer = FakeDesigner()
        self.products: list[dict[str, Any]] = []
        self.product_fields: list[str] = []  # answers to one-field rewrites of product copy

    def __call__(self, request: ProviderRequest) -> str:
        prompt = next(m.content for m in request.messages if m.role == "user")
        if "block pattern" in prompt:
            return self.designer(request)
        if prompt.startswith("Product copy in "):
            text = self.product_fields.pop(0) if self.product_fields else PRODUCT["title"]
            return json.dumps({"text": text})
        if "product copy" in prompt:
            return json.dumps(self.products.pop(0) if self.products else PRODUCT)
        return self.writer(request)


@pytest.fixture
def studio() -> Iterator[FakeStudio]:
    """The fake provider's answers for this test."""
    script = FakeProvider.scripts["fake"] = FakeScript()
    fake = FakeStudio()
    script.add(*[fake] * 200)
    yield fake
    FakeProvider.scripts.pop("fake", None)


def editor_headers(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> tuple[Member, dict[str, str]]:
    """An editor of a new workspace that has the fake provider configured, and their headers."""
    editor = make_member(Role.EDITOR)
    with instance.database.tenant_session(editor.tenant_id) as session:
        create_provider_config(
            session, data=ProviderConfigCreate(name="fake", kind="fake"), box=instance.secretbox
        )
    return editor, bearer(login(client, editor)["access_token"])


@pytest.mark.timeout(120)
def test_completed_runs_answer_200_with_content_and_renderings(
    served: TestClient, make_member: MakeMember, instance: Instance, studio: FakeStudio
) -> None:
    _, headers = editor_headers(served, make_member, instance)
    article = served.post(
        ARTICLES, json={**BRIEF, **FAKE, "formats": ["html", "md"]}, headers=headers
    )
    assert article.status_code == 200, article.text
    body = article.json()
    assert body["status"] == "completed" and uuid.UUID(body["execution_id"])
    written = ContentData.model_validate(body["content"])
    assert check_article(written, ContentRequest.model_validate(BRIEF)) == []
    assert body["renderings"] == {
        "html": render_html(written, document=True),
        "md": render_markdown(written),
    }

    product = served.post(PRODUCTS, json={**FACTS, **FAKE, "formats": ["html"]}, headers=headers)
    assert product.status_code == 200, product.text
    copy = ProductCopy.model_validate(product.json()["content"])
    assert check_product(copy, ProductFacts.model_validate(FACTS)) == []
    assert product.json()["renderings"] == {"html": render_html(copy, document=True)}

    pattern = served.post(PATTERNS, json={"description": DESCRIPTION, **FAKE}, headers=headers)
    assert pattern.status_code == 200, pattern.text
    assert pattern.json()["content"] == {
        "spec": GOOD,
        "markup": render_pattern(GOOD),
        "asks": {"archetype": "text", "language": "en"},
    }
    assert "renderings" not in pattern.json()


@pytest.mark.timeout(120)
def test_failed_runs_answer_with_the_reason(
    served: TestClient, make_member: MakeMember, instance: Instance, studio: FakeStudio
) -> None:
    _, headers = editor_headers(served, make_member, instance)
    # A free layout beyond repair gives way to the archetype skeleton, whose heading the
    # model then never writes as text.
    studio.designer.answers["draft"] = [HOPELESS]
    studio.designer.answers["repair"] = [HOPELESS, HOPELESS]
    studio.designer.slots = [junk_in(studio.designer.writer, "heading")] * 40
    pattern = served.post(PATTERNS, json={"description": DESCRIPTION, **FAKE}, headers=headers)
    assert pattern.status_code == 422, pattern.text
    problem = pattern.json()
    assert problem["type"] == "urn:presswright:problem:content-contract"
    assert pattern.headers["content-type"] == "application/problem+json"
    assert "the block pattern text still breaks 1 rule(s)" in problem["detail"]
    assert "s0.heading: " in problem["detail"]
    assert "/api/v1/executions/" in problem["detail"]

    studio.products = [GERMAN_PRODUCT] * 12  # the draft, every re-ask and its schema retries
    studio.product_fields = GERMAN_PRODUCT["long_description"] * 12  # and every rewrite
    product = served.post(PRODUCTS, json={**FACTS, **FAKE}, headers=headers)
    assert product.status_code == 422, product.text
    assert "the product copy still breaks" in product.json()["detail"]
    assert "reads as German" in product.json()["detail"]

    # A model nobody configured fails the run at its first model call: the gateway failed.
    unknown = served.post(
        PATTERNS, json={**FAKE, "description": DESCRIPTION, "model": "nope:x"}, headers=headers
    )
    assert unknown.status_code == 502, unknown.text
    assert "not configured" in unknown.json()["detail"]


@pytest.mark.timeout(120)
def test_a_run_stopped_while_the_request_waits_answers_409(
    served: TestClient, make_member: MakeMember, instance: Instance, studio: FakeStudio
) -> None:
    editor, headers = editor_headers(served, make_member, instance)
    FakeProvider.scripts["fake"].delay = 30  # the draft never arrives before the stop
    answers: list[Any] = []
    waiting = threading.Thread(
        target=lambda: answers.append(
            served.post(PATTERNS, json={"description": DESCRIPTION, **FAKE}, headers=headers)
        )
    )
    waiting.start()
    deadline = time.monotonic() + 20
    while not (runs := list_executions(instance, tenant_id=editor.tenant_id)):
        assert time.monotonic() < deadline, "the run never started"
        time.sleep(0.1)
    stop(instance, tenant_id=editor.tenant_id, execution_id=runs[0].execution_id)
    waiting.join(timeout=30)
    assert answers and answers[0].status_code == 409, answers
    assert f"{runs[0].execution_id} was stopped" in answers[0].json()["detail"]


def test_runs_still_under_way_answer_202_with_their_location(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    _, headers = editor_headers(client, make_member, instance)
    for url, body, flow in (
        (ARTICLES, BRIEF, "article"),
        (PRODUCTS, FACTS, "product"),
        (PATTERNS, {"description": DESCRIPTION}, "pattern"),
    ):
        accepted = client.post(url, json={**body, "model": "fake:test", "wait": 0}, headers=headers)
        assert accepted.status_code == 202, accepted.text
        status = accepted.json()
        assert (status["flow"], status["status"], status["progress"]) == (flow, "queued", 0)
        location = accepted.headers["location"]
        assert location == f"/api/v1/executions/{status['execution_id']}"
        followed = client.get(location, headers=headers)
        assert followed.status_code == 200 and followed.json()["status"] == "queued"


def test_invalid_briefs_are_refused_with_field_paths(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    editor, headers = editor_headers(client, make_member, instance)
    bad = {
        "topic": "  bre  ",
        "keywords": [" "],
        "length": "epic",
        "formats": ["pdf"],
        "wait": 121,
        "model": "two words",
        "colour": "red",
    }
    refused = client.post(ARTICLES, json=bad, headers=headers)
    assert refused.status_code == 422
    fields = {error["field"] for error in refused.json()["errors"]}
    assert fields == {
        "body.topic",
        "body.keywords.0",
        "body.length",
        "body.formats.0",
        "body.wait",
        "body.model",
        "body.colour",
    }
    product = client.post(PRODUCTS, json={"attributes": {"a": 1}}, headers=headers)
    assert {e["field"] for e in product.json()["errors"]} == {
        "body.name",
        "body.category",
        "body.attributes.a",
    }
    pattern = client.post(PATTERNS, json={"description": "  hi  ", "formats": []}, headers=headers)
    assert {e["field"] for e in pattern.json()["errors"]} == {"body.description", "body.formats"}
    assert list_executions(instance, tenant_id=editor.tenant_id) == []


def test_an_unknown_brand_profile_is_named(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    editor, headers = editor_headers(client, make_member, instance)
    for url, body in ((ARTICLES, BRIEF), (PRODUCTS, FACTS)):
        missing = client.post(
            url, json={**body, "brand_profile": "Nowhere Bakery"}, headers=headers
        )
        assert missing.status_code == 404, missing.text
        assert "no brand profile named 'Nowhere Bakery'" in missing.json()["detail"]
        control = client.post(url, json={**body, "brand_profile": "Bakery\x00"}, headers=headers)
        assert control.status_code == 422
        assert control.json()["errors"][0]["field"] == "body.brand_profile"
    assert list_executions(instance, tenant_id=editor.tenant_id) == []


def test_generation_needs_an_editor(client: TestClient, make_member: MakeMember) -> None:
    viewer = make_member(Role.VIEWER)
    headers = bearer(login(client, viewer)["access_token"])
    for url, body in (
        (ARTICLES, BRIEF),
        (PRODUCTS, FACTS),
        (PATTERNS, {"description": DESCRIPTION}),
    ):
        denied = client.post(url, json={**body, "wait": 0}, headers=headers)
        assert denied.status_code == 403, url
        assert "you are viewer" in denied.json()["detail"]
        assert client.post(url, json={**body, "wait": 0}).status_code == 401


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("topic", "ab\x1dcd"),  # \x1d separates words for str.split(): "ab cd"
        ("topic", "\x1dabcd"),  # ... and is stripped: "abcd" is too short
        ("topic", " a b c "),
        ("topic", "\u3000ab\u2003 \tc"),
        ("keywords", ["\x1f"]),
        ("keywords", ["\xa0x"]),
        ("description", "\x1c\x1d\x1e\x1f!"),  # pydantic strips Unicode White_Space only
        ("description", "\u2000abcd\u2000"),
        ("category", "\x1f"),
        ("category", "\u205f"),
    ],
)
def test_the_body_schemas_accept_exactly_what_the_briefs_accept(field: str, value: Any) -> None:
    """A body's documented limits match its brief's, whitespace rules included."""
    body: type[BaseModel]
    brief: type[BaseModel]
    if field in ("topic", "keywords"):
        body, brief, values = ArticleGenerate, ContentRequest, {"topic": "Sourdough", field: value}
    else:
        body, brief = PatternGenerate, PatternRequest
        values = {"description": "Bakery hero", field: value}
    assert accepts(body, values) == accepts(brief, values)


def accepts(model: type[BaseModel], values: dict[str, Any]) -> bool:
    """Whether ``model`` validates ``values``."""
    try:
        model.model_validate(values)
    except ValidationError:
        return False
    return True
