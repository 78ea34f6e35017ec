"""The ``image`` node: pictures from an image model, stored as documents of kind ``image``.

One run: render the config -> check the request against the model's capabilities (a size,
style or negative prompt it cannot take fails here, naming the field) -> generate through
:func:`presswright.images.generate` (retries, limits, usage rows) -> process every picture
(decoded, checked, metadata stripped, made at the size asked, main format plus a JPEG/PNG
fallback within the byte budget) -> alt text (a vision model describes the picture; else it
is written from the prompt and marked so) -> every picture stored in one transaction.

A picture that does not decode or breaks a limit fails the node before anything is stored.
With no image provider configured the node fails at once with the ``presswright providers
add`` fix; with ``optional: true`` it finishes instead with no pictures and a note, so a flow
that adds pictures "when it can" still completes (never with a stand-in picture).
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from presswright.errors import (
    InvalidImageError,
    ProviderUnavailableError,
    UserInputError,
)
from presswright.flows.nodes.base import NodeContext, NodeOutcome, NodeType
from presswright.images.checks import OUTPUT_FORMATS, ImageFieldError, check_capabilities
from presswright.images.checks import image_request as build_request
from presswright.images.generate import (
    GeneratedImage,
    check_operation,
    image_generator_for_tenant,
)
from presswright.images.pictures import StoredPicture, alt_text_for, process, store_pictures
from presswright.images.provider import ImageResponseError
from presswright.images.source_pictures import load_source

__all__ = ["ImageNode", "ImageNodeConfig"]

_NAMESPACE = uuid.UUID("5b0e7f0a-3c55-4a5e-9d53-7d1f3c0b9e19")
DEFAULT_BUDGET = 1_500_000  # bytes per stored file


class ImageNodeConfig(BaseModel):
    """Config of an ``image`` node; text fields are Jinja templates."""

    model_config = ConfigDict(extra="forbid")

    prompt: str = Field(min_length=1, description="What the picture shows (a template).")
    negative_prompt: str | None = Field(default=None, description="What it must not show.")
    size: str | None = Field(default=None, description="WxH or W:H; empty: the model's default.")
    count: int | str = Field(default=1, description="Pictures to make, 1 to 8 (or a template).")
    style: str | None = None
    quality: str | None = None
    model: str | None = Field(default=None, description="provider:model; empty: the first one.")
    format: str = Field(default="webp", description="webp, avif, jpeg or png (or a template).")
    max_bytes: int = Field(default=DEFAULT_BUDGET, ge=10_000, le=25_000_000)
    title: str | None = Field(default=None, description="The documents' title; default: prompt.")
    alt_context: str | None = Field(
        default=None, description="The text around the picture, for its alt text."
    )
    language: str | None = Field(default=None, description="The alt text's language (en).")
    alt_model: str | None = Field(default=None, description="Text model writing the alt text.")
    alt_text: bool = True
    purpose: Literal["featured", "body"] | None = Field(
        default=None, description="Recorded on each picture: an article's featured or body image."
    )
    optional: bool = Field(
        default=False,
        description="With no image provider configured, finish with no pictures and a note.",
    )
    operation: str = Field(
        default="generate", description="generate, edit or variation (or a template)."
    )
    source_id: str | None = Field(
        default=None, description="The library picture an edit or a variation starts from."
    )
    mask_file_id: str | None = Field(
        default=None, description="A stored PNG mask for an edit (transparent = change)."
    )


_TEMPLATES = (
    "prompt",
    "negative_prompt",
    "size",
    "style",
    "quality",
    "model",
    "format",
    "title",
    "alt_context",
    "language",
    "alt_model",
    "operation",
    "source_id",
    "mask_file_id",
)


def _rendered(config: ImageNodeConfig, context: NodeContext) -> dict[str, Any]:
    variables = context.variables()
    values: dict[str, Any] = {}
    for name in _TEMPLATES:
        raw = getattr(config, name)
        text = context.render(raw, variables).strip() if isinstance(raw, str) else None
        values[name] = text or None
    count: Any = config.count
    if isinstance(count, str):
        rendered = context.render_value(count, variables)
        try:
            count = int(rendered)
        except (TypeError, ValueError):
            raise ImageFieldError("count", f"{rendered!r} is not a number of pictures") from None
    values["count"] = count
    return values


class ImageNode(NodeType):
    """Makes pictures and stores each as an image document (with alt text)."""

    name = "image"
    Config = ImageNodeConfig
    description = "Generate pictures with an image model and store them as image documents."

    def templates(self, config: BaseModel) -> dict[str, str]:
        assert isinstance(config, ImageNodeConfig)
        found = {name: getattr(config, name) for name in _TEMPLATES}
        if isinstance(config.count, str):
            found["count"] = config.count
        return {name: value for name, value in found.items() if isinstance(value, str)}

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        assert isinstance(config, ImageNodeConfig)
        instance, tenant_id = context.instance, context.tenant_id
        if instance is None or tenant_id is None:
            raise UserInputError(
                "the image node stores pictures in a workspace's library",
                hint="run it inside a flow execution (`presswright flow run`)",
            )
        values = _rendered(config, context)
        output_format = values.pop("format") or "webp"
        if output_format not in OUTPUT_FORMATS:
            raise ImageFieldError(
                "format", f"{output_format!r} is not one of {', '.join(OUTPUT_FORMATS)}"
            )
        title = values.pop("title")
        alt_context = values.pop("alt_context") or ""
        language = values.pop("language") or "en"
        alt_model = values.pop("alt_model")
        model = values.pop("model")
        operation = values.pop("operation") or "generate"
        source_id, mask_file_id = values.pop("source_id"), values.pop("mask_file_id")
        request = build_request(**values)
        source = None
        if operation != "generate":
            source = await asyncio.to_thread(
                load_source,
                instance,
                tenant_id=tenant_id,
                operation=operation,
                source_id=source_id,
                mask_file_id=mask_file_id,
            )
        generator = image_generator_for_tenant(
            instance, tenant_id=tenant_id, user_id=context.user_id
        )
        try:
            try:
                model = model or generator.registry.default_model()
                provider, name = generator.registry.resolve(model)
            except ProviderUnavailableError as error:
                if config.optional and _nothing_configured(generator.registry):
                    return NodeOutcome(
                        output={"images": [], "skipped": True, "note": f"no pictures: {error}"}
                    )
                raise
            check_capabilities(provider.capabilities(name), model, request)
            check_operation(provider.capabilities(name), model, source)
            made = await generator.generate(request, model=model, source=source)
        finally:
            await generator.aclose()
        outcome = NodeOutcome(output=None, cost=made.cost)
        try:
            processed = [
                await asyncio.to_thread(
                    process, image, request.size, output_format, config.max_bytes
                )
                for image in made.images
            ]
        except InvalidImageError as error:
            raise ImageResponseError(
                f"a picture could not be stored: {error.message}",
                provider=made.images[0].provider,
                model=made.images[0].model,
                hint=error.hint,
            ) from None
        pictures: list[StoredPicture] = []
        for index, (image, picture) in enumerate(zip(made.images, processed, strict=True)):
            alt = None
            alt_error = None
            if config.alt_text:
                alt, alt_error = await alt_text_for(
                    instance,
                    tenant_id=tenant_id,
                    user_id=context.user_id,
                    data=image.data,
                    prompt=request.prompt,
                    context=alt_context,
                    language=language,
                    model=alt_model,
                )
                if alt is not None:
                    outcome.tokens_in += alt.tokens_in
                    outcome.tokens_out += alt.tokens_out
                    outcome.cost += alt.cost
            pictures.append(
                StoredPicture(
                    document_id=self._document_id(context, index, image),
                    image=image,
                    processed=picture,
                    title=title or request.prompt,
                    style=request.style,
                    asked_size=request.size,
                    language=language,
                    alt=alt,
                    alt_error=alt_error,
                    purpose=config.purpose,
                    operation=source.operation if source is not None else "generate",
                    source_id=source_id if source is not None else None,
                )
            )
        stored = await asyncio.to_thread(
            store_pictures,
            instance,
            tenant_id=tenant_id,
            user_id=context.user_id,
            pictures=pictures,
            execution_id=context.execution_id,
            node_id=context.node_id,
        )
        outcome.output = {"images": stored, "skipped": False, "note": None}
        return outcome

    @staticmethod
    def _document_id(context: NodeContext, index: int, image: GeneratedImage) -> uuid.UUID:
        # The same picture of the same step keeps its id when the step runs again.
        item = context.extra.get("index", "")
        key = f"{context.execution_id}/{context.node_id}/{item}/{index}/{image.sha256}"
        return uuid.uuid5(_NAMESPACE, key)


def _nothing_configured(registry: Any) -> bool:
    """Whether no image provider is configured at all (not: one is, but is broken)."""
    return not registry.image_connections()
