"""``/api/v1/sites``, ``/api/v1/jobs`` and ``/api/v1/wordpress/validate``.

With ``served`` the jobs run in this process on the shipped fake provider (the site flow's
scripted model); a brief outside its limits is a 422 naming each limit; the validate route
is checked against the real WordPress of the test session.
"""

from __future__ import annotations

import base64
import io
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from presswright.bootstrap import Instance
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.store.models import Role
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from tests.api.conftest import MakeMember, bearer, login
from tests.loopback import served as loopback_server
from tests.sites.site_fakes import FakeSiteModel
from tests.sites.stored_sites import stored_site
from tests.waiting import wait_until
from tests.wordpress.wordpress_site import RunningWordPress

SITES = "/api/v1/sites"
BRIEF: dict[str, Any] = {
    "business_name": "Rosa's Bakery",
    "business_type": "bakery",
    "description": "A family bakery in Leeds baking sourdough, pastries and cakes since 1990.",
    "pages": ["Home", "About", "Contact"],
    "style_words": ["warm"],
    "contact": {"email": "hello@rosas.example"},
    "model": "fake:test",
}


@pytest.fixture
def backend() -> str:
    """Orchestration does not depend on the storage backend: SQLite only, to keep these fast."""
    return "sqlite"


@pytest.fixture
def site_model() -> Iterator[FakeSiteModel]:
    """The fake provider answers the site flow as a good model would."""
    script = FakeProvider.scripts["fake"] = FakeScript(structured="grammar")
    fake = FakeSiteModel()
    script.add(*[fake] * 3000)
    yield fake
    FakeProvider.scripts.pop("fake", None)


def editor(client: TestClient, make_member: MakeMember, instance: Instance) -> dict[str, str]:
    """Headers of an editor of a new workspace that has the fake provider configured."""
    member = make_member(Role.EDITOR)
    with instance.database.tenant_session(member.tenant_id) as session:
        create_provider_config(
            session, data=ProviderConfigCreate(name="fake", kind="fake"), box=instance.secretbox
        )
    return bearer(login(client, member)["access_token"])


def finished_job(client: TestClient, job_id: str, headers: dict[str, str]) -> dict[str, Any]:
    """The job once it ends, with every progress figure seen on the way."""
    seen: list[int] = []

    def done() -> dict[str, Any] | None:
        job = client.get(f"/api/v1/jobs/{job_id}", headers=headers).json()
        seen.append(job["progress"])
        return job if job["status"] in ("completed", "failed", "cancelled") else None

    job = wait_until(done, timeout=120, interval=0.1, message="the site job did not end")
    assert seen == sorted(seen), seen
    return job


def problems(response: Any) -> dict[str, tuple[str, str]]:
    """A problem document's field errors as {field: (kind, message)}."""
    assert response.headers["content-type"] == "application/problem+json", response.text
    errors = response.json().get("errors") or []
    return {e["field"].removeprefix("body."): (e["kind"], e["message"]) for e in errors}


@pytest.mark.timeout(240)
def test_a_site_is_generated_followed_as_a_job_and_a_page_regenerated(
    served: TestClient, make_member: MakeMember, instance: Instance, site_model: FakeSiteModel
) -> None:
    headers = editor(served, make_member, instance)
    created = served.post(f"{SITES}/generate", json=BRIEF, headers=headers)
    assert created.status_code == 202, created.text
    started = created.json()
    assert started["status"] == "queued"
    assert created.headers["location"] == f"/api/v1/jobs/{started['job_id']}"
    job = finished_job(served, started["job_id"], headers)
    assert (job["status"], job["progress"], job["current_step"]) == ("completed", 100, None)
    assert "page 3 of 3: Contact: completed" in job["log"]

    site = served.get(f"{SITES}/{started['site_id']}", headers=headers).json()
    assert (site["status"], site["current_version"], site["job_id"]) == (
        "draft",
        1,
        started["job_id"],
    )
    assert [p["slug"] for p in site["pages"]] == ["home", "about", "contact"]
    assert all(p["seo_title"] and p["meta_desc"] and p["h1"] for p in site["pages"])
    assert site["design"]["palette"] and site["plugins"][0]["purpose"] == "seo"
    theme = served.get(f"{SITES}/{started['site_id']}/theme", headers=headers)
    assert theme.status_code == 200 and theme.headers["content-type"] == "application/zip"
    assert "attachment" in theme.headers["content-disposition"]
    names = zipfile.ZipFile(io.BytesIO(theme.content)).namelist()
    assert any(name.endswith("/theme.json") for name in names)
    listed = served.get(SITES, headers=headers).json()
    assert [(item["id"], item["status"]) for item in listed["items"]] == [
        (started["site_id"], "draft")
    ]

    again = served.post(f"{SITES}/{started['site_id']}/pages/about/regenerate", headers=headers)
    assert again.status_code == 202 and again.json()["node_id"] == "pages[1]"
    assert finished_job(served, started["job_id"], headers)["status"] == "completed"
    assert (
        served.get(f"{SITES}/{started['site_id']}", headers=headers).json()["current_version"] == 2
    )
    missing = served.post(f"{SITES}/{started['site_id']}/pages/nowhere/regenerate", headers=headers)
    assert missing.status_code == 404 and "home, about, contact" in missing.json()["detail"]

    # Another workspace sees neither the site nor its job.
    other = editor(served, make_member, instance)
    assert served.get(f"{SITES}/{started['site_id']}", headers=other).status_code == 404
    assert served.get(f"/api/v1/jobs/{started['job_id']}", headers=other).status_code == 404
    deploy = served.post(
        f"{SITES}/{started['site_id']}/deploy", json={"wordpress": "nowhere"}, headers=headers
    )
    assert deploy.status_code == 404


def _png() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 0, 0)).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"business_name": "  "}, "business_name", "at least 1 character"),
        ({"language": "xx"}, "language", "language 'xx' is not supported"),
        ({"pages": [f"Page {n}" for n in range(11)]}, "pages", "at most 10 items"),
        ({"pages": ["Home", "home"]}, "pages", "same title"),
        ({"logo": base64.b64encode(b"<svg onload=alert(1)>").decode()}, "logo", "not an image"),
        ({"contact": {"email": "not an address"}}, "contact.email", "string should match"),
        ({"style_words": ["warm"] * 7}, "style_words", "at most 6 items"),
    ],
)
def test_a_brief_outside_its_limits_is_a_422_naming_the_limit(
    client: TestClient,
    make_member: MakeMember,
    instance: Instance,
    change: dict[str, Any],
    field: str,
    words: str,
) -> None:
    headers = editor(client, make_member, instance)
    refused = client.post(f"{SITES}/generate", json={**BRIEF, **change}, headers=headers)
    assert refused.status_code == 422, refused.text
    found = problems(refused)
    assert field in found and words in found[field][1].lower(), found
    # A real image is accepted as the logo (the job stays queued: nothing runs it here).
    if field == "logo":
        accepted = client.post(f"{SITES}/generate", json={**BRIEF, "logo": _png()}, headers=headers)
        assert accepted.status_code == 202, accepted.text


@pytest.mark.timeout(120)
def test_validate_names_the_check_that_failed(
    client: TestClient, make_member: MakeMember, instance: Instance, wordpress: RunningWordPress
) -> None:
    headers = editor(client, make_member, instance)
    admin = {
        "url": wordpress.url,
        "username": "admin",
        "app_password": wordpress.admin.app_password,
    }
    ok = client.post("/api/v1/wordpress/validate", json=admin, headers=headers)
    assert ok.status_code == 200, ok.text
    assert ok.json()["can_deploy_site"] is True and ok.json()["checks"][-1] == "capabilities"

    with loopback_server(_not_wordpress) as elsewhere:
        refused = client.post(
            "/api/v1/wordpress/validate", json={**admin, "url": elsewhere}, headers=headers
        )
    assert refused.status_code == 422 and problems(refused)["url"][0] == "rest_api", refused.text
    cases = [
        ({**admin, "url": "ftp://example.com"}, "url", "address"),
        ({**admin, "url": "http://127.0.0.1:9"}, "url", "address"),
        ({**admin, "app_password": "wrong wrong wrong wrong"}, "app_password", "credentials"),
        (
            {**admin, "username": "author", "app_password": wordpress.author.app_password},
            "username",
            "capabilities",
        ),
    ]
    for body, field, kind in cases:
        refused = client.post("/api/v1/wordpress/validate", json=body, headers=headers)
        assert refused.status_code == 422, (body, refused.text)
        assert problems(refused)[field][0] == kind, refused.text
    author = {**cases[-1][0], "whole_site": False}
    assert (
        client.post("/api/v1/wordpress/validate", json=author, headers=headers).status_code == 200
    )
    # Nothing was stored.
    assert client.get("/api/v1/wordpress/sites", headers=headers).json() == []


async def _not_wordpress(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """A web server that is not WordPress: every address answers a small HTML page."""
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"text/html")]})  # fmt: skip
    await send({"type": "http.response.body", "body": b"<html><body>Hello</body></html>"})


META = (
    "Fresh sourdough bread, pastries and cakes baked every morning in Leeds by a family"
    " bakery since 1990. Come in, taste a slice and order a cake for your party."
)


def test_a_page_is_edited_before_deploy_as_a_new_version(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    member = make_member(Role.EDITOR)
    headers = bearer(login(client, member)["access_token"])
    site_id = stored_site(instance, member.tenant_id)
    page = f"{SITES}/{site_id}/pages/home"

    edit = {"base_version": 1, "title": "Welcome <script>x()</script>home", "meta_desc": META}
    edited = client.patch(page, json=edit, headers=headers)
    assert edited.status_code == 200, edited.text
    site = edited.json()
    assert (site["current_version"], site["status"]) == (2, "draft")
    assert (site["pages"][0]["title"], site["pages"][0]["meta_desc"]) == ("Welcome home", META)

    stale = client.patch(page, json={**edit, "title": "Later"}, headers=headers)
    assert stale.status_code == 409 and "version 2, not 1" in stale.json()["detail"], stale.text
    refused = client.patch(
        page, json={"base_version": 2, "seo_title": "x" * 120, "meta_desc": "Short."},
        headers=headers,
    )  # fmt: skip
    assert refused.status_code == 422, refused.text
    assert {e["field"]: e["kind"] for e in refused.json()["errors"]} == {
        "seo_title": "seo_title_length",
        "meta_desc": "meta_desc_length",
    }
    unknown = client.patch(page, json={**edit, "base_version": 2, "colour": "red"}, headers=headers)
    assert unknown.status_code == 422 and "colour" in problems(unknown), unknown.text
    missing = client.patch(f"{SITES}/{site_id}/pages/menu", json=edit, headers=headers)
    assert missing.status_code == 404 and "home" in missing.text, missing.text

    viewer = bearer(login(client, make_member(Role.VIEWER, member.tenant_id))["access_token"])
    assert client.patch(page, json={**edit, "base_version": 2}, headers=viewer).status_code == 403
    other = editor(client, make_member, instance)
    assert client.patch(page, json={**edit, "base_version": 2}, headers=other).status_code == 404
    assert client.get(f"{SITES}/{site_id}", headers=headers).json()["current_version"] == 2
