"""The WordPress REST calls a site deploy makes, each idempotent on its own.

Pages are found by their publish record's id, else by slug (a deploy that died before it
recorded a page finds the page it made), else created; the navigation menu the same way.
Settings, global styles and plugin states are set to a value, so sending them twice is
sending them once. Every failure is a :class:`WordPressError` naming the site and the step.

Copies, and why every write of an item ends by settling them. WordPress has no
conditional create: two creates of one slug both land, the later one under ``<slug>-2``.
That happens when a job is resumed while the stopped step's create is still in flight
(stopping a run does not call back a request already sent), in either order: the late
call lands first and the resumed create becomes the copy, or the resumed create lands
first and the late call becomes the copy. So after every write of an item with content,
:func:`upsert_item` settles its slug family under one rule that every writer applies
the same way, whoever it is and whenever it runs:

- the family is the items of the route in a findable status whose slug is ``<slug>`` or
  ``<slug>-N`` (N from 2 to 9: WordPress takes the first free suffix, so k copies made at
  once take 2 to k+1);
- a copy is the item just written, or a family item whose raw title and content are
  exactly the fields sent (which is what a create of the same deploy leaves); an item
  that only holds the slug is never deleted, whatever it holds;
- the keeper is the lowest id among the slug's holder and the copies, every other copy
  is deleted for good, and the keeper is given the fields (and so the slug).

Why that ends with one item. Ids grow in the order items are made, so an item made
later never takes the keeper's place, and a writer lists the family after its own item
landed, so it sees every item that landed before it, the keeper included: no writer
deletes the keeper, and all return it (and record its id). The write that lands last
settles last and sees every copy: after it nothing but the keeper is left, in both orders
above. This needs no waiting and no timing: a stopped run's step is not cancelled in its
process (its steps are not preemptible), so the late call's own writer settles after its
create lands, and the resumed writer settles after its own. What no REST client can
undo is a create whose sender is gone (its process killed, its answer lost) and that
lands after the last settle of its item: every later write of the item (the next deploy)
deletes it, and until then it is a copy under ``<slug>-N``, never in the menu or the
settings, which hold the keeper's id.
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
# The suffixes WordPress gives copies made at once: 2 to 9 (k copies take 2 to k+1).
_COPY_SUFFIXES = range(2, 10)


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


async def _family(client: WordPressClient, route: str, wanted: str) -> list[dict[str, Any]]:
    """The items whose slug is ``wanted`` or ``wanted-N``, with their raw title and content."""
    slugs = [wanted, *(f"{wanted}-{n}" for n in _COPY_SUFFIXES)]
    return await client.call(
        list[dict[str, Any]],
        "GET",
        route,
        action=f"looking up copies of {wanted!r} in {route}",
        params={"slug": ",".join(slugs), "status": _FINDABLE, "context": "edit",
                "per_page": len(slugs) * 4, "orderby": "id", "order": "asc",
                "_fields": "id,slug,title,content"},
    )  # fmt: skip


def _raw(item: dict[str, Any], field: str) -> Any:
    value = item.get(field)
    return value.get("raw") if isinstance(value, dict) else value


def _is_copy(item: dict[str, Any], fields: dict[str, Any]) -> bool:
    """Whether ``item`` holds exactly the title and content sent: a create of this deploy."""
    sent = (fields.get("title", ""), fields.get("content", ""))
    return bool((_raw(item, "title"), _raw(item, "content")) == sent)


async def _delete(client: WordPressClient, route: str, item_id: int, slug: str) -> None:
    try:
        await client.call(
            dict[str, Any],
            "DELETE",
            f"{route}/{item_id}",
            action=f"deleting the copy {slug!r} ({item_id}) in {route}",
            params={"force": "true"},
        )
    except WordPressError as error:
        if error.status not in (404, 410):  # another writer's settle deleted it first
            raise


async def _settle(
    client: WordPressClient, route: str, fields: dict[str, Any], mine: RemotePost
) -> RemotePost:
    """After writing ``mine``: keep the family's lowest id, delete the other copies (see
    the module's docstring); the keeper with the fields."""
    wanted = wordpress_slug(str(fields["slug"]))
    family = await _family(client, route, wanted)
    copies = {int(item["id"]): str(item.get("slug", "")) for item in family
              if _is_copy(item, fields)}  # fmt: skip
    copies[mine.id] = mine.slug
    holders = [int(item["id"]) for item in family if item.get("slug") == wanted]
    keeper = min([*copies, *holders])
    for item_id, slug in sorted(copies.items()):
        if item_id != keeper:
            await _delete(client, route, item_id, slug)
    if keeper == mine.id and mine.slug == wanted:
        return mine
    kept = await _update(client, route, keeper, fields)
    if kept is None:  # the keeper was deleted on the site meanwhile: write again
        raise client.error(
            f"{route}/{keeper} was deleted while {wanted!r} was being written",
            hint="deploy again",
        )
    return kept


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
    else create it; then settle copies of its slug (fields with a content only)."""
    item, action = await _write(client, route, fields, known_id)
    if "content" not in fields:
        return item, action
    kept = await _settle(client, route, fields, item)
    return kept, action if kept.id == item.id else "recovered"


async def _write(
    client: WordPressClient, route: str, fields: dict[str, Any], known_id: int | None
) -> tuple[RemotePost, Action]:
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
