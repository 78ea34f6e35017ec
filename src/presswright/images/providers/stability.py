"""Stability AI's Stable Image API (REST v2beta), the image provider Lekhika names.

Stability ships no official Python SDK for v2beta, so this is the documented REST call with
``httpx``: ``POST /v2beta/stable-image/generate/{ultra|core|sd3}`` as multipart form data,
``Authorization: Bearer KEY``, and ``Accept: image/*``. The picture comes back as the body,
with ``finish-reason`` and ``seed`` headers; a server that answers ``application/json``
instead (``{"image": base64, "finish_reason", "seed"}``) is read too. ``CONTENT_FILTERED``
(a blurred picture) and 403 ``content_moderation`` are content-policy refusals: the
blurred stand-in is never kept.

Edits are Stability's Edit service "Inpaint" (``POST /v2beta/stable-image/edit/inpaint``:
the ``image`` and ``mask`` files, ``prompt``, ``negative_prompt``, ``seed``,
``output_format``), answered like a generation. Inpaint is one service whatever model id
was picked, billed per call as the service (``edit/inpaint`` in the price table); it needs
a mask (black keeps, white changes: :mod:`presswright.images.sources` converts an
OpenAI-style transparent mask). Stability has no variations endpoint. Bodies are read up to
a cap, so an oversized answer fails
before it fills memory.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx

from presswright.errors import ProviderError, ProviderHTTPError, ProviderTimeoutError
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
from presswright.images.providers.openai_images import decode_base64_image
from presswright.images.sources import stability_mask
from presswright.llm.http_errors import parse_retry_after, redact
from presswright.llm.provider import Connection
from presswright.settings import Settings

__all__ = ["DEFAULT_BASE_URL", "STABILITY_MODELS", "StabilityImageProvider"]

DEFAULT_BASE_URL = "https://api.stability.ai"
_RATIOS = ("1:1", "16:9", "21:9", "2:3", "3:2", "4:5", "5:4", "9:16", "9:21")
_CORE_STYLES = (
    "3d-model",
    "analog-film",
    "anime",
    "cinematic",
    "comic-book",
    "digital-art",
    "enhance",
    "fantasy-art",
    "isometric",
    "line-art",
    "low-poly",
    "modeling-compound",
    "neon-punk",
    "origami",
    "photographic",
    "pixel-art",
    "tile-texture",
)


# Every model id reaches the Inpaint service, which needs a mask.
_EDITS: dict[str, Any] = {"edits": True, "edit_mask": "required"}


def _sd3(negative: bool) -> ImageCapabilities:
    return ImageCapabilities(
        aspect_ratios=_RATIOS,
        formats=("png", "jpeg"),
        negative_prompt=negative,
        seed=True,
        **_EDITS,
    )


# From Stability's API reference; the model id's name picks the endpoint (sd3.5-* -> sd3).
STABILITY_MODELS: dict[str, ImageCapabilities] = {
    "ultra": ImageCapabilities(
        aspect_ratios=_RATIOS,
        formats=("png", "jpeg", "webp"),
        negative_prompt=True,
        seed=True,
        **_EDITS,
    ),
    "core": ImageCapabilities(
        aspect_ratios=_RATIOS,
        formats=("png", "jpeg", "webp"),
        styles=_CORE_STYLES,
        negative_prompt=True,
        seed=True,
        **_EDITS,
    ),
    "sd3.5-large": _sd3(True),
    "sd3.5-large-turbo": _sd3(False),
    "sd3.5-medium": _sd3(True),
}
_POLICY_NAMES = {"content_moderation", "content_filtered"}


class StabilityImageProvider(ImageProvider):
    """Stable Image Ultra, Core and Stable Diffusion 3.5 over REST."""

    def __init__(self, connection: Connection, settings: Settings) -> None:
        super().__init__(connection)
        self._client: httpx.AsyncClient | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def base_url(self) -> str:
        """The API root (``https://api.stability.ai`` unless the connection names another)."""
        return (self.connection.base_url or DEFAULT_BASE_URL).rstrip("/")

    def capabilities(self, model: str) -> ImageCapabilities:
        return STABILITY_MODELS.get(model, _sd3(True))

    def known_models(self) -> list[str]:
        return list(self.connection.models) or list(STABILITY_MODELS)

    def unavailable_reason(self) -> str | None:
        if not self.connection.api_key:
            return (
                f"no API key for {self.name}; run "
                f"`presswright providers add {self.name} --kind stability --api-key-stdin`"
            )
        return None

    def endpoint(self, model: str) -> str:
        """The generate URL of ``model``."""
        route = model if model in ("ultra", "core") else "sd3"
        return f"{self.base_url}/v2beta/stable-image/generate/{route}"

    def form(self, model: str, request: ImageRequest) -> dict[str, str]:
        """The multipart fields for ``request``."""
        fields = {"prompt": request.prompt, "output_format": request.format or "png"}
        if model not in ("ultra", "core"):
            fields["model"] = model
        ratio = self.capabilities(model).vendor_size(request.size)
        if ratio is not None:
            fields["aspect_ratio"] = ratio
        if request.negative_prompt:
            fields["negative_prompt"] = request.negative_prompt
        if request.seed is not None:
            fields["seed"] = str(request.seed)
        if request.style is not None:
            fields["style_preset"] = request.style
        return fields

    def client(self) -> httpx.AsyncClient:
        """The HTTP client of the running event loop."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            self._client, self._loop = None, loop
        if self._client is None:
            self._client = httpx.AsyncClient(follow_redirects=False)
        return self._client

    async def generate(self, model: str, request: ImageRequest, *, timeout: float) -> ImageResponse:
        fields = self.form(model, request)
        # An empty file part, as Stability's own examples send (requests' files={"none":
        # ""}): it makes the body multipart/form-data.
        files = {"none": ("none", b"", "application/octet-stream")}
        response = await self._post(self.endpoint(model), fields, files, model, timeout)
        return response.model_copy(update={"size": fields.get("aspect_ratio")})

    async def edit(
        self, model: str, request: ImageRequest, source: ImageSource, *, timeout: float
    ) -> ImageResponse:
        if source.mask is None:  # the capability says so; this guards a direct call
            raise ImageResponseError(
                "Stability's Inpaint needs a mask", provider=self.name, model=model
            )
        fields = {"prompt": request.prompt, "output_format": request.format or "png"}
        if request.negative_prompt:
            fields["negative_prompt"] = request.negative_prompt
        if request.seed is not None:
            fields["seed"] = str(request.seed)
        files = {
            "image": ("image.png", source.image, "image/png"),
            "mask": ("mask.png", stability_mask(source.mask), "image/png"),
        }
        url = f"{self.base_url}/v2beta/stable-image/edit/inpaint"
        response = await self._post(url, fields, files, model, timeout)
        return response.model_copy(update={"priced_as": "edit/inpaint"})

    async def _post(
        self,
        url: str,
        fields: dict[str, str],
        files: dict[str, tuple[str, bytes, str]],
        model: str,
        timeout: float,
    ) -> ImageResponse:
        headers = {"authorization": f"Bearer {self.connection.api_key}", "accept": "image/*"}
        failure: ProviderError | None = None
        try:
            async with asyncio.timeout(timeout):
                async with self.client().stream(
                    "POST", url, headers=headers, data=fields, files=files, timeout=timeout
                ) as answer:
                    body = await _read_capped(answer, self.name, model)
        except ProviderError:
            raise
        except (TimeoutError, httpx.TimeoutException):
            failure = ProviderTimeoutError(
                "no answer within the timeout",
                provider=self.name,
                model=model,
                hint="raise the image timeout or retry later",
            )
        except httpx.TransportError:
            failure = ProviderTimeoutError(
                f"cannot reach {self.base_url}",
                provider=self.name,
                model=model,
                hint="check the network and that the base URL is right",
            )
        if failure is not None:
            raise failure
        if answer.status_code != 200:
            raise self._status_error(answer, body, model)
        return ImageResponse(images=(self._image(answer, body, model),))

    def _image(self, answer: httpx.Response, body: bytes, model: str) -> ProviderImage:
        content_type = answer.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type == "application/json":
            data = _json(body)
            if data is None:
                raise ImageResponseError(
                    "the answer is not the JSON object it claims to be",
                    provider=self.name,
                    model=model,
                )
            finish = str(data.get("finish_reason") or "SUCCESS")
            seed = data.get("seed")
            encoded = data.get("image")
            if finish == "SUCCESS" and not isinstance(encoded, str):
                raise ImageResponseError(
                    "the JSON answer has no image", provider=self.name, model=model
                )
        else:
            finish = answer.headers.get("finish-reason", "SUCCESS")
            seed = answer.headers.get("seed")
            encoded = None
        if finish == "CONTENT_FILTERED":
            raise ContentPolicyError(
                "the picture was blurred by Stability's content filter (CONTENT_FILTERED)",
                provider=self.name,
                model=model,
            )
        if finish != "SUCCESS":
            raise ImageResponseError(
                f"the generation did not succeed (finish reason {finish})",
                provider=self.name,
                model=model,
            )
        if encoded is not None:
            image = decode_base64_image(encoded, provider=self.name, model=model)
            mime = None
        else:
            if not content_type.startswith("image/"):
                raise ImageResponseError(
                    f"the answer is {content_type or 'untyped'}, not an image",
                    provider=self.name,
                    model=model,
                )
            image, mime = body, content_type
        return ProviderImage(data=image, mime_type=mime, seed=_seed(seed))

    def _status_error(self, answer: httpx.Response, body: bytes, model: str) -> ProviderError:
        secrets = [self.connection.api_key] if self.connection.api_key else []
        data = _json(body) or {}
        name = str(data.get("name") or "")
        errors = data.get("errors")
        message = "; ".join(map(str, errors)) if isinstance(errors, list) and errors else ""
        message = redact(message or str(data.get("message") or answer.reason_phrase), secrets)
        status = answer.status_code
        if name in _POLICY_NAMES:
            return ContentPolicyError(
                f"the prompt was refused for content-policy reasons: {message}",
                provider=self.name,
                model=model,
                status=status,
            )
        hint = {
            401: f"the API key was refused: {self.unavailable_reason() or 'store a valid one'}",
            402: "the Stability account is out of credits: add credits, then retry",
            404: "the model or route is unknown; see `presswright models`",
            413: "the request is too large: shorten the prompt",
            429: "rate limited: lower this provider's limits or wait",
        }.get(status, "retry later; if it persists, check Stability's status page")
        if status == 401:
            hint = (
                f"the API key was refused: run `presswright providers add {self.name} "
                "--kind stability --api-key-stdin` with a valid key"
            )
        return ProviderHTTPError(
            f"{name}: {message}" if name else message,
            provider=self.name,
            model=model,
            status=status,
            retry_after=parse_retry_after(answer.headers.get("retry-after")),
            hint=hint,
        )

    async def aclose(self) -> None:
        if self._client is not None and self._loop is asyncio.get_running_loop():
            await self._client.aclose()
        self._client = self._loop = None


async def _read_capped(answer: httpx.Response, provider: str, model: str) -> bytes:
    """The body, refused as soon as it passes what one base64 picture may weigh."""
    limit = (MAX_IMAGE_BYTES * 4) // 3 + 4096
    chunks: list[bytes] = []
    size = 0
    async for chunk in answer.aiter_bytes():
        size += len(chunk)
        if size > limit:
            raise ImageResponseError(
                f"the answer is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MiB",
                provider=provider,
                model=model,
                hint="nothing was stored; ask for a smaller size or check the server",
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _json(body: bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(body)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _seed(value: object) -> int | None:
    try:
        return int(str(value)) if value is not None else None
    except ValueError:
        return None


def _from_settings(settings: Settings) -> Connection | None:
    return None  # no environment variable yet: store the key with `presswright providers add`


@hookimpl
def register_image_provider_kinds(register: Callable[[ImageProviderKind], None]) -> None:
    """Stability AI (Stable Image Ultra, Core, SD 3.5)."""
    register(
        ImageProviderKind(
            name="stability",
            create=StabilityImageProvider,
            from_settings=_from_settings,
            description="store a Stability AI key",
        )
    )
