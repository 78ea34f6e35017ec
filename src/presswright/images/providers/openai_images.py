"""OpenAI images and every OpenAI-compatible image server (LocalAI and others).

One provider on the official ``openai`` SDK: ``images.generate`` (``POST
/v1/images/generations``, JSON), ``images.edit`` (``POST /v1/images/edits``, multipart:
``image``, optional ``mask``, ``prompt``) and ``images.create_variation`` (``POST
/v1/images/variations``, multipart: ``image``, no prompt). Per OpenAI's image API
reference, GPT image models edit (with a mask or without) and only DALL-E 2 makes
variations (its sources must be square PNGs); DALL-E 3 does neither. GPT image models
always answer base64 and take
``output_format``; DALL-E models and compatible servers are asked for ``b64_json``. An
answer that only carries a URL is refused rather than fetched: following a link a server
names would let it point Presswright anywhere.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
from collections.abc import Callable
from typing import Any

import openai

from presswright.errors import (
    ProviderError,
)
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
from presswright.llm.http_errors import redact
from presswright.llm.provider import Connection
from presswright.llm.providers.openai_errors import (
    STATUS_HINTS,
    error_fields,
    translate_openai_error,
)
from presswright.settings import Settings

__all__ = ["COMPATIBLE_CAPABILITIES", "OPENAI_IMAGE_MODELS", "OpenAIImageProvider"]

_GPT_IMAGE = ImageCapabilities(
    sizes=("1024x1024", "1536x1024", "1024x1536"),
    formats=("png", "jpeg", "webp"),
    qualities=("low", "medium", "high"),
    max_count=10,
    edits=True,
    edit_mask="optional",
)
# From OpenAI's image API reference: what each model accepts.
OPENAI_IMAGE_MODELS: dict[str, ImageCapabilities] = {
    "gpt-image-1": _GPT_IMAGE,
    "gpt-image-1-mini": _GPT_IMAGE,
    "dall-e-3": ImageCapabilities(
        sizes=("1024x1024", "1792x1024", "1024x1792"),
        formats=("png",),
        styles=("vivid", "natural"),
        qualities=("standard", "hd"),
        max_count=1,
        revised_prompt=True,
    ),
    "dall-e-2": ImageCapabilities(
        sizes=("256x256", "512x512", "1024x1024"),
        formats=("png",),
        max_count=10,
        edits=True,
        edit_mask="optional",
        square_source=True,
        variations=True,
    ),
}
# A compatible server's models are unknown: the sizes every implementation takes, one
# picture a call (LocalAI and others ignore or reject ``n``), PNG.
# LocalAI and others serve /v1/images/edits and /v1/images/variations in OpenAI's multipart
# shape; a server that does not answers 404, which names the route.
COMPATIBLE_CAPABILITIES = ImageCapabilities(
    sizes=("256x256", "512x512", "1024x1024"),
    formats=("png",),
    max_count=1,
    edits=True,
    edit_mask="optional",
    variations=True,
)
# The quality Presswright asks for when none is given, so the cost of a call is known
# (OpenAI's own default, "auto", may pick any tier).
_DEFAULT_QUALITY = {"gpt-image-1": "medium", "gpt-image-1-mini": "medium", "dall-e-3": "standard"}
_POLICY_CODES = {"content_policy_violation", "moderation_blocked"}


class OpenAIImageProvider(ImageProvider):
    """``images.generate`` over the official SDK; the SDK's own retries are off (ours do more)."""

    def __init__(self, connection: Connection, settings: Settings) -> None:
        super().__init__(connection)
        self._client: openai.AsyncOpenAI | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def base_url(self) -> str | None:
        """Where requests go; None means api.openai.com."""
        return self.connection.base_url

    def capabilities(self, model: str) -> ImageCapabilities:
        if self.connection.kind == "openai" and model in OPENAI_IMAGE_MODELS:
            return OPENAI_IMAGE_MODELS[model]
        return COMPATIBLE_CAPABILITIES

    def known_models(self) -> list[str]:
        if self.connection.kind != "openai":
            return list(self.connection.models)
        # A stored openai config lists its chat models; only the image ones belong here.
        chosen = [m for m in self.connection.models if m in OPENAI_IMAGE_MODELS]
        return chosen or list(OPENAI_IMAGE_MODELS)

    def unavailable_reason(self) -> str | None:
        if self.connection.kind == "openai" and not self.connection.api_key:
            return (
                f"no API key for {self.name}; set OPENAI_API_KEY or run "
                f"`presswright providers add {self.name} --kind openai --api-key-stdin`"
            )
        if self.base_url is None and self.connection.kind != "openai":
            return f"provider {self.name} has no base URL; add one with --base-url"
        return None

    def client(self) -> openai.AsyncOpenAI:
        """The SDK client of the running event loop."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            self._client, self._loop = None, loop
        if self._client is None:
            self._client = openai.AsyncOpenAI(
                api_key=self.connection.api_key or "not-needed",
                base_url=self.base_url,
                max_retries=0,
            )
        return self._client

    def arguments(self, model: str, request: ImageRequest) -> dict[str, Any]:
        """The ``images.generate`` arguments for ``request`` (after its capability check)."""
        capabilities = self.capabilities(model)
        arguments: dict[str, Any] = {"model": model, "prompt": request.prompt, "n": request.count}
        vendor = self.connection.kind == "openai"  # api.openai.com, or a proxy of it
        size = capabilities.vendor_size(request.size)
        if size is None and vendor:
            size = capabilities.sizes[0]  # OpenAI's default, said aloud so the price is known
        if size is not None:
            arguments["size"] = size
        quality = request.quality or (_DEFAULT_QUALITY.get(model) if vendor else None)
        if quality is not None:
            arguments["quality"] = quality
        if request.style is not None:
            arguments["style"] = request.style
        if model.startswith("gpt-image") and vendor:
            if request.format is not None:
                arguments["output_format"] = request.format
        else:
            arguments["response_format"] = "b64_json"
        return arguments

    async def generate(self, model: str, request: ImageRequest, *, timeout: float) -> ImageResponse:
        arguments = self.arguments(model, request)
        return await self._answer(self.client().images.generate, arguments, model, timeout)

    async def edit(
        self, model: str, request: ImageRequest, source: ImageSource, *, timeout: float
    ) -> ImageResponse:
        arguments = self.arguments(model, request)
        arguments.pop("style", None)  # generation only
        arguments["image"] = ("image.png", source.image, "image/png")
        if source.mask is not None:
            arguments["mask"] = ("mask.png", source.mask, "image/png")
        return await self._answer(self.client().images.edit, arguments, model, timeout)

    async def vary(
        self, model: str, request: ImageRequest, source: ImageSource, *, timeout: float
    ) -> ImageResponse:
        arguments = self.arguments(model, request)
        # A variation takes no prompt, quality or style: the picture is the whole request.
        for name in ("prompt", "quality", "style", "output_format"):
            arguments.pop(name, None)
        arguments["image"] = ("image.png", source.image, "image/png")
        arguments["response_format"] = "b64_json"
        return await self._answer(self.client().images.create_variation, arguments, model, timeout)

    async def _answer(
        self, call: Callable[..., Any], arguments: dict[str, Any], model: str, timeout: float
    ) -> ImageResponse:
        failure: ProviderError | None = None
        try:
            answer = await call(**arguments, timeout=timeout)
        except Exception as error:
            failure = self._translate(error, model)
        if failure is not None:
            raise failure  # outside except: the SDK error (it may quote the key) stays behind
        images = tuple(self._image(item, model) for item in answer.data or [])
        if not images:
            raise ImageResponseError("the answer holds no image", provider=self.name, model=model)
        usage = getattr(answer, "usage", None)
        return ImageResponse(
            images=images,
            tokens_in=getattr(usage, "input_tokens", 0) or 0,
            tokens_out=getattr(usage, "output_tokens", 0) or 0,
            image_tokens_in=getattr(getattr(usage, "input_tokens_details", None), "image_tokens", 0)
            or 0,
            size=arguments.get("size"),
            quality=arguments.get("quality"),
        )

    def _image(self, item: Any, model: str) -> ProviderImage:
        encoded = getattr(item, "b64_json", None)
        if not encoded:
            raise ImageResponseError(
                "the answer carries a URL instead of the picture"
                if getattr(item, "url", None)
                else "an image in the answer has no data",
                provider=self.name,
                model=model,
                hint="use a server that answers response_format=b64_json; links are not"
                " followed, and nothing was stored",
            )
        return ProviderImage(
            data=decode_base64_image(encoded, provider=self.name, model=model),
            revised_prompt=getattr(item, "revised_prompt", None) or None,
        )

    def _translate(self, error: Exception, model: str) -> ProviderError:
        if isinstance(error, openai.APIStatusError):
            status = error.status_code
            code, message = error_fields(error)
            if code in _POLICY_CODES or (status == 400 and "safety system" in message.lower()):
                secrets = [self.connection.api_key] if self.connection.api_key else []
                return ContentPolicyError(
                    "the prompt was refused for content-policy reasons: "
                    + redact(message, secrets),
                    provider=self.name,
                    model=model,
                    status=status,
                )
        return translate_openai_error(
            error,
            provider=self.name,
            model=model,
            secrets=[self.connection.api_key] if self.connection.api_key else [],
            where=self.base_url or "api.openai.com",
            timeout_hint="raise the image timeout or retry later",
            status_hints=_STATUS_HINTS,
        )

    async def aclose(self) -> None:
        if self._client is not None and self._loop is asyncio.get_running_loop():
            await self._client.close()
        self._client = self._loop = None


def decode_base64_image(encoded: str, *, provider: str, model: str) -> bytes:
    """The bytes of a base64 picture; an ImageResponseError if it is not base64 or too large."""
    if len(encoded) > (MAX_IMAGE_BYTES * 4) // 3 + 4:
        raise ImageResponseError(
            f"the image is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MiB",
            provider=provider,
            model=model,
            hint="ask for a smaller size; nothing was stored",
        )
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise ImageResponseError(
            "the image data is not valid base64", provider=provider, model=model
        ) from None


def _from_settings_for(kind: str) -> Callable[[Settings], Connection | None]:
    def from_settings(settings: Settings) -> Connection | None:
        if kind == "openai" and settings.openai_api_key is not None:
            return Connection(
                name="openai",
                kind="openai",
                api_key=settings.openai_api_key.get_secret_value(),
                source="OPENAI_API_KEY",
            )
        return None

    return from_settings


_STATUS_HINTS = {
    **STATUS_HINTS,
    403: "the key may not use this model (GPT image models need a verified org)",
    404: "the model or the /images route (generations, edits, variations) is unknown to this"
    " server",
}


@hookimpl
def register_image_provider_kinds(register: Callable[[ImageProviderKind], None]) -> None:
    """OpenAI images and OpenAI-compatible image servers."""
    register(
        ImageProviderKind(
            name="openai",
            create=OpenAIImageProvider,
            from_settings=_from_settings_for("openai"),
            description="set OPENAI_API_KEY",
        )
    )
    register(
        ImageProviderKind(
            name="openai-compatible",
            create=OpenAIImageProvider,
            from_settings=_from_settings_for("openai-compatible"),
            description="any server with /v1/images/generations (LocalAI and others)",
            setup_flags="--base-url URL",
        )
    )
