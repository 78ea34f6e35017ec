"""Gemini image models through the official ``google-genai`` SDK.

google-genai 3 dropped ``generate_images`` (Imagen's ``:predict``) for the Gemini Developer
API: Google's image models there answer ``generateContent`` with ``responseModalities:
["IMAGE"]`` and an ``imageConfig`` (aspect ratio, image size), returning the picture as
``inlineData`` parts. The connection, client and error translation are the text
provider's (:class:`~presswright.llm.providers.gemini.GeminiProvider`): one stored
``gemini`` config serves both.

Editing is the same call with the picture as an ``inlineData`` part beside the prompt
(Google's guide: "image editing (text-and-image-to-image)"); the models take no mask (the
prompt says what to change) and have no variations endpoint, so both are declared so.

A blocked prompt (``promptFeedback.blockReason``) or a picture withheld for safety
(``finishReason`` ``IMAGE_SAFETY``, ``PROHIBITED_CONTENT``, ...) is a ContentPolicyError.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from presswright.errors import ProviderError
from presswright.hookspecs import hookimpl
from presswright.images.provider import (
    MAX_IMAGE_BYTES,
    ContentPolicyError,
    ImageCapabilities,
    ImageProvider,
    ImageProviderKind,
    ImageRequest,
    ImageResponse,
    ImageResponseError,
    ImageSource,
    ProviderImage,
)
from presswright.llm.provider import Connection
from presswright.llm.providers.gemini import GeminiProvider
from presswright.llm.providers.gemini import _from_settings as gemini_from_settings
from presswright.settings import Settings

if TYPE_CHECKING:
    from google.genai import types as genai_types

__all__ = ["GEMINI_IMAGE_MODELS", "GeminiImageProvider"]

_RATIOS = ("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9")
# From Google's image generation guide: ratios for every model, 1K/2K/4K on the Pro one.
GEMINI_IMAGE_MODELS: dict[str, ImageCapabilities] = {
    "gemini-2.5-flash-image": ImageCapabilities(
        aspect_ratios=_RATIOS, formats=("png",), max_count=1, seed=True, edits=True
    ),  # edits without a mask, no variations: as Google's guide documents them
    "gemini-3-pro-image-preview": ImageCapabilities(
        aspect_ratios=_RATIOS,
        formats=("png",),
        qualities=("1K", "2K", "4K"),
        max_count=1,
        seed=True,
        edits=True,
    ),
}
_GENERIC = ImageCapabilities(aspect_ratios=_RATIOS, formats=("png",), max_count=1, seed=True)
_POLICY_REASONS = {
    "SAFETY",
    "IMAGE_SAFETY",
    "PROHIBITED_CONTENT",
    "IMAGE_PROHIBITED_CONTENT",
    "BLOCKLIST",
    "SPII",
    "RECITATION",
    "IMAGE_RECITATION",
    "JAILBREAK",
}


class GeminiImageProvider(ImageProvider):
    """``generateContent`` with image output; one picture per call."""

    def __init__(self, connection: Connection, settings: Settings) -> None:
        super().__init__(connection)
        self._text = GeminiProvider(connection, settings)

    def capabilities(self, model: str) -> ImageCapabilities:
        return GEMINI_IMAGE_MODELS.get(model, _GENERIC)

    def known_models(self) -> list[str]:
        images = [m for m in self.connection.models if "image" in m]
        return images or list(GEMINI_IMAGE_MODELS)

    def unavailable_reason(self) -> str | None:
        return self._text.unavailable_reason()

    def _config(
        self, model: str, request: ImageRequest, timeout: float
    ) -> genai_types.GenerateContentConfig:
        from google.genai import types as genai_types

        capabilities = self.capabilities(model)
        ratio = capabilities.vendor_size(request.size)
        image_config = (
            genai_types.ImageConfig(aspect_ratio=ratio, image_size=request.quality)
            if ratio is not None or request.quality is not None
            else None
        )
        return genai_types.GenerateContentConfig(
            response_modalities=["IMAGE"],
            image_config=image_config,
            seed=request.seed,
            http_options=genai_types.HttpOptions(timeout=max(1, round(timeout * 1000))),
        )

    async def generate(self, model: str, request: ImageRequest, *, timeout: float) -> ImageResponse:
        return await self._generate(model, request, request.prompt, timeout)

    async def edit(
        self, model: str, request: ImageRequest, source: ImageSource, *, timeout: float
    ) -> ImageResponse:
        from google.genai import types as genai_types

        picture = genai_types.Part.from_bytes(data=source.image, mime_type="image/png")
        return await self._generate(model, request, [picture, request.prompt], timeout)

    async def _generate(
        self, model: str, request: ImageRequest, contents: Any, timeout: float
    ) -> ImageResponse:
        client = self._text.client(model)
        config = self._config(model, request, timeout)
        failure: ProviderError | None = None
        try:
            async with asyncio.timeout(timeout):
                response = await client.aio.models.generate_content(
                    model=model, contents=contents, config=config
                )
        except ProviderError:
            raise
        except Exception as error:
            failure = self._text._translate(error, model)
        if failure is not None:
            raise failure  # outside except: no SDK error (it may quote the key) as context
        images = self._images(response, model)
        usage = response.usage_metadata
        return ImageResponse(
            images=images,
            tokens_in=(usage.prompt_token_count or 0) if usage else 0,
            tokens_out=(usage.candidates_token_count or 0) if usage else 0,
            size=config.image_config.aspect_ratio if config.image_config else None,
            quality=request.quality,
        )

    def _images(
        self, response: genai_types.GenerateContentResponse, model: str
    ) -> tuple[ProviderImage, ...]:
        feedback = response.prompt_feedback
        blocked = _text(feedback.block_reason) if feedback and feedback.block_reason else None
        if blocked:
            raise ContentPolicyError(
                f"the prompt was blocked ({blocked})", provider=self.name, model=model
            )
        if not response.candidates:
            raise ImageResponseError(
                "the answer has no candidates", provider=self.name, model=model
            )
        candidate = response.candidates[0]
        finish = _text(candidate.finish_reason) if candidate.finish_reason else None
        if finish in _POLICY_REASONS:
            raise ContentPolicyError(
                f"the picture was withheld ({finish})", provider=self.name, model=model
            )
        parts = candidate.content.parts if candidate.content is not None else None
        images: list[ProviderImage] = []
        for part in parts or []:
            blob = part.inline_data
            if blob is None or blob.data is None:
                continue
            if len(blob.data) > MAX_IMAGE_BYTES:
                raise ImageResponseError(
                    f"the image is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MiB",
                    provider=self.name,
                    model=model,
                    hint="nothing was stored; ask for a smaller size",
                )
            images.append(ProviderImage(data=blob.data, mime_type=blob.mime_type))
        if not images:
            raise ImageResponseError(
                f"the model answered without a picture (finish reason {finish or 'none'})",
                provider=self.name,
                model=model,
                hint="check that the model makes images (see `presswright models`), or retry",
            )
        return tuple(images)

    async def aclose(self) -> None:
        await self._text.aclose()


def _text(value: Any) -> str:
    return str(getattr(value, "value", value))


@hookimpl
def register_image_provider_kinds(register: Callable[[ImageProviderKind], None]) -> None:
    """Google's Gemini image models (pip install 'presswright[gemini]')."""
    register(
        ImageProviderKind(
            name="gemini",
            create=GeminiImageProvider,
            from_settings=gemini_from_settings,
            description="set GEMINI_API_KEY",
        )
    )
