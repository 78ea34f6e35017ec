"""Deploying a site to a connected WordPress over its REST API, idempotently, with progress.

Order of steps, each reported (0-100) through ``progress``: the account's capabilities, the
logo, each page (its meta description as its excerpt, which the generated theme prints
as ``<meta name="description">``, and in an active SEO plugin's fields), the front page
and posts page settings with the site title and tagline, the navigation menu (a
``wp_navigation`` post of ``core/navigation-link`` blocks), the global styles of the active
block theme (palette and fonts), the recommended plugins that
are installed (activated). A publish record per page (``site:<id>:page:<slug>``), for the
menu and the logo keeps the remote ids, written as each is made: a deploy that dies midway
is resumed by deploying again, and nothing is created twice (a page made but not recorded
is found again by its slug; a copy that a stopped step's late call left under ``<slug>-N``
is deleted when the page is written, :mod:`.deploy_remote`). The theme itself is installed
by a provisioner or uploaded by the owner as the exported ZIP; deploy styles whatever block
theme is active.

Every string sent is the site's own data, escaped at the block boundary when the pages were
rendered; titles and labels go as plain text (tags stripped).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
from pydantic import BaseModel, Field

from presswright.bootstrap import Instance
from presswright.publish.wordpress.client import WordPressClient
from presswright.publish.wordpress.errors import WordPressError
from presswright.publish.wordpress.post_content import plain_text
from presswright.publish.wordpress.seo import detect_seo_plugin, seo_meta
from presswright.publish.wordpress.sites import SiteAccess, site_access
from presswright.sites.compile import Site
from presswright.sites.deploy_payloads import navigation_markup, styles_of
from presswright.sites.deploy_remote import (
    activate_plugin,
    active_theme,
    global_styles,
    plugin_states,
    save_global_styles,
    update_settings,
    upsert_item,
)
from presswright.sites.service import deploy_key, site_version
from presswright.sites.wordpress_check import SITE_CAPABILITIES, WordPressCheckError
from presswright.store.wordpress import PublishedPost, get_publish_record, save_publish_record

__all__ = [
    "DeployResult",
    "DeployedPage",
    "Deployment",
    "Progress",
    "deploy_menu",
    "deploy_page",
    "deploy_plugins",
    "deploy_settings",
    "deploy_site",
    "deploy_styles",
    "navigation_markup",
    "open_deployment",
    "page_slugs",
    "prepare",
    "styles_line",
]

Progress = Callable[[int, str], None]


class DeployedPage(BaseModel):
    """Where one page of the site is on WordPress."""

    slug: str
    remote_id: int
    url: str
    action: str = Field(examples=["created", "updated", "recovered"])


class DeployResult(BaseModel):
    """What a deploy left on the site."""

    site: str = Field(description="The connected site's name.")
    url: str
    version: int = Field(description="The site version deployed.")
    pages: list[DeployedPage]
    front_page_id: int
    posts_page_id: int | None
    navigation_id: int
    global_styles_id: int | None
    theme: str
    plugins: dict[str, str] = Field(
        description="Each recommended plugin: active, activated, not installed, or why not."
    )
    logo_id: int | None = None
    log: list[str]


class Deployment:
    """One deploy (or one step of a deploy job): the client, the records, log and progress."""

    def __init__(
        self,
        instance: Instance,
        tenant_id: uuid.UUID,
        site_id: uuid.UUID,
        remote_site: uuid.UUID,
        client: WordPressClient,
        progress: Progress | None,
    ) -> None:
        self.instance, self.tenant_id, self.site_id = instance, tenant_id, site_id
        self.remote_site, self.client, self.progress = remote_site, client, progress
        self.log: list[str] = []

    def step(self, percent: int, line: str) -> None:
        self.log.append(line)
        if self.progress is not None:
            self.progress(percent, line)

    def known(self, part: str | None) -> tuple[int | None, str | None]:
        with self.instance.database.tenant_session(self.tenant_id) as session:
            record = get_publish_record(
                session, site_id=self.remote_site, document_key=deploy_key(self.site_id, part)
            )
            if record is None:
                return None, None
            return record.remote_id, record.featured_image_sha256

    def record(self, part: str | None, remote_id: int, url: str, **extra: Any) -> None:
        post = PublishedPost(
            marker=f"presswright-site-{str(self.site_id)[:8]}",
            remote_id=remote_id,
            remote_url=url,
            remote_status=str(extra.get("status", "publish")),
            featured_media_id=None,
            featured_image_sha256=extra.get("sha256"),
            seo_title=str(extra.get("seo_title", "")),
            seo_description=str(extra.get("seo_description", "")),
            seo_note=str(extra.get("note", "")),
        )
        with self.instance.database.tenant_session(self.tenant_id) as session:
            save_publish_record(
                session,
                site_id=self.remote_site,
                document_key=deploy_key(self.site_id, part),
                post=post,
            )

    async def capabilities(self) -> bool:
        user = await self.client.me()
        missing = [cap for cap in SITE_CAPABILITIES if not user.can(cap)]
        if missing:
            raise WordPressCheckError(
                "capabilities",
                f"the WordPress user {self.client.username!r} at {self.client.site} lacks"
                f" {', '.join(missing)} (roles: {', '.join(user.roles) or 'none'}), which a"
                " site deploy needs",
                hint="connect the site with an Administrator account to deploy a whole site",
            )
        self.step(5, f"account {self.client.username!r} may deploy a site")
        return user.can("activate_plugins")

    async def logo(self, site: Site) -> int | None:
        if site.logo is None:
            return None
        known, sha = self.known("logo")
        if known is not None and sha == site.logo.sha256 and await self.client.media_exists(known):
            self.step(8, f"logo: media {known} kept")
            return known
        extension = site.logo.media_type.split("/")[-1].replace("jpeg", "jpg")
        media = await self.client.upload_media(
            filename=f"logo.{extension}",
            content=site.logo.content(),
            mime_type=site.logo.media_type,
            alt_text=plain_text(site.title),
            title=plain_text(f"{site.title} logo"),
        )
        self.record("logo", media.id, media.source_url, sha256=site.logo.sha256)
        self.step(8, f"logo: media {media.id} uploaded")
        return media.id

    async def page(
        self, part: str, fields: dict[str, Any], seo: tuple[str, str] | None, plugin: Any
    ) -> DeployedPage:
        known, _ = self.known(part)
        item, action = await upsert_item(self.client, "/wp/v2/pages", fields, known)
        note = ""
        if seo is not None and plugin is not None:
            try:
                await upsert_item(
                    self.client,
                    "/wp/v2/pages",
                    {
                        "slug": fields["slug"],
                        "meta": seo_meta(plugin, title=seo[0], description=seo[1]),
                    },
                    item.id,
                )
            except WordPressError as error:
                note = f"{plugin} fields refused: HTTP {error.status} {error.code}"
        title, description = seo or ("", "")
        self.record(
            part,
            item.id,
            item.link,
            status=item.status,
            seo_title=title,
            seo_description=description,
            note=note,
        )
        return DeployedPage(
            slug=str(fields["slug"]), remote_id=item.id, url=item.link, action=action
        )


def page_slugs(site: Site) -> list[str]:
    """The slugs a deploy puts on WordPress, in order: the pages, then the posts page."""
    return [page.slug for page in site.pages] + (
        [site.posts_page.slug] if site.posts_page is not None else []
    )


async def prepare(deploy: Deployment, site: Site) -> tuple[bool, int | None, str | None]:
    """The account's rights, the logo and the SEO plugin: (may activate, logo id, plugin)."""
    may_activate = await deploy.capabilities()
    logo_id = await deploy.logo(site)
    plugin = detect_seo_plugin((await deploy.client.index()).namespaces)
    return may_activate, logo_id, plugin


async def deploy_page(deploy: Deployment, site: Site, slug: str, plugin: Any) -> DeployedPage:
    """Create or update one page of the site (or its posts page) by slug."""
    page = next((p for p in site.pages if p.slug == slug), None)
    if page is None:
        if site.posts_page is None or site.posts_page.slug != slug:
            raise ValueError(f"the site has no page {slug!r}")
        fields: dict[str, Any] = {
            "title": plain_text(site.posts_page.label),
            "slug": site.posts_page.slug,
            "content": "",
            "status": "publish",
            "menu_order": len(site.pages),
        }
        return await deploy.page(f"page:{slug}", fields, None, None)
    fields = {
        "title": plain_text(page.title),
        "slug": page.slug,
        "content": page.markup,
        # The meta description in core: the theme prints it from the excerpt when no
        # SEO plugin is active (the plugin's own fields are written below when one is).
        "excerpt": plain_text(page.meta_desc),
        "status": "publish",
        "menu_order": page.index,
    }
    seo = (plain_text(page.seo_title), plain_text(page.meta_desc))
    return await deploy.page(f"page:{slug}", fields, seo, plugin)


async def deploy_settings(
    deploy: Deployment, site: Site, deployed: dict[str, DeployedPage], logo_id: int | None
) -> tuple[int, int | None]:
    """Front page, posts page, title, tagline (and logo): (front page id, posts page id)."""
    front = deployed[site.front_page].remote_id
    posts_id = deployed[site.posts_page.slug].remote_id if site.posts_page else None
    values: dict[str, Any] = {
        "title": plain_text(site.title),
        "description": plain_text(site.tagline),
        "show_on_front": "page",
        "page_on_front": front,
        "page_for_posts": posts_id or 0,
    }
    if logo_id is not None:
        values["site_logo"] = logo_id
    await update_settings(deploy.client, values)
    return front, posts_id


async def deploy_menu(
    deploy: Deployment, site: Site, deployed: dict[str, DeployedPage]
) -> tuple[int, str]:
    """The ``wp_navigation`` menu, made once and updated after: (its id, the action)."""
    known, _ = deploy.known("navigation")
    menu, action = await upsert_item(
        deploy.client,
        "/wp/v2/navigation",
        {
            "title": plain_text(f"{site.title} menu"),
            "slug": f"presswright-{str(deploy.site_id)[:8]}-menu",
            "status": "publish",
            "content": navigation_markup(site, deployed),
        },
        known,
    )
    deploy.record("navigation", menu.id, menu.link)
    return menu.id, action


async def deploy_styles(deploy: Deployment, site: Site) -> tuple[str, int | None]:
    """The active block theme's global styles: (the theme, its styles id or None)."""
    theme, styles_id = await active_theme(deploy.client)
    if styles_id is not None:
        settings, styles = styles_of(site, await global_styles(deploy.client, styles_id))
        await save_global_styles(deploy.client, styles_id, settings, styles)
    return theme, styles_id


def styles_line(theme: str, styles_id: int | None) -> str:
    """The log line of the global styles step."""
    if styles_id is None:
        return f"the active theme {theme} is not a block theme: no global styles"
    return f"global styles {styles_id} of {theme}: palette and fonts"


async def _run(deploy: Deployment, site: Site, version: int, name: str, url: str) -> DeployResult:
    may_activate, logo_id, plugin = await prepare(deploy, site)
    deployed: dict[str, DeployedPage] = {}
    slugs = page_slugs(site)
    for n, slug in enumerate(slugs, start=1):
        done = await deploy_page(deploy, site, slug, plugin)
        deployed[slug] = done
        deploy.step(10 + 55 * n // len(slugs), f"page {n} of {len(slugs)} {slug!r}: {done.action}")
    front, posts_id = await deploy_settings(deploy, site, deployed, logo_id)
    deploy.step(
        72, f"settings: front page {front}, posts page {posts_id or 'none'}, title, tagline"
    )
    menu_id, action = await deploy_menu(deploy, site, deployed)
    deploy.step(80, f"navigation menu {menu_id}: {action}")
    theme, styles_id = await deploy_styles(deploy, site)
    deploy.step(90, styles_line(theme, styles_id))
    plugins = await deploy_plugins(deploy.client, site, may_activate)
    deploy.step(97, "plugins: " + ", ".join(f"{k} {v}" for k, v in plugins.items()))
    deploy.record(None, front, url, note=f"deployed version {version}")
    deploy.step(100, f"deployed version {version} to {name}")
    return DeployResult(
        site=name,
        url=url,
        version=version,
        pages=list(deployed.values()),
        front_page_id=front,
        posts_page_id=posts_id,
        navigation_id=menu_id,
        global_styles_id=styles_id,
        theme=theme,
        plugins=plugins,
        logo_id=logo_id,
        log=deploy.log,
    )


async def deploy_plugins(client: WordPressClient, site: Site, may_activate: bool) -> dict[str, str]:
    """Activate the recommended plugins that are installed: each plugin's state."""
    if not may_activate:
        return {
            p["plugin"]: "not activated: the account lacks activate_plugins" for p in site.plugins
        }
    states = await plugin_states(client)
    result: dict[str, str] = {}
    for item in site.plugins:
        plugin = str(item["plugin"])
        state = states.get(plugin)
        if state is None:
            result[plugin] = "not installed"
        elif state == "active":
            result[plugin] = "active"
        else:
            result[plugin] = (
                "activated" if await activate_plugin(client, plugin) == "active" else state
            )
    return result


@asynccontextmanager
async def open_deployment(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    site_id: uuid.UUID,
    wordpress: str | uuid.UUID,
    version: int | None = None,
    progress: Progress | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> AsyncIterator[tuple[Deployment, Site, int, SiteAccess]]:
    """A deployment of a stored site version to a connected WordPress, its client open."""
    number, site = site_version(instance, tenant_id=tenant_id, site_id=site_id, version=version)
    access = site_access(instance, tenant_id=tenant_id, site=wordpress)
    async with access.client(transport) as client:
        yield (
            Deployment(instance, tenant_id, site_id, access.id, client, progress),
            site,
            number,
            access,
        )


async def deploy_site(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    site_id: uuid.UUID,
    wordpress: str | uuid.UUID,
    version: int | None = None,
    progress: Progress | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> DeployResult:
    """Deploy a stored version of a site (default: the current one) to a connected WordPress.

    Deploying again updates what the first deploy made; a deploy that failed midway is
    finished by deploying again. In this process, start to end; :mod:`.deploy_job` runs the
    same steps as a durable job.
    """
    async with open_deployment(
        instance, tenant_id=tenant_id, site_id=site_id, wordpress=wordpress, version=version,
        progress=progress, transport=transport,
    ) as (deployment, site, number, access):  # fmt: skip
        return await _run(deployment, site, number, access.name, access.url)
