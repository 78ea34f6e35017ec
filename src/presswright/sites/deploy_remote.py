"""The WordPress REST calls a site deploy makes, each idempotent on its own.

Pages are found by their publish record's id, else by slug (a deploy that died before it
recorded a page finds the page it made), else created; the navigation menu the same way. A
page that WordPress created under another slug because one with its slug appeared meanwhile
(a stopped deploy's call landing after the look-up) is deleted again, and the other updated.
Settings, global styles and plugin states are set to a value, so sending them twice is
sending them once. Every failure is a :class:`WordPressError` naming the site and the step.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from presswright.content.slugs import wordpress_slug
from presswright.publish.wordpress.client import WordPressClient
from presswright.publish.wordpress.errors import WordPressError
from presswright.publish.wordpress.remote import RemotePost

__all__ = [
    "Action",
    "activate_plugin",
    "active_theme",
    "global_styles",
    "plugin_states",
    "save_global_styles",
    "update_settings",
    "upsert_item",
]

Action = Literal["created", "updated", "recovered"]
_FINDABLE = "publish,future,draft,pending,private"
_STYLES_ID = re.compile(r"global-styles/(\d+)")


async def _find(client: WordPressClient, route: str, slug: str) -> int | None:
    found = await client.call(
        list[RemotePost],
        "GET",
        route,
        action=f"looking up {slug!r} in {route}",
        params={"slug": wordpress_slug(slug), "status": _FINDABLE, "context": "edit",
                "_fields": "id,link,status,slug"},
    )  # fmt: skip
    return min(item.id for item in found) if found else None


async def _update(
    client: WordPressClient, route: str, item_id: int, fields: dict[str, Any]
) -> RemotePost | None:
    try:
        return await client.call(
            RemotePost,
            "POST",
            f"{route}/{item_id}",
            action=f"updating {route}/{item_id}",
            params={"context": "edit"},
            body=fields,
        )
    except WordPressError as error:
        if error.status == 404 or error.code == "rest_post_invalid_id":
            return None  # deleted for good on the site: made again
        raise


async def upsert_item(
    client: WordPressClient, route: str, fields: dict[str, Any], known_id: int | None
) -> tuple[RemotePost, Action]:
    """Update the known item of ``route`` (pages, navigation), else the one with its slug,
    else create it."""
    if known_id is not None:
        item = await _update(client, route, known_id, fields)
        if item is not None:
            return item, "updated"
    found = await _find(client, route, str(fields["slug"]))
    if found is not None:
        item = await _update(client, route, found, fields)
        if item is not None:
            return item, "recovered"
    created = await client.call(
        RemotePost,
        "POST",
        route,
        action=f"creating {fields['slug']!r} in {route}",
        params={"context": "edit"},
        body=fields,
    )
    wanted = wordpress_slug(str(fields["slug"]))
    if created.slug and created.slug != wanted:
        # WordPress made the slug unique ("about-2"): an item with ours appeared after the
        # look-up (a stopped deploy's call that landed late). Keep that one, drop the copy.
        other = await _find(client, route, wanted)
        if other is not None and other != created.id:
            await client.call(
                dict[str, Any],
                "DELETE",
                f"{route}/{created.id}",
                action=f"deleting the duplicate {created.slug!r} in {route}",
                params={"force": "true"},
            )
            item = await _update(client, route, other, fields)
            if item is not None:
                return item, "recovered"
    return created, "created"


async def update_settings(client: WordPressClient, values: dict[str, Any]) -> dict[str, Any]:
    """Set site settings (``/wp/v2/settings``); the settings as WordPress now holds them."""
    return await client.call(
        dict[str, Any], "POST", "/wp/v2/settings", action="updating the site settings", body=values
    )


async def active_theme(client: WordPressClient) -> tuple[str, int | None]:
    """The active theme's stylesheet and the id of its user global styles (None: not a block
    theme)."""
    themes = await client.call(
        list[dict[str, Any]],
        "GET",
        "/wp/v2/themes",
        action="reading the active theme",
        params={"status": "active"},
    )
    if not themes:
        raise client.error(
            f"WordPress at {client.site} lists no active theme",
            hint="activate a block theme (e.g. the site's exported theme ZIP)",
        )
    theme = themes[0]
    links = (theme.get("_links") or {}).get("wp:user-global-styles") or []
    href = str(links[0].get("href", "")) if links else ""
    found = _STYLES_ID.search(href)
    return str(theme.get("stylesheet", "")), int(found[1]) if found else None


async def global_styles(client: WordPressClient, styles_id: int) -> dict[str, Any]:
    """The user global styles ``styles_id`` (settings and styles)."""
    return await client.call(
        dict[str, Any],
        "GET",
        f"/wp/v2/global-styles/{styles_id}",
        action="reading the global styles",
        params={"context": "edit"},
    )


async def save_global_styles(
    client: WordPressClient, styles_id: int, settings: dict[str, Any], styles: dict[str, Any]
) -> dict[str, Any]:
    """Replace the user global styles' settings and styles."""
    return await client.call(
        dict[str, Any],
        "POST",
        f"/wp/v2/global-styles/{styles_id}",
        action="saving the global styles",
        body={"settings": settings, "styles": styles},
    )


async def plugin_states(client: WordPressClient) -> dict[str, str]:
    """Every installed plugin (``folder/main-file``) with its status (active, inactive...)."""
    plugins = await client.call(
        list[dict[str, Any]],
        "GET",
        "/wp/v2/plugins",
        action="listing the installed plugins",
        params={"_fields": "plugin,status"},
    )
    return {str(item["plugin"]): str(item["status"]) for item in plugins}


async def activate_plugin(client: WordPressClient, plugin: str) -> str:
    """Activate an installed plugin; its status after."""
    answer = await client.call(
        dict[str, Any],
        "POST",
        f"/wp/v2/plugins/{plugin}",
        action=f"activating the plugin {plugin}",
        body={"status": "active"},
    )
    return str(answer.get("status", ""))
