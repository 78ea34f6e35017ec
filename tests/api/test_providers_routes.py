"""Provider connections and models over the API: keys write-only, admins write, tenant walls."""

from __future__ import annotations

import logging
import uuid

import pytest
from fastapi.testclient import TestClient

from presswright.bootstrap import Instance
from presswright.store.models import Role
from tests.api.conftest import MakeMember, bearer, login
from tests.api.test_brand_profiles_routes import key_headers

BASE = "/api/v1/providers"
KEY = "sk-live-9f8e7d6c5b4a39281706f5e4d3c2b1a0"
NEW_KEY = "sk-next-00112233445566778899aabbccdd7e7f"
SERVER = {
    "name": "myserver",
    "kind": "openai-compatible",
    "base_url": "http://127.0.0.1:9/v1",
    "models": ["m1", "m2"],
    "requests_per_minute": 60,
}


def test_keys_are_write_only_and_never_logged(
    client: TestClient,
    make_member: MakeMember,
    instance: Instance,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    admin = make_member(Role.ADMIN)
    headers = bearer(login(client, admin)["access_token"])
    created = client.post(BASE, json={**SERVER, "api_key": KEY}, headers=headers)
    assert created.status_code == 201, created.text
    config = created.json()
    assert config["api_key"] == "…b1a0" and config["has_api_key"] is True
    assert {k: config[k] for k in SERVER} == SERVER
    url = f"{BASE}/{config['id']}"
    texts = [created.text, client.get(BASE, headers=headers).text]
    assert client.get(url, headers=headers).json() == config

    replaced = client.patch(url, json={"api_key": NEW_KEY, "models": None}, headers=headers)
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["api_key"] == "…7e7f" and replaced.json()["models"] == []
    removed = client.patch(url, json={"api_key": "", "requests_per_minute": None}, headers=headers)
    assert removed.json()["has_api_key"] is False and removed.json()["api_key"] is None
    assert removed.json()["requests_per_minute"] is None
    # An invalid body that carries a key: refused without echoing it.
    refused = client.post(BASE, json={**SERVER, "name": "Bad!", "api_key": KEY}, headers=headers)
    assert refused.status_code == 422
    texts += [replaced.text, removed.text, refused.text]

    for secret in (KEY, NEW_KEY):
        assert not [text for text in texts if secret in text]
        assert not [r.getMessage() for r in caplog.records if secret in r.getMessage()]
    assert any("/api/v1/providers" in r.getMessage() for r in caplog.records)  # it did log

    viewer = key_headers(instance, make_member(Role.VIEWER, tenant_id=admin.tenant_id))
    assert client.get(url, headers=viewer).json()["has_api_key"] is False
    assert [c["name"] for c in client.get(BASE, headers=viewer).json()] == ["myserver"]
    for denied in (
        client.post(BASE, json={**SERVER, "name": "other"}, headers=viewer),
        client.patch(url, json={"models": ["m3"]}, headers=viewer),
        client.delete(url, headers=viewer),
    ):
        assert denied.status_code == 403
        assert "needs the admin role" in denied.json()["detail"]
    assert client.delete(url, headers=headers).status_code == 204
    assert client.get(url, headers=headers).status_code == 404


def test_invalid_configs_and_other_tenants_ids_are_refused(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    alice, bob = make_member(Role.OWNER), make_member(Role.OWNER)
    alice_headers, bob_headers = key_headers(instance, alice), key_headers(instance, bob)
    for change, field in (
        ({"kind": "martian"}, "body.kind"),
        ({"base_url": "ftp://127.0.0.1/v1"}, "body.base_url"),
        ({"base_url": "http://"}, "body.base_url"),
        ({"base_url": "http://host name/v1"}, "body.base_url"),
        ({"requests_per_minute": 0}, "body.requests_per_minute"),
        ({"tokens_per_minute": -5}, "body.tokens_per_minute"),
        ({"models": ["two words"]}, "body.models.0"),
        ({"name": "Upper"}, "body.name"),
        ({"secret": "x"}, "body.secret"),
    ):
        response = client.post(BASE, json={**SERVER, **change}, headers=alice_headers)
        assert response.status_code == 422, change
        assert response.json()["errors"][0]["field"] == field
    hidden = client.post(BASE, json={**SERVER, "kind": "fake"}, headers=alice_headers)
    assert hidden.status_code == 400
    assert "cannot be configured" in hidden.json()["detail"]
    assert client.post(BASE, json=SERVER, headers=alice_headers).status_code == 201
    assert client.post(BASE, json=SERVER, headers=alice_headers).status_code == 409
    garbage = client.get(f"{BASE}/not-a-uuid", headers=alice_headers)
    assert garbage.status_code == 422
    assert garbage.json()["errors"][0]["field"] == "path.config_id"

    bobs = client.post(BASE, json={**SERVER, "api_key": KEY}, headers=bob_headers).json()
    for url in (f"{BASE}/{bobs['id']}", f"{BASE}/{uuid.uuid4()}"):
        assert client.get(url, headers=alice_headers).status_code == 404
        assert client.patch(url, json={"api_key": "x"}, headers=alice_headers).status_code == 404
        assert client.delete(url, headers=alice_headers).status_code == 404
    assert client.get(f"{BASE}/{bobs['id']}", headers=bob_headers).json() == bobs


def test_models_of_the_workspace_with_reasons(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    owner = make_member(Role.OWNER)
    headers = key_headers(instance, owner)
    client.post(BASE, json={**SERVER, "api_key": KEY}, headers=headers)
    client.post(BASE, json={"name": "claude", "kind": "anthropic"}, headers=headers)
    viewer = key_headers(instance, make_member(Role.VIEWER, tenant_id=owner.tenant_id))
    response = client.get("/api/v1/models", headers=viewer)
    assert response.status_code == 200, response.text
    models = {info["id"]: info for info in response.json()}
    assert {"myserver:m1", "myserver:m2", "local:smollm2", "openai:*"} <= set(models)
    assert models["myserver:m1"]["available"] is True
    assert models["myserver:m1"]["provider"] == "myserver"
    assert models["myserver:m1"]["name"] == "m1"
    assert models["openai:*"]["available"] is False
    assert "OPENAI_API_KEY" in models["openai:*"]["reason"]
    claude = [info for info in models.values() if info["provider"] == "claude"]
    assert claude and all(not info["available"] for info in claude)
    assert all("no API key for claude" in info["reason"] for info in claude)
    assert KEY not in response.text

    # Another workspace sees its own (here: none) stored connections only.
    stranger = key_headers(instance, make_member(Role.OWNER))
    theirs = {info["provider"] for info in client.get("/api/v1/models", headers=stranger).json()}
    assert "local" in theirs and not theirs & {"myserver", "claude"}


def test_a_key_that_no_longer_decrypts_is_a_409_that_says_how_to_fix_it(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    from cryptography.fernet import Fernet
    from sqlalchemy import update

    from presswright.store.models import ProviderConfig

    admin = make_member(Role.ADMIN)
    headers = bearer(login(client, admin)["access_token"])
    created = client.post(BASE, json={**SERVER, "api_key": KEY}, headers=headers)
    assert created.status_code == 201, created.text
    # As after the instance secret was replaced: the stored token is another key's.
    foreign = Fernet(Fernet.generate_key()).encrypt(KEY.encode()).decode()
    with instance.database.tenant_session(admin.tenant_id) as session:
        session.execute(
            update(ProviderConfig)
            .where(ProviderConfig.id == uuid.UUID(created.json()["id"]))
            .values(api_key_encrypted=foreign)
        )
    models = client.get("/api/v1/models", headers=headers)
    assert models.status_code == 409, models.text
    problem = models.json()
    assert problem["type"].endswith("stored-secret-unreadable")
    assert "cannot be decrypted" in problem["detail"] and "store" in problem["detail"]
    assert KEY not in models.text
    # Storing the key again puts it right.
    fixed = client.patch(f"{BASE}/{created.json()['id']}", json={"api_key": KEY}, headers=headers)
    assert fixed.status_code == 200, fixed.text
    assert client.get("/api/v1/models", headers=headers).status_code == 200
