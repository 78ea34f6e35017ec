"""A picture stored straight into a workspace's library, as the image node stores one.

For tests that need an image document with its files (tenant walls, downloads, push) but
no image model: the bytes are a real PNG, processed by the same code the node uses.
"""

from __future__ import annotations

import uuid

from presswright.bootstrap import Instance
from presswright.images.generate import GeneratedImage
from presswright.images.pictures import StoredPicture, process, store_pictures
from presswright.images.processing import content_hash
from tests.images.image_servers import png_bytes

PROMPT = "a teal field with a white disc"


def stored_image(
    instance: Instance,
    tenant_id: uuid.UUID,
    *,
    alt_text: str | None = "A white disc on a teal field.",
    colour: str = "teal",
) -> uuid.UUID:
    """An image document (WebP plus its JPEG fallback) in the tenant's library; its id."""
    data = png_bytes(320, 240, colour)
    image = GeneratedImage(
        data=data,
        mime_type="image/png",
        format="png",
        width=320,
        height=240,
        sha256=content_hash(data),
        provider="work",
        model="sd-local",
        prompt=PROMPT,
        negative_prompt=None,
        revised_prompt=None,
        seed=None,
        size=None,
        cost=0.0,
    )
    document_id = uuid.uuid4()
    picture = StoredPicture(
        document_id=document_id,
        image=image,
        processed=process(image, None, "webp", 500_000),
        title="Disc",
        style=None,
        asked_size=None,
        language="en",
        alt=None,
        alt_error=None if alt_text else "no text model was asked",
    )
    store_pictures(
        instance,
        tenant_id=tenant_id,
        user_id=None,
        pictures=[picture],
        execution_id=None,
        node_id=None,
    )
    if alt_text:
        from presswright.images.editing import edit_image

        edit_image(
            instance, tenant_id=tenant_id, user_id=None, document_id=document_id, alt_text=alt_text
        )
    return document_id
