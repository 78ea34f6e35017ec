"""From generated pictures to stored image documents: process, alt text, store.

Shared by the ``image`` node and the library's use cases (:mod:`.service`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from presswright.bootstrap import Instance
from presswright.errors import ContentContractError, ProviderError, UserInputError
from presswright.files.factory import open_file_store
from presswright.images.alt_text import AltText
from presswright.images.describe import describe
from presswright.images.encoding import OutputFormat
from presswright.images.generate import GeneratedImage
from presswright.images.library import create_image_document, target_size
from presswright.images.processing import ProcessedImage, process_image
from presswright.llm.factory import client_for_tenant

__all__ = ["StoredPicture", "alt_text_for", "process", "store_pictures"]


@dataclass(frozen=True)
class StoredPicture:
    """One generated picture, processed, with its alt text, ready to be stored."""

    document_id: uuid.UUID
    image: GeneratedImage
    processed: ProcessedImage
    title: str
    style: str | None
    asked_size: str | None
    language: str
    alt: AltText | None
    alt_error: str | None
    purpose: str | None = None
    operation: str = "generate"
    source_id: str | None = None  # the library picture an edit or a variation came from


def process(image: GeneratedImage, size: str | None, output: str, max_bytes: int) -> ProcessedImage:
    """The picture at the size asked, in ``output`` (plus its fallback), within ``max_bytes``.

    CPU work: call it through ``asyncio.to_thread``. InvalidImageError when it cannot be made.
    """
    fmt: OutputFormat = output  # type: ignore[assignment]  # checked against OUTPUT_FORMATS
    target = target_size(size, image.width, image.height)
    return process_image(image.data, [target], output=fmt, max_bytes=max_bytes)


async def alt_text_for(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID | None,
    data: bytes,
    prompt: str | None,
    context: str,
    language: str,
    model: str | None,
) -> tuple[AltText | None, str | None]:
    """Alt text for ``data``, or None and why not (the picture is kept either way)."""
    client = client_for_tenant(instance, tenant_id=tenant_id, user_id=user_id)
    try:
        alt = await describe(data, context, language, model, client=client, prompt=prompt)
    except (ContentContractError, ProviderError, UserInputError) as error:
        return None, str(error)
    finally:
        await client.aclose()
    return alt, None


def store_pictures(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID | None,
    pictures: list[StoredPicture],
    execution_id: str | None,
    node_id: str | None,
) -> list[dict[str, Any]]:
    """Store every picture and its document in one transaction; what the node outputs."""
    store = open_file_store(instance.settings)
    stored: list[dict[str, Any]] = []
    with instance.database.tenant_session(tenant_id) as session:
        for picture in pictures:
            image, alt = picture.image, picture.alt
            body = {
                "title": picture.title[:300],
                "prompt": image.prompt,
                "negative_prompt": image.negative_prompt,
                "revised_prompt": image.revised_prompt,
                "style": picture.style,
                "model": image.model_id,
                "size": picture.asked_size,
                "source_format": image.format,
                "sha256": image.sha256,
                "seed": image.seed,
                "cost": image.cost,
                "alt_text": alt.text if alt else None,
                "alt_source": alt.source if alt else None,
                "alt_model": alt.model if alt else None,
                "alt_error": picture.alt_error,
                "language": picture.language,
                "purpose": picture.purpose,
                "operation": picture.operation,
                "source_id": picture.source_id,
                "execution_id": execution_id,
                "node_id": node_id,
            }
            create_image_document(
                session,
                store,
                document_id=picture.document_id,
                processed=picture.processed,
                body=body,
                user_id=user_id,
                execution_id=execution_id,
            )
            main = picture.processed.variants[0]
            stored.append(
                {
                    "document_id": str(picture.document_id),
                    "title": body["title"],
                    "model": image.model_id,
                    "width": main.width,
                    "height": main.height,
                    "format": main.format,
                    "sha256": image.sha256,
                    "alt_text": body["alt_text"],
                    "alt_source": body["alt_source"],
                    "purpose": picture.purpose,
                }
            )
    return stored
