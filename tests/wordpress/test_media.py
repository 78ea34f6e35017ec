"""Media Forge against the real WordPress: upload with fields, reuse by hash, delete, refusals."""

from __future__ import annotations

import asyncio
import io
import os
import struct
import uuid
import zlib
from typing import Any

import pytest
from PIL import Image, ImageDraw

from presswright.bootstrap import Instance
from presswright.errors import InvalidImageError, UserInputError
from presswright.publish.wordpress import MediaImage, MediaResult, WordPressError, push_image
from presswright.publish.wordpress import media as media_module
from presswright.publish.wordpress.media_image import media_marker
from presswright.store.wordpress import get_site
from presswright.store.wordpress_media import get_media
from tests.wordpress.conftest import BOTH_BACKENDS, Connect
from tests.wordpress.wordpress_site import RunningWordPress, WordPressUser


def picture(fmt: str = "PNG", size: tuple[int, int] = (64, 48)) -> bytes:
    """A real image, made with Pillow, whose bytes no other test makes (a random colour)."""
    colour = tuple(os.urandom(3))
    image = Image.new("RGB", size, colour)
    ImageDraw.Draw(image).rectangle((8, 8, size[0] // 2, size[1] // 2), fill=(20, 120, 40))
    out = io.BytesIO()
    image.save(out, format=fmt)
    return out.getvalue()


def push(instance: Instance, tenant_id: uuid.UUID, site: str, image: MediaImage) -> MediaResult:
    return asyncio.run(push_image(instance, tenant_id=tenant_id, site=site, image=image))


def read_media(wordpress: RunningWordPress, media_id: int) -> dict[str, Any]:
    item: dict[str, Any] = wordpress.rest(
        "GET", f"/wp/v2/media/{media_id}", params={"context": "edit"}
    ).json()
    return item


def items_with(wordpress: RunningWordPress, marker: str) -> list[int]:
    params = {"search": marker, "context": "edit", "per_page": 100}
    found = wordpress.rest("GET", "/wp/v2/media", params=params).json()
    return [item["id"] for item in found if marker in item["description"]["raw"]]


def mapped(instance: Instance, tenant_id: uuid.UUID, site: str, sha256: str) -> int | None:
    with instance.database.tenant_session(tenant_id) as session:
        row = get_media(session, site_id=get_site(session, site).id, sha256=sha256)
        return row.media_id if row is not None else None


@BOTH_BACKENDS
def test_an_image_is_uploaded_once_then_reused_updated_and_uploaded_again_when_deleted(
    instance: Instance, tenant_id: uuid.UUID, wordpress: RunningWordPress, connect: Connect
) -> None:
    site = connect(wordpress.author)
    content = picture()
    image = MediaImage(
        filename="compost-heap.png",
        content=content,
        alt_text="A compost heap of leaves <b>and</b> kitchen scraps in a wooden bin",
        title="Compost heap",
        caption="The heap in its third week",
        description="Made for the composting guide",
    )
    first = push(instance, tenant_id, site, image)
    assert (first.action, first.fields_updated, first.mime_type) == ("uploaded", False, "image/png")
    item = read_media(wordpress, first.media_id)
    assert item["alt_text"] == "A compost heap of leaves and kitchen scraps in a wooden bin"
    assert item["title"]["raw"] == "Compost heap"
    assert item["caption"]["raw"] == "The heap in its third week"
    assert item["description"]["raw"].startswith("Made for the composting guide")
    assert (item["media_type"], item["mime_type"]) == ("image", "image/png")
    assert item["source_url"] == first.url and first.url.endswith(".png")
    assert item["media_details"]["width"] == 64
    assert mapped(instance, tenant_id, site, first.sha256) == first.media_id

    again = push(instance, tenant_id, site, image)
    assert (again.media_id, again.action, again.fields_updated) == (first.media_id, "reused", False)

    # Same bytes, a better alt text and caption: the item is updated, not duplicated.
    edited = MediaImage(
        filename="another-name.png",
        content=content,
        alt_text="Leaves and kitchen scraps layered in a wooden compost bin",
        title="Compost heap",
        caption="Week three",
    )
    updated = push(instance, tenant_id, site, edited)
    assert (updated.media_id, updated.action, updated.fields_updated) == (
        first.media_id,
        "reused",
        True,
    )
    item = read_media(wordpress, first.media_id)
    assert item["alt_text"] == "Leaves and kitchen scraps layered in a wooden compost bin"
    assert item["caption"]["raw"] == "Week three"
    marker = media_marker(tenant_id, first.sha256)
    assert items_with(wordpress, marker) == [first.media_id]

    # Deleted in WordPress: the next push uploads again and remembers the new item.
    wordpress.rest("DELETE", f"/wp/v2/media/{first.media_id}", params={"force": "true"})
    fresh = push(instance, tenant_id, site, edited)
    assert fresh.action == "uploaded" and fresh.media_id != first.media_id
    assert read_media(wordpress, fresh.media_id)["alt_text"] == edited.alt_text
    assert mapped(instance, tenant_id, site, first.sha256) == fresh.media_id
    assert items_with(wordpress, marker) == [fresh.media_id]


def test_an_upload_not_recorded_is_found_again_by_its_marker(
    instance: Instance,
    tenant_id: uuid.UUID,
    wordpress: RunningWordPress,
    connect: Connect,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = connect(wordpress.admin)
    image = MediaImage(filename="bin.webp", content=picture("WEBP"), alt_text="A green bin")
    record_for_real = media_module.save_media
    crashes = [RuntimeError("the process died before the mapping row was written")]

    def record_or_crash(*args: Any, **kwargs: Any) -> Any:
        if crashes:
            raise crashes.pop()
        return record_for_real(*args, **kwargs)

    monkeypatch.setattr(media_module, "save_media", record_or_crash)
    with pytest.raises(RuntimeError, match="process died"):
        push(instance, tenant_id, site, image)
    (uploaded,) = items_with(wordpress, media_marker(tenant_id, image.content_sha256))
    assert mapped(instance, tenant_id, site, image.content_sha256) is None

    recovered = push(instance, tenant_id, site, image)
    assert (recovered.action, recovered.media_id) == ("recovered", uploaded)
    assert recovered.mime_type == "image/webp"
    assert push(instance, tenant_id, site, image).action == "reused"


def test_another_tenant_on_the_same_site_gets_its_own_item(
    instance: Instance, wordpress: RunningWordPress, connect: Connect, tenant_id: uuid.UUID
) -> None:
    from presswright.publish.wordpress.sites import SiteConnect, connect_site
    from presswright.store.tenancy import create_tenant

    content = picture("JPEG")
    site = connect(wordpress.author)
    ours = push(instance, tenant_id, site, MediaImage("a.jpg", content, alt_text="A spade"))
    with instance.database.system_session() as session:
        other = create_tenant(session, name=f"Other {uuid.uuid4().hex[:6]}").id
    data = SiteConnect(
        url=wordpress.url,
        username=wordpress.author.login,
        app_password=wordpress.author.app_password,
    )
    other_site = asyncio.run(connect_site(instance, tenant_id=other, data=data)).site.name
    theirs = push(instance, other, other_site, MediaImage("a.jpg", content, alt_text="A shovel"))
    assert theirs.action == "uploaded" and theirs.media_id != ours.media_id
    assert read_media(wordpress, ours.media_id)["alt_text"] == "A spade"


def test_bad_bytes_are_refused_before_anything_is_sent() -> None:
    png = picture()
    with pytest.raises(InvalidImageError, match="not an image") as caught:
        MediaImage(filename="notes.png", content=b"These are words, not pixels.", alt_text="x")
    assert caught.value.reason == "unknown_format"
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with pytest.raises(InvalidImageError, match="SVG") as caught:
        MediaImage(filename="logo.svg", content=svg, alt_text="Logo")
    assert caught.value.reason == "svg"
    with pytest.raises(InvalidImageError, match="broken image"):
        MediaImage(filename="cut.png", content=png[: len(png) // 2], alt_text="Cut short")
    with pytest.raises(InvalidImageError, match="declared image/jpeg but holds a PNG"):
        MediaImage(filename="heap.png", content=png, alt_text="Heap", mime_type="image/jpeg")
    with pytest.raises(InvalidImageError, match=r"extension \.jpg") as caught:
        MediaImage(filename="heap.jpg", content=png, alt_text="Heap")
    assert "heap.png" in (caught.value.hint or "")
    with pytest.raises(InvalidImageError, match="JPEG") as caught:
        MediaImage(filename="heap.png", content=picture("JPEG"), alt_text="Heap")
    assert "heap.jpg" in (caught.value.hint or "")
    # A header that claims 10,000 x 10,000 pixels: refused before a pixel is decoded.
    header = struct.pack(">IIBBBBB", 10_000, 10_000, 8, 2, 0, 0, 0)
    ihdr = b"IHDR" + header
    bomb = png[:8] + struct.pack(">I", 13) + ihdr + struct.pack(">I", zlib.crc32(ihdr)) + png[33:]
    with pytest.raises(InvalidImageError, match="too many pixels") as caught:
        MediaImage(filename="bomb.png", content=bomb, alt_text="Nothing")
    assert caught.value.reason == "too_many_pixels"
    with pytest.raises(InvalidImageError, match="content hash"):
        MediaImage(filename="heap.png", content=png, alt_text="Heap", sha256="0" * 64)
    with pytest.raises(UserInputError, match="alt text"):
        MediaImage(filename="heap.png", content=png, alt_text="<script>alert(1)</script>")
    with pytest.raises(UserInputError, match="not a file name"):
        MediaImage(filename="../heap.png", content=png, alt_text="Heap")
    good = MediaImage(
        filename="Kompost Häufen.PNG", content=png, alt_text="Heap", mime_type="image/png"
    )
    assert (good.media_type, good.upload_name) == ("image/png", "Kompost-Haufen.png")


def test_a_type_wordpress_refuses_is_reported_in_its_words_and_nothing_is_recorded(
    instance: Instance, tenant_id: uuid.UUID, wordpress: RunningWordPress, connect: Connect
) -> None:
    site = connect(wordpress.admin)
    # WordPress 6.1 does not take AVIF (6.5 does); Pillow makes it, and it is a real image.
    image = MediaImage(filename="heap.avif", content=picture("AVIF"), alt_text="A heap")
    assert image.media_type == "image/avif"
    with pytest.raises(WordPressError) as caught:
        push(instance, tenant_id, site, image)
    error = caught.value
    assert f"WordPress at {wordpress.url} refused heap.avif (image/avif)" in str(error)
    assert "not allowed to upload this file type" in str(error)
    assert "JPEG, PNG, GIF or WebP" in (error.hint or "")
    assert mapped(instance, tenant_id, site, image.content_sha256) is None
    assert items_with(wordpress, media_marker(tenant_id, image.content_sha256)) == []


def test_a_file_over_the_site_upload_limit_is_a_clear_error(
    instance: Instance, tenant_id: uuid.UUID, wordpress: RunningWordPress, connect: Connect
) -> None:
    site = connect(wordpress.author)
    # The test site takes uploads up to 32 MB (upload_max_filesize, post_max_size); noise
    # does not compress.
    side = 3400
    noise = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    out = io.BytesIO()
    noise.save(out, format="PNG", compress_level=0)
    assert out.tell() > 32 * 1024 * 1024
    image = MediaImage(filename="noise.png", content=out.getvalue(), alt_text="Grey noise")
    with pytest.raises(WordPressError) as caught:
        push(instance, tenant_id, site, image)
    message = str(caught.value)
    assert f"WordPress at {wordpress.url} did not take noise.png" in message
    assert "at 33.1 MiB it is larger than the site accepts" in message
    assert "dropped the request unread, HTTP 400" in message
    assert "upload_max_filesize" in (caught.value.hint or "")
    assert mapped(instance, tenant_id, site, image.content_sha256) is None


def test_an_account_that_may_not_upload_is_told_which_role_can(
    instance: Instance, tenant_id: uuid.UUID, wordpress: RunningWordPress, connect: Connect
) -> None:
    login = f"contributor{uuid.uuid4().hex[:6]}"
    user = wordpress.rest(
        "POST",
        "/wp/v2/users",
        json={
            "username": login,
            "email": f"{login}@example.com",
            "password": uuid.uuid4().hex,
            "roles": ["contributor"],
        },
    ).json()
    password = wordpress.rest(
        "POST", f"/wp/v2/users/{user['id']}/application-passwords", json={"name": "media"}
    ).json()["password"]
    site = connect(WordPressUser(login=login, user_id=user["id"], app_password=password))
    image = MediaImage(filename="heap.png", content=picture(), alt_text="A heap")
    with pytest.raises(WordPressError) as caught:
        push(instance, tenant_id, site, image)
    assert f"does not let {login!r} upload media" in str(caught.value)
    assert "Author or higher" in (caught.value.hint or "")
    assert password not in str(caught.value)
    assert mapped(instance, tenant_id, site, image.content_sha256) is None
