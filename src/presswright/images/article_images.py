"""The pictures an article's own run made, as the images its publish sends.

The article flow's optional image nodes store each picture as an image document of the
same execution, marked ``featured`` or ``body``. Publishing the article document (its
current version) sends them with it: the featured one as the post's featured image, the
body ones after the sections, spread evenly. Pictures a person attached to the article
(:mod:`presswright.images.attach`) go the same way, where they were placed; an attached
featured picture takes the place of the run's. A picture without alt text is left out (the
Media Library takes none without one); write it with ``presswright image describe``.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from presswright.bootstrap import Instance
from presswright.content.models import ContentData
from presswright.files.factory import open_file_store
from presswright.images.library import IMAGE_KIND, ImageBody, attachment_term, read_image
from presswright.publish.wordpress.media_image import MediaImage
from presswright.publish.wordpress.media_placement import ArticleImage, section_count
from presswright.store import documents as store
from presswright.store.models import Document

__all__ = ["article_images_of"]


def _media(instance: Instance, session: Session, body: ImageBody) -> MediaImage:
    main = body.file("main")
    data = open_file_store(instance.settings).read_file(session, file_id=main.file_id)
    return MediaImage(
        filename=main.filename,
        content=data,
        alt_text=body.alt_text or "",
        title=body.title,
        description=body.prompt,
        mime_type=main.media_type,
        sha256=main.sha256,
    )


def _attached(
    session: Session, document_id: uuid.UUID, current: int
) -> list[tuple[ImageBody, str, int | None]]:
    """(picture, placement, after_section) of the pictures attached to the document, in
    the order they were attached (only attachments up to its current version)."""
    rows = store.list_documents(
        session, kind=IMAGE_KIND, terms=[attachment_term(document_id)], limit=50
    )
    found: list[tuple[int, ImageBody, str, int | None]] = []
    for row in rows:
        _, body = read_image(session, row.id)
        for item in body.attachments:
            if item.document_id == document_id and item.version <= current and body.alt_text:
                found.append((item.version, body, item.placement, item.after_section))
    return [(body, place, after) for _, body, place, after in sorted(found, key=lambda f: f[0])]


def article_images_of(
    instance: Instance, *, tenant_id: uuid.UUID, document_id: uuid.UUID, article: ContentData
) -> list[ArticleImage]:
    """The featured and body pictures the article document's run made and those attached
    to it (with alt text)."""
    with instance.database.tenant_session(tenant_id) as session:
        document = store.get_document(session, document_id)
        if document.kind == IMAGE_KIND:
            return []
        attached = _attached(session, document_id, document.current_version)
        bodies: list[tuple[Document, ImageBody]] = []
        if document.execution_id is not None:
            rows = store.list_documents(
                session, kind=IMAGE_KIND, execution_id=document.execution_id, limit=20
            )
            bodies = sorted(
                (read_image(session, row.id) for row in rows), key=lambda pair: pair[0].created_at
            )
        chosen = [b for b, place, _ in attached if place == "featured"][-1:]
        featured = chosen or [b for _, b in bodies if b.purpose == "featured" and b.alt_text]
        inside = [b for _, b in bodies if b.purpose == "body" and b.alt_text]
        images = [ArticleImage(_media(instance, session, b), "featured") for b in featured[:1]]
        sections = section_count(article)
        for index, body in enumerate(inside):
            after = max(1, round((index + 1) * sections / (len(inside) + 1))) if sections else 0
            images.append(ArticleImage(_media(instance, session, body), "body", after))
        for body, place, after_section in attached:
            if place == "body":
                media = _media(instance, session, body)
                images.append(ArticleImage(media, "body", after_section))
    return images
