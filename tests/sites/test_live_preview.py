"""The live preview's page: a deployed page read from the session's real WordPress, made inert.

A stored one-page site is deployed to the real WordPress as the administrator; its front page
and the page by slug are read back as a visitor sees them, without a script, an event handler
or a link that would load another origin, with a ``<base>`` of WordPress's own address. A site
not deployed, a page deployed nowhere and another workspace's site are refused; a WordPress
that does not answer, redirects off its origin or answers something that is not a page are
each a WordPress error naming it (the connection is pointed at a real loopback server that
does so, or at a port nothing listens on).
"""

from __future__ import annotations

import asyncio
import socket
import uuid
from typing import Any

import pytest

from presswright.bootstrap import Instance
from presswright.errors import NotFoundError
from presswright.publish.wordpress.errors import WordPressError, WordPressUnreachableError
from presswright.publish.wordpress.sites import SiteConnect, connect_site
from presswright.sites.deploy import deploy_site
from presswright.sites.live_html import inert_page, origin_of
from presswright.sites.live_preview import LivePage, NotDeployedError, live_page
from presswright.sites.service import deploy_key
from presswright.store.models import WordPressSite
from presswright.store.wordpress import PublishedPost, save_publish_record
from tests.documents.conftest import make_workspace
from tests.loopback import served
from tests.sites.stored_sites import stored_site
from tests.sites.test_deploy import restored  # noqa: F401 - the fixture putting WordPress back
from tests.wordpress.wordpress_site import RunningWordPress


@pytest.fixture
def backend() -> str:
    """Reading WordPress does not depend on the storage backend."""
    return "sqlite"


def connected(instance: Instance, tenant: uuid.UUID, wordpress: RunningWordPress) -> str:
    admin = SiteConnect(
        url=wordpress.url, username=wordpress.admin.login, app_password=wordpress.admin.app_password
    )
    return asyncio.run(connect_site(instance, tenant_id=tenant, data=admin)).site.name


def read(instance: Instance, tenant: uuid.UUID, site_id: uuid.UUID, **asked: Any) -> LivePage:
    return asyncio.run(live_page(instance, tenant_id=tenant, site_id=site_id, **asked))


@pytest.mark.timeout(180)
def test_the_deployed_pages_are_read_from_wordpress_as_a_visitor_sees_them_inert(
    instance: Instance,
    wordpress: RunningWordPress,
    restored: list[int],  # noqa: F811
) -> None:
    tenant, _ = make_workspace(instance)
    site_id = stored_site(instance, tenant)
    name = connected(instance, tenant, wordpress)
    with pytest.raises(NotDeployedError, match="not deployed to WordPress yet"):
        read(instance, tenant, site_id)
    deployed = asyncio.run(deploy_site(instance, tenant_id=tenant, site_id=site_id, wordpress=name))
    restored += [p.remote_id for p in deployed.pages] + [deployed.navigation_id]

    front = read(instance, tenant, site_id)
    # The front page is served at the home address, in WordPress's block theme.
    assert (front.url, front.origin, front.wordpress) == (
        f"{wordpress.url}/",
        origin_of(wordpress.url),
        name,
    )
    assert front.title == "Rosa's Bakery \u2013 Warm bread and friendly faces"
    assert "Fresh sourdough bread every day" in front.page
    assert f'<base href="{wordpress.url}/" target="_blank">' in front.page
    lowered = front.page.lower()
    assert "<script" not in lowered and " onload=" not in lowered and "<base" in lowered
    # WordPress put scripts in it; its stylesheets stay (they are of its own origin).
    assert front.removed.get("script", 0) >= 1, front.removed
    assert f"href='{wordpress.url}/wp-includes/blocks/" in front.page
    by_slug = read(instance, tenant, site_id, slug="home", wordpress=name)
    assert (by_slug.url, by_slug.slug) == (front.url, "home")

    with pytest.raises(NotDeployedError, match="'menu' is not on"):
        read(instance, tenant, site_id, slug="menu")
    other, _ = make_workspace(instance)
    with pytest.raises(NotFoundError):
        read(instance, other, site_id)


async def _redirect_elsewhere(scope: dict[str, Any], receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 302,
                "headers": [(b"location", b"http://example.com/stolen")]})  # fmt: skip
    await send({"type": "http.response.body", "body": b""})


async def _json_answer(scope: dict[str, Any], receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json")]})  # fmt: skip
    await send({"type": "http.response.body", "body": b"{}"})


def _closed_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def test_a_wordpress_that_fails_is_named_never_followed_off_its_origin(
    instance: Instance, wordpress: RunningWordPress
) -> None:
    tenant, _ = make_workspace(instance)
    site_id = stored_site(instance, tenant)
    name = connected(instance, tenant, wordpress)
    post = PublishedPost(
        marker="m", remote_id=987_654, remote_url=f"{wordpress.url}/", remote_status="publish",
        featured_media_id=None, featured_image_sha256=None, seo_title="", seo_description="",
        seo_note="",
    )  # fmt: skip
    # What a deploy leaves: the site's record (its front page) and one per page.
    with instance.database.tenant_session(tenant) as session:
        row = session.query(WordPressSite).filter_by(name=name).one()
        for key in (deploy_key(site_id), deploy_key(site_id, "page:home")):
            save_publish_record(session, site_id=row.id, document_key=key, post=post)

    def pointed_at(url: str) -> None:
        with instance.database.tenant_session(tenant) as session:
            session.query(WordPressSite).filter_by(name=name).one().url = url

    pointed_at(_closed_port())
    with pytest.raises(WordPressUnreachableError, match="cannot reach WordPress"):
        read(instance, tenant, site_id)
    with served(_redirect_elsewhere) as base:
        pointed_at(base)
        with pytest.raises(WordPressError, match=r"another address \(http://example.com/stolen\)"):
            read(instance, tenant, site_id, slug="home")
    with served(_json_answer) as base:
        pointed_at(base)
        with pytest.raises(WordPressError, match=r"application/json .* not a web page"):
            read(instance, tenant, site_id)
    # A page deleted on WordPress itself (no page has that id): its 404, named.
    pointed_at(wordpress.url)
    with pytest.raises(WordPressError, match="answered HTTP 404 for the deployed front page"):
        read(instance, tenant, site_id)


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="0;url=https://elsewhere.example/">
<base href="https://elsewhere.example/">
<title>Caf&eacute; &amp; Bakery</title>
<link rel="stylesheet" href="/wp-content/themes/t/style.css">
<link rel="stylesheet" href="https://fonts.example/css">
<link rel="preload" as="script" href="/wp-includes/js/x.js">
<style>body{background:url('/bg.png')}</style>
<script>alert(1)</script><script src="/x.js"></script>
</head><body onload="alert(2)">
<noscript><img src="https://tracker.example/p.gif"></noscript>
<svg viewBox="0 0 10 10"><script>alert(3)</script><a xlink:href=" javascript:alert(4)">x</a></svg>
<a href="JaVaScRiPt:alert(5)" target="_self" ping="https://tracker.example/">go</a>
<iframe src="https://elsewhere.example/"><iframe></iframe><p>inside</p></iframe>
<form action="data:text/html,hi"><button formaction="javascript:x()">b</button></form>
<p class="kept">5 &lt; 6 &#8211; fine</p><br/>
</body></html>"""


def test_a_page_loses_everything_active_and_keeps_the_rest_as_it_was() -> None:
    inert = inert_page(PAGE, base_url="https://shop.example/about/")
    page = inert.page
    assert inert.title == "Caf\u00e9 & Bakery"
    assert page.startswith('<!DOCTYPE html>\n<html lang="en"><head><base href="https://shop.')
    assert page.count("<base") == 1 and "elsewhere.example" not in page
    for gone in ("<script", "alert(", "onload", "javascript", "refresh", "tracker", "<iframe",
                 "fonts.example", "preload", "data:text", "_self", "<noscript"):  # fmt: skip
        assert gone not in page.lower(), gone
    # Kept exactly as written: the stylesheet of the site's origin, inline styles, entities,
    # the SVG's case, a tag with nothing taken out.
    assert '<link rel="stylesheet" href="/wp-content/themes/t/style.css">' in page
    assert "<style>body{background:url('/bg.png')}</style>" in page
    assert '<p class="kept">5 &lt; 6 &#8211; fine</p><br/>' in page
    assert '<svg viewBox="0 0 10 10">' in page and "<body>" in page
    assert "inside" not in page and "<a>x</a>" in page and "<form>" in page
    assert '<a href="' not in page
    assert inert.removed["script"] == 3 and inert.removed["event handler"] == 1
    # A page without a <head> still gets its <base> first.
    bare = inert_page("<!doctype html><p>hi</p>", base_url="http://127.0.0.1:8080/")
    base = '<base href="http://127.0.0.1:8080/" target="_blank">'
    assert bare.page == f"<!doctype html>{base}<p>hi</p>"
    assert origin_of("HTTPS://Shop.Example:443/x") == "https://shop.example"
    assert origin_of("http://[::1]:8080/") == "http://[::1]:8080"
