"""The image library's use cases: generate (a run of the shipped ``image`` flow), list, get,
download. Describing, editing and pushing to WordPress are in :mod:`.editing`.

Every front door (``/api/v1/images``, ``presswright image``, the studio's Media Forge)
calls these. A request the model cannot make is refused before the run starts
(:class:`~presswright.images.checks.ImageFieldError`, naming the field); with no image
provider configured, generate fails at once with the ``presswright providers add`` fix.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from presswright.bootstrap import Instance
from presswright.documents.text import search_terms
from presswright.files.factory import open_file_store
from presswright.flows import operations as ops
from presswright.flows.runtime import Runtime
from presswright.flows.spec import FlowSpec
from presswright.images.checks import MAX_IMAGES, check_capabilities, image_request
from presswright.images.encoding import OutputFormat, TargetSize
from presswright.images.library import IMAGE_KIND, ImageBody, read_image
from presswright.images.processing import process_image
from presswright.images.registry import ImageModelInfo, ImageProviderRegistry
from presswright.llm.factory import stored_connections
from presswright.store import documents as store
from presswright.store.models import Document

__all__ = [
    "ImageDownload",
    "ImageGenerate",
    "ImagePage",
    "ImagePublic",
    "ImagesStarted",
    "get_image",
    "image_flow",
    "image_models",
    "list_images",
    "open_image",
    "start_images",
]

Language = Literal["en", "fa", "ar", "de", "es", "fr", "it", "ja", "ko", "zh"]


class ImageGenerate(BaseModel):
    """What to make: the prompt and how, checked against the model before the run starts."""

    model_config = ConfigDict(extra="forbid")

    prompt: str = Field(max_length=4000, examples=["a lighthouse at dawn, watercolour"])
    negative_prompt: str | None = Field(default=None, max_length=2000)
    size: str | None = Field(
        default=None, max_length=20, description="WxH (1024x1024) or a ratio (16:9)."
    )
    count: int = Field(default=1, description=f"Pictures to make, 1 to {MAX_IMAGES}.")
    style: str | None = Field(default=None, max_length=64)
    quality: str | None = Field(default=None, max_length=32)
    model: str | None = Field(
        default=None, max_length=200, description="provider:model; default: the first one."
    )
    format: OutputFormat = Field(default="webp", description="The stored main format.")
    title: str | None = Field(default=None, max_length=300)
    alt_context: str | None = Field(
        default=None, max_length=4000, description="Text the picture goes with (alt text)."
    )
    language: Language = "en"
    alt_model: str | None = Field(
        default=None, max_length=200, description="Text model for the alt text; default model."
    )


class ImagesStarted(BaseModel):
    """A generation under way: the execution making the pictures."""

    execution_id: str
    status: str = "queued"
    model: str = Field(description="The image model asked.")


class ImagePublic(BaseModel):
    """An image document: what it is, its files and its alt text."""

    id: uuid.UUID
    title: str
    version: int
    execution_id: str | None
    created_at: datetime
    updated_at: datetime
    image: ImageBody


class ImagePage(BaseModel):
    """One page of images, newest first."""

    items: list[ImagePublic]
    total: int
    next_offset: int | None


class ImageDownload(BaseModel):
    """A picture's bytes in one format."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    filename: str
    media_type: str
    content: bytes = Field(repr=False)
    sha256: str | None = None


@cache
def image_flow() -> FlowSpec:
    """The shipped ``image`` flow (one image node)."""
    text = resources.files("presswright.images").joinpath("flows", "image.yaml").read_text()
    return FlowSpec.model_validate(yaml.safe_load(text))


def image_models(instance: Instance, *, tenant_id: uuid.UUID) -> list[ImageModelInfo]:
    """The image models the workspace can use, with what each can do (or why it cannot)."""
    registry = ImageProviderRegistry(instance.settings, stored_connections(instance, tenant_id))
    return registry.models()


def _checked_model(instance: Instance, tenant_id: uuid.UUID, body: ImageGenerate) -> str:
    """The model that will make the pictures, after the request was checked against it."""
    request = image_request(
        prompt=body.prompt,
        negative_prompt=body.negative_prompt,
        size=body.size,
        count=body.count,
        style=body.style,
        quality=body.quality,
    )
    registry = ImageProviderRegistry(instance.settings, stored_connections(instance, tenant_id))
    model = body.model or registry.default_model()
    provider, name = registry.resolve(model)
    check_capabilities(provider.capabilities(name), model, request)
    return model


async def start_images(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID | None,
    body: ImageGenerate,
    runtime: Runtime | None = None,
) -> ImagesStarted:
    """Check the request against its model, then start the image flow that makes and stores
    the pictures (in ``runtime`` when given, else on the queue)."""
    model = await asyncio.to_thread(_checked_model, instance, tenant_id, body)
    inputs = body.model_dump()
    inputs["prompt"] = body.prompt.strip()
    inputs["model"] = model
    execution_id = await ops.start(
        instance,
        tenant_id=tenant_id,
        spec=image_flow(),
        inputs=inputs,
        user_id=user_id,
        runtime=runtime,
    )
    return ImagesStarted(execution_id=execution_id, model=model)


def _public(document: Document, body: ImageBody) -> ImagePublic:
    return ImagePublic(
        id=document.id,
        title=document.title,
        version=document.current_version,
        execution_id=document.execution_id,
        created_at=document.created_at,
        updated_at=document.updated_at,
        image=body,
    )


def list_images(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    execution_id: str | None = None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> ImagePage:
    """The workspace's pictures, newest first; ``q`` finds words of title, prompt, alt text."""
    terms = search_terms(q) if q else []
    with instance.database.tenant_session(tenant_id) as session:
        filters = {"kind": IMAGE_KIND, "status": "ready", "execution_id": execution_id}
        rows = store.list_documents(session, **filters, terms=terms, limit=limit, offset=offset)
        total = store.count_documents(session, **filters, terms=terms)
        items = [_public(*read_image(session, row.id)) for row in rows]
    more = offset + len(items) < total
    return ImagePage(items=items, total=total, next_offset=offset + len(items) if more else None)


def get_image(instance: Instance, *, tenant_id: uuid.UUID, document_id: uuid.UUID) -> ImagePublic:
    """One picture; NotFoundError for another workspace's or a document of another kind."""
    with instance.database.tenant_session(tenant_id) as session:
        return _public(*read_image(session, document_id))


def open_image(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    document_id: uuid.UUID,
    format: OutputFormat | None = None,
) -> ImageDownload:
    """A picture's bytes: a stored file when it has that format, else converted from the
    main file (nothing stored)."""
    files = open_file_store(instance.settings)
    with instance.database.tenant_session(tenant_id) as session:
        _, body = read_image(session, document_id)
        wanted = format or body.format
        stored = next((f for f in body.files if f.format == wanted), None)
        source = stored or body.file("main")
        data = files.read_file(session, file_id=source.file_id)
    if stored is not None:
        return ImageDownload(
            filename=stored.filename,
            media_type=stored.media_type,
            content=data,
            sha256=stored.sha256,
        )
    target = TargetSize(source.width, source.height)
    made = process_image(data, [target], output=wanted, fallback=False).variants[0]
    stem = source.filename.rsplit(".", 1)[0]
    return ImageDownload(
        filename=f"{stem}.{made.extension}",
        media_type=made.media_type,
        content=made.data,
        sha256=made.sha256,
    )
