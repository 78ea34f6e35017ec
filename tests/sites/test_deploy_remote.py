"""A deploy's page writes against the session's real WordPress: the late-landing duplicate."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from presswright.publish.wordpress import Credentials, WordPressClient
from presswright.sites import deploy_remote
from presswright.sites.deploy_remote import upsert_item
from tests.wordpress.wordpress_site import RunningWordPress


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
        async with WordPressClient(
            site=wordpress.url,
            api_root=f"{wordpress.url}/wp-json",
            credentials=Credentials(
                username=wordpress.admin.login, app_password=wordpress.admin.app_password
            ),
        ) as client:
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
