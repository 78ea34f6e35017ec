"""``/api/v1/sites/{id}/live-preview``: a deployed page from the session's real WordPress,
served from the API's origin under its own policy, behind an unguessable URL.

A stored site is deployed to the real WordPress (as the administrator); a viewer of the
workspace asks for its front page and gets a URL that serves WordPress's page with no script,
under a policy naming WordPress's origin for styles, fonts and images and nothing for
scripts, framed by the studio only. A site not deployed, a page not deployed, another
workspace and a stale or borrowed URL are refused; a WordPress that stopped answering is a 504
naming it, not a page.
"""

from __future__ import annotations

import asyncio
import socket
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from presswright.bootstrap import Instance
from presswright.sites.deploy import deploy_site
from presswright.sites.live_html import origin_of
from presswright.store.models import Role, WordPressSite
from tests.api.conftest import MakeMember, bearer, login
from tests.sites.stored_sites import stored_site
from tests.sites.test_deploy import restored  # noqa: F401 - the fixture putting WordPress back
from tests.wordpress.wordpress_site import RunningWordPress

SITES = "/api/v1/sites"


@pytest.fixture
def backend() -> str:
    """Reading WordPress does not depend on the storage backend."""
    return "sqlite"


def headers_of(client: TestClient, make_member: MakeMember, role: Role, **kw: Any) -> Any:
    return bearer(login(client, make_member(role, **kw))["access_token"])


@pytest.mark.timeout(180)
def test_a_viewer_sees_the_deployed_front_page_from_the_apis_origin_without_script(
    client: TestClient,
    make_member: MakeMember,
    instance: Instance,
    wordpress: RunningWordPress,
    restored: list[int],  # noqa: F811
) -> None:
    owner = make_member(Role.OWNER)
    owner_headers = bearer(login(client, owner)["access_token"])
    viewer = headers_of(client, make_member, Role.VIEWER, tenant_id=owner.tenant_id)
    site_id = stored_site(instance, owner.tenant_id)
    live = f"{SITES}/{site_id}/live-preview"
    connected = client.post(
        "/api/v1/wordpress/sites",
        json={
            "url": wordpress.url,
            "username": wordpress.admin.login,
            "application_password": wordpress.admin.app_password,
            "name": "bakery",
        },
        headers=owner_headers,
    )
    assert connected.status_code == 201, connected.text

    early = client.post(live, headers=viewer)
    assert early.status_code == 409 and "not deployed" in early.json()["detail"], early.text
    deployed = asyncio.run(
        deploy_site(instance, tenant_id=owner.tenant_id, site_id=site_id, wordpress="bakery")
    )
    restored += [p.remote_id for p in deployed.pages] + [deployed.navigation_id]

    created = client.post(live, json={}, headers=viewer)
    assert created.status_code == 201, created.text
    found = created.json()
    assert (found["wordpress"], found["page"], found["source_url"]) == (
        "bakery",
        None,
        f"{wordpress.url}/",
    )
    assert found["title"] == "Rosa's Bakery \u2013 Warm bread and friendly faces"
    assert found["url"].startswith(f"{live}/")
    # The same page asked for again keeps its URL (a frame showing it is not reloaded).
    again = client.post(live, json={"page": "home", "wordpress": "bakery"}, headers=viewer)
    assert again.status_code == 201 and again.json()["url"] == found["url"], again.text

    page = client.get(found["url"])  # no credentials: the URL is the capability
    assert page.status_code == 200, page.text
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    origin = origin_of(wordpress.url)
    policy = page.headers["content-security-policy"]
    assert policy.startswith("default-src 'none'; ") and "script-src" not in policy
    assert f"style-src {origin} 'unsafe-inline';" in policy
    assert f"img-src {origin} data:;" in policy and f"font-src {origin} data:;" in policy
    assert "frame-ancestors 'self'" in policy and "; sandbox allow-popups " in policy
    assert page.headers["x-frame-options"] == "SAMEORIGIN"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "Fresh sourdough bread every day" in page.text and "<script" not in page.text

    token = found["url"].rsplit("/", 1)[1]
    for borrowed in (f"{SITES}/{uuid.uuid4()}/live-preview/{token}", f"/api/v1/previews/{token}"):
        assert client.get(borrowed).status_code == 404, borrowed
    assert client.get(f"{live}/{'A' * 43}").status_code == 404

    missing = client.post(live, json={"page": "menu"}, headers=viewer)
    assert missing.status_code == 409 and "'menu' is not on bakery" in missing.json()["detail"]
    assert client.post(live, json={"page": "Not a slug"}, headers=viewer).status_code == 422
    assert client.post(live, json={"wordpress": "nowhere"}, headers=viewer).status_code == 404
    assert client.post(live).status_code == 401
    stranger = headers_of(client, make_member, Role.OWNER)
    assert client.post(live, headers=stranger).status_code == 404

    # WordPress stopped answering: a 504 naming it, not a page.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    with instance.database.tenant_session(owner.tenant_id) as session:
        session.query(WordPressSite).filter_by(name="bakery").one().url = closed
    down = client.post(live, headers=viewer)
    assert down.status_code == 504, down.text
    assert down.json()["type"].endswith(":wordpress-unreachable")
    assert f"cannot reach WordPress at {closed}" in down.json()["detail"]
