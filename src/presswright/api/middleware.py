"""ASGI middleware of the API: request context (id, headers, log, metrics) and the boundary.

Order, outside in: :class:`RequestContextMiddleware` → CORS → :class:`BoundaryMiddleware`
→ the repeated-query guard (:mod:`presswright.api.query_values`) → FastAPI. The context
sees every response (CORS preflights and 500s included); the boundary limits the body while
it streams and turns an unexpected exception into a 500 problem, so no stack trace ever
leaves the process.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Collection, Mapping
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from presswright.api.metrics import UNMATCHED_ROUTE, HttpMetrics
from presswright.api.problems import problem_response
from presswright.api.request_log import accept_request_id, log_access, request_id_var

__all__ = [
    "API_SECURITY_HEADERS",
    "SECURITY_HEADERS",
    "BoundaryMiddleware",
    "RequestBodyTooLargeError",
    "RequestContextMiddleware",
]

_log = logging.getLogger("presswright.api")

# The web studio's policy: everything from this origin and nothing inline, neither script nor
# style (no <script> or <style> blocks, no style="" attributes, no eval). Styles the app sets
# through the CSSOM (React's style props, React Flow's node positions) are not inline markup
# and are allowed. Images may be data: or blob: URLs (previews, uploads); frames only of this
# origin (model HTML is previewed in a sandboxed srcdoc iframe, which inherits this policy);
# the studio itself is never framed; no plugins.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; frame-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# Everything outside /api/ (the UI, /health, /metrics).
SECURITY_HEADERS: Mapping[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
# Answers under /api/ are data, never a page: the set OWASP's REST Security Cheat Sheet
# gives for APIs, with a policy that lets such an answer, opened in a browser, load and
# run nothing. (Referrer, opener and permissions policies only act on pages.)
API_SECURITY_HEADERS: Mapping[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Cache-Control": "no-store",
}


def _raw(headers: Mapping[str, str]) -> tuple[tuple[bytes, bytes], ...]:
    return tuple(
        (name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()
    )


_PAGE_RAW = _raw(SECURITY_HEADERS)
_API_RAW = _raw(API_SECURITY_HEADERS)
_PAGE_NAMES = frozenset(name for name, _ in _PAGE_RAW)
_API_NAMES = frozenset(name for name, _ in _API_RAW)


def _header(scope: Scope, name: bytes) -> str | None:
    """The first value of header ``name`` (lower case), read as Starlette's ``Headers.get``
    reads it, without building a ``Headers`` for one look-up on every request."""
    headers: list[tuple[bytes, bytes]] = scope["headers"]
    for key, value in headers:
        if key == name:
            return value.decode("latin-1")
    return None


def _stamp_headers(message: Message, request_id: str, *, api: bool) -> None:
    """Add the request id and the security headers, keeping any the response set already."""
    raw: list[tuple[bytes, bytes]] = list(message.get("headers", ()))
    present = {name.lower() for name, _ in raw}
    if b"x-request-id" in present:
        raw = [(name, value) for name, value in raw if name.lower() != b"x-request-id"]
    raw.append((b"x-request-id", request_id.encode("latin-1")))
    stamps, names = (_API_RAW, _API_NAMES) if api else (_PAGE_RAW, _PAGE_NAMES)
    if present.isdisjoint(names):  # nearly every response: all of them, in one step
        raw.extend(stamps)
    else:
        raw.extend(pair for pair in stamps if pair[0] not in present)
    message["headers"] = raw


class RequestContextMiddleware:
    """Give each request an id, stamp every response, log one access line, count it."""

    def __init__(self, app: ASGIApp, *, metrics: HttpMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = accept_request_id(_header(scope, b"x-request-id"))
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500
        path: str = scope.get("path", "")

        async def stamped_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                _stamp_headers(message, request_id, api=path.startswith("/api/"))
            await send(message)

        try:
            await self.app(scope, receive, stamped_send)
        finally:
            seconds = time.perf_counter() - started
            route = _route_template(scope)
            method = str(scope.get("method", ""))
            self.metrics.observe(method=method, route=route, status=status, seconds=seconds)
            log_access(request_id, method, path, route, status, seconds)
            request_id_var.reset(token)


def _route_template(scope: Scope) -> str:
    route = scope.get("route")
    template = getattr(route, "path", None)
    return template if isinstance(template, str) else UNMATCHED_ROUTE


class RequestBodyTooLargeError(HTTPException):
    """The request body grew past the configured limit while it was read."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than the limit of {limit} bytes")


class BoundaryMiddleware:
    """Refuse bodies over ``max_body`` bytes (counted as they arrive) and hide crashes.

    ``own_limits`` are paths whose routes take larger bodies and limit them themselves
    (file uploads, up to the file store's limit).
    """

    def __init__(self, app: ASGIApp, *, max_body: int, own_limits: Collection[str] = ()) -> None:
        self.app = app
        self.max_body = max_body
        self.own_limits = frozenset(own_limits)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        limit = None if path in self.own_limits else self.max_body
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        declared = _header(scope, b"content-length")
        if (
            limit is not None
            and declared is not None
            and declared.isdigit()
            and int(declared) > limit
        ):
            # A declared size over the limit is refused unread; a smaller one is not trusted.
            await _send_problem(tracking_send, RequestBodyTooLargeError(self.max_body), path)
            return
        try:
            limited = receive if limit is None else _limited(receive, limit)
            await self.app(scope, limited, tracking_send)
        except RequestBodyTooLargeError as error:
            if not started:
                await _send_problem(tracking_send, error, path)
        except Exception:
            _log.exception("unexpected error while serving %s %s", scope.get("method"), path)
            if not started:
                response = problem_response(
                    500,
                    "an unexpected error occurred; quote the request id to the operator",
                    path=path,
                    slug="internal-error",
                )
                await response(scope, receive, tracking_send)


def _limited(receive: Receive, limit: int) -> Callable[[], Awaitable[Message]]:
    seen = 0

    async def limited_receive() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise RequestBodyTooLargeError(limit)
        return message

    return limited_receive


async def _send_problem(send: Send, error: RequestBodyTooLargeError, path: str) -> None:
    response = problem_response(413, str(error.detail), path=path, slug="body-too-large")
    scope: dict[str, Any] = {"type": "http"}
    await response(scope, _no_body, send)


async def _no_body() -> Message:
    return {"type": "http.disconnect"}
