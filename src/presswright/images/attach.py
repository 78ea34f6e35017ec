"""Attaching a library picture to an article document (Media Forge's "attach to a document").

The attachment is a new version of the article (its content as it was: nothing is
overwritten, and the version says when the picture came) and a new version of the picture
that records it (:class:`~presswright.images.library.ImageAttachment`). Publishing the
article with :func:`presswright.publish.wordpress.publish.publish_library_document` sends
attached pictures as it sends the ones the article's own run made
(:func:`presswright.images.article_images.article_images_of`): a featured one as the
post's featured image, a body one after its section.
"""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, Field

from presswright.bootstrap import Instance
from presswright.content.models import ContentData
from presswright.errors import ConflictError, UserInputError
from presswright.images.checks import ImageFieldError
from presswright.images.library import ImageAttachment, add_image_version, read_image
from presswright.images.service import ImagePublic, get_image
from presswright.publish.wordpress.media_placement import section_count
from presswright.store import documents as store

__all__ = ["ImageAttached", "attach_image"]

Placement = Literal["featured", "body"]


class ImageAttached(BaseModel):
    """A picture attached to an article: the article's new version and the picture."""

    document_id: uuid.UUID
    version: int = Field(description="The article's new version, which holds the picture.")
    placement: Placement
    after_section: int | None = None
    image: ImagePublic


def _checked_place(body: dict[str, object], placement: str, after_section: int | None) -> None:
    if placement == "featured":
        if after_section is not None:
            raise ImageFieldError(
                "after_section",
                "a featured picture has no place in the body",
                hint="leave after_section out, or attach it to the body",
            )
        return
    if after_section is None:
        return
    sections = section_count(ContentData.model_validate(body))
    if not 0 <= after_section <= sections:
        raise ImageFieldError(
            "after_section",
            f"the article has {sections} section(s); there is no section {after_section}",
            hint=f"give 0 (after the introduction) to {sections}, or leave it out for the end",
        )


def attach_image(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID | None,
    image_id: uuid.UUID,
    document_id: uuid.UUID,
    version: int,
    placement: Placement,
    after_section: int | None = None,
) -> ImageAttached:
    """Attach the picture to the article document whose current version is ``version``.

    NotFoundError for another workspace's picture or document; ImageFieldError (422) for a
    document that is not an article or a section it does not have; ConflictError (409) when
    the article has moved on from ``version``; UserInputError for a picture without alt text.
    """
    with instance.database.tenant_session(tenant_id) as session:
        image_document, image = read_image(session, image_id)
        article = store.get_document(session, document_id)
        if article.kind != "article":
            raise ImageFieldError(
                "document_id",
                f"document {document_id} is a {article.kind}, not an article",
                hint="attach pictures to an article (GET /api/v1/documents?kind=article)",
            )
        if article.current_version != version:
            raise ConflictError(
                f"article {document_id} is at version {article.current_version}, not {version}",
                hint="reload the article and attach the picture to its current version",
            )
        if not image.alt_text:
            raise UserInputError(
                "this picture has no alt text yet, so it would be left out of the article",
                hint=f"write it first: `presswright image describe {image_id}`",
            )
        current = store.get_version(session, document_id=document_id, version=version)
        _checked_place(current.body, placement, after_section)
        if not store.claim_version(session, document_id=document_id, base_version=version):
            raise ConflictError(
                f"article {document_id} changed while the picture was attached",
                hint="reload the article and attach the picture again",
            )
        store.add_version(
            session,
            document=article,
            version=version + 1,
            body=dict(current.body),
            word_count=current.word_count,
            source="edited",
            execution_id=None,
            generation=None,
            author=user_id,
        )
        attachment = ImageAttachment(
            document_id=document_id,
            version=version + 1,
            placement=placement,
            after_section=after_section,
        )
        others = [a for a in image.attachments if a.document_id != document_id]
        add_image_version(
            session,
            image_document,
            image.model_copy(update={"attachments": [*others, attachment]}),
            author=user_id,
        )
    return ImageAttached(
        document_id=document_id,
        version=version + 1,
        placement=placement,
        after_section=after_section,
        image=get_image(instance, tenant_id=tenant_id, document_id=image_id),
    )
