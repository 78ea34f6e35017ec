"""Image vendors' documented wire formats, served on loopback with scripted faults.

One Starlette app answers all three dialects, each from its own documentation:

- OpenAI ``POST /v1/images/generations``: JSON in, ``{"created", "data": [{"b64_json",
  "revised_prompt"}], "usage"}`` out; errors ``{"error": {"message", "type", "code"}}``.
- Gemini ``POST /v1beta/models/{model}:generateContent``: ``candidates[0].content.parts``
  with ``inlineData {mimeType, data}``; ``promptFeedback.blockReason``; errors
  ``{"error": {"code", "message", "status", "details"}}`` (RetryInfo for 429).
- Stability ``POST /v2beta/stable-image/generate/{ultra|core|sd3}``: multipart form in;
  with ``Accept: image/*`` the picture as the body plus ``finish-reason`` and ``seed``
  headers, with ``Accept: application/json`` ``{"image", "finish_reason", "seed"}``;
  errors ``{"id", "name", "errors": [...]}``.

Every picture is a real PNG or JPEG drawn with Pillow. Each request consumes the next
scripted fault (then ``then`` answers every later one); requests are recorded with their
receive time so tests measure retries on the server's side.
"""

from __future__ import annotations

import asyncio
import base64
import io
import json
import random
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any, TypeVar

from PIL import Image, ImageDraw
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from presswright.images.generate import ImageGenerator
from presswright.images.processing import DEFAULT_LIMITS, ImageLimits
from presswright.images.registry import ImageProviderRegistry
from presswright.llm.provider import Connection
from presswright.llm.retry import RetryPolicy
from presswright.settings import Settings
from tests.loopback import served

__all__ = [
    "FAULTS",
    "Fault",
    "ImageServer",
    "Recorded",
    "image_server",
    "jpeg_bytes",
    "make_generator",
    "png_bytes",
    "run",
]

FAULTS = (
    "ok",
    "jpeg",  # a JPEG instead of a PNG
    "429",  # Retry-After: seconds (default 1)
    "500",
    "policy",  # the vendor's content-policy refusal
    "malformed",  # 200, JSON content type, a body that is not JSON
    "not_image",  # 200, well-formed, but the "picture" is text bytes
    "truncated",  # a PNG cut in half
    "large",  # a real 600x600 noise PNG (about 1 MB): over a small byte or pixel limit
    "url_only",  # OpenAI: a URL instead of b64_json
    "no_image",  # Gemini: text parts only; OpenAI: empty data
    "filtered",  # Gemini finishReason IMAGE_SAFETY; Stability finish-reason CONTENT_FILTERED
    "json",  # Stability: answer in JSON mode even to Accept: image/*
    "401_echo_key",  # 401 whose message quotes the bearer key, as vendors do
    "stall",  # answer nothing for 30 s (the client's timeout must fire first)
    "slow",  # answer "ok" after 1 s
    "huge",  # Stability: a 40 MB body labelled image/png (over the 25 MiB answer cap)
)


def png_bytes(width: int = 64, height: int = 48, colour: str = "teal") -> bytes:
    """A real PNG: a coloured field with a white disc."""
    image = Image.new("RGB", (width, height), colour)
    ImageDraw.Draw(image).ellipse(
        (width // 4, height // 4, width * 3 // 4, height * 3 // 4), "white"
    )
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(width: int = 80, height: int = 60) -> bytes:
    """A real JPEG."""
    image = Image.new("RGB", (width, height), "orange")
    ImageDraw.Draw(image).rectangle((10, 10, width - 10, height - 10), "navy")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def noise_png(side: int = 600) -> bytes:
    """A PNG that does not compress: random pixels."""
    rng = random.Random(side)  # noqa: S311 - test pixels, not cryptography
    image = Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@dataclass(frozen=True)
class Fault:
    """One scripted behaviour; ``seconds`` is the Retry-After of a 429."""

    kind: str
    seconds: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in FAULTS:
            raise ValueError(f"unknown fault {self.kind!r}; known: {', '.join(FAULTS)}")


@dataclass(frozen=True)
class Recorded:
    """One request as the server received it."""

    received: float
    path: str
    headers: dict[str, str]
    body: Any  # JSON body, or the multipart form fields as a dict
    fault: str


@dataclass
class ImageServer:
    """The scripted server; ``base_url`` is set while it runs."""

    base_url: str = ""
    requests: list[Recorded] = field(default_factory=list)
    _faults: deque[Fault] = field(default_factory=deque)
    _then: Fault = field(default_factory=lambda: Fault("ok"))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def script(self, *faults: str | Fault, then: str | Fault = "ok") -> ImageServer:
        """Queue ``faults`` for the next requests; ``then`` answers every later request."""
        with self._lock:
            self._faults.extend(_fault(f) for f in faults)
            self._then = _fault(then)
        return self

    def _next(self) -> Fault:
        with self._lock:
            return self._faults.popleft() if self._faults else self._then

    def gaps(self) -> list[float]:
        """Seconds between consecutive requests, from the server's receive times."""
        times = [r.received for r in self.requests]
        return [later - earlier for earlier, later in pairwise(times)]

    # --- the app ------------------------------------------------------------------------

    def app(self) -> Starlette:
        """The ASGI app serving the three dialects."""
        return Starlette(
            routes=[
                Route("/v1/images/generations", self._openai, methods=["POST"]),
                Route("/v1/chat/completions", self._chat, methods=["POST"]),
                Route("/v1beta/models/{call:path}", self._gemini, methods=["POST"]),
                Route("/v2beta/stable-image/generate/{route}", self._stability, methods=["POST"]),
            ]
        )

    async def _record(self, request: Request, body: Any) -> Fault:
        fault = self._next()
        headers = {name.lower(): value for name, value in request.headers.items()}
        with self._lock:
            self.requests.append(
                Recorded(time.monotonic(), request.url.path, headers, body, fault.kind)
            )
        return fault

    async def _openai(self, request: Request) -> Response:
        received = time.monotonic()
        body = json.loads(await request.body())
        fault = await self._record(request, body)
        kind = fault.kind
        common = await _common_fault(fault, request, openai_error)
        if common is not None:
            return common
        if kind == "policy":
            return openai_error(
                400,
                "Your request was rejected as a result of our safety system.",
                code="content_policy_violation",
            )
        count = int(body.get("n") or 1)
        if kind == "no_image":
            return JSONResponse({"created": int(received), "data": []})
        if kind == "url_only":
            return JSONResponse({"created": 1, "data": [{"url": "http://127.0.0.1:9/x.png"}]})
        pictures = [_picture(kind, index) for index in range(count)]
        data: list[dict[str, Any]] = [{"b64_json": _b64(p)} for p in pictures]
        if str(body.get("model", "")).startswith("dall-e-3"):
            for item in data:
                item["revised_prompt"] = "A revised: " + str(body.get("prompt"))
        answer: dict[str, Any] = {"created": int(received), "data": data}
        if str(body.get("model", "")).startswith("gpt-image"):
            answer["usage"] = {
                "input_tokens": 10,
                "output_tokens": 1056 * count,
                "total_tokens": 10 + 1056 * count,
                "input_tokens_details": {"image_tokens": 0, "text_tokens": 10},
            }
        return JSONResponse(answer)

    async def _chat(self, request: Request) -> Response:
        """A minimal chat completion, so one account's text and image calls can meet here."""
        body = json.loads(await request.body())
        await self._record(request, body)
        return JSONResponse(
            {
                "id": "chatcmpl-1",
                "object": "chat.completion",
                "created": 1,
                "model": body.get("model"),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": "A caption."},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7},
            }
        )

    async def _gemini(self, request: Request) -> Response:
        body = json.loads(await request.body())
        fault = await self._record(request, body)
        kind = fault.kind
        common = await _common_fault(fault, request, gemini_error)
        if common is not None:
            return common
        if kind == "policy":
            return JSONResponse(
                {"promptFeedback": {"blockReason": "PROHIBITED_CONTENT"}, "modelVersion": "m"}
            )
        if kind == "filtered":
            return JSONResponse(
                {"candidates": [{"finishReason": "IMAGE_SAFETY", "index": 0}], "modelVersion": "m"}
            )
        parts: list[dict[str, Any]] = [{"text": "Here is your picture."}]
        if kind != "no_image":
            picture = _picture(kind, 0)
            mime = "image/jpeg" if kind == "jpeg" else "image/png"
            parts.append({"inlineData": {"mimeType": mime, "data": _b64(picture)}})
        return JSONResponse(
            {
                "candidates": [
                    {
                        "content": {"role": "model", "parts": parts},
                        "finishReason": "NO_IMAGE" if kind == "no_image" else "STOP",
                        "index": 0,
                    }
                ],
                "usageMetadata": {
                    "promptTokenCount": 7,
                    "candidatesTokenCount": 1290,
                    "totalTokenCount": 1297,
                },
                "modelVersion": "gemini-2.5-flash-image",
            }
        )

    async def _stability(self, request: Request) -> Response:
        form = await request.form()
        # Text fields only: the empty "none" file part (as Stability's examples send) is not one.
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        fields["_multipart"] = request.headers.get("content-type", "").split(";")[0]
        fault = await self._record(request, fields)
        kind = fault.kind
        common = await _common_fault(fault, request, stability_error)
        if common is not None:
            return common
        if kind == "policy":
            return stability_error(
                403,
                "Your request was flagged by our content moderation system.",
                name="content_moderation",
            )
        seed = fields.get("seed") or "1234567"
        if kind == "huge":
            return Response(b"\x89PNG\r\n\x1a\n" + bytes(40 * 1024 * 1024), media_type="image/png")
        jpeg = fields.get("output_format") == "jpeg" and kind == "ok"
        picture = jpeg_bytes() if jpeg else _picture(kind, 0)
        finish = "CONTENT_FILTERED" if kind == "filtered" else "SUCCESS"
        wants_json = request.headers.get("accept") == "application/json" or kind == "json"
        if wants_json:
            return JSONResponse(
                {"image": _b64(picture), "finish_reason": finish, "seed": int(seed)}
            )
        media = (
            "image/jpeg" if fields.get("output_format") == "jpeg" or kind == "jpeg" else "image/png"
        )
        return Response(picture, media_type=media, headers={"finish-reason": finish, "seed": seed})


def _fault(value: str | Fault) -> Fault:
    return value if isinstance(value, Fault) else Fault(value)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _picture(kind: str, index: int) -> bytes:
    if kind == "jpeg":
        return jpeg_bytes()
    if kind == "not_image":
        return b"this is not a picture, just some text bytes" * 4
    if kind == "truncated":
        whole = png_bytes(200, 150)
        return whole[: len(whole) // 2]
    if kind == "large":
        return noise_png()
    return png_bytes(64 + index, 48, ("teal", "purple", "olive", "maroon")[index % 4])


async def _common_fault(fault: Fault, request: Request, error: Any) -> Response | None:
    """Faults every dialect answers alike (in its own error shape)."""
    if fault.kind == "slow":
        await asyncio.sleep(1.0)
        return None
    if fault.kind == "stall":
        for _ in range(300):  # 30 s in steps, so a stopping server is not held up long
            if await request.is_disconnected():
                break
            await asyncio.sleep(0.1)
        return Response(b"", status_code=504)
    if fault.kind == "429":
        seconds = 1 if fault.seconds is None else fault.seconds
        response: Response = error(429, "Rate limit reached; try again later", code="rate_limit")
        response.headers["retry-after"] = f"{seconds:g}"
        return response
    if fault.kind == "500":
        return error(500, "The server had an error while processing your request", code="server")
    if fault.kind == "malformed":
        return Response(b'{"created": 1, "data": [', media_type="application/json")
    if fault.kind == "401_echo_key":
        key = request.headers.get("authorization", "").removeprefix("Bearer ")
        key = key or request.headers.get("x-goog-api-key", "")
        return error(401, f"Incorrect API key provided: {key}", code="invalid_api_key")
    return None


def openai_error(status: int, message: str, *, code: str) -> JSONResponse:
    """OpenAI's error body."""
    kind = "invalid_request_error" if status < 500 else "server_error"
    return JSONResponse(
        {"error": {"message": message, "type": kind, "param": None, "code": code}}, status
    )


def gemini_error(status: int, message: str, *, code: str) -> JSONResponse:
    """Google's error body; a 429 carries a google.rpc.RetryInfo detail too."""
    names = {401: "UNAUTHENTICATED", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL"}
    error: dict[str, Any] = {"code": status, "message": message, "status": names.get(status)}
    if status == 429:
        error["details"] = [
            {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "1s"}
        ]
    return JSONResponse({"error": error}, status)


def stability_error(status: int, message: str, *, code: str = "", name: str = "") -> JSONResponse:
    """Stability's error body."""
    names = {401: "unauthorized", 429: "rate_limit_exceeded", 500: "internal_error"}
    return JSONResponse(
        {"id": "e0a3b6c2", "name": name or names.get(status, "bad_request"), "errors": [message]},
        status,
    )


@contextmanager
def image_server() -> Iterator[ImageServer]:
    """A fresh scripted server on loopback for one test."""
    server = ImageServer()
    with served(server.app()) as base_url:
        server.base_url = base_url
        yield server


# --- driving a generator against it -------------------------------------------------------

T = TypeVar("T")
BOUND = 20.0  # seconds any single scenario may take before it counts as a hang


def make_generator(
    tmp_path: Path,
    *connections: Connection,
    max_retries: int = 2,
    limits: ImageLimits = DEFAULT_LIMITS,
    **settings: Any,
) -> ImageGenerator:
    """A generator without a database (no usage rows), with fast retries."""
    chosen = Settings(home=tmp_path / "home", **settings)
    return ImageGenerator(
        settings=chosen,
        registry=ImageProviderRegistry(chosen, connections),
        retry=RetryPolicy(max_retries=max_retries, base_delay=0.01, max_delay=0.05),
        limits=limits,
    )


def run(generator: ImageGenerator, work: Callable[[], Awaitable[T]]) -> T:
    """Run ``work`` with a hard bound, then close the generator on the same loop."""

    async def main() -> T:
        try:
            return await asyncio.wait_for(work(), BOUND)
        finally:
            await generator.aclose()

    return asyncio.run(main())
