"""Media Forge, two pushes of the same new picture at once, against the real WordPress.

Both pushes are held at the upload until both have looked for the picture and found
nothing (an ``asyncio`` barrier around the real upload), so both do upload: the race
every pair of workers can run into. It must end with one item in the Media Library, both
pushes answering that item, and the (site, hash) row pointing at it.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest

from presswright.bootstrap import Instance
from presswright.publish.wordpress import MediaImage, MediaResult, push_image
from presswright.publish.wordpress.media_image import media_marker
from presswright.publish.wordpress.media_remote import MediaLibrary, RemoteAttachment
from tests.wordpress.conftest import BOTH_BACKENDS, Connect
from tests.wordpress.test_media import items_with, mapped, picture
from tests.wordpress.wordpress_site import RunningWordPress


def _held_uploads(monkeypatch: pytest.MonkeyPatch, parties: int) -> list[int]:
    """Hold every upload until ``parties`` uploads are waiting; the ids WordPress gave."""
    original = MediaLibrary.upload
    waiting: list[asyncio.Event] = []
    made: list[int] = []

    async def held(self: MediaLibrary, **options: Any) -> RemoteAttachment:
        arrived = asyncio.Event()
        waiting.append(arrived)
        if len(waiting) == parties:
            for event in waiting:
                event.set()
        await asyncio.wait_for(arrived.wait(), 30)
        item = await original(self, **options)
        made.append(item.id)
        return item

    monkeypatch.setattr(MediaLibrary, "upload", held)
    return made


@BOTH_BACKENDS
def test_two_pushes_of_the_same_new_picture_at_once_end_with_one_item(
    instance: Instance,
    tenant_id: uuid.UUID,
    wordpress: RunningWordPress,
    connect: Connect,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = connect(wordpress.author)
    image = MediaImage(
        filename="rain-barrel.png",
        content=picture(),
        alt_text="A green rain barrel under a downpipe",
        title="Rain barrel",
    )
    uploads = _held_uploads(monkeypatch, 2)

    async def both() -> list[MediaResult]:
        return list(
            await asyncio.gather(
                push_image(instance, tenant_id=tenant_id, site=site, image=image),
                push_image(instance, tenant_id=tenant_id, site=site, image=image),
            )
        )

    first, second = asyncio.run(both())
    assert len(uploads) == 2  # the race happened: both pushes uploaded
    marker = media_marker(tenant_id, first.sha256)
    kept = min(uploads)
    assert items_with(wordpress, marker) == [kept]  # the later upload was deleted
    assert first.media_id == second.media_id == kept
    assert sorted([first.action, second.action]) == ["reused", "uploaded"]
    assert mapped(instance, tenant_id, site, first.sha256) == kept
    with pytest.raises(httpx.HTTPStatusError) as gone:
        wordpress.rest("GET", f"/wp/v2/media/{max(uploads)}", params={"context": "edit"})
    assert gone.value.response.status_code == 404

    # A later push reuses the one item.
    monkeypatch.undo()
    again = asyncio.run(push_image(instance, tenant_id=tenant_id, site=site, image=image))
    assert (again.media_id, again.action) == (kept, "reused")
