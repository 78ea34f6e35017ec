"""A deploy's page writes against the session's real WordPress: late-landing duplicates."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from presswright.publish.wordpress import Credentials, WordPressClient
from presswright.sites import deploy_remote
from presswright.sites.deploy_remote import upsert_item
from tests.wordpress.wordpress_site import RunningWordPress


def _client(
    wordpress: RunningWordPress, transport: httpx.AsyncBaseTransport | None = None
) -> WordPressClient:
    """A client of the session's WordPress as its administrator."""
    return WordPressClient(
        site=wordpress.url,
        api_root=f"{wordpress.url}/wp-json",
        credentials=Credentials(
            username=wordpress.admin.login, app_password=wordpress.admin.app_password
        ),
        transport=transport,
    )


def test_a_page_that_appears_after_the_look_up_is_kept_and_the_copy_deleted(
    wordpress: RunningWordPress, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A stopped deploy's call lands between the resumed step's look-up and its create: the
    # look-up found nothing, then the page with the slug exists when the create arrives.
    slug = "late-landing-page"
    late = wordpress.rest(
        "POST", "/wp/v2/pages", json={"title": "Late", "slug": slug, "status": "publish"}
    ).json()["id"]
    real_find = deploy_remote._find
    looked: list[str] = []

    async def find_after_the_fact(client: Any, route: str, wanted: str) -> int | None:
        looked.append(wanted)
        return None if len(looked) == 1 else await real_find(client, route, wanted)

    monkeypatch.setattr(deploy_remote, "_find", find_after_the_fact)
    fields = {"title": "About us", "slug": slug, "status": "publish", "content": "<p>Hi</p>"}

    async def write() -> tuple[Any, str]:
        async with _client(wordpress) as client:
            return await upsert_item(client, "/wp/v2/pages", fields, None)

    try:
        item, action = asyncio.run(write())
        assert (item.id, item.slug, action) == (late, slug, "recovered")
        pages = wordpress.rest(
            "GET", "/wp/v2/pages", params={"search": "late", "status": "any", "context": "edit"}
        ).json()
        found = wordpress.rest(
            "GET", "/wp/v2/pages", params={"slug": slug, "status": "any", "context": "edit"}
        ).json()
        # One page: the late one, now with the deploy's title; the copy is gone for good.
        assert [page["id"] for page in found] == [late]
        assert found[0]["title"]["raw"] == "About us"
        assert not [page for page in pages if page["slug"].startswith(f"{slug}-")]
    finally:
        wordpress.rest("DELETE", f"/wp/v2/pages/{late}", params={"force": "true"})


class _HeldFirstCreate(httpx.AsyncBaseTransport):
    """Real requests; the first create of ``slug`` waits for ``release`` before it is sent."""

    def __init__(self, slug: str) -> None:
        self.slug, self.held, self.release = slug, asyncio.Event(), asyncio.Event()
        self.landed: list[str] = []  # the slugs WordPress gave the creates of slug, in order

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content or b"{}") if request.method == "POST" else {}
        create = request.url.path.endswith("/wp/v2/pages") and body.get("slug") == self.slug
        if create and not self.held.is_set():
            self.held.set()
            await self.release.wait()
        async with httpx.AsyncHTTPTransport() as wire:
            answer = await wire.handle_async_request(request)
            content = await answer.aread()
        if create:
            self.landed.append(json.loads(content)["slug"])
        return httpx.Response(answer.status_code, headers=answer.headers, content=content)


def test_a_create_landing_after_the_other_write_ended_deletes_its_own_copy(
    wordpress: RunningWordPress,
) -> None:
    # The late call's sender is alive: the other write has created, settled and returned
    # before the late create lands (as -3: a page of the site's own holds -2). The late
    # writer settles after landing: its copy goes, the first page is kept and returned, and
    # the site's own page in the slug family, whose content is not the deploy's, stays.
    slug = "late-sender-page"
    own = wordpress.rest(
        "POST", "/wp/v2/pages", json={"title": "Mine", "slug": f"{slug}-2", "status": "draft"}
    ).json()["id"]
    fields = {"title": "Team", "slug": slug, "status": "publish", "content": "<p>Team</p>"}
    wire = _HeldFirstCreate(slug)

    async def both() -> tuple[tuple[Any, str], tuple[Any, str]]:
        async with _client(wordpress, transport=wire) as client:
            late = asyncio.create_task(upsert_item(client, "/wp/v2/pages", fields, None))
            await wire.held.wait()
            first = await upsert_item(client, "/wp/v2/pages", fields, None)
            wire.release.set()
            return first, await late

    family = [slug, f"{slug}-2", f"{slug}-3"]
    try:
        (first, first_action), (late, late_action) = asyncio.run(both())
        assert wire.landed == [slug, f"{slug}-3"]  # the order under test happened
        assert (first_action, late.id, late_action) == ("created", first.id, "recovered")
        found = wordpress.rest(
            "GET", "/wp/v2/pages", params={"slug": ",".join(family), "status": "any"}
        ).json()
        assert sorted((page["id"], page["slug"]) for page in found) == sorted(
            [(first.id, slug), (own, f"{slug}-2")]
        )
    finally:
        made = wordpress.rest(
            "GET", "/wp/v2/pages", params={"slug": ",".join(family), "status": "any"}
        ).json()
        for page in made:
            wordpress.rest("DELETE", f"/wp/v2/pages/{page['id']}", params={"force": "true"})


def test_a_copy_whose_sender_is_gone_is_deleted_by_the_next_write_of_its_page(
    wordpress: RunningWordPress,
) -> None:
    # A late create whose answer nobody read (its process died) landed after every settle
    # of its page: the next deploy's write of the page (by its recorded id) deletes it.
    slug = "orphan-copy-page"
    fields = {"title": "Prices", "slug": slug, "status": "publish", "content": "<p>Cheap</p>"}

    async def write(known: int | None) -> tuple[Any, str]:
        async with _client(wordpress) as client:
            return await upsert_item(client, "/wp/v2/pages", fields, known)

    family = f"{slug},{slug}-2"
    try:
        page, action = asyncio.run(write(None))
        orphan = wordpress.rest("POST", "/wp/v2/pages", json=fields).json()
        assert (action, orphan["slug"]) == ("created", f"{slug}-2")
        again, action = asyncio.run(write(page.id))
        assert (again.id, action) == (page.id, "updated")
        found = wordpress.rest("GET", "/wp/v2/pages", params={"slug": family, "status": "any"})
        assert [item["id"] for item in found.json()] == [page.id]
    finally:
        made = wordpress.rest("GET", "/wp/v2/pages", params={"slug": family, "status": "any"})
        for item in made.json():
            wordpress.rest("DELETE", f"/wp/v2/pages/{item['id']}", params={"force": "true"})
