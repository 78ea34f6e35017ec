"""Previews over the API: a sanitized page under its own policy, behind an expiring token."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from presswright.api.middleware import API_SECURITY_HEADERS
from presswright.api.preview_store import MemoryPreviewStore
from presswright.api.routes.previews import MAX_MARKUP, PREVIEW_POLICY
from presswright.content.blocks import render_pattern
from presswright.store.models import Role
from tests.api.conftest import MakeMember, bearer, login
from tests.store.test_pattern_templates import hero_spec

PREVIEWS = "/api/v1/previews"
TEMPLATES = "/api/v1/templates"
COLUMNS = (
    '<!-- wp:columns -->\n<div class="wp-block-columns"><!-- wp:column -->\n'
    '<div class="wp-block-column"><p>Rye</p></div>\n<!-- /wp:column -->\n\n<!-- wp:column -->\n'
    '<div class="wp-block-column"><p>Spelt</p></div>\n<!-- /wp:column --></div>\n'
    "<!-- /wp:columns -->"
)


@pytest.fixture
def backend() -> str:
    """SQLite only: previews keep nothing in the database."""
    return "sqlite"


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def member_headers(client: TestClient, make_member: MakeMember, role: Role, **kw: Any) -> Any:
    member = make_member(role, **kw)
    return member, bearer(login(client, member)["access_token"])


def preview(client: TestClient, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    created = client.post(PREVIEWS, json=body, headers=headers)
    assert created.status_code == 201, created.text
    return created.json()  # type: ignore[no-any-return]


def test_a_preview_is_a_page_under_its_own_policy(
    client: TestClient, make_member: MakeMember
) -> None:
    _, viewer = member_headers(client, make_member, Role.VIEWER)
    created = client.post(PREVIEWS, json={"markup": COLUMNS}, headers=viewer)
    assert created.status_code == 201, created.text
    # The answer to the POST is the API's as ever.
    for name, value in API_SECURITY_HEADERS.items():
        assert created.headers[name] == value
    answer = created.json()
    assert re.fullmatch(r"/api/v1/previews/[A-Za-z0-9_-]{43}", answer["url"])
    assert answer["language"] == "en" and answer["expires_at"]

    page = client.get(answer["url"])  # no credentials: the token is the capability
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["content-security-policy"] == PREVIEW_POLICY
    assert "script-src" not in PREVIEW_POLICY and "'none'" in PREVIEW_POLICY
    assert PREVIEW_POLICY.endswith("; sandbox")
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["x-frame-options"] == "SAMEORIGIN"
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    text = page.text
    assert text.startswith("<!DOCTYPE html>")
    assert '<html lang="en" dir="ltr">' in text
    assert '<div class="wp-block-columns">' in text and "<p>Spelt</p>" in text
    assert "<!--" not in text  # block comments are markup for the editor, not the page
    assert f'<link rel="stylesheet" href="{answer["url"]}/blocks.css">' in text

    styles = client.get(f"{answer['url']}/blocks.css")
    assert styles.status_code == 200
    assert styles.headers["content-type"] == "text/css; charset=utf-8"
    assert styles.headers["x-content-type-options"] == "nosniff"
    assert ".wp-block-columns" in styles.text and ".wp-block-button__link" in styles.text


def test_scripts_handlers_and_dangerous_urls_are_stripped(
    client: TestClient, make_member: MakeMember
) -> None:
    _, editor = member_headers(client, make_member, Role.EDITOR)
    markup = (
        "<!-- wp:paragraph -->\n"
        '<p onclick="steal()" style="color:#cf2e2e;padding:2em">Fresh <b onmouseover="x()">rye'
        "</b></p>\n<!-- /wp:paragraph -->\n"
        "<script>alert('page')</script><SCRIPT src=https://evil.example/x.js></SCRIPT>"
        '<img src="https://cdn.example.com/a.jpg" alt="Loaf" onerror="alert(1)">'
        '<a href="javascript:alert(2)">Order</a><a href="/order" target="_top">Visit</a>'
        '<iframe src="https://evil.example"></iframe><form action="https://evil.example">'
        '<input name="card"></form><svg onload="alert(3)"><circle r="4"/></svg>'
        "<style>body{display:none}</style>"
        '<object data="https://evil.example/x.swf"></object><meta http-equiv="refresh"'
        ' content="0;url=https://evil.example"><base href="https://evil.example/">'
        '<div style="background-image:url(javascript:alert(4))">Cover</div>'
    )
    page = client.get(preview(client, editor, markup=markup)["url"]).text
    body = page.split("<body>", 1)[1]
    for banned in (
        "<script",
        "alert",
        "onclick",
        "onmouseover",
        "onerror",
        "onload",
        "javascript:",
        "<iframe",
        "<form",
        "<input",
        "<svg",
        "<style",
        "<object",
        "<meta",
        "<base",
        "evil.example",
    ):
        assert banned not in body.lower(), banned
    # What an author may write stays: text, safe inline styles, images, plain links.
    assert '<p style="color:#cf2e2e;padding:2em">Fresh <b>rye</b></p>' in body
    assert '<img src="https://cdn.example.com/a.jpg" alt="Loaf">' in body
    assert "<a>Order</a>" in body and '<a href="/order" target="_top">Visit</a>' in body
    assert "<div>Cover</div>" in body
    # The one <base> is the page's own: links open nowhere (the sandbox opens no windows).
    assert page.count("<base") == 1 and '<base target="_blank">' in page


def test_layout_the_comments_ask_for_and_right_to_left(
    client: TestClient, make_member: MakeMember
) -> None:
    _, editor = member_headers(client, make_member, Role.EDITOR)
    markup = (
        '<!-- wp:buttons {"layout":{"type":"flex","justifyContent":"center"}} -->\n'
        '<div class="wp-block-buttons"><!-- wp:button -->\n<div class="wp-block-button">'
        '<a class="wp-block-button__link wp-element-button" href="/order">اطلب الآن</a></div>\n'
        "<!-- /wp:button --></div>\n<!-- /wp:buttons -->"
    )
    made = preview(client, editor, markup=markup, language="ar", title="بطل المخبز")
    assert made["language"] == "ar"
    page = client.get(made["url"]).text
    assert '<html lang="ar" dir="rtl">' in page
    assert "<title>بطل المخبز</title>" in page
    assert '<div class="wp-block-buttons is-layout-flex is-content-justification-center">' in page


def test_the_same_preview_keeps_its_url_and_each_workspace_has_its_own(
    client: TestClient, make_member: MakeMember
) -> None:
    mine_member, mine = member_headers(client, make_member, Role.EDITOR)
    _, colleague = member_headers(client, make_member, Role.VIEWER, tenant_id=mine_member.tenant_id)
    _, theirs = member_headers(client, make_member, Role.OWNER)
    first = preview(client, mine, markup=COLUMNS)["url"]
    assert preview(client, mine, markup=COLUMNS)["url"] == first
    assert preview(client, colleague, markup=COLUMNS)["url"] == first
    assert preview(client, mine, markup=COLUMNS, language="de")["url"] != first
    assert preview(client, mine, markup=COLUMNS, title="Columns")["url"] != first
    assert preview(client, theirs, markup=COLUMNS)["url"] != first


def test_templates_are_previewed_within_their_workspace(
    client: TestClient, make_member: MakeMember
) -> None:
    _, mine = member_headers(client, make_member, Role.EDITOR)
    _, theirs = member_headers(client, make_member, Role.OWNER)
    template = client.post(TEMPLATES, json={"name": "hero", "spec": hero_spec()}, headers=mine)
    assert template.status_code == 201, template.text
    template_id = template.json()["id"]

    made = preview(client, mine, template_id=template_id)
    page = client.get(made["url"]).text
    assert "<title>Bakery hero</title>" in page
    assert "Baked before sunrise" in page and '<div class="wp-block-cover">' in page
    # The same page as the markup the spec renders to.
    same = preview(client, mine, markup=render_pattern(hero_spec()), title="Bakery hero")
    assert same["url"] == made["url"]

    # Another workspace cannot preview it, as if it did not exist.
    wall = client.post(PREVIEWS, json={"template_id": template_id}, headers=theirs)
    assert wall.status_code == 404
    assert wall.headers["content-type"] == "application/problem+json"
    assert "no pattern template" in wall.json()["detail"]


def test_creating_needs_a_member_and_reading_needs_a_live_token(
    client: TestClient, make_member: MakeMember
) -> None:
    refused = client.post(PREVIEWS, json={"markup": COLUMNS})
    assert refused.status_code == 401
    assert refused.headers["content-type"] == "application/problem+json"
    junk = client.post(PREVIEWS, json={"markup": COLUMNS}, headers={"X-API-Key": "pw_nope"})
    assert junk.status_code == 401
    for url in (
        f"{PREVIEWS}/{'A' * 43}",
        f"{PREVIEWS}/{'A' * 43}/blocks.css",
        f"{PREVIEWS}/short",
        f"{PREVIEWS}/short/blocks.css",
    ):
        missing = client.get(url)
        assert missing.status_code == 404, url
        assert missing.headers["content-type"] == "application/problem+json"
        assert "expired" in missing.json()["detail"]
        # A refusal is the API's, never a page: no framing, nothing loaded.
        assert (
            missing.headers["content-security-policy"]
            == API_SECURITY_HEADERS["Content-Security-Policy"]
        )


def test_a_preview_expires(client: TestClient, make_member: MakeMember) -> None:
    clock = Clock()
    store = MemoryPreviewStore(ttl=600, clock=clock)
    client.app.state.previews = store  # type: ignore[attr-defined]
    _, editor = member_headers(client, make_member, Role.EDITOR)
    url = preview(client, editor, markup=COLUMNS)["url"]
    clock.now += 599
    assert client.get(url).status_code == 200
    # Asked for again, it is kept for the whole time once more, under the same URL.
    assert preview(client, editor, markup=COLUMNS)["url"] == url
    clock.now += 599
    assert client.get(url).status_code == 200
    clock.now += 2
    assert client.get(url).status_code == 404
    assert client.get(f"{url}/blocks.css").status_code == 404


def test_bad_input_is_refused_with_a_clear_message(
    client: TestClient, make_member: MakeMember
) -> None:
    _, editor = member_headers(client, make_member, Role.EDITOR)

    def refused(body: Any, status: int = 422) -> dict[str, Any]:
        answer = client.post(PREVIEWS, json=body, headers=editor)
        assert answer.status_code == status, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
        return answer.json()  # type: ignore[no-any-return]

    for empty in ("", "   \n\t"):
        problem = refused({"markup": empty})
        assert problem["errors"][0]["field"] == "body.markup"
        assert "the markup is empty" in problem["errors"][0]["message"]
    large = refused({"markup": "<p>" + "a" * MAX_MARKUP + "</p>"})
    assert large["errors"][0]["field"] == "body.markup"
    assert "at most 80,000" in large["errors"][0]["message"]
    # Past the API's body limit the body is not even read.
    huge = refused({"markup": "a" * (1024 * 1024)}, status=413)
    assert "larger than the limit" in huge["detail"]
    neither = refused({"language": "en"})
    assert "exactly one" in neither["errors"][0]["message"]
    both = refused({"markup": COLUMNS, "template_id": "6f1c0e7a-0000-4000-8000-000000000000"})
    assert "exactly one" in both["errors"][0]["message"]
    assert refused({"markup": COLUMNS, "language": "xx"})["errors"][0]["field"] == "body.language"
    assert refused({"markup": COLUMNS, "title": "a\x00b"})["errors"][0]["field"] == "body.title"
    assert refused({"markup": COLUMNS, "colour": "red"})["errors"][0]["field"] == "body.colour"
    assert refused({"template_id": "not-a-uuid"})["errors"][0]["field"] == "body.template_id"
    missing = refused({"template_id": "6f1c0e7a-0000-4000-8000-000000000000"}, status=404)
    assert "no pattern template" in missing["detail"]


def test_the_page_routes_stay_out_of_the_api_document(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(p for p in paths if p.startswith(PREVIEWS)) == {PREVIEWS}
    assert set(paths[PREVIEWS]) == {"post"}
