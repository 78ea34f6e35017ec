"""Pictures made from a library picture: an edit (a prompt, and maybe a mask) or variations
("more like this"). Each is a run of the shipped ``image`` flow, like a generation, whose
pictures record the picture they came from (``ImageBody.source_id``, ``operation``).

Whether a model can is data (:class:`~presswright.images.provider.ImageCapabilities`
``edits``, ``edit_mask``, ``variations``): a model that cannot is refused before the run
starts, with the workspace's models that can (an :class:`ImageFieldError` on ``model``).
"""

from __future__ import annotations

import asyncio
import uuid

from pydantic import BaseModel, ConfigDict, Field

from presswright.bootstrap import Instance
from presswright.flows import operations as ops
from presswright.flows.runtime import Runtime
from presswright.images.checks import MAX_IMAGES, ImageFieldError, check_capabilities, image_request
from presswright.images.encoding import OutputFormat
from presswright.images.provider import ImageOperation
from presswright.images.registry import ImageProviderRegistry
from presswright.images.service import ImagesStarted, get_image, image_flow
from presswright.images.source_pictures import store_mask
from presswright.llm.factory import stored_connections

__all__ = ["ImageEdit", "ImageVariations", "able_models", "start_edit", "start_variations"]


class ImageVariations(BaseModel):
    """More pictures like a library picture (its prompt is kept for titles and alt text)."""

    model_config = ConfigDict(extra="forbid")

    count: int = Field(default=2, description=f"Pictures to make, 1 to {MAX_IMAGES}.")
    size: str | None = Field(default=None, max_length=20, description="WxH; default: the model's.")
    model: str | None = Field(
        default=None, max_length=200, description="provider:model; default: the first that can."
    )
    format: OutputFormat = Field(default="webp", description="The stored main format.")
    alt_model: str | None = Field(
        default=None, max_length=200, description="Text model for the alt text; default model."
    )


class ImageEdit(ImageVariations):
    """A library picture changed as the prompt says; with a mask, only where it is
    transparent (a PNG of the picture's size)."""

    prompt: str = Field(max_length=4000, examples=["give the lighthouse a red roof"])
    count: int = Field(default=1, description=f"Pictures to make, 1 to {MAX_IMAGES}.")
    negative_prompt: str | None = Field(default=None, max_length=2000)


def able_models(
    registry: ImageProviderRegistry, operation: ImageOperation, *, mask: bool = False
) -> list[str]:
    """The usable image models that can do ``operation`` (an edit with a mask, if asked)."""
    found: list[str] = []
    for info in registry.models():
        caps = info.capabilities
        if not info.available or not caps.supports(operation):
            continue
        if operation == "edit" and caps.edit_mask == ("none" if mask else "required"):
            continue
        found.append(info.id)
    return found


def _checked_model(
    instance: Instance,
    tenant_id: uuid.UUID,
    operation: ImageOperation,
    body: ImageVariations,
    prompt: str,
    mask: bool,
) -> str:
    request = image_request(
        prompt=prompt,
        negative_prompt=getattr(body, "negative_prompt", None),
        size=body.size,
        count=body.count,
    )
    registry = ImageProviderRegistry(instance.settings, stored_connections(instance, tenant_id))
    able = able_models(registry, operation, mask=mask)
    what = {"edit": "edits" + (" with a mask" if mask else ""), "variation": "variations"}
    if body.model is None:
        if not able:
            raise ImageFieldError(
                "model",
                f"no configured image model makes {what[operation]}",
                hint="add one that does: OpenAI (gpt-image-1 and dall-e-2 edit, dall-e-2"
                " varies), an OpenAI-compatible server, Gemini (edits without a mask) or"
                " Stability (edits with a mask); see `presswright models`",
            )
        model = able[0]
    else:
        model = body.model
    provider, name = registry.resolve(model)
    if model not in able:
        raise ImageFieldError(
            "model",
            f"image model {model!r} does not make {what[operation]}; "
            + (f"these can: {', '.join(able)}" if able else "no configured model can"),
            hint="pick one of them, or see `presswright models` for what each can do",
        )
    check_capabilities(provider.capabilities(name), model, request)
    return model


async def _start(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID | None,
    source_id: uuid.UUID,
    operation: ImageOperation,
    body: ImageVariations,
    prompt: str | None,
    mask: bytes | None,
    runtime: Runtime | None,
) -> ImagesStarted:
    source = await asyncio.to_thread(
        get_image, instance, tenant_id=tenant_id, document_id=source_id
    )
    text = (prompt or "").strip() or source.image.prompt
    model = await asyncio.to_thread(
        _checked_model, instance, tenant_id, operation, body, text, mask is not None
    )
    mask_file_id = None
    if mask is not None:
        mask_file_id = await asyncio.to_thread(
            store_mask,
            instance,
            tenant_id=tenant_id,
            user_id=user_id,
            source_id=source_id,
            mask=mask,
        )
    inputs = {
        "prompt": text,
        "negative_prompt": getattr(body, "negative_prompt", None),
        "size": body.size,
        "count": body.count,
        "model": model,
        "format": body.format,
        "title": source.title,
        "alt_model": body.alt_model,
        "language": source.image.language,
        "operation": operation,
        "source_id": str(source_id),
        "mask_file_id": str(mask_file_id) if mask_file_id else None,
    }
    execution_id = await ops.start(
        instance,
        tenant_id=tenant_id,
        spec=image_flow(),
        inputs={k: v for k, v in inputs.items() if v is not None},
        user_id=user_id,
        runtime=runtime,
    )
    return ImagesStarted(execution_id=execution_id, model=model)


async def start_edit(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID | None,
    source_id: uuid.UUID,
    body: ImageEdit,
    mask: bytes | None = None,
    runtime: Runtime | None = None,
) -> ImagesStarted:
    """Start a run that edits library picture ``source_id`` as ``body.prompt`` says."""
    return await _start(
        instance,
        tenant_id=tenant_id,
        user_id=user_id,
        source_id=source_id,
        operation="edit",
        body=body,
        prompt=body.prompt,
        mask=mask,
        runtime=runtime,
    )


async def start_variations(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID | None,
    source_id: uuid.UUID,
    body: ImageVariations,
    runtime: Runtime | None = None,
) -> ImagesStarted:
    """Start a run that makes ``body.count`` variations on library picture ``source_id``."""
    return await _start(
        instance,
        tenant_id=tenant_id,
        user_id=user_id,
        source_id=source_id,
        operation="variation",
        body=body,
        prompt=None,
        mask=None,
        runtime=runtime,
    )
