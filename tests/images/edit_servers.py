"""The image vendors' documented edit and variation wire formats, on loopback.

The same scripted server as :mod:`tests.images.image_servers` (its faults, its record of
requests), with the multipart routes added:

- OpenAI ``POST /v1/images/edits`` (``image``, optional ``mask``, ``prompt``, ``model``,
  ``n``, ``size``, ``quality``, ``response_format``) and ``POST /v1/images/variations``
  (``image``, ``model``, ``n``, ``size``, ``response_format``; no prompt), answered as
  generations are: ``{"created", "data": [{"b64_json"}]}``.
- Stability ``POST /v2beta/stable-image/edit/inpaint`` (``image`` and ``mask`` files,
  ``prompt``, ``output_format``...), answered as its generations are.

Gemini edits use ``generateContent`` with an ``inlineData`` part: the base server's route.
Each file part is recorded as :class:`FilePart` (name, type, decoded size and mode), so
tests check what was sent, not only that something was.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from PIL import Image
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.images.image_servers import (
    ImageServer,
    _b64,
    _common_fault,
    _picture,
    openai_error,
    stability_error,
)
from tests.loopback import served

__all__ = ["EditServer", "FilePart", "edit_server"]


@dataclass(frozen=True)
class FilePart:
    """One file of a multipart request as the server decoded it."""

    filename: str
    content_type: str
    format: str  # what Pillow read: PNG, ...
    width: int
    height: int
    mode: str  # RGBA, L, ...
    data: bytes


async def _form(request: Request) -> dict[str, Any]:
    form = await request.form()
    fields: dict[str, Any] = {"_multipart": request.headers.get("content-type", "").split(";")[0]}
    for name, value in form.multi_items():
        if isinstance(value, UploadFile):
            data = await value.read()
            picture = Image.open(io.BytesIO(data))
            fields[name] = FilePart(
                value.filename or "",
                value.content_type or "",
                picture.format or "",
                picture.width,
                picture.height,
                picture.mode,
                data,
            )
        else:
            fields[name] = value
    return fields


class EditServer(ImageServer):
    """The scripted server with the edit and variation routes."""

    def app(self) -> Starlette:
        app = super().app()
        app.routes.extend(
            [
                Route("/v1/images/edits", self._openai_form, methods=["POST"]),
                Route("/v1/images/variations", self._openai_form, methods=["POST"]),
                Route("/v2beta/stable-image/edit/{service}", self._inpaint, methods=["POST"]),
            ]
        )
        return app

    async def _openai_form(self, request: Request) -> Response:
        fields = await _form(request)
        fault = await self._record(request, fields)
        common = await _common_fault(fault, request, openai_error)
        if common is not None:
            return common
        if fault.kind == "policy":
            return openai_error(
                400,
                "Your request was rejected as a result of our safety system.",
                code="moderation_blocked",
            )
        if not isinstance(fields.get("image"), FilePart):
            return openai_error(400, "'image' is a required file", code="invalid_request")
        count = int(fields.get("n") or 1)
        data = [{"b64_json": _b64(_picture(fault.kind, index))} for index in range(count)]
        return JSONResponse({"created": int(time.time()), "data": data})

    async def _inpaint(self, request: Request) -> Response:
        fields = await _form(request)
        fault = await self._record(request, fields)
        common = await _common_fault(fault, request, stability_error)
        if common is not None:
            return common
        if request.path_params["service"] != "inpaint":
            return stability_error(404, "unknown edit service", name="not_found")
        if not isinstance(fields.get("image"), FilePart) or not fields.get("prompt"):
            return stability_error(400, "image and prompt are required", name="bad_request")
        picture = _picture(fault.kind, 0)
        return Response(
            picture, media_type="image/png", headers={"finish-reason": "SUCCESS", "seed": "77"}
        )


@contextmanager
def edit_server() -> Iterator[EditServer]:
    """A fresh scripted server with the edit routes, on loopback, for one test."""
    server = EditServer()
    with served(server.app()) as base_url:
        server.base_url = base_url
        yield server
