"""The internal-link index pulled from the real WordPress: published posts and pages only."""

from __future__ import annotations

import asyncio
import uuid

from presswright.bootstrap import Instance
from presswright.content.models import ContentRequest, SiteLink
from presswright.publish.wordpress import link_index, pull_links
from tests.wordpress.conftest import Connect
from tests.wordpress.test_publish import article, publish
from tests.wordpress.wordpress_site import RunningWordPress


def test_pull_links_indexes_published_posts_and_pages(
    instance: Instance, tenant_id: uuid.UUID, wordpress: RunningWordPress, connect: Connect
) -> None:
    site = connect(wordpress.author)
    live = publish(instance, tenant_id, site, article("live"), status="publish")
    draft = publish(instance, tenant_id, site, article("draft"))
    page_title = f"About &amp; contact {uuid.uuid4().hex[:6]}"
    page = wordpress.rest(
        "POST", "/wp/v2/pages", json={"title": page_title, "status": "publish"}
    ).json()

    links = asyncio.run(pull_links(instance, tenant_id=tenant_id, site=site))

    by_url = {link.url: link.title for link in links}
    assert by_url[live.url] == "Home Composting for Beginners: Turn Kitchen Scraps into Garden Gold"
    assert by_url[page["link"]] == page_title.replace("&amp;", "&")
    assert draft.url not in by_url
    assert all(not url.endswith(f"?p={draft.remote_id}") for url in by_url)
    assert link_index(instance, tenant_id=tenant_id, site=site) == sorted(
        links, key=lambda link: link.title
    )
    # It is the index an article brief takes.
    brief = ContentRequest(topic="Composting at home", site_index=links)
    assert SiteLink(title=by_url[live.url], url=live.url) in brief.site_index

    # Pulled again, the index is replaced, not appended to.
    again = asyncio.run(pull_links(instance, tenant_id=tenant_id, site=site))
    assert len(again) == len(links)
