"""An article's images on their way to a site: checked first, then each in the Media Library.

:func:`article_images` gathers what a publish was given (a featured image file, placed
images) and checks it before anything is sent; :func:`article_media` puts each image in the
Media Library through Media Forge (:func:`~presswright.publish.wordpress.media.library_item`)
and says where the post shows it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from presswright.bootstrap import Instance
from presswright.content.models import ContentData
from presswright.errors import UserInputError
from presswright.publish.wordpress.client import WordPressClient
from presswright.publish.wordpress.media import library_item
from presswright.publish.wordpress.media_image import MediaImage
from presswright.publish.wordpress.media_placement import (
    ArticleImage,
    PlacedImage,
    check_placements,
)
from presswright.publish.wordpress.post_content import FeaturedImage, plain_text

__all__ = ["MediaTarget", "article_images", "article_media"]


def article_images(
    document: ContentData, image: FeaturedImage | None, images: Sequence[ArticleImage]
) -> list[ArticleImage]:
    """Every image of the publish, checked before anything is sent."""
    wanted = list(images)
    if image is not None:
        if any(item.placement == "featured" for item in wanted):
            raise UserInputError(
                "two featured images were given", hint="give the featured image once"
            )
        alt_text = plain_text(image.alt_text)
        featured = MediaImage(
            filename=image.filename,
            content=image.content,
            alt_text=alt_text,
            title=alt_text[:200],
        )
        wanted.append(ArticleImage(featured, placement="featured"))
    check_placements(document, wanted)
    return wanted


@dataclass(frozen=True)
class MediaTarget:
    """Where the images go: the tenant's site, for Media Forge's records."""

    instance: Instance
    tenant_id: uuid.UUID
    site_id: uuid.UUID


async def article_media(
    client: WordPressClient, target: MediaTarget, images: list[ArticleImage]
) -> tuple[int | None, list[PlacedImage]]:
    """The featured image's item id and the in-body images with their items, in order."""
    featured: int | None = None
    placed: list[PlacedImage] = []
    for wanted in images:
        item = await library_item(
            target.instance,
            client,
            tenant_id=target.tenant_id,
            site_id=target.site_id,
            image=wanted.image,
        )
        if wanted.placement == "featured":
            featured = item.media_id
        else:
            placed.append(
                PlacedImage(
                    media_id=item.media_id,
                    url=item.url,
                    alt_text=wanted.image.alt_text,
                    caption=wanted.image.caption,
                    after_section=wanted.after_section,
                )
            )
    return featured, placed
