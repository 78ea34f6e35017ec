"""A deploy job resumed while the stopped step's create is in flight, on the real WordPress.

The order the late call cannot fix by itself: the resumed run's create lands first and
takes the slug, then the stopped run's create lands and WordPress gives it ``<slug>-2``,
and its answer never reaches the stopped run (its sender is gone, as after a crash). The
WordPress connection goes through :class:`HeldCreate` (the client's transport seam, real
requests to the session's WordPress): it holds the first create of the front page, lets
the job be stopped and resumed meanwhile, lets the resumed create land, then sends the held
one on and hands the resumed run its answer only once the held one has landed. The deploy
must end with one page per site page and no ``-2`` copy.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time

import httpx
import pytest

from presswright.bootstrap import Instance
from presswright.flows import operations as ops
from presswright.flows.runtime import Runtime
from presswright.publish.wordpress.sites import SiteAccess, SiteConnect, connect_site
from presswright.sites.deploy_job import start_deploy
from presswright.sites.jobs import JobStatus, job_status
from tests.sites.site_fakes import FakeSiteModel
from tests.sites.site_runs import generated_site
from tests.sites.test_deploy import backend, restored
from tests.wordpress.wordpress_site import RunningWordPress

__all__ = ["backend", "restored"]

WAIT = 120.0


def _until(flag: threading.Event, what: str) -> None:
    if not flag.wait(WAIT):
        raise AssertionError(f"{what} did not happen in {WAIT:.0f} s")


async def _until_async(flag: threading.Event, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not flag.is_set():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen in {WAIT:.0f} s")
        await asyncio.sleep(0.02)


class HeldCreate(httpx.AsyncBaseTransport):
    """Real requests to WordPress; the first create of ``slug`` is held (the stopped run's),
    sent on once the next one (the resumed run's) has landed, and its answer is lost."""

    def __init__(self, slug: str) -> None:
        self.slug = slug
        self.held = threading.Event()
        self.release = threading.Event()
        self.stale_landed = threading.Event()
        self.landed: list[dict[str, object]] = []  # the creates of slug, as WordPress answered

    def _is_create(self, request: httpx.Request) -> bool:
        route = request.url.params.get("rest_route") or request.url.path
        if request.method != "POST" or not route.rstrip("/").endswith("/wp/v2/pages"):
            return False
        return bool(json.loads(request.content or b"{}").get("slug") == self.slug)

    async def _send(self, request: httpx.Request) -> httpx.Response:
        async with httpx.AsyncHTTPTransport() as wire:
            answer = await wire.handle_async_request(request)
            body = await answer.aread()
        return httpx.Response(answer.status_code, headers=answer.headers, content=body)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not self._is_create(request):
            return await self._send(request)
        if not self.held.is_set():  # the stopped run's create: in flight until released
            self.held.set()
            await _until_async(self.release, "the resumed create")
            answer = await self._send(request)
            self.landed.append(answer.json())
            self.stale_landed.set()
            raise httpx.ReadError("the answer was lost: its sender is gone", request=request)
        answer = await self._send(request)  # the resumed run's create lands first
        self.landed.append(answer.json())
        self.release.set()
        await _until_async(self.stale_landed, "the held create landing")
        return answer


@pytest.mark.timeout(300)
def test_a_stale_create_landing_after_the_resumed_one_leaves_no_copy(
    instance: Instance,
    runtime: Runtime,
    model: FakeSiteModel,
    wordpress: RunningWordPress,
    restored: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tenant, site_id, status = generated_site(instance, runtime)
    assert status.status == "completed", status.error
    admin = SiteConnect(
        url=wordpress.url, username=wordpress.admin.login, app_password=wordpress.admin.app_password
    )
    name = asyncio.run(connect_site(instance, tenant_id=tenant, data=admin)).site.name
    listed = wordpress.rest("GET", "/wp/v2/pages", params={"status": "any", "per_page": 100})
    before = {page["id"] for page in listed.json()}
    wire = HeldCreate("home")
    real_client = SiteAccess.client
    monkeypatch.setattr(
        SiteAccess,
        "client",
        lambda self, transport=None, **options: real_client(self, wire, **options),
    )

    async def scenario() -> JobStatus:
        started = await start_deploy(
            instance, tenant_id=tenant, user_id=None, site_id=site_id, wordpress=name,
            runtime=runtime,
        )  # fmt: skip
        job_id = started.job_id
        await _until_async(wire.held, "the first create")
        ops.stop(instance, tenant_id=tenant, execution_id=job_id)
        assert job_status(instance, tenant_id=tenant, job_id=job_id).status == "cancelled"
        # Resumed at once: the stopped step's create is still in flight (held).
        await ops.resume(instance, tenant_id=tenant, execution_id=job_id, runtime=runtime)
        await ops.wait_until_settled(instance, tenant_id=tenant, execution_id=job_id, timeout=WAIT)
        return job_status(instance, tenant_id=tenant, job_id=job_id)

    job = asyncio.run(scenario())
    _until(wire.stale_landed, "the held create landing")
    assert job.status == "completed" and job.progress == 100, job.error
    assert job.deploy is not None
    restored += [p.remote_id for p in job.deploy.pages] + [job.deploy.navigation_id]
    restored += [int(str(item["id"])) for item in wire.landed]  # a copy left behind, if any
    # The race ran in the order under test: the resumed create took the slug first.
    assert [item["slug"] for item in wire.landed] == ["home", "home-2"]
    home = next(p for p in job.deploy.pages if p.slug == "home")
    assert home.remote_id == wire.landed[0]["id"]
    pages = wordpress.rest("GET", "/wp/v2/pages", params={"status": "any", "per_page": 100})
    made = {page["id"]: page["slug"] for page in pages.json() if page["id"] not in before}
    # One page per site page, no -2 copy: the late page was deleted for good.
    assert made == {p.remote_id: p.slug for p in job.deploy.pages}, made
    assert not [slug for slug in made.values() if re.fullmatch(r".+-\d+", slug)]
    copy = wordpress.rest("GET", "/wp/v2/pages", params={"slug": "home-2", "status": "any"})
    assert copy.json() == []
    settings = wordpress.rest("GET", "/wp/v2/settings").json()
    assert settings["page_on_front"] == home.remote_id
