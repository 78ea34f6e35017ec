"""Publishing an article with images to the real WordPress: featured image and in-body blocks."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Sequence
from typing import Any

import httpx
import pytest

from presswright.bootstrap import Instance
from presswright.errors import UserInputError
from presswright.publish.wordpress import (
    ArticleImage,
    MediaImage,
    PublishOptions,
    PublishResult,
    publish_document,
)
from presswright.publish.wordpress.media_placement import section_count
from tests.wordpress.conftest import BOTH_BACKENDS, Connect
from tests.wordpress.test_media import picture
from tests.wordpress.test_publish import article
from tests.wordpress.wordpress_site import RunningWordPress


def publish(
    instance: Instance,
    tenant_id: uuid.UUID,
    site: str,
    document: Any,
    images: Sequence[ArticleImage],
    transport: httpx.AsyncBaseTransport | None = None,
    **options: Any,
) -> PublishResult:
    return asyncio.run(
        publish_document(
            instance,
            tenant_id=tenant_id,
            site=site,
            document=document,
            options=PublishOptions(**options),
            images=images,
            transport=transport,
        )
    )


def read_post(wordpress: RunningWordPress, post_id: int) -> dict[str, Any]:
    post: dict[str, Any] = wordpress.rest(
        "GET", f"/wp/v2/posts/{post_id}", params={"context": "edit"}
    ).json()
    return post


@BOTH_BACKENDS
def test_an_article_is_published_with_a_featured_image_and_an_image_in_its_body(
    instance: Instance, tenant_id: uuid.UUID, wordpress: RunningWordPress, connect: Connect
) -> None:
    site = connect(wordpress.author)
    document = article("pictures")
    assert section_count(document) == 3
    cover = MediaImage(
        filename="cover.jpg",
        content=picture("JPEG", (120, 80)),
        alt_text="A wooden compost bin in a vegetable garden",
        title="Compost bin",
    )
    layers = MediaImage(
        filename="layers.png",
        content=picture(),
        alt_text="Layers of brown leaves & green kitchen scraps",
        caption="Greens and browns, layered",
    )
    images = [
        ArticleImage(cover, placement="featured"),
        ArticleImage(layers, placement="body", after_section=1),
    ]
    first = publish(instance, tenant_id, site, document, images, status="publish")
    assert first.action == "created"
    post = read_post(wordpress, first.remote_id)
    assert post["featured_media"] == first.featured_media_id
    featured = wordpress.rest("GET", f"/wp/v2/media/{post['featured_media']}").json()
    assert featured["alt_text"] == "A wooden compost bin in a vegetable garden"

    raw = post["content"]["raw"]
    (block,) = re.findall(r"<!-- wp:image \{\"id\":(\d+)\} -->\n(.*?)\n<!-- /wp:image -->", raw)
    body_id, figure = int(block[0]), block[1]
    body_item = wordpress.rest("GET", f"/wp/v2/media/{body_id}").json()
    assert body_item["alt_text"] == "Layers of brown leaves & green kitchen scraps"
    assert f'src="{body_item["source_url"]}"' in figure
    assert 'alt="Layers of brown leaves &amp; green kitchen scraps"' in figure
    assert f'class="wp-image-{body_id}"' in figure
    assert "<figcaption" in figure and "Greens and browns, layered" in figure
    # After the first section: below its last paragraph, above the second heading.
    headings = [m.start() for m in re.finditer(r"<h2[ >]", raw)]
    assert headings[0] < raw.index(figure) < headings[1]
    page = httpx.get(first.url, timeout=30).text
    assert f"wp-image-{body_id}" in page and "Greens and browns, layered" in page

    # Publishing again uploads nothing: the same items, one block, the same post.
    again = publish(instance, tenant_id, site, document, images, status="publish")
    assert (again.action, again.remote_id) == ("updated", first.remote_id)
    assert again.featured_media_id == first.featured_media_id
    raw_again = read_post(wordpress, first.remote_id)["content"]["raw"]
    assert re.findall(r"wp-image-(\d+)", raw_again) == [str(body_id)]
    mine = wordpress.rest(
        "GET", "/wp/v2/media", params={"author": wordpress.author.user_id, "per_page": 100}
    ).json()
    ids = [item["id"] for item in mine]
    assert ids.count(body_id) == ids.count(first.featured_media_id) == 1


def test_an_image_at_the_end_and_one_after_the_introduction(
    instance: Instance, tenant_id: uuid.UUID, wordpress: RunningWordPress, connect: Connect
) -> None:
    site = connect(wordpress.admin)
    document = article("ends")
    start = MediaImage(filename="start.png", content=picture(), alt_text="A spade in soil")
    end = MediaImage(filename="end.gif", content=picture("GIF"), alt_text="Finished compost")
    result = publish(
        instance,
        tenant_id,
        site,
        document,
        [ArticleImage(end), ArticleImage(start, after_section=0)],
    )
    raw = read_post(wordpress, result.remote_id)["content"]["raw"]
    first_heading = re.search(r"<h2[ >]", raw)
    assert first_heading is not None
    found = [(m.start(), m.group(1)) for m in re.finditer(r'alt="([^"]+)"', raw)]
    assert [alt for _, alt in found] == ["A spade in soil", "Finished compost"]
    assert found[0][0] < first_heading.start() < found[1][0]
    assert result.featured_media_id is None


def test_bad_placements_are_refused_before_anything_is_sent(
    instance: Instance, tenant_id: uuid.UUID, wordpress: RunningWordPress, connect: Connect
) -> None:
    site = connect(wordpress.author)
    sent: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    image = MediaImage(filename="heap.png", content=picture(), alt_text="A heap")
    transport = httpx.MockTransport(record)
    document = article("placement")
    with pytest.raises(UserInputError, match="follow section 4, but the article has 3 sections"):
        publish(
            instance, tenant_id, site, document, [ArticleImage(image, after_section=4)], transport
        )
    featured = ArticleImage(image, placement="featured")
    with pytest.raises(UserInputError, match="2 images are marked featured"):
        publish(instance, tenant_id, site, document, [featured, featured], transport)
    with pytest.raises(UserInputError, match="no place in the body"):
        ArticleImage(image, placement="featured", after_section=1)
    with pytest.raises(UserInputError, match="not a section"):
        ArticleImage(image, after_section=-1)
    assert sent == []
