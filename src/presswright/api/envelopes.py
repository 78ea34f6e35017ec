"""Error answers that also carry a compatibility envelope (``{"success": false, "error"}``).

The routes that speak a source design's API (Lekhika's worker, ContentCraft) answer errors
the way every Presswright route does, as RFC 9457 problem documents with the same status,
headers and request id, and add the design's own envelope members beside them, so a client
written against either reads the answer. Problem documents allow extension members, so
nothing a Presswright client relies on changes.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute

__all__ = ["ContentCraftRoute", "LekhikaRoute", "error_answer"]

_SKIPPED_HEADERS = frozenset({"content-length", "content-type"})


async def _handled(request: Request, error: Exception) -> Response:
    """The answer the app's own exception handler gives ``error``; re-raised when none."""
    handlers: Mapping[Any, Any] = request.app.exception_handlers
    for cls in type(error).__mro__:
        handler = handlers.get(cls)
        if handler is not None:
            answer = handler(request, error)
            return await answer if inspect.isawaitable(answer) else answer  # type: ignore[no-any-return]
    raise error


class _EnvelopeRoute(APIRoute):
    """A route whose error answers get :meth:`members` merged into their JSON body."""

    def members(self, detail: str) -> dict[str, Any]:
        """The envelope's members for an error whose problem detail is ``detail``."""
        return {"success": False, "error": detail}

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """The route's handler, with errors answered by the app's handlers plus the envelope."""
        handler = super().get_route_handler()

        async def enveloped(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as error:
                return await self.answer(request, error)

        return enveloped

    async def answer(self, request: Request, error: Exception) -> Response:
        """The app's answer to ``error``, with :meth:`members` merged into its JSON body."""
        answer = await _handled(request, error)
        try:
            body = json.loads(bytes(answer.body))
        except ValueError:
            return answer
        if not isinstance(body, dict):
            return answer
        detail = str(body.get("detail") or body.get("title") or "error")
        headers = {k: v for k, v in answer.headers.items() if k.lower() not in _SKIPPED_HEADERS}
        return Response(
            json.dumps(body | self.members(detail), ensure_ascii=False),
            status_code=answer.status_code,
            headers=headers,
            media_type=answer.media_type or answer.headers.get("content-type"),
        )


async def error_answer(route: BaseRoute | None, request: Request, error: Exception) -> Response:
    """The answer ``route`` gives ``error`` raised while serving ``request``: the app's
    exception handler's, in the route's envelope if it has one."""
    if isinstance(route, _EnvelopeRoute):
        return await route.answer(request, error)
    return await _handled(request, error)


class LekhikaRoute(_EnvelopeRoute):
    """Lekhika's worker envelope: ``{"success": false, "error": "..."}``."""

    def members(self, detail: str) -> dict[str, Any]:
        """``{"success": false, "error": detail}``."""
        return {"success": False, "error": detail}


class ContentCraftRoute(_EnvelopeRoute):
    """ContentCraft's ``ContentResponse``: ``{"success": false, "data": null, "error": "..."}``."""

    def members(self, detail: str) -> dict[str, Any]:
        """``{"success": false, "data": null, "error": detail}``."""
        return {"success": False, "data": None, "error": detail}
