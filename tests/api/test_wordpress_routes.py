"""The WordPress routes against the real WordPress: connect, list, publish, pull links, remove.

The site is the session's one test WordPress (``tests/wordpress/conftest.py``); every test
works in workspaces of its own and publishes under slugs of its own. Article runs use the
shipped fake provider.
"""

from __future__ import annotations

import base64
import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from presswright.bootstrap import Instance
from presswright.content.models import ContentData, SeoMeta
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.publish.wordpress.seo import NO_PLUGIN
from presswright.store.api_keys import create_api_key
from presswright.store.models import Role
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from tests.api.conftest import MakeMember
from tests.content.samples import english_article
from tests.content.test_article_flow import FakeWriter
from tests.wordpress.wordpress_site import RunningWordPress, free_port

SITES = "/api/v1/wordpress/sites"
PROBLEM = "urn:presswright:problem:"
SQLITE_ONLY = pytest.mark.parametrize("backend", ["sqlite"])
ONE_STEP_FLOW = {
    "name": "not-an-article",
    "version": 1,
    "inputs": {"topic": {"type": "string"}},
    "nodes": [{"id": "a", "type": "template", "config": {"template": "{{ inputs.topic }}"}}],
    "edges": [],
}


@dataclass(frozen=True)
class Workspace:
    """Request headers of an admin, an editor and a viewer of one new tenant."""

    tenant_id: uuid.UUID
    admin: dict[str, str]
    editor: dict[str, str]
    viewer: dict[str, str]


def workspace(instance: Instance, make_member: MakeMember) -> Workspace:
    """A new tenant with one member of each role below owner, each with an API key."""
    admin = make_member(Role.ADMIN)
    headers: dict[Role, dict[str, str]] = {}
    for role in (Role.ADMIN, Role.EDITOR, Role.VIEWER):
        member = admin if role is Role.ADMIN else make_member(role, admin.tenant_id)
        with instance.database.tenant_session(admin.tenant_id) as session:
            _, key = create_api_key(session, user_id=member.user_id, name="wp", expires_at=None)
        headers[role] = {"X-API-Key": key}
    return Workspace(
        tenant_id=admin.tenant_id,
        admin=headers[Role.ADMIN],
        editor=headers[Role.EDITOR],
        viewer=headers[Role.VIEWER],
    )


def connection(wordpress: RunningWordPress, **changes: str) -> dict[str, str]:
    """The body that connects the test site as its author."""
    return {
        "url": wordpress.url,
        "username": wordpress.author.login,
        "application_password": wordpress.author.app_password,
        **changes,
    }


def connect(client: TestClient, space: Workspace, wordpress: RunningWordPress) -> str:
    """Connect the test site to the workspace as its author; the site's id."""
    response = client.post(SITES, json=connection(wordpress), headers=space.admin)
    assert response.status_code == 201, response.text
    return str(response.json()["site"]["id"])


def article(prefix: str, **changes: Any) -> dict[str, Any]:
    """The sample article under a slug of its own, as a request body's ``document``.

    It meets the article contract, as a given article must: the slug is made of words
    (the digits that make it unique do not count), the meta description is long enough.
    """
    meta = SeoMeta(
        seo_title="Home Composting for Beginners: A Practical Guide",
        meta_desc="Learn home composting with a simple compost bin: what to add, how to"
        " balance greens and browns, and how to turn kitchen scraps into rich garden soil.",
        slug=f"{prefix}-home-composting-{uuid.uuid4().int % 10**12}",
    )
    return english_article(meta=meta, **changes).model_dump(mode="json")


def remote_post(wordpress: RunningWordPress, post_id: int) -> dict[str, Any]:
    """The post as WordPress stores it."""
    post: dict[str, Any] = wordpress.rest(
        "GET", f"/wp/v2/posts/{post_id}", params={"context": "edit"}
    ).json()
    return post


def assert_problem(response: Any, status: int, slug: str) -> dict[str, Any]:
    """The problem document of ``response``, after checking its status and type."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem: dict[str, Any] = response.json()
    assert problem["type"] == PROBLEM + slug
    return problem


@pytest.fixture
def fake_writer() -> Iterator[None]:
    """The fake provider answers every step of the article flow."""
    writer = FakeWriter()
    FakeProvider.scripts["fake"] = FakeScript().add(*[writer] * 100)
    yield
    FakeProvider.scripts.pop("fake", None)


def test_admins_connect_and_remove_sites_that_everyone_lists(
    client: TestClient, instance: Instance, make_member: MakeMember, wordpress: RunningWordPress
) -> None:
    space = workspace(instance, make_member)
    body = connection(wordpress, name="blog")
    assert_problem(client.post(SITES, json=body, headers=space.editor), 403, "forbidden")

    created = client.post(SITES, json=body, headers=space.admin)
    assert created.status_code == 201, created.text
    assert wordpress.author.app_password not in created.text
    assert created.json()["warnings"] == []  # an author's HTML is filtered by WordPress
    site = created.json()["site"]
    assert (site["name"], site["url"], site["status"], site["remote_roles"]) == (
        "blog",
        wordpress.url,
        "ok",
        ["author"],
    )
    same_address = client.post(SITES, json={**body, "name": "again"}, headers=space.admin)
    assert "connected already" in assert_problem(same_address, 409, "already-exists")["detail"]

    assert client.get(SITES, headers=space.viewer).json() == [site]
    assert client.get(f"{SITES}/{site['id']}", headers=space.viewer).json() == site
    checked = client.get(SITES, params={"check": "true"}, headers=space.viewer)
    assert checked.status_code == 200, checked.text
    [fresh] = checked.json()
    assert (fresh["id"], fresh["status"], fresh["status_detail"]) == (site["id"], "ok", None)
    assert fresh["checked_at"] > site["checked_at"]

    assert_problem(client.delete(f"{SITES}/{site['id']}", headers=space.editor), 403, "forbidden")
    assert client.delete(f"{SITES}/{site['id']}", headers=space.admin).status_code == 204
    assert_problem(client.get(f"{SITES}/{site['id']}", headers=space.viewer), 404, "not-found")
    assert_problem(client.delete(f"{SITES}/{site['id']}", headers=space.admin), 404, "not-found")
    assert client.get(f"{SITES}/not-an-id", headers=space.viewer).status_code == 422
    assert client.get(SITES, headers=space.viewer).json() == []


@SQLITE_ONLY
def test_a_refusing_or_silent_site_is_a_gateway_problem_that_never_shows_the_password(
    client: TestClient,
    instance: Instance,
    make_member: MakeMember,
    wordpress: RunningWordPress,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    space = workspace(instance, make_member)
    wrong = "abcd EFGH ijkl MNOP qrst UVWX"
    refused = client.post(
        SITES, json=connection(wordpress, application_password=wrong), headers=space.admin
    )
    problem = assert_problem(refused, 502, "wordpress-credentials-rejected")
    assert f"WordPress at {wordpress.url}" in problem["detail"]
    assert "HTTP 401" in problem["detail"]
    assert "check the username and the application password" in problem["detail"]
    assert "www-authenticate" not in refused.headers  # not a challenge to our own client
    basic = base64.b64encode(f"{wordpress.author.login}:{wrong}".encode()).decode()
    output = capfd.readouterr()
    for shown in (refused.text, caplog.text, output.out, output.err):
        assert wrong not in shown
        assert basic not in shown

    silent = client.post(
        SITES,
        json=connection(wordpress, url=f"http://127.0.0.1:{free_port()}"),
        headers=space.admin,
    )
    assert (
        "cannot reach WordPress" in assert_problem(silent, 504, "wordpress-unreachable")["detail"]
    )
    assert client.get(SITES, headers=space.viewer).json() == []  # nothing stored

    admin = client.post(
        SITES,
        json=connection(
            wordpress,
            username=wordpress.admin.login,
            application_password=wordpress.admin.app_password,
        ),
        headers=space.admin,
    )
    assert admin.status_code == 201, admin.text
    [warning] = admin.json()["warnings"]
    assert "unfiltered_html" in warning


def test_editors_publish_and_publishing_again_updates_the_same_post(
    client: TestClient, instance: Instance, make_member: MakeMember, wordpress: RunningWordPress
) -> None:
    space = workspace(instance, make_member)
    publish = f"{SITES}/{connect(client, space, wordpress)}/publish"
    document = article("api-compost")
    body = {"document": document, "categories": ["Uncategorized"], "tags": ["compost"]}
    assert_problem(client.post(publish, json=body, headers=space.viewer), 403, "forbidden")

    first = client.post(publish, json=body, headers=space.editor)
    assert first.status_code == 200, first.text
    result = first.json()
    assert (result["action"], result["status"]) == ("created", "draft")
    assert result["document_key"] == f"article:{document['meta']['slug']}"
    assert len(result["categories"]) == len(result["tags"]) == 1
    assert result["seo"]["note"] == NO_PLUGIN  # the test site runs no SEO plugin

    revised = {**document, "title": "Home Composting, Revised"}
    again = client.post(
        publish, json={"document": revised, "status": "publish"}, headers=space.editor
    )
    assert again.status_code == 200, again.text
    assert (again.json()["action"], again.json()["remote_id"]) == ("updated", result["remote_id"])
    post = remote_post(wordpress, result["remote_id"])
    assert (post["title"]["raw"], post["status"]) == ("Home Composting, Revised", "publish")
    found = wordpress.rest(
        "GET", "/wp/v2/posts", params={"slug": document["meta"]["slug"], "status": "publish,draft"}
    ).json()
    assert [item["id"] for item in found] == [result["remote_id"]]

    # A run that has not completed has no article yet (nothing runs it here: no worker).
    queued = client.post(
        "/api/v1/executions",
        json={"spec": ONE_STEP_FLOW, "inputs": {"topic": "walls"}, "wait": 0},
        headers=space.editor,
    )
    assert queued.status_code == 202, queued.text
    pending = client.post(
        publish, json={"execution_id": queued.json()["execution_id"]}, headers=space.editor
    )
    assert "only a completed run" in assert_problem(pending, 409, "conflict")["detail"]
    for invalid in (
        {"status": "draft"},
        {"document": document, "execution_id": str(uuid.uuid4())},
        {"document": document, "status": "future"},
        {"document": {**document, "meta": {**document["meta"], "slug": "a b"}}},
        {"document": document, "app_password": "x"},
    ):
        assert client.post(publish, json=invalid, headers=space.editor).status_code == 422


def test_a_given_article_that_breaks_the_contract_is_refused_and_nothing_reaches_wordpress(
    client: TestClient, instance: Instance, make_member: MakeMember, wordpress: RunningWordPress
) -> None:
    space = workspace(instance, make_member)
    publish = f"{SITES}/{connect(client, space, wordpress)}/publish"
    document = article("refused")
    tag = f"refused-{uuid.uuid4().hex[:8]}"
    broken = {
        **document,
        "meta": {**document["meta"], "meta_desc": "Compost tips."},
        "body_html": document["body_html"].replace(
            "</p>", " As an AI language model, here is the article you asked for.</p>", 1
        )
        + '<p onclick="steal()">Click <script>alert(1)</script>here.</p>',
    }

    refused = client.post(
        publish, json={"document": broken, "tags": [tag], "status": "publish"}, headers=space.editor
    )

    problem = assert_problem(refused, 422, "content-contract")
    detail = problem["detail"]
    assert detail.startswith("the article breaks ") and "was not sent" in detail
    # Each violation by field and message: the short meta description (an empty one is
    # already a validation error), the chat with the model and the markup WordPress must
    # not get.
    assert "meta.meta_desc: the meta description is 13 characters long" in detail
    assert "body_html: body_html contains markup the sanitizer removes" in detail
    assert "body_html: paragraph 1: 'As an AI' talks to the person who asked" in detail
    # The same violations located by field, for a form to show next to each field.
    located = {(error["field"], error["kind"]) for error in problem["errors"]}
    assert {("meta.meta_desc", "meta_desc_length"), ("body_html", "quality_chatter")} <= located
    # Nothing reached WordPress: no post under the slug, not even the tag it would create.
    slug = document["meta"]["slug"]
    posts = wordpress.rest("GET", "/wp/v2/posts", params={"slug": slug, "status": "any"})
    assert posts.json() == []
    assert wordpress.rest("GET", "/wp/v2/tags", params={"search": tag}).json() == []

    # The same article with the contract met publishes.
    fixed = client.post(publish, json={"document": document, "tags": [tag]}, headers=space.editor)
    assert fixed.status_code == 200, fixed.text
    assert remote_post(wordpress, fixed.json()["remote_id"])["slug"] == slug


def test_an_article_run_is_published_by_its_execution_id(
    served: TestClient,
    make_member: MakeMember,
    instance: Instance,
    wordpress: RunningWordPress,
    fake_writer: None,
) -> None:
    space = workspace(instance, make_member)
    with instance.database.tenant_session(space.tenant_id) as session:
        create_provider_config(
            session, data=ProviderConfigCreate(name="fake", kind="fake"), box=instance.secretbox
        )
    run = served.post(
        "/api/v1/content/generate",
        json={
            "topic": "Baking sourdough bread at home",
            "keywords": ["sourdough bread"],
            "sections": 2,
            "model": "fake:test",
        },
        headers=space.editor,
    )
    assert run.status_code == 200, run.text
    written = ContentData.model_validate(run.json()["content"])
    publish = f"{SITES}/{connect(served, space, wordpress)}/publish"
    key = f"run:{uuid.uuid4().hex}"
    body = {"execution_id": run.json()["execution_id"], "key": key}

    first = served.post(publish, json=body, headers=space.editor)
    assert first.status_code == 200, first.text
    assert (first.json()["action"], first.json()["document_key"]) == ("created", key)
    assert remote_post(wordpress, first.json()["remote_id"])["title"]["raw"] == written.title
    again = served.post(publish, json=body, headers=space.editor)
    assert (again.json()["action"], again.json()["remote_id"]) == (
        "updated",
        first.json()["remote_id"],
    )

    other = workspace(instance, make_member)
    for headers in (space.editor, other.editor):
        finished = served.post(
            "/api/v1/executions",
            json={"spec": ONE_STEP_FLOW, "inputs": {"topic": "walls"}, "wait": 30},
            headers=headers,
        )
        assert finished.json()["status"] == "completed", finished.text
        answer = served.post(
            publish, json={"execution_id": finished.json()["execution_id"]}, headers=space.editor
        )
        if headers is space.editor:
            assert "has no article" in assert_problem(answer, 400, "invalid-input")["detail"]
        else:  # another workspace's run is not found, like one that does not exist
            assert_problem(answer, 404, "not-found")


def test_an_article_document_is_published_by_its_id_and_shows_where_it_went(
    served: TestClient,
    make_member: MakeMember,
    instance: Instance,
    wordpress: RunningWordPress,
    fake_writer: None,
) -> None:
    space = workspace(instance, make_member)
    with instance.database.tenant_session(space.tenant_id) as session:
        create_provider_config(
            session, data=ProviderConfigCreate(name="fake", kind="fake"), box=instance.secretbox
        )
    run = served.post(
        "/api/v1/content/generate",
        json={"topic": "Pruning apple trees in winter", "sections": 2, "model": "fake:test"},
        headers=space.editor,
    )
    assert run.status_code == 200, run.text
    document_id = run.json()["document_id"]
    site_id = connect(served, space, wordpress)
    publish = f"{SITES}/{site_id}/publish"

    first = served.post(publish, json={"document_id": document_id}, headers=space.editor)
    assert first.status_code == 200, first.text
    assert (first.json()["action"], first.json()["document_key"]) == (
        "created",
        f"document:{document_id}",
    )
    post = remote_post(wordpress, first.json()["remote_id"])
    assert post["title"]["raw"] == run.json()["content"]["title"]
    again = served.post(publish, json={"document_id": document_id}, headers=space.editor)
    assert (again.json()["action"], again.json()["remote_id"]) == (
        "updated",
        first.json()["remote_id"],
    )
    shown = served.get(f"/api/v1/documents/{document_id}", headers=space.editor).json()
    assert [(place["site_id"], place["remote_id"]) for place in shown["published"]] == [
        (site_id, first.json()["remote_id"])
    ]

    # Not an article, another workspace's, or both ways at once: refused, nothing published.
    unknown = served.post(publish, json={"document_id": str(uuid.uuid4())}, headers=space.editor)
    assert_problem(unknown, 404, "not-found")
    both = served.post(
        publish,
        json={"document_id": document_id, "execution_id": run.json()["execution_id"]},
        headers=space.editor,
    )
    assert both.status_code == 422 and "exactly one of" in both.text


def test_editors_pull_the_link_index_that_everyone_reads(
    client: TestClient, instance: Instance, make_member: MakeMember, wordpress: RunningWordPress
) -> None:
    space = workspace(instance, make_member)
    site_id = connect(client, space, wordpress)
    live = client.post(
        f"{SITES}/{site_id}/publish",
        json={"document": article("api-live"), "status": "publish"},
        headers=space.editor,
    ).json()
    assert client.get(f"{SITES}/{site_id}/links", headers=space.viewer).json() == []
    pull = f"{SITES}/{site_id}/pull-links"
    assert_problem(client.post(pull, headers=space.viewer), 403, "forbidden")

    pulled = client.post(pull, headers=space.editor)
    assert pulled.status_code == 200, pulled.text
    links = client.get(f"{SITES}/{site_id}/links", headers=space.viewer).json()
    assert pulled.json() == {"count": len(links)}
    assert {
        "title": "Home Composting for Beginners: Turn Kitchen Scraps into Garden Gold",
        "url": live["url"],
    } in links
    assert links == sorted(links, key=lambda link: link["title"])
    site = client.get(f"{SITES}/{site_id}", headers=space.viewer).json()
    assert site["links_pulled_at"] is not None


def test_another_workspaces_site_is_not_found(
    client: TestClient, instance: Instance, make_member: MakeMember, wordpress: RunningWordPress
) -> None:
    mine, theirs = workspace(instance, make_member), workspace(instance, make_member)
    site_id = connect(client, theirs, wordpress)
    unknown = str(uuid.uuid4())
    for target in (site_id, unknown):
        for method, path, body in (
            ("GET", "", None),
            ("POST", "/publish", {"document": article("api-walls")}),
            ("POST", "/pull-links", None),
            ("GET", "/links", None),
            ("DELETE", "", None),
        ):
            answer = client.request(
                method, f"{SITES}/{target}{path}", json=body, headers=mine.admin
            )
            assert_problem(answer, 404, "not-found")
    assert client.get(SITES, headers=mine.admin).json() == []
    assert client.get(f"{SITES}/{site_id}", headers=theirs.viewer).status_code == 200
