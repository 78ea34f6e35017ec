"""A deployed page of a site, fetched from its WordPress for the studio's live preview.

The studio may not frame another origin, and the WordPress a site went to is one; so the
API fetches the page itself and serves it from its own origin, made inert
(:mod:`presswright.sites.live_html`), under a policy that lets the frame load styles, fonts
and images of that WordPress only (:mod:`presswright.api.routes.site_preview`).

What is fetched comes from the site's own deploy records, in the caller's workspace: the
WordPress page a deploy made for the page's slug (the front page by default), asked for as a
visitor sees it (no credentials: no admin bar, no draft) at ``<site>/?page_id=<id>``, which
WordPress answers or redirects to the page's address. Every address on the way must be on the
connected site's origin: a redirect elsewhere is refused, as is an answer that is not HTML or
is larger than :data:`MAX_PAGE_BYTES`.

Errors: NotFoundError for a site or WordPress the workspace does not have; ConflictError
(:class:`NotDeployedError`) when the site, or that page, is not on WordPress yet;
WordPressUnreachableError when WordPress does not answer; WordPressError for any other answer
than the page.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Final
from urllib.parse import urljoin

import httpx

from presswright.bootstrap import Instance
from presswright.errors import ConflictError
from presswright.publish.wordpress.errors import WordPressError, unreachable_error
from presswright.sites.documents import site_document
from presswright.sites.live_html import inert_page, origin_of
from presswright.sites.service import deploy_key
from presswright.store.documents import publish_records_of
from presswright.store.wordpress import get_site as get_wordpress_site
from presswright.store.wordpress import list_sites as list_wordpress_sites

__all__ = ["MAX_PAGE_BYTES", "LivePage", "NotDeployedError", "live_page"]

MAX_PAGE_BYTES: Final = 4 * 1024 * 1024
MAX_REDIRECTS: Final = 5
TIMEOUT: Final = 15.0
_REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})


class NotDeployedError(ConflictError):
    """The site (or the page asked for) is not on that WordPress yet."""


@dataclass(frozen=True)
class LivePage:
    """One deployed page as WordPress served it, made inert, and where it came from."""

    site_id: uuid.UUID
    wordpress_id: uuid.UUID
    wordpress: str
    slug: str | None  # None: the front page
    url: str  # the address WordPress served the page at
    origin: str  # the WordPress origin its styles, fonts and images come from
    title: str
    page: str
    removed: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Target:
    wordpress_id: uuid.UUID
    wordpress: str
    site_url: str
    remote_id: int


def _target(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    site_id: uuid.UUID,
    slug: str | None,
    wordpress: str | uuid.UUID | None,
) -> _Target:
    """The WordPress and the remote page id the deploy records give for the page asked for."""
    with instance.database.tenant_session(tenant_id) as session:
        site_document(session, site_id)  # NotFoundError for another workspace's site
        sites = {row.id: row for row in list_wordpress_sites(session)}
        deployed = [
            record
            for record in publish_records_of(session, keys=[deploy_key(site_id)])
            if record.site_id in sites
        ]  # most recent first
        if wordpress is not None:
            chosen = get_wordpress_site(session, wordpress)
            deployed = [record for record in deployed if record.site_id == chosen.id]
            if not deployed:
                raise NotDeployedError(
                    f"this site is not deployed to {chosen.name} yet",
                    hint="deploy it there first (POST /api/v1/sites/{id}/deploy)",
                )
        if not deployed:
            raise NotDeployedError(
                "this site is not deployed to WordPress yet: there is no live page to show",
                hint="deploy it to a connected WordPress (POST /api/v1/sites/{id}/deploy);"
                " until then the block preview shows each page",
            )
        record = deployed[0]
        target = sites[record.site_id]
        remote_id = record.remote_id  # the front page
        if slug is not None:
            pages = publish_records_of(session, keys=[deploy_key(site_id, f"page:{slug}")])
            page = next((item for item in pages if item.site_id == target.id), None)
            if page is None:
                raise NotDeployedError(
                    f"the page {slug!r} is not on {target.name} yet (it was added after the"
                    " last deploy, or the site has no such page)",
                    hint="deploy the site again to put it there",
                )
            remote_id = page.remote_id
        return _Target(target.id, target.name, target.url, remote_id)


def _decoded(body: bytes, charset: str | None) -> str:
    try:
        return body.decode(charset or "utf-8", errors="replace")
    except LookupError:  # a charset Python does not know: WordPress's default
        return body.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class _Fetched:
    url: str
    status: int
    content_type: str
    text: str


async def _fetch(site: str, start: str, transport: httpx.AsyncBaseTransport | None) -> _Fetched:
    """The page at ``start``, redirects followed while they stay on the site's origin."""
    origin = origin_of(site)
    url = start
    async with httpx.AsyncClient(
        timeout=TIMEOUT,
        follow_redirects=False,
        transport=transport,
        headers={"Accept": "text/html", "User-Agent": "Presswright live preview"},
    ) as client:
        for _ in range(MAX_REDIRECTS + 1):
            try:
                async with client.stream("GET", url) as response:
                    if response.status_code in _REDIRECTS and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        if origin_of(url) != origin:
                            raise WordPressError(
                                f"WordPress at {site} sent the page to another address ({url})",
                                site=site,
                                status=response.status_code,
                                hint="open the page on its site; the live preview shows pages"
                                f" of {origin} only",
                            )
                        continue
                    body = bytearray()
                    async for chunk in response.aiter_bytes():
                        body.extend(chunk)
                        if len(body) > MAX_PAGE_BYTES:
                            raise WordPressError(
                                f"WordPress at {site} served a page over"
                                f" {MAX_PAGE_BYTES // (1024 * 1024)} MB ({url})",
                                site=site,
                                hint="open the page on its site instead",
                            )
                    kind = response.headers.get("content-type", "")
                    return _Fetched(
                        url,
                        response.status_code,
                        kind.split(";")[0].strip().lower(),
                        _decoded(bytes(body), response.charset_encoding),
                    )
            except httpx.HTTPError as error:
                raise unreachable_error(site, "reading a deployed page", error) from None
    raise WordPressError(
        f"WordPress at {site} redirected the page more than {MAX_REDIRECTS} times ({start})",
        site=site,
        hint="check the site's permalink and home address settings",
    )


async def live_page(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    site_id: uuid.UUID,
    slug: str | None = None,
    wordpress: str | uuid.UUID | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> LivePage:
    """A deployed page of the site (default: the front page) as WordPress serves it, inert.

    ``wordpress`` names the connected site (default: the one deployed to last).
    """
    target = _target(instance, tenant_id=tenant_id, site_id=site_id, slug=slug, wordpress=wordpress)
    site = target.site_url
    fetched = await _fetch(site, f"{site}/?page_id={target.remote_id}", transport)
    shown = fetched.url
    if fetched.status != 200:
        raise WordPressError(
            f"WordPress at {site} answered HTTP {fetched.status} for the deployed"
            f" {f'page {slug!r}' if slug else 'front page'} ({shown})",
            site=site,
            status=fetched.status,
            hint="the page may have been deleted or unpublished in WordPress: deploy the site"
            " again",
        )
    if fetched.content_type != "text/html":
        raise WordPressError(
            f"WordPress at {site} answered {fetched.content_type or 'no content type'} for the"
            f" deployed page ({shown}), not a web page",
            site=site,
            status=fetched.status,
            hint="check that the address of the connected site is WordPress's home address",
        )
    inert = inert_page(fetched.text, base_url=shown)
    return LivePage(
        site_id=site_id,
        wordpress_id=target.wordpress_id,
        wordpress=target.wordpress,
        slug=slug,
        url=shown,
        origin=origin_of(shown),
        title=inert.title,
        page=inert.page,
        removed=inert.removed,
    )
