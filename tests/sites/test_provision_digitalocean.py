"""The digitalocean provisioner against DigitalOcean's documented API v2 wire format.

DigitalOcean cannot be reached from the test machines, so a loopback server (real HTTP)
answers as the API reference documents: ``Authorization: Bearer``, ``{"account": ...}``,
``{"droplet": ...}`` (202 on create, ``status`` ``new`` then ``active``, ``networks.v4`` with
a private and a public address), ``{"ssh_keys": [...], "links": {"pages": {"next": URL}}}``
pages, 204 on delete, errors as ``{"id": ..., "message": ...}`` (401 ``unauthorized``, 422
``unprocessable_entity``, 429 ``too_many_requests`` with ``Retry-After`` and the
``ratelimit-*`` headers). Checked: the requests made (paths, bodies, the token), resuming
without making anything twice, tear-down, and each error as one line naming the fix.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from pydantic import SecretStr
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from presswright.bootstrap import Instance
from presswright.sites.provision import ProvisionInputError, ProvisionRequest, start_record
from presswright.sites.provision.base import ProvisionState
from presswright.sites.provision.digitalocean import DigitalOceanProvisioner
from presswright.sites.provision.digitalocean_api import (
    DigitalOceanAPI,
    DigitalOceanError,
    DigitalOceanInputError,
)
from presswright.sites.provision.records import find_hosted
from tests.documents.conftest import make_workspace
from tests.loopback import served
from tests.sites.stored_sites import stored_site

TOKEN = "dop_v1_" + "a" * 64
PAGE_SIZE = 2  # DigitalOcean pages lists; a small page makes the client follow links


@dataclass
class FakeDigitalOcean:
    """The state behind the loopback API and every request it saw."""

    droplet_limit: int = 10
    keys: list[dict[str, Any]] = field(default_factory=list)
    droplets: dict[int, dict[str, Any]] = field(default_factory=dict)
    polls: dict[int, int] = field(default_factory=dict)
    seen: list[tuple[str, str, str, Any]] = field(default_factory=list)
    throttle_next: int = 0  # answer this many requests with 429 first
    slow: float = 0.0
    base: str = ""

    def paged(self, request: Request, key: str, items: list[dict[str, Any]]) -> JSONResponse:
        page = int(request.query_params.get("page", "1"))
        chunk = items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        pages: dict[str, str] = {}
        if page * PAGE_SIZE < len(items):
            pages["next"] = f"{self.base}{request.url.path}?page={page + 1}&per_page={PAGE_SIZE}"
        return JSONResponse({key: chunk, "links": {"pages": pages}, "meta": {"total": len(items)}})


def _error(status: int, code: str, message: str, **headers: str) -> JSONResponse:
    return JSONResponse({"id": code, "message": message}, status_code=status, headers=headers)


def fake_api(fake: FakeDigitalOcean) -> Starlette:
    """DigitalOcean's API v2 routes the provisioner calls, as documented."""

    async def guard(request: Request) -> Response | None:
        body = await request.json() if request.method == "POST" else None
        auth = request.headers.get("authorization", "")
        fake.seen.append((request.method, request.url.path, auth, body))
        if fake.slow:
            time.sleep(fake.slow)
        if fake.throttle_next:
            fake.throttle_next -= 1
            reset = str(int(time.time()) + 1)
            return _error(
                429, "too_many_requests", "API Rate limit exceeded.",
                **{"retry-after": "0", "ratelimit-limit": "250", "ratelimit-remaining": "0",
                   "ratelimit-reset": reset},
            )  # fmt: skip
        if auth != f"Bearer {TOKEN}":
            return _error(401, "unauthorized", "Unable to authenticate you")
        return None

    async def account(request: Request) -> Response:
        refused = await guard(request)
        return refused or JSONResponse(
            {"account": {"droplet_limit": fake.droplet_limit, "status": "active",
                         "email_verified": True, "uuid": str(uuid.uuid4())}}
        )  # fmt: skip

    async def keys(request: Request) -> Response:
        refused = await guard(request)
        if refused:
            return refused
        if request.method == "GET":
            return fake.paged(request, "ssh_keys", fake.keys)
        body = fake.seen[-1][3]
        if any(k["public_key"] == body["public_key"] for k in fake.keys):
            return _error(422, "unprocessable_entity", "SSH Key is already in use on your account")
        key = {
            "id": 512190 + len(fake.keys),
            "fingerprint": "3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa",
            "public_key": body["public_key"],
            "name": body["name"],
        }
        fake.keys.append(key)
        return JSONResponse({"ssh_key": key}, status_code=201)

    async def key(request: Request) -> Response:
        refused = await guard(request)
        if refused:
            return refused
        key_id = int(request.path_params["key_id"])
        fake.keys = [k for k in fake.keys if k["id"] != key_id]
        return Response(status_code=204)

    async def droplets(request: Request) -> Response:
        refused = await guard(request)
        if refused:
            return refused
        if request.method == "GET":
            tag = request.query_params.get("tag_name")
            found = [d for d in fake.droplets.values() if tag is None or tag in d["tags"]]
            return fake.paged(request, "droplets", found)
        body = fake.seen[-1][3]
        if len(fake.droplets) >= fake.droplet_limit:
            return _error(
                422, "unprocessable_entity",
                "creating this/these droplet(s) will exceed your droplet limit",
            )  # fmt: skip
        droplet_id = 3164444 + len(fake.droplets)
        droplet = {
            "id": droplet_id, "name": body["name"], "status": "new", "tags": body.get("tags", []),
            "networks": {"v4": [], "v6": []}, "region": {"slug": body["region"]},
            "size_slug": body["size"], "image": {"slug": body["image"]},
        }  # fmt: skip
        fake.droplets[droplet_id] = droplet
        href = f"{fake.base}/v2/actions/7515"
        return JSONResponse(
            {
                "droplet": droplet,
                "links": {"actions": [{"id": 7515, "rel": "create", "href": href}]},
            },
            status_code=202,
        )

    async def droplet(request: Request) -> Response:
        refused = await guard(request)
        if refused:
            return refused
        droplet_id = int(request.path_params["droplet_id"])
        if droplet_id not in fake.droplets:
            return _error(404, "not_found", "The resource you were accessing could not be found.")
        if request.method == "DELETE":
            del fake.droplets[droplet_id]
            return Response(status_code=204)
        fake.polls[droplet_id] = fake.polls.get(droplet_id, 0) + 1
        item = fake.droplets[droplet_id]
        if fake.polls[droplet_id] >= 3:  # booting for two polls, then active with addresses
            item["status"] = "active"
            item["networks"]["v4"] = [
                {"ip_address": "10.128.0.5", "netmask": "255.255.0.0", "type": "private"},
                {"ip_address": "203.0.113.10", "netmask": "255.255.240.0", "type": "public"},
            ]
        return JSONResponse({"droplet": item})

    return Starlette(
        routes=[
            Route("/v2/account", account),
            Route("/v2/account/keys", keys, methods=["GET", "POST"]),
            Route("/v2/account/keys/{key_id:int}", key, methods=["DELETE"]),
            Route("/v2/droplets", droplets, methods=["GET", "POST"]),
            Route("/v2/droplets/{droplet_id:int}", droplet, methods=["GET", "DELETE"]),
        ]
    )


@pytest.fixture
def digitalocean() -> Iterator[FakeDigitalOcean]:
    """The loopback DigitalOcean, with someone else's two keys already on the account."""
    fake = FakeDigitalOcean()
    fake.keys = [
        {"id": 1, "fingerprint": "aa", "public_key": "ssh-ed25519 AAAAC3Nza1 a", "name": "laptop"},
        {"id": 2, "fingerprint": "bb", "public_key": "ssh-ed25519 AAAAC3Nza2 b", "name": "ci"},
    ]
    with served(fake_api(fake)) as base:
        fake.base = base
        yield fake


def state_for(fake: FakeDigitalOcean, token: str = TOKEN) -> tuple[ProvisionState, list[str]]:
    """A provision state as the service makes it for ``digitalocean``; the steps it records."""
    steps: list[str] = []
    state = ProvisionState(
        id=uuid.uuid4(),
        name="rosas-bakery",
        settings={"region": "ams3", "size": "s-1vcpu-1gb", "image": "debian-12-x64",
                  "ssh_port": 22, "api_url": fake.base, "public": True},
        secrets={"do_token": token},
        save=lambda _state, step: steps.append(step),
    )  # fmt: skip
    return state, steps


def test_a_droplet_is_made_polled_until_active_and_destroyed(
    digitalocean: FakeDigitalOcean,
) -> None:
    naps: list[float] = []
    provisioner = DigitalOceanProvisioner(poll_interval=0.01, sleep=naps.append)
    state, steps = state_for(digitalocean)
    digitalocean.throttle_next = 1  # the first call is rate limited, then answered

    provisioner.plan(state)
    assert provisioner.make_droplet(state) == "203.0.113.10"
    assert state.settings["host"] == "203.0.113.10"
    assert steps == [
        "ssh key made", "ssh key added to DigitalOcean", "droplet 3164444 created",
        "droplet active at 203.0.113.10",
    ]  # fmt: skip
    assert 0.0 in naps  # the 429's Retry-After: 0 was honoured
    assert all(auth == f"Bearer {TOKEN}" for _, _, auth, _ in digitalocean.seen)
    calls = [(method, path) for method, path, _, _ in digitalocean.seen]
    assert calls.count(("POST", "/v2/account/keys")) == 1
    assert calls.count(("POST", "/v2/droplets")) == 1
    assert calls.count(("GET", "/v2/droplets/3164444")) == 3  # new, new, active
    # The keys list spans two pages (two keys each); the client read both before adding.
    assert calls.index(("POST", "/v2/account/keys")) > 0
    added = next(
        body for m, p, _, body in digitalocean.seen if (m, p) == ("POST", "/v2/account/keys")
    )
    assert added["name"] == "presswright-rosas-bakery"
    assert added["public_key"].startswith("ssh-ed25519 ")
    assert state.secrets["ssh_key"].startswith("-----BEGIN OPENSSH PRIVATE KEY-----")
    assert added["public_key"].split()[1] not in state.secrets["ssh_key"]  # the private half stays
    body = next(body for m, p, _, body in digitalocean.seen if (m, p) == ("POST", "/v2/droplets"))
    assert body["name"] == "rosas-bakery" and body["region"] == "ams3"
    assert body["size"] == "s-1vcpu-1gb" and body["image"] == "debian-12-x64"
    assert body["ssh_keys"] == [state.settings["do_ssh_key_id"]] == [512192]
    assert body["tags"] == ["presswright-rosas-bakery"]
    assert body["user_data"].startswith("#cloud-config\n")
    assert "wordpress" in body["user_data"] and "mariadb-server" in body["user_data"]

    # Again: everything is recorded, so nothing is made twice.
    before = len(digitalocean.seen)
    assert provisioner.make_droplet(state) == "203.0.113.10"
    assert [(m, p) for m, p, _, _ in digitalocean.seen[before:]] == [
        ("GET", "/v2/droplets/3164444")
    ]

    # A run that died after DigitalOcean made the droplet (and the key) but before recording
    # either finds both again: by the key's text and by the droplet's tag.
    lost = state_for(digitalocean)[0]
    lost.secrets["ssh_key"] = state.secrets["ssh_key"]
    lost.settings["ssh_public_key"] = state.settings["ssh_public_key"]
    before = len(digitalocean.seen)
    assert provisioner.make_droplet(lost) == "203.0.113.10"
    assert lost.settings["droplet_id"] == 3164444 and lost.settings["do_ssh_key_id"] == 512192
    assert not [p for m, p, _, _ in digitalocean.seen[before:] if m == "POST"]
    assert len(digitalocean.droplets) == 1 and len(digitalocean.keys) == 3

    provisioner.teardown(state)
    assert digitalocean.droplets == {} and [k["id"] for k in digitalocean.keys] == [1, 2]
    provisioner.teardown(state)  # gone already: 404s are fine


def test_each_refusal_is_one_line_naming_the_fix(digitalocean: FakeDigitalOcean) -> None:
    provisioner = DigitalOceanProvisioner(poll_interval=0.01, sleep=lambda _: None)

    bad, _ = state_for(digitalocean, token="dop_v1_wrong")
    with pytest.raises(DigitalOceanInputError) as refused:
        provisioner.plan(bad)
    assert refused.value.status == 401 and refused.value.field == "do_token"
    assert str(refused.value).startswith(
        "DigitalOcean answered GET /v2/account with 401 unauthorized: Unable to authenticate you;"
    )
    assert "write scope" in (refused.value.hint or "")

    full, _ = state_for(digitalocean)
    digitalocean.droplet_limit = 0 + len(digitalocean.droplets) + 1
    provisioner.make_droplet(full)
    other, _ = state_for(digitalocean)
    other.name = "another-site"
    with pytest.raises(DigitalOceanInputError) as quota:
        provisioner.plan(other)
    assert quota.value.field == "provisioner" and "limit is 1" in str(quota.value)
    with pytest.raises(DigitalOceanInputError) as exceeded:
        provisioner.make_droplet(other)  # as if the limit was reached after the check
    assert exceeded.value.status == 422 and exceeded.value.code == "unprocessable_entity"
    assert "exceed your droplet limit" in str(exceeded.value) and "\n" not in str(exceeded.value)

    digitalocean.throttle_next = 10  # more 429s than the client retries
    api = DigitalOceanAPI(TOKEN, base_url=digitalocean.base, sleep=lambda _: None)
    with api, pytest.raises(DigitalOceanError) as limited:
        api.account()
    assert limited.value.status == 429 and "API Rate limit exceeded." in str(limited.value)
    digitalocean.throttle_next = 0

    digitalocean.slow = 1.0
    slow = DigitalOceanAPI(TOKEN, base_url=digitalocean.base, timeout=0.2)
    with slow, pytest.raises(DigitalOceanInputError) as late:
        slow.account()
    assert str(late.value).startswith("DigitalOcean did not answer GET /v2/account within 0.2 s")
    assert late.value.hint == "check this server's internet access, or try again later"
    digitalocean.slow = 0.0


def test_a_bad_token_is_refused_before_anything_is_recorded(
    instance: Instance, digitalocean: FakeDigitalOcean
) -> None:
    tenant, _ = make_workspace(instance)
    site_id = stored_site(instance, tenant)
    request = ProvisionRequest(
        name="rosas-bakery", provisioner="digitalocean", site_id=site_id,
        do_token=SecretStr("dop_v1_wrong"), do_api_url=digitalocean.base,
    )  # fmt: skip
    with pytest.raises(ProvisionInputError) as refused:
        start_record(instance, tenant_id=tenant, request=request)
    assert refused.value.field == "do_token" and "401 unauthorized" in str(refused.value)
    with instance.database.tenant_session(tenant) as session:
        assert find_hosted(session, "rosas-bakery") is None
    missing = request.model_copy(update={"do_token": None})
    with pytest.raises(ProvisionInputError) as no_token:
        start_record(instance, tenant_id=tenant, request=missing)
    assert no_token.value.field == "do_token"

    good = request.model_copy(update={"do_token": SecretStr(TOKEN)})
    record = start_record(instance, tenant_id=tenant, request=good)
    assert record.kind == "digitalocean" and record.settings["region"] == "nyc3"
    assert "do_token" not in record.settings and TOKEN not in record.model_dump_json()
