"""GET /api/v1/sites/{id} says where each page's search fields came from (``seo_source``).

"model": the model wrote it; "page": made from the page's own text because the model's
versions never passed the content contract; "person": a person edited it.
"""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient

from presswright.bootstrap import Instance
from presswright.sites.documents import add_site_version, read_site_version, site_document
from presswright.sites.public import SitePagePublic
from presswright.store.models import Role
from tests.api.conftest import MakeMember, bearer, login
from tests.sites.stored_sites import stored_site

SITES = "/api/v1/sites"
META = (
    "Fresh sourdough bread, pastries and cakes baked every morning in Leeds by a family"
    " bakery since 1990. Come in, taste a slice and order a cake for your party."
)


@pytest.fixture
def backend() -> str:
    """The field does not depend on the storage backend: SQLite only, to keep these fast."""
    return "sqlite"


def _described_from_the_page(instance: Instance, tenant_id: uuid.UUID, site_id: uuid.UUID) -> None:
    """Store version 2: the home page's meta description made from its text, as a run does."""
    with instance.database.tenant_session(tenant_id) as session:
        document = site_document(session, site_id)
        site = read_site_version(session, document)
        page = site.pages[0].model_copy(
            update={"seo_source": {"seo_title": "model", "meta_desc": "page"}}
        )
        add_site_version(
            session, document, site.model_copy(update={"pages": [page]}), source="generated",
            execution_id=None, generation=None, author=None,
        )  # fmt: skip


def test_each_search_field_says_where_it_came_from_and_an_edit_makes_it_a_persons(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    member = make_member(Role.EDITOR)
    headers = bearer(login(client, member)["access_token"])
    site_id = stored_site(instance, member.tenant_id)

    first = client.get(f"{SITES}/{site_id}", headers=headers)
    assert first.status_code == 200, first.text
    assert first.json()["pages"][0]["seo_source"] == {"seo_title": "model", "meta_desc": "model"}

    _described_from_the_page(instance, member.tenant_id, site_id)
    site = client.get(f"{SITES}/{site_id}", headers=headers).json()
    assert site["current_version"] == 2
    assert site["pages"][0]["seo_source"] == {"seo_title": "model", "meta_desc": "page"}

    edited = client.patch(
        f"{SITES}/{site_id}/pages/home", json={"base_version": 2, "meta_desc": META},
        headers=headers,
    )  # fmt: skip
    assert edited.status_code == 200, edited.text
    expected = {"seo_title": "model", "meta_desc": "person"}
    assert edited.json()["pages"][0]["seo_source"] == expected
    again = client.get(f"{SITES}/{site_id}", headers=headers).json()
    assert (again["current_version"], again["pages"][0]["seo_source"]) == (3, expected)


def test_a_page_stored_before_the_field_reads_as_the_models() -> None:
    old = {
        "index": 0, "title": "Home", "slug": "home", "purpose": "Welcome visitors.",
        "keyword": "bread", "sections": ["hero"], "h1": "Bread", "seo_title": "Bread",
        "meta_desc": "Bread.",
    }  # fmt: skip
    page = SitePagePublic.model_validate(old)
    assert page.seo_source == {"seo_title": "model", "meta_desc": "model"}


def test_the_field_is_documented_in_the_openapi_schema(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200, schema.text
    field = schema.json()["components"]["schemas"]["SitePagePublic"]["properties"]["seo_source"]
    assert "person" in field["description"] and "page" in field["description"]
    assert field["additionalProperties"]["enum"] == ["model", "page", "person"]
