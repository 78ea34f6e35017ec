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
is found again by its slug). The theme itself is installed by a provisioner or uploaded by
the owner as the exported ZIP; deploy styles whatever block theme is active.

Every string sent is the site's own data, escaped at the block boundary when the pages were
rendered; titles and labels go as plain text (tags stripped).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import httpx
from pydantic import BaseModel, Field

from presswright.bootstrap import Instance
from presswright.content.block_types import delimit_block
from presswright.publish.wordpress.client import WordPressClient
from presswright.publish.wordpress.errors import WordPressError
from presswright.publish.wordpress.post_content import plain_text
from presswright.publish.wordpress.seo import detect_seo_plugin, seo_meta
from presswright.publish.wordpress.sites import site_access
from presswright.sites.compile import Site
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

__all__ = ["DeployResult", "DeployedPage", "Progress", "deploy_site", "navigation_markup"]

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


class _Deploy:
    """One deploy: the client, what the records knew, the log and the progress."""

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


def navigation_markup(site: Site, ids: dict[str, DeployedPage]) -> str:
    """The menu as ``core/navigation-link`` blocks, one per page, in the sitemap's order."""
    links = []
    for item in site.navigation:
        page = ids[item.slug]
        attrs = {
            "label": plain_text(item.label),
            "type": "page",
            "id": page.remote_id,
            "url": page.url,
            "kind": "post-type",
            "isTopLevelLink": True,
        }
        links.append(delimit_block("navigation-link", attrs, ""))
    return "\n".join(links)


def _palette(design: dict[str, Any]) -> list[dict[str, str]]:
    return [
        {"slug": slot.replace("_", "-"), "name": slot.replace("_", " ").title(), "color": color}
        for slot, color in design["palette"].items()
    ]


def _stack(family: dict[str, str]) -> str:
    return f'"{family["name"]}", {family["generic"]}'


def styles_of(site: Site, current: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The user global styles with the site's palette and fonts (other keys kept)."""
    settings = dict(current.get("settings") or {})
    color = dict(settings.get("color") or {})
    color["palette"] = {**dict(color.get("palette") or {}), "custom": _palette(site.design)}
    settings["color"] = color
    var = "var(--wp--preset--color--{})".format
    fonts = site.design["fonts"]
    styles = dict(current.get("styles") or {})
    elements = dict(styles.get("elements") or {})
    elements.update(
        link={"color": {"text": var("primary")}},
        button={"color": {"background": var("primary"), "text": var("on-primary")}},
        heading={
            "typography": {"fontFamily": _stack(fonts["heading"])},
            "color": {"text": var("contrast")},
        },
    )
    styles.update(
        color={"background": var("base"), "text": var("contrast")},
        typography={**dict(styles.get("typography") or {}), "fontFamily": _stack(fonts["body"])},
        elements=elements,
    )
    return settings, styles


async def _run(deploy: _Deploy, site: Site, version: int, name: str, url: str) -> DeployResult:
    client = deploy.client
    may_activate = await deploy.capabilities()
    logo_id = await deploy.logo(site)
    plugin = detect_seo_plugin((await client.index()).namespaces)
    deployed: dict[str, DeployedPage] = {}
    total = len(site.pages) + (1 if site.posts_page else 0)
    for n, page in enumerate(site.pages, start=1):
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
        done = await deploy.page(
            f"page:{page.slug}",
            fields,
            (plain_text(page.seo_title), plain_text(page.meta_desc)),
            plugin,
        )
        deployed[page.slug] = done
        deploy.step(10 + 55 * n // total, f"page {n} of {total} {page.slug!r}: {done.action}")
    posts_id = None
    if site.posts_page is not None:
        fields = {
            "title": plain_text(site.posts_page.label),
            "slug": site.posts_page.slug,
            "content": "",
            "status": "publish",
            "menu_order": len(site.pages),
        }
        done = await deploy.page(f"page:{site.posts_page.slug}", fields, None, None)
        deployed[site.posts_page.slug] = done
        posts_id = done.remote_id
        deploy.step(65, f"posts page {site.posts_page.slug!r}: {done.action}")
    front = deployed[site.front_page].remote_id
    values: dict[str, Any] = {
        "title": plain_text(site.title),
        "description": plain_text(site.tagline),
        "show_on_front": "page",
        "page_on_front": front,
        "page_for_posts": posts_id or 0,
    }
    if logo_id is not None:
        values["site_logo"] = logo_id
    await update_settings(client, values)
    deploy.step(
        72, f"settings: front page {front}, posts page {posts_id or 'none'}, title, tagline"
    )
    known, _ = deploy.known("navigation")
    menu, action = await upsert_item(
        client,
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
    deploy.step(80, f"navigation menu {menu.id}: {action}")
    theme, styles_id = await active_theme(client)
    if styles_id is not None:
        settings, styles = styles_of(site, await global_styles(client, styles_id))
        await save_global_styles(client, styles_id, settings, styles)
        deploy.step(90, f"global styles {styles_id} of {theme}: palette and fonts")
    else:
        deploy.step(90, f"the active theme {theme} is not a block theme: no global styles")
    plugins = await _plugins(client, site, may_activate)
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
        navigation_id=menu.id,
        global_styles_id=styles_id,
        theme=theme,
        plugins=plugins,
        logo_id=logo_id,
        log=deploy.log,
    )


async def _plugins(client: WordPressClient, site: Site, may_activate: bool) -> dict[str, str]:
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
    finished by deploying again.
    """
    number, site = site_version(instance, tenant_id=tenant_id, site_id=site_id, version=version)
    access = site_access(instance, tenant_id=tenant_id, site=wordpress)
    async with access.client(transport) as client:
        deploy = _Deploy(instance, tenant_id, site_id, access.id, client, progress)
        return await _run(deploy, site, number, access.name, access.url)
