"""Media Forge, the WordPress side: an image into a site's Media Library, once per content.

:func:`push_image` puts one image (bytes, file name, type, title, caption, alt text,
description) in the Media Library of a connected site and returns the item. It is
idempotent by content hash: the same bytes pushed again to the same site reuse the item,
and only its title, caption, alt text or description are updated when they changed.

Where the mapping lives, and why. Presswright keeps a row per (tenant, site, SHA-256) with
the item id and address (``wordpress_media``, :mod:`presswright.store.wordpress_media`):
one indexed read answers "was this uploaded here?" without asking WordPress to search. The
row is a shortcut, never the truth: before reuse the item is read back, and an item deleted
in WordPress is forgotten and uploaded again. Stock WordPress keeps no unregistered post
meta from REST, so the item carries its key the way published posts do
(:mod:`presswright.publish.wordpress.publish`): a marker in an HTML comment, here in its
description (:func:`~presswright.publish.wordpress.media_image.media_marker`, per tenant and
hash). The marker is sent with the upload itself, so an item that exists always has it; a
process that dies after the upload and before the row is written leaves an item the next
push finds by searching for the marker ("recovered"), never a duplicate.

Two pushes of the same new image at the same moment (two workers, two browser tabs) can
both find nothing and both upload. So every upload is followed by a search for the
marker: WordPress numbers items in the order they were made, and the oldest item with the
marker is the one every pusher keeps. A pusher whose own upload is not the oldest deletes
it (``force``: attachments have no trash) and reuses the oldest, so the race ends with one
item and one row, whichever process writes the row last.

Nothing half-done is recorded: an item is created with all its fields in one request, and
the row is written only after WordPress holds it. Bad bytes never leave Presswright
(:class:`~presswright.publish.wordpress.media_image.MediaImage`), and WordPress's refusals
(a type it does not take, a file over its upload limit) come back as readable errors
(:class:`~presswright.publish.wordpress.media_remote.MediaLibrary`).
"""

from __future__ import annotations

import html
import uuid
from dataclasses import dataclass
from typing import Literal

import httpx
from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError

from presswright.bootstrap import Instance
from presswright.publish.wordpress.client import WordPressClient
from presswright.publish.wordpress.media_image import MediaImage, media_marker
from presswright.publish.wordpress.media_remote import (
    MediaLibrary,
    RemoteAttachment,
    marker_comment,
)
from presswright.publish.wordpress.sites import site_access
from presswright.store.wordpress_media import forget_media, get_media, save_media

__all__ = ["LibraryItem", "MediaResult", "library_item", "push_image"]

MediaAction = Literal["uploaded", "reused", "recovered"]


class MediaResult(BaseModel):
    """Where an image is now: its Media Library item, and whether it was uploaded or reused."""

    site: str = Field(description="The site's name.")
    media_id: int = Field(description="The WordPress attachment id.")
    url: str = Field(description="The image file's address (source_url).")
    sha256: str = Field(description="The SHA-256 of the image's bytes.")
    mime_type: str = Field(examples=["image/png"])
    action: MediaAction = Field(
        description="uploaded; reused: the same bytes were there already; recovered: found"
        " by its marker after an upload that was not recorded."
    )
    fields_updated: bool = Field(
        description="Whether the title, caption, alt text or description of an existing item"
        " were changed."
    )
    title: str = Field(description="The item's title as WordPress keeps it.")
    caption: str
    alt_text: str


@dataclass(frozen=True)
class LibraryItem:
    """An image's item in the Media Library, as one publish uses it."""

    media_id: int
    url: str
    action: MediaAction
    fields_updated: bool
    title: str
    caption: str
    alt_text: str


def _wanted_fields(image: MediaImage, marker: str) -> dict[str, str]:
    """The item's fields as they should be; the marker stays in the description."""
    comment = marker_comment(marker)
    fields = {
        # WordPress keeps alt text as plain text (no entities), the others as HTML.
        "alt_text": html.unescape(image.alt_text),
        "caption": image.caption,
        "description": f"{image.description}\n\n{comment}" if image.description else comment,
    }
    if image.title:  # without one, WordPress's own (the file name) stays
        fields["title"] = image.title
    return fields


def _changed(item: RemoteAttachment, wanted: dict[str, str]) -> dict[str, str]:
    """The wanted fields the item does not have yet."""
    current = {
        "alt_text": item.alt_text,
        "caption": item.raw("caption"),
        "description": item.raw("description"),
        "title": item.raw("title"),
    }
    return {name: value for name, value in wanted.items() if current[name].strip() != value}


async def _upload(library: MediaLibrary, image: MediaImage, marker: str) -> RemoteAttachment:
    """A new item with its fields and marker, in one request: all of it, or nothing."""
    return await library.upload(
        filename=image.upload_name,
        content=image.content,
        mime_type=image.media_type,
        fields=_wanted_fields(image, marker),
    )


async def _settle_race(
    library: MediaLibrary, mine: RemoteAttachment, marker: str, action: MediaAction
) -> tuple[RemoteAttachment, MediaAction]:
    """After an upload: the oldest item with the marker (another push's, made at the same
    time) wins, and this upload is deleted; else this upload stays."""
    oldest = await library.find(marker)
    if oldest is None or oldest.id >= mine.id:
        return mine, action
    await library.delete(mine.id)
    return oldest, "reused"


def _remember(
    instance: Instance,
    tenant_id: uuid.UUID,
    site_id: uuid.UUID,
    sha256: str,
    item: RemoteAttachment,
) -> None:
    """Write the (site, hash) row; a concurrent push that inserted it first is updated."""
    for attempt in range(2):
        try:
            with instance.database.tenant_session(tenant_id) as session:
                save_media(
                    session,
                    site_id=site_id,
                    sha256=sha256,
                    media_id=item.id,
                    source_url=item.source_url,
                )
            return
        except IntegrityError:  # the other push inserted the row between read and insert
            if attempt:
                raise


async def library_item(
    instance: Instance,
    client: WordPressClient,
    *,
    tenant_id: uuid.UUID,
    site_id: uuid.UUID,
    image: MediaImage,
) -> LibraryItem:
    """The site's item for ``image`` (through an open client): reused, recovered or uploaded."""
    library = MediaLibrary(client)
    sha256 = image.content_sha256
    marker = media_marker(tenant_id, sha256)
    with instance.database.tenant_session(tenant_id) as session:
        row = get_media(session, site_id=site_id, sha256=sha256)
        known = row.media_id if row is not None else None
    item: RemoteAttachment | None = None
    action: MediaAction = "reused"
    if known is not None:
        item = await library.get(known)
        if item is None:  # deleted in WordPress
            with instance.database.tenant_session(tenant_id) as session:
                forget_media(session, site_id=site_id, sha256=sha256)
    if item is None:
        item, action = await library.find(marker), "recovered"
    updated = False
    if item is None:
        item, action = await _upload(library, image, marker), "uploaded"
        item, action = await _settle_race(library, item, marker, action)
    else:
        changes = _changed(item, _wanted_fields(image, marker))
        if changes:
            item, updated = await library.update(item.id, changes), True
    _remember(instance, tenant_id, site_id, sha256, item)
    return LibraryItem(
        media_id=item.id,
        url=item.source_url,
        action=action,
        fields_updated=updated,
        title=item.raw("title"),
        caption=item.raw("caption"),
        alt_text=item.alt_text,
    )


async def push_image(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    site: str | uuid.UUID,
    image: MediaImage,
    transport: httpx.AsyncBaseTransport | None = None,
) -> MediaResult:
    """Put ``image`` in the Media Library of the tenant's ``site``, or reuse the same bytes'
    item there (updating its title, caption, alt text and description when they changed)."""
    access = site_access(instance, tenant_id=tenant_id, site=site)
    async with access.client(transport) as client:
        item = await library_item(
            instance, client, tenant_id=tenant_id, site_id=access.id, image=image
        )
    return MediaResult(
        site=access.name,
        media_id=item.media_id,
        url=item.url,
        sha256=image.content_sha256,
        mime_type=image.media_type,
        action=item.action,
        fields_updated=item.fields_updated,
        title=item.title,
        caption=item.caption,
        alt_text=item.alt_text,
    )
