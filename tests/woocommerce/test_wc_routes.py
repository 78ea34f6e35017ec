"""``/api/v1/woocommerce`` against the loopback shop: roles, problems, generate and write back."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from presswright.api import create_app
from presswright.bootstrap import Instance
from presswright.flows.runtime import Runtime
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from tests.api.conftest import MakeMember, make_member  # noqa: F401 - the fixture
from tests.api.test_wordpress_routes import PROBLEM, Workspace, workspace
from tests.woocommerce.conftest import APRON_ID, DRAFT, READ_ONLY, READ_WRITE
from tests.woocommerce.woocommerce_server import ApiKey, RunningShop, Shop

STORES = "/api/v1/woocommerce/stores"


@pytest.fixture
def api(instance: Instance) -> Iterator[TestClient]:
    """The API with a flow runtime in this process (as under `serve`), the fake model scripted."""
    FakeProvider.scripts["fake"] = FakeScript().add(*[json.dumps(DRAFT)] * 20)
    runtime = Runtime(instance, executor_id=f"wc-api-{uuid.uuid4().hex[:8]}")
    runtime.launch()
    try:
        app = create_app(instance, runtime=runtime)
        with TestClient(app, raise_server_exceptions=False) as client:
            yield client
    finally:
        runtime.shutdown()
        FakeProvider.scripts.pop("fake", None)


def body(served: RunningShop, key: ApiKey = READ_WRITE, **changes: str) -> dict[str, str]:
    return {
        "url": served.url,
        "consumer_key": key.consumer_key,
        "consumer_secret": key.consumer_secret,
        **changes,
    }


def problem(response: Any, status: int, slug: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    document: dict[str, Any] = response.json()
    assert document["type"] == PROBLEM + slug
    return document


def space_with_fake_model(instance: Instance, make_member: MakeMember) -> Workspace:  # noqa: F811
    space = workspace(instance, make_member)
    with instance.database.tenant_session(space.tenant_id) as session:
        create_provider_config(
            session, data=ProviderConfigCreate(name="fake", kind="fake"), box=instance.secretbox
        )
    return space


def test_admins_connect_stores_that_everyone_lists(
    api: TestClient,
    instance: Instance,
    make_member: MakeMember,  # noqa: F811
    served: RunningShop,
) -> None:
    space = workspace(instance, make_member)
    problem(api.post(STORES, json=body(served), headers=space.editor), 403, "forbidden")
    wrong = body(served, consumer_secret="cs_" + "7" * 40)
    refused = problem(
        api.post(STORES, json=wrong, headers=space.admin), 502, "wordpress-credentials-rejected"
    )
    assert "REST API" in refused["detail"] and wrong["consumer_secret"] not in refused["detail"]
    swapped = body(served, consumer_key=READ_WRITE.consumer_secret)
    invalid = problem(api.post(STORES, json=swapped, headers=space.admin), 422, "validation-error")
    assert READ_WRITE.consumer_secret not in json.dumps(invalid)

    created = api.post(STORES, json=body(served, name="shop"), headers=space.admin)
    assert created.status_code == 201, created.text
    store = created.json()
    assert (store["name"], store["status"], store["url"]) == ("shop", "ok", served.url)
    assert "consumer_key" not in store and READ_WRITE.consumer_secret not in created.text
    problem(api.post(STORES, json=body(served), headers=space.admin), 409, "already-exists")

    listed = api.get(STORES, headers=space.viewer, params={"check": True})
    assert [s["id"] for s in listed.json()] == [store["id"]]
    assert api.get(f"{STORES}/{store['id']}", headers=space.viewer).json()["name"] == "shop"
    page = api.get(
        f"{STORES}/{store['id']}/products",
        headers=space.viewer,
        params={"per_page": 10, "page": 3},
    )
    assert page.status_code == 200, page.text
    assert (page.json()["total"], len(page.json()["products"])) == (25, 5)
    assert api.get(f"{STORES}/{store['id']}/writes", headers=space.viewer).json() == []

    other = workspace(instance, make_member)
    problem(api.get(f"{STORES}/{store['id']}", headers=other.viewer), 404, "not-found")
    problem(api.delete(f"{STORES}/{store['id']}", headers=space.editor), 403, "forbidden")
    assert api.delete(f"{STORES}/{store['id']}", headers=space.admin).status_code == 204
    problem(api.get(f"{STORES}/{store['id']}/products", headers=space.viewer), 404, "not-found")


@pytest.mark.timeout(120)
def test_editors_generate_copy_and_write_it_back(
    api: TestClient,
    instance: Instance,
    make_member: MakeMember,  # noqa: F811
    served: RunningShop,
    shop: Shop,
) -> None:
    space = space_with_fake_model(instance, make_member)
    store_id = api.post(STORES, json=body(served), headers=space.admin).json()["id"]
    generate = f"{STORES}/{store_id}/products/{APRON_ID}/generate"
    problem(api.post(generate, json={"model": "fake:test"}, headers=space.viewer), 403, "forbidden")

    only = api.post(generate, json={"model": "fake:test", "write": False}, headers=space.editor)
    assert only.status_code == 200, only.text
    assert only.json()["write"] is None and shop.writes == []
    assert only.json()["facts"]["keywords"] == ["linen apron"]

    done = api.post(generate, json={"model": "fake:test", "wait": 60}, headers=space.editor)
    assert done.status_code == 200, done.text
    result = done.json()
    assert result["content"]["title"] == DRAFT["title"]
    assert result["write"]["fields"] == ["description", "short_description", "tags", "images"]
    assert shop.products[APRON_ID]["images"][0]["alt"] == DRAFT["image_alt_text"]
    state = json.loads(json.dumps(shop.products[APRON_ID]))

    write = f"{STORES}/{store_id}/products/{APRON_ID}/write"
    again = api.post(
        write, json={"execution_id": only.json()["execution_id"]}, headers=space.editor
    )
    assert again.status_code == 200, again.text
    after = shop.products[APRON_ID]
    assert {k: v for k, v in after.items() if k != "date_modified"} == {
        k: v for k, v in state.items() if k != "date_modified"
    }
    history = api.get(f"{STORES}/{store_id}/writes", headers=space.viewer).json()
    assert [h["execution_id"] for h in history] == [
        only.json()["execution_id"],
        result["execution_id"],
    ]
    problem(
        api.post(write, json={"execution_id": str(uuid.uuid4())}, headers=space.editor),
        404,
        "not-found",
    )
    missing = f"{STORES}/{store_id}/products/4040/write"
    gone = problem(
        api.post(missing, json={"content": result["content"]}, headers=space.editor),
        502,
        "wordpress-error",
    )
    assert "Invalid ID" in gone["detail"]


def test_given_copy_that_breaks_the_contract_is_refused_and_nothing_reaches_the_store(
    api: TestClient,
    instance: Instance,
    make_member: MakeMember,  # noqa: F811
    served: RunningShop,
    shop: Shop,
) -> None:
    space = workspace(instance, make_member)
    store_id = api.post(STORES, json=body(served), headers=space.admin).json()["id"]
    write = f"{STORES}/{store_id}/products/{APRON_ID}/write"
    copy = {
        "language": "en",
        "title": DRAFT["title"],
        "short_description": DRAFT["short_description"],
        "long_description_html": "<p>" + DRAFT["long_description"][0] + "</p>",
        "feature_bullets": DRAFT["feature_bullets"],
        "meta": {
            "seo_title": DRAFT["seo_title"],
            "meta_desc": DRAFT["meta_desc"],
            "slug": "linen-apron-for-bakers",
        },
        "tags": DRAFT["tags"],
        "image_alt_text": DRAFT["image_alt_text"],
        "keywords": ["linen apron"],
    }
    broken = {
        **copy,
        "long_description_html": copy["long_description_html"] + "<script>alert(1)</script>",
        "meta": {**copy["meta"], "meta_desc": "An apron."},
        "tags": ["apron", "Apron"],
    }
    before = len(shop.requests)

    refused = problem(
        api.post(write, json={"content": broken}, headers=space.editor), 422, "content-contract"
    )

    assert refused["detail"].startswith("the product copy breaks ")
    for field in ("long_description_html: ", "meta.meta_desc: ", "tags[1]: tag 'Apron' repeats"):
        assert field in refused["detail"]
    assert len(shop.requests) == before and shop.writes == []  # not a single request sent

    written = api.post(write, json={"content": copy}, headers=space.editor)
    assert written.status_code == 200, written.text
    assert [product_id for product_id, _ in shop.writes] == [APRON_ID]


@pytest.mark.timeout(120)
def test_a_read_only_key_is_a_502_that_says_what_to_change(
    api: TestClient,
    instance: Instance,
    make_member: MakeMember,  # noqa: F811
    served: RunningShop,
    shop: Shop,
) -> None:
    space = space_with_fake_model(instance, make_member)
    store_id = api.post(STORES, json=body(served, READ_ONLY), headers=space.admin).json()["id"]
    generate = f"{STORES}/{store_id}/products/{APRON_ID}/generate"
    refused = problem(
        api.post(generate, json={"model": "fake:test"}, headers=space.editor),
        502,
        "wordpress-credentials-rejected",
    )
    assert "does not have write permissions" in refused["detail"]
    assert "Read/Write" in refused["detail"] and shop.writes == []
