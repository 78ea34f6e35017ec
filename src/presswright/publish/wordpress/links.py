"""The internal-link index: a site's published posts and pages as ``{title, url}``, stored per site.

It is the list ``presswright article --site-index`` reads (:class:`SiteLink`), so generated
articles link to pages that exist.
"""

from __future__ import annotations

import html
import re
import uuid
from typing import Any

import httpx
import nh3

from presswright.bootstrap import Instance
from presswright.content.models import SiteLink
from presswright.publish.wordpress.client import WordPressClient
from presswright.publish.wordpress.sites import site_access
from presswright.store.wordpress import LinkRow, replace_site_links, site_links

__all__ = ["link_index", "pull_links"]

_KINDS = {"post": "/wp/v2/posts", "page": "/wp/v2/pages"}
_TITLE_MAX = 300
_URL_MAX = 2000


def _link_row(kind: str, item: dict[str, Any]) -> LinkRow | None:
    """One index entry from a REST item; None for an item without a title or a usable address."""
    rendered = (
        item.get("title", {}).get("rendered", "") if isinstance(item.get("title"), dict) else ""
    )
    title = re.sub(r"\s+", " ", html.unescape(nh3.clean(str(rendered), tags=set()))).strip()
    url = str(item.get("link") or "")
    identifier = item.get("id")
    if not title or not isinstance(identifier, int):
        return None
    if not url.startswith(("http://", "https://")) or len(url) > _URL_MAX:
        return None
    return LinkRow(kind=kind, remote_id=identifier, title=title[:_TITLE_MAX], url=url)


async def _published(client: WordPressClient) -> list[LinkRow]:
    rows: list[LinkRow] = []
    for kind, route in _KINDS.items():
        params = {"status": "publish", "_fields": "id,title,link", "orderby": "id", "order": "asc"}
        async for item in client.collection(route, params):
            row = _link_row(kind, item)
            if row is not None:
                rows.append(row)
    return rows


async def pull_links(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    site: str | uuid.UUID,
    transport: httpx.AsyncBaseTransport | None = None,
) -> list[SiteLink]:
    """Read every published post and page of the site and store them as its link index."""
    access = site_access(instance, tenant_id=tenant_id, site=site)
    async with access.client(transport) as client:
        rows = await _published(client)
    with instance.database.tenant_session(tenant_id) as session:
        replace_site_links(session, site_id=access.id, links=rows)
        return _as_links(site_links(session, access.id))


def link_index(
    instance: Instance, *, tenant_id: uuid.UUID, site: str | uuid.UUID
) -> list[SiteLink]:
    """The stored link index of a site (empty until its links are pulled)."""
    with instance.database.tenant_session(tenant_id) as session:
        return _as_links(site_links(session, site))


def _as_links(rows: list[LinkRow]) -> list[SiteLink]:
    """The index as the article flow reads it: ``{title, url}`` by title."""
    return [SiteLink(title=row.title, url=row.url) for row in rows]
