"""``POST /api/v1/hosting/provision`` with ``digitalocean``: refusals are 4xx on their field.

The loopback DigitalOcean of ``tests/sites/test_provision_digitalocean.py`` answers: a bad
token is a 422 on ``do_token`` (DigitalOcean's 401 quoted), an account at its droplet limit
a 422 on ``provisioner``; nothing is recorded for either. A good token is accepted (202).
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from presswright.bootstrap import Instance
from presswright.store.models import Role
from tests.api.conftest import MakeMember, bearer, login
from tests.api.test_hosting_routes import problems
from tests.sites.stored_sites import stored_site
from tests.sites.test_provision_digitalocean import TOKEN, FakeDigitalOcean, digitalocean

__all__ = ["digitalocean"]

URL = "/api/v1/hosting/provision"


@pytest.fixture
def backend() -> str:
    """Provisioning does not depend on the storage backend."""
    return "sqlite"


def test_a_bad_token_and_a_full_account_are_422_on_their_field(
    client: TestClient, make_member: MakeMember, instance: Instance, digitalocean: FakeDigitalOcean
) -> None:
    owner = make_member(Role.OWNER)
    headers = bearer(login(client, owner)["access_token"])
    body = {
        "name": "do-site", "provisioner": "digitalocean",
        "site_id": str(stored_site(instance, owner.tenant_id)),
        "do_token": "dop_v1_wrong", "do_api_url": digitalocean.base,
    }  # fmt: skip
    refused = client.post(URL, json=body, headers=headers)
    assert refused.status_code == 422, refused.text
    kind, message = problems(refused)["do_token"]
    assert kind == "provision"
    assert "401 unauthorized: Unable to authenticate you" in message and "write scope" in message
    assert client.get(URL, headers=headers).json() == []

    missing = client.post(URL, json={**body, "do_token": None}, headers=headers)
    assert missing.status_code == 422 and "do_token" in problems(missing)

    digitalocean.droplet_limit = 0
    full = client.post(URL, json={**body, "do_token": TOKEN}, headers=headers)
    assert full.status_code == 422, full.text
    assert "droplet" in problems(full)["provisioner"][1]
    assert client.get(URL, headers=headers).json() == []
