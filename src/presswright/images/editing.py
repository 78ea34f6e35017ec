"""Changing and sending pictures of the library: alt text by a model or a person, and
Media Forge (a picture into a connected WordPress site's Media Library).

Alt text written later is a new version of the image document (the files stay as they
are); a person's alt text is held to the same contract as a model's
(:func:`presswright.images.alt_text_rules.alt_text_problems`). Pushing sends the stored
main file (or another stored format) with its title, caption and alt text through
:func:`presswright.publish.wordpress.media.push_image`, idempotent by content hash.
"""

from __future__ import annotations

import asyncio
import uuid

import httpx

from presswright.bootstrap import Instance
from presswright.content.violations import Violation
from presswright.errors import FileTooLargeError, UserInputError
from presswright.files.factory import open_file_store
from presswright.images.alt_text import AltText
from presswright.images.alt_text_rules import alt_text_problems
from presswright.images.checks import ImageFieldError
from presswright.images.describe import describe
from presswright.images.encoding import OutputFormat
from presswright.images.library import add_image_version, read_image
from presswright.images.processing import DEFAULT_LIMITS
from presswright.images.service import ImagePublic, get_image
from presswright.llm.factory import client_for_tenant
from presswright.publish.wordpress.media import MediaResult, push_image
from presswright.publish.wordpress.media_image import MediaImage

__all__ = [
    "MAX_UPLOAD_BYTES",
    "AltTextRefusedError",
    "describe_image",
    "describe_upload",
    "edit_image",
    "push_image_document",
]

MAX_UPLOAD_BYTES = DEFAULT_LIMITS.max_bytes


class AltTextRefusedError(ImageFieldError):
    """A person's alt text that breaks the alt text contract; ``problems`` holds one
    violation per broken rule (the API answers one field problem for each)."""

    def __init__(self, problems: list[Violation]) -> None:
        super().__init__(
            "alt_text",
            " | ".join(p.message for p in problems),
            hint="change the alt text so it follows every rule listed",
        )
        self.problems = problems


async def _describe(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID | None,
    data: bytes,
    context: str,
    language: str,
    model: str | None,
    prompt: str | None,
) -> AltText:
    client = client_for_tenant(instance, tenant_id=tenant_id, user_id=user_id)
    try:
        return await describe(data, context, language, model, client=client, prompt=prompt)
    finally:
        await client.aclose()


def check_upload(data: bytes) -> bytes:
    """An uploaded picture's bytes, or FileTooLargeError (413) / ImageFieldError when empty."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise FileTooLargeError(limit=MAX_UPLOAD_BYTES, what="picture")
    if not data:
        raise ImageFieldError("file", "the upload is empty", hint="send the picture's bytes")
    return data


async def describe_upload(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID | None,
    data: bytes,
    context: str = "",
    language: str = "en",
    model: str | None = None,
    prompt: str | None = None,
) -> AltText:
    """Alt text for an uploaded picture (nothing is stored)."""
    return await _describe(
        instance,
        tenant_id=tenant_id,
        user_id=user_id,
        data=check_upload(data),
        context=context,
        language=language,
        model=model,
        prompt=prompt,
    )


def _main_bytes(
    instance: Instance, tenant_id: uuid.UUID, document_id: uuid.UUID, format: str | None = None
) -> tuple[bytes, str, str, str]:
    """(bytes, file name, media type, sha256) of a stored file of the picture."""
    files = open_file_store(instance.settings)
    with instance.database.tenant_session(tenant_id) as session:
        _, body = read_image(session, document_id)
        chosen = body.file("main")
        if format is not None:
            chosen = next((f for f in body.files if f.format == format), None) or chosen
            if chosen.format != format:
                stored = ", ".join(f.format for f in body.files)
                raise UserInputError(
                    f"this image is stored as {stored}, not {format}",
                    hint=f"push one of: {stored}",
                )
        data = files.read_file(session, file_id=chosen.file_id)
    return data, chosen.filename, chosen.media_type, chosen.sha256


async def describe_image(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID | None,
    document_id: uuid.UUID,
    context: str = "",
    language: str | None = None,
    model: str | None = None,
) -> ImagePublic:
    """Write alt text for a stored picture: a new version with the text and its source."""
    current = await asyncio.to_thread(
        get_image, instance, tenant_id=tenant_id, document_id=document_id
    )
    data, *_ = await asyncio.to_thread(_main_bytes, instance, tenant_id, document_id)
    alt = await _describe(
        instance,
        tenant_id=tenant_id,
        user_id=user_id,
        data=data,
        context=context,
        language=language or current.image.language,
        model=model,
        prompt=current.image.prompt,
    )
    changes: dict[str, object] = {
        "alt_text": alt.text,
        "alt_source": alt.source,
        "alt_model": alt.model,
        "alt_error": None,
        "language": alt.language,
    }
    return await asyncio.to_thread(_new_version, instance, tenant_id, user_id, document_id, changes)


def _new_version(
    instance: Instance,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID | None,
    document_id: uuid.UUID,
    changes: dict[str, object],
) -> ImagePublic:
    with instance.database.tenant_session(tenant_id) as session:
        document, body = read_image(session, document_id)
        add_image_version(session, document, body.model_copy(update=changes), author=user_id)
    return get_image(instance, tenant_id=tenant_id, document_id=document_id)


def edit_image(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID | None,
    document_id: uuid.UUID,
    alt_text: str | None = None,
    title: str | None = None,
) -> ImagePublic:
    """A person's alt text and/or title as a new version; the alt text must meet the
    contract (an AltTextRefusedError with one violation per broken rule)."""
    current = get_image(instance, tenant_id=tenant_id, document_id=document_id)
    changes: dict[str, object] = {}
    if title is not None:
        if not title.strip():
            raise UserInputError("the title is empty", hint="give the picture a title")
        changes["title"] = title.strip()
    if alt_text is not None:
        text = " ".join(alt_text.split())
        problems: list[Violation] = alt_text_problems(
            text, language=current.image.language, field="alt_text"
        )
        if problems:
            raise AltTextRefusedError(problems)
        changes.update(alt_text=text, alt_source="person", alt_model=None, alt_error=None)
    if not changes:
        raise UserInputError("nothing to change", hint="give alt_text, title or both")
    return _new_version(instance, tenant_id, user_id, document_id, changes)


async def push_image_document(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    document_id: uuid.UUID,
    site: str | uuid.UUID,
    caption: str = "",
    format: OutputFormat | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> MediaResult:
    """Put a stored picture in a connected site's Media Library (reused when the same bytes
    are there already). A picture without alt text is refused: describe it first."""
    current = await asyncio.to_thread(
        get_image, instance, tenant_id=tenant_id, document_id=document_id
    )
    if not current.image.alt_text:
        raise UserInputError(
            "this image has no alt text yet"
            + (f" ({current.image.alt_error})" if current.image.alt_error else ""),
            hint=f"write it first: `presswright image describe {document_id}` or"
            " POST /api/v1/images/{id}/describe",
        )
    data, filename, media_type, sha256 = await asyncio.to_thread(
        _main_bytes, instance, tenant_id, document_id, format
    )
    image = MediaImage(
        filename=filename,
        content=data,
        alt_text=current.image.alt_text,
        title=current.title,
        caption=caption,
        description=current.image.prompt,
        mime_type=media_type,
        sha256=sha256,
    )
    return await push_image(
        instance, tenant_id=tenant_id, site=site, image=image, transport=transport
    )
