"""Tenant walls, enumerated from the OpenAPI document: every route with an id in its path.

Tenant B creates one of everything; then tenant A's owner calls every operation whose path
holds an id, with B's ids and a valid body, and must get 404 each time, as for an id that
does not exist. Afterwards everything of B's is still there. A new route whose id kind has
no factory here fails the test, so the enumeration cannot silently skip it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from presswright.api import API_PREFIX
from presswright.bootstrap import Instance
from presswright.sites.provision.records import create_hosted
from presswright.store.models import Role
from presswright.store.woocommerce import create_store
from presswright.store.wordpress import create_site
from tests.api.conftest import MakeMember, bearer, login
from tests.books.stored_books import stored_book
from tests.images.stored_images import stored_image
from tests.sites.stored_sites import stored_site

# Path parameters that name shared, read-only things rather than a tenant's rows.
SHARED_ROUTES = {
    f"{API_PREFIX}/flows/templates/{{name}}",
    f"{API_PREFIX}/flows/templates/{{name}}/copy",
}

TEMPLATE_FLOW = {
    "name": "isolation",
    "version": 1,
    "inputs": {"topic": {"type": "string"}},
    "nodes": [{"id": "a", "type": "template", "config": {"template": "{{ inputs.topic }}"}}],
    "edges": [],
}

PATTERN_SPEC: dict[str, Any] = {
    "title": "Isolation hero",
    "category": "hero",
    "blocks": [{"type": "heading", "level": 2, "text": "Hello"}],
}


def _created(response: Any) -> dict[str, Any]:
    assert response.status_code in (200, 201, 202), response.text
    return response.json()  # type: ignore[no-any-return]


def tenant_ids(client: TestClient, headers: dict[str, str]) -> dict[str, str]:
    """Create one resource of each kind as the caller and return their ids by path name."""
    ids: dict[str, str] = {}
    post = client.post
    execution = _created(
        post(
            f"{API_PREFIX}/executions",
            json={"spec": TEMPLATE_FLOW, "inputs": {"topic": "walls"}},
            headers=headers,
        )
    )
    ids["execution_id"] = execution["execution_id"]
    flow = _created(
        post(f"{API_PREFIX}/flows", json={"name": "walls", "spec": TEMPLATE_FLOW}, headers=headers)
    )
    ids["flow_id"] = flow["id"]
    ids["version"] = "1"
    key = _created(post(f"{API_PREFIX}/api-keys", json={"name": "walls"}, headers=headers))
    ids["key_id"] = key["id"]
    profile = _created(
        post(
            f"{API_PREFIX}/brand-profiles", json={"name": "Walls", "tone": "calm"}, headers=headers
        )
    )
    ids["profile_id"] = profile["id"]
    provider = _created(
        post(
            f"{API_PREFIX}/providers",
            json={"name": "walls", "kind": "openai-compatible", "base_url": "http://127.0.0.1:9"},
            headers=headers,
        )
    )
    ids["config_id"] = provider["id"]
    template = _created(
        post(
            f"{API_PREFIX}/templates",
            json={"name": "walls", "category": "hero", "spec": PATTERN_SPEC},
            headers=headers,
        )
    )
    ids["template_id"] = template["id"]
    bulk = _created(
        post(
            f"{API_PREFIX}/bulk",
            json={"kind": "product", "rows": [{"name": "Walls", "category": "Kitchen"}]},
            headers=headers,
        )
    )
    ids["bulk_id"] = bulk["id"]
    # A document exists from the start of its run: the 202 names it.
    pattern = _created(
        post(
            f"{API_PREFIX}/patterns/generate",
            json={"description": "Hero for the walls of a small bakery", "wait": 0},
            headers=headers,
        )
    )
    ids["document_id"] = pattern["document_id"]
    upload = client.post(
        f"{API_PREFIX}/files",
        params={"filename": "walls.txt"},
        content=b"walls",
        headers={**headers, "Content-Type": "text/plain"},
    )
    ids["file_id"] = _created(upload)["id"]
    return ids


def wordpress_site_id(instance: Instance, tenant_id: uuid.UUID) -> str:
    """A WordPress site of the tenant, stored directly: connecting one needs a real WordPress."""
    with instance.database.tenant_session(tenant_id) as session:
        site = create_site(
            session,
            name="walls",
            url="https://walls.example.com",
            api_root="https://walls.example.com/wp-json",
            username="walls",
            app_password="not a real application password",
            remote_user_id=1,
            remote_user_name="Walls",
            remote_roles=["author"],
            box=instance.secretbox,
        )
        return str(site.id)


def woocommerce_store_id(instance: Instance, tenant_id: uuid.UUID) -> str:
    """A WooCommerce store of the tenant, stored directly: connecting one needs a real store."""
    with instance.database.tenant_session(tenant_id) as session:
        store = create_store(
            session,
            name="walls",
            url="https://walls-shop.example.com",
            api_root="https://walls-shop.example.com/wp-json",
            consumer_key="ck_" + "0" * 40,
            consumer_secret="cs_" + "0" * 40,
            box=instance.secretbox,
        )
        return str(store.id)


def hosted_site_id(instance: Instance, tenant_id: uuid.UUID) -> str:
    """A provisioned site record of the tenant, stored directly (no server is touched)."""
    with instance.database.tenant_session(tenant_id) as session:
        row = create_hosted(
            session,
            name="walls",
            kind="ssh",
            site_id=None,
            settings={"host": "walls.example.com", "ssh_port": 22},
            secrets={"ssh_password": "not a real password"},
            box=instance.secretbox,
        )
        return str(row.id)


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def example_body(document: dict[str, Any], operation: dict[str, Any]) -> Any:
    """The documented example of an operation's JSON body (None when it takes none)."""
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if content is None:
        return None
    if "example" in content:
        return content["example"]
    for example in content.get("examples", {}).values():
        return example.get("value")
    schema = _resolve(document, content.get("schema", {}))
    if schema.get("examples"):
        return schema["examples"][0]
    return {}


def example_form(document: dict[str, Any], operation: dict[str, Any]) -> dict[str, str] | None:
    """A multipart body of an operation's required text fields (None when it takes none), so
    the route reaches its look-up instead of refusing a missing field first."""
    content = operation.get("requestBody", {}).get("content", {}).get("multipart/form-data")
    if content is None:
        return None
    schema = _resolve(document, content.get("schema", {}))
    fields = schema.get("properties", {})
    return {
        name: "a picture of a fox"
        for name in schema.get("required", [])
        if _resolve(document, fields.get(name, {})).get("type") == "string"
    }


def test_every_id_route_answers_404_across_tenants(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    owner_a, owner_b = make_member(Role.OWNER), make_member(Role.OWNER)
    headers_b = bearer(login(client, owner_b)["access_token"])
    ids_b = tenant_ids(client, headers_b)
    ids_b["site_id"] = wordpress_site_id(instance, owner_b.tenant_id)
    ids_b["store_id"] = woocommerce_store_id(instance, owner_b.tenant_id)
    ids_b["product_id"] = "1"  # a product of B's store: only reachable through the store
    ids_b["user_id"] = str(owner_b.user_id)  # a member of B, and of B alone
    ids_b["name"] = "walls"  # B's provider, tested by name (tenant_ids made it)
    # A finished book of B's (writing one needs a runtime), one of its chapters and formats.
    ids_b["book_id"] = str(stored_book(instance, owner_b.tenant_id))
    ids_b["number"] = "1"
    ids_b["format"] = "md"
    # A generated site of B's, one of its pages, and B's execution read as a job.
    ids_b["site_document_id"] = str(stored_site(instance, owner_b.tenant_id))
    ids_b["page"] = "home"
    ids_b["job_id"] = ids_b["execution_id"]
    # A picture of B's library with its files (generating one needs an image provider).
    ids_b["image_id"] = str(stored_image(instance, owner_b.tenant_id))
    # A provisioned site of B's (a record: provisioning one takes a server).
    ids_b["hosted_id"] = hosted_site_id(instance, owner_b.tenant_id)
    token_a = login(client, owner_a)["access_token"]
    # Tenant A calls with an API key: it reaches the worker routes (API keys only) too.
    key_a = _created(
        client.post(f"{API_PREFIX}/api-keys", json={"name": "a"}, headers=bearer(token_a))
    )["key"]
    headers_a = {"X-API-Key": key_a}

    document = client.get(f"{API_PREFIX}/openapi.json").json()
    calls: dict[str, Callable[..., Any]] = {
        "get": client.get,
        "post": client.post,
        "put": client.put,
        "patch": client.patch,
        "delete": client.delete,
    }
    checked: list[str] = []
    leaks: list[str] = []
    for template, item in document["paths"].items():
        names = re.findall(r"{(\w+)}", template)
        if not names or template in SHARED_ROUTES:
            continue
        missing = [name for name in names if name not in ids_b]
        assert not missing, f"{template}: no tenant-B factory for {missing}; add one here"
        path = template.format(**ids_b)
        for method, operation in item.items():
            body = example_body(document, operation)
            options: dict[str, Any] = {"headers": headers_a}
            if body is not None:
                options["json"] = body
            form = example_form(document, operation)
            if form is not None:
                options["data"] = form
            response = calls[method](path, **options)
            checked.append(f"{method.upper()} {template}")
            if response.status_code != 404:
                leaks.append(f"{method.upper()} {template}: {response.status_code} {response.text}")
    assert not leaks, "\n".join(leaks)
    # Every id kind of the API was reached, and nothing of tenant B's was touched.
    assert len(checked) >= len(ids_b)
    for template, item in document["paths"].items():
        names = re.findall(r"{(\w+)}", template)
        if names and template not in SHARED_ROUTES and "get" in item and template.endswith("}"):
            if "/versions/" in template or "/status/" in template:
                continue
            response = client.get(template.format(**ids_b), headers=headers_b)
            assert response.status_code == 200, f"B lost {template}: {response.text}"
