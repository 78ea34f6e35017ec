"""The API's one ASGI layer around the app: request context, CORS, the body limit, crashes.

:class:`EdgeMiddleware` does, per HTTP request, in this order: give the request its id
(taken from ``X-Request-ID`` when it is a sane one), refuse a repeated single-valued query
parameter (:mod:`presswright.api.query_values`), refuse a declared body over the limit and
count the rest as it streams, run the app (behind CORS when origins are configured), turn an
unexpected exception into a 500 problem so no stack trace ever leaves the process, stamp
every response with the request id and the security headers, then count the request in the
metrics and write its access line.

It is one layer rather than one middleware per concern because each layer costs every
request a coroutine and a wrapped ``send``, a fifth of the status poll's time before they
were folded together (``benchmarks/api_throughput.py``). CORS keeps its place between the
request context and the rest: its preflight answers are stamped and logged, and the
answers made here (413, 422, 500) go out through it, so a browser on an allowed origin
can read them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Collection, Mapping
from typing import Any

from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Router
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from presswright.api.metrics import UNMATCHED_ROUTE, HttpMetrics
from presswright.api.problems import problem_response
from presswright.api.query_values import RepeatedQueryGuard
from presswright.api.request_log import accept_request_id, log_access, request_id_var

__all__ = [
    "API_SECURITY_HEADERS",
    "SECURITY_HEADERS",
    "EdgeMiddleware",
    "RequestBodyTooLargeError",
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


def _route_template(scope: Scope) -> str:
    route = scope.get("route")
    template = getattr(route, "path", None)
    return template if isinstance(template, str) else UNMATCHED_ROUTE


class RequestBodyTooLargeError(HTTPException):
    """The request body grew past the configured limit while it was read."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than the limit of {limit} bytes")


class EdgeMiddleware:
    """Everything the API does around each request, in one layer (see the module's doc).

    ``max_body`` limits request bodies, except on ``own_limits`` paths, whose routes take
    larger bodies and limit them themselves (file uploads, up to the file store's limit).
    ``cors`` holds Starlette's ``CORSMiddleware`` options, or None for no CORS at all.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        metrics: HttpMetrics,
        router: Router,
        max_body: int,
        own_limits: Collection[str] = (),
        cors: Mapping[str, Any] | None = None,
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.queries = RepeatedQueryGuard(router)
        self.max_body = max_body
        self.own_limits = frozenset(own_limits)
        self.cors = dict(cors) if cors is not None else None
        self.inner: ASGIApp = app if cors is None else CORSMiddleware(app, **cors)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = accept_request_id(_header(scope, b"x-request-id"))
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 0  # until the response starts
        path: str = scope.get("path", "")
        api = path.startswith("/api/")

        async def stamped_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                _stamp_headers(message, request_id, api=api)
            await send(message)

        try:
            await self._serve(scope, receive, stamped_send, path)
        except RequestBodyTooLargeError as error:
            if not status:
                await self._answer(_too_large(error, path), scope, _no_body, stamped_send)
        except Exception:
            _log.exception("unexpected error while serving %s %s", scope.get("method"), path)
            if not status:
                response = problem_response(
                    500,
                    "an unexpected error occurred; quote the request id to the operator",
                    path=path,
                    slug="internal-error",
                )
                await self._answer(response, scope, receive, stamped_send)
        finally:
            seconds = time.perf_counter() - started
            route = _route_template(scope)
            method = str(scope.get("method", ""))
            status = status or 500
            self.metrics.observe(method=method, route=route, status=status, seconds=seconds)
            log_access(request_id, method, path, route, status, seconds)
            request_id_var.reset(token)

    def _serve(self, scope: Scope, receive: Receive, send: Send, path: str) -> Awaitable[None]:
        """The app's answer, or the refusal of a repeated query parameter or a body declared
        over the limit (a smaller declared size is not trusted: the body is counted)."""
        if scope.get("query_string"):
            return self._serve_query(scope, receive, send, path)
        return self._serve_body(scope, receive, send, path)

    async def _serve_query(self, scope: Scope, receive: Receive, send: Send, path: str) -> None:
        refusal = await self.queries.refusal(scope, receive)
        if refusal is not None:
            await self._answer(refusal, scope, receive, send)
        else:
            await self._serve_body(scope, receive, send, path)

    def _serve_body(self, scope: Scope, receive: Receive, send: Send, path: str) -> Awaitable[None]:
        if path in self.own_limits:
            return self.inner(scope, receive, send)
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            error = RequestBodyTooLargeError(self.max_body)
            return self._answer(_too_large(error, path), scope, _no_body, send)
        return self.inner(scope, _limited(receive, self.max_body), send)

    def _answer(
        self, response: ASGIApp, scope: Scope, receive: Receive, send: Send
    ) -> Awaitable[None]:
        """Send an answer made here, through CORS when it is on (as the app's answers go)."""
        if self.cors is None:
            return response(scope, receive, send)
        return CORSMiddleware(response, **self.cors)(scope, receive, send)


def _too_large(error: RequestBodyTooLargeError, path: str) -> ASGIApp:
    return problem_response(413, str(error.detail), path=path, slug="body-too-large")


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


async def _no_body() -> Message:
    return {"type": "http.disconnect"}
