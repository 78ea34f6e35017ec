"""A picture attached to an article document in the library, published with the article to
the session's real WordPress: featured image and an in-body figure with their alt text."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from presswright.bootstrap import Instance
from presswright.images.attach import attach_image
from presswright.publish.wordpress.publish import publish_library_document
from tests.api.test_images_attach_routes import article
from tests.images.stored_images import stored_image
from tests.wordpress.conftest import Connect
from tests.wordpress.wordpress_site import RunningWordPress

pytestmark = pytest.mark.timeout(240)

COVER = "Compost heap steaming in a garden."
INSIDE = "A white disc on a teal field."


def test_attached_pictures_are_published_with_the_article(
    instance: Instance, tenant_id: uuid.UUID, wordpress: RunningWordPress, connect: Connect
) -> None:
    site = connect(wordpress.author)
    document_id = article(instance, tenant_id)
    cover = stored_image(instance, tenant_id, alt_text=COVER, colour="red")
    inside = stored_image(instance, tenant_id, alt_text=INSIDE)
    first = attach_image(
        instance, tenant_id=tenant_id, user_id=None, image_id=cover,
        document_id=document_id, version=1, placement="featured",
    )  # fmt: skip
    attach_image(
        instance, tenant_id=tenant_id, user_id=None, image_id=inside,
        document_id=document_id, version=first.version, placement="body", after_section=1,
    )  # fmt: skip

    published = asyncio.run(
        publish_library_document(instance, tenant_id=tenant_id, site=site, document_id=document_id)
    )
    assert published.featured_media_id is not None
    featured = wordpress.rest(
        "GET", f"/wp/v2/media/{published.featured_media_id}", params={"context": "edit"}
    ).json()
    assert featured["alt_text"] == COVER and featured["mime_type"] == "image/webp"
    post = wordpress.rest(
        "GET", f"/wp/v2/posts/{published.remote_id}", params={"context": "edit"}
    ).json()
    assert post["featured_media"] == published.featured_media_id
    content = post["content"]["raw"]
    assert content.count("<!-- wp:image") == 1 and f'alt="{INSIDE}"' in content
    # After the first section: before the second heading, after the first.
    headings = [i for i in range(len(content)) if content.startswith("<h2", i)]
    figure = content.index(f'alt="{INSIDE}"')
    assert len(headings) >= 2 and headings[0] < figure < headings[1]
