"""``/api/v1/hosting/provision``: a real local provision started over the API and followed.

POST answers 202 with the record and its Location at once; GET follows it to ``active``;
the site answers on its port; DELETE tears it down (404 after). Bad input: a name that is
not a slug, a port out of range or in use, ssh without credentials answer 422 on the field;
another workspace's site 404; an editor 403.
"""

from __future__ import annotations

import socket
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from presswright.bootstrap import Instance
from presswright.store.models import Role
from tests.api.conftest import MakeMember, bearer, login
from tests.sites.provisioned import missing_provisioning
from tests.sites.stored_sites import stored_site

URL = "/api/v1/hosting/provision"


@pytest.fixture
def backend() -> str:
    """Provisioning does not depend on the storage backend."""
    return "sqlite"


def problems(response: Any) -> dict[str, tuple[str, str]]:
    """A problem document's field errors as {field: (kind, message)}."""
    assert response.headers["content-type"] == "application/problem+json", response.text
    errors = response.json().get("errors") or []
    return {e["field"].removeprefix("body."): (e["kind"], e["message"]) for e in errors}


@pytest.mark.timeout(180)
def test_a_provision_is_accepted_followed_and_torn_down(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    problem = missing_provisioning()
    if problem is not None:
        pytest.fail(problem)
    owner = make_member(Role.OWNER)
    headers = bearer(login(client, owner)["access_token"])
    site_id = str(stored_site(instance, owner.tenant_id))
    started = client.post(URL, json={"name": "api-site", "site_id": site_id}, headers=headers)
    assert started.status_code == 202, started.text
    body = started.json()
    assert body["status"] == "provisioning" and body["step"] == "planned"
    assert started.headers["location"] == f"{URL}/{body['id']}"
    deadline = time.monotonic() + 120
    while True:
        status = client.get(started.headers["location"], headers=headers)
        assert status.status_code == 200, status.text
        if status.json()["status"] != "provisioning" or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    shown = status.json()
    assert shown["status"] == "active", shown
    assert [line.split(" ", 1)[1] for line in shown["log"]][-2:] == ["connected", "deployed"]
    assert "db_password" not in status.text and "app_password" not in status.text
    front = httpx.get(f"{shown['url']}/", timeout=30)
    assert front.status_code == 200 and "Fresh sourdough bread every day" in front.text
    listed = client.get(URL, headers=headers).json()
    assert [item["name"] for item in listed] == ["api-site"]
    home = Path(shown["settings"]["docroot"]).parent
    assert client.delete(started.headers["location"], headers=headers).status_code == 204
    assert client.get(started.headers["location"], headers=headers).status_code == 404
    assert not home.exists()


def test_bad_input_is_refused_on_its_field(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    owner = make_member(Role.OWNER)
    headers = bearer(login(client, owner)["access_token"])
    site_id = str(stored_site(instance, owner.tenant_id))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        cases: list[tuple[dict[str, Any], str, str]] = [
            ({"name": "Bad Name!"}, "name", "pattern"),
            ({"name": "../etc"}, "name", "pattern"),
            ({"port": 80}, "port", "greater than or equal to 1024"),
            ({"port": port}, "port", f"port {port} on 127.0.0.1 is in use"),
            ({"provisioner": "aws"}, "provisioner", "pattern"),
            ({"provisioner": "digitalocean"}, "do_token", "needs a DigitalOcean API token"),
            ({"provisioner": "ssh", "host": "127.0.0.1"}, "ssh_user", "ssh_password or ssh_key"),
        ]
        for change, field, words in cases:
            refused = client.post(
                URL, json={"name": "bad-input", "site_id": site_id, **change}, headers=headers
            )
            assert refused.status_code == 422, (change, refused.text)
            assert words in problems(refused)[field][1], (change, refused.text)
    assert client.get(URL, headers=headers).json() == []  # nothing was recorded


def test_another_workspace_site_and_an_editor_are_refused(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    owner, other = make_member(Role.OWNER), make_member(Role.OWNER)
    editor = make_member(Role.EDITOR, tenant_id=owner.tenant_id)
    theirs = str(stored_site(instance, other.tenant_id))
    headers = bearer(login(client, owner)["access_token"])
    body = {"name": "not-mine", "site_id": theirs}
    assert client.post(URL, json=body, headers=headers).status_code == 404
    editor_headers = bearer(login(client, editor)["access_token"])
    ours = str(stored_site(instance, owner.tenant_id))
    refused = client.post(URL, json={**body, "site_id": ours}, headers=editor_headers)
    assert refused.status_code == 403, refused.text
