"""The template library's categories (in use, with counts) and each template's markup."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from presswright.content.blocks import render_pattern
from presswright.content.pattern_draft import PATTERN_CATEGORIES
from presswright.store.models import Role
from presswright.store.pattern_templates import get_pattern_template
from tests.api.conftest import MakeMember, bearer, login
from tests.store.test_pattern_templates import PRICES, hero_spec

TEMPLATES = "/api/v1/templates"
CATEGORIES = f"{TEMPLATES}/categories"


def headers_of(client: TestClient, make_member: MakeMember, role: Role, **kw: Any) -> Any:
    member = make_member(role, **kw)
    return member, bearer(login(client, member)["access_token"])


def test_categories_in_use_with_counts(client: TestClient, make_member: MakeMember) -> None:
    member, editor = headers_of(client, make_member, Role.EDITOR)
    _, viewer = headers_of(client, make_member, Role.VIEWER, tenant_id=member.tenant_id)
    _, other = headers_of(client, make_member, Role.OWNER)
    empty = client.get(CATEGORIES, headers=viewer).json()
    assert (empty["items"], empty["total"]) == ([], 0)
    assert empty["suggested"] == list(PATTERN_CATEGORIES)
    assert {"header", "footer", "banner", "call-to-action", "testimonials"} <= set(
        empty["suggested"]
    )

    for name, category in (
        ("hero", "banner"),
        ("hero-2", "banner"),
        ("prices", "pricing"),
        ("cta", "call-to-action"),
    ):
        body = {"name": name, "spec": hero_spec(), "category": category}
        assert client.post(TEMPLATES, json=body, headers=editor).status_code == 201
    client.post(TEMPLATES, json={"name": "other", "spec": PRICES}, headers=other)

    listed = client.get(CATEGORIES, headers=viewer)
    assert listed.status_code == 200
    assert listed.json()["items"] == [
        {"name": "banner", "count": 2},
        {"name": "call-to-action", "count": 1},
        {"name": "pricing", "count": 1},  # a category of the user's own
    ]
    assert listed.json()["total"] == 4
    banners = client.get(TEMPLATES, params={"category": "banner"}, headers=viewer).json()
    assert [t["name"] for t in banners["items"]] == ["hero", "hero-2"]
    assert client.get(CATEGORIES, headers=other).json()["items"] == [{"name": "text", "count": 1}]
    assert client.get(CATEGORIES).status_code == 401


def test_every_template_answer_carries_its_markup(
    client: TestClient, make_member: MakeMember, instance: Any
) -> None:
    member, editor = headers_of(client, make_member, Role.EDITOR)
    created = client.post(TEMPLATES, json={"name": "hero", "spec": hero_spec()}, headers=editor)
    markup = render_pattern(hero_spec())
    assert created.json()["markup"] == markup
    url = f"{TEMPLATES}/{created.json()['id']}"
    assert client.get(url, headers=editor).json()["markup"] == markup
    assert client.get(TEMPLATES, headers=editor).json()["items"][0]["markup"] == markup
    replaced = client.put(url, json={"spec": PRICES}, headers=editor).json()
    assert replaced["markup"] == render_pattern(PRICES)

    # A spec stored under older, looser checks is still listed, without markup.
    with instance.database.tenant_session(member.tenant_id) as session:
        template = get_pattern_template(session, created.json()["id"])
        template.spec = {**PRICES, "blocks": [{"type": "marquee", "text": "Hi"}]}
    listed = client.get(TEMPLATES, headers=editor)
    assert listed.status_code == 200
    assert listed.json()["items"][0]["markup"] is None
