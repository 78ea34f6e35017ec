"""The web studio at ``/``: the built single-page app (``presswright/studio/dist``).

Only requests no API route matched come here (the studio is the router's default), so it
never shadows a route: ``/api/...``, ``/health`` and ``/metrics`` answer as they always did,
and an unknown path under them is the usual 404 problem.

* ``/assets/...`` are the build's content-hashed files: cached for a year, ``immutable``; a
  missing one is a 404, never the page (a stale tab must not run HTML as a script).
* Any other file of the build (``/index.html``, ``/favicon.svg``...) is served with
  ``no-cache`` (revalidated by its ETag, answered 304 when unchanged).
* Any other GET or HEAD is a route of the app (``/flows/3``, ``/sign-in``...): it answers
  ``index.html`` (history fallback) and the app's router takes it from there.
* Nothing is listed, nothing outside the build is read (no ``..``, no hidden file, no
  symbolic link leading out), and a path with a dot segment, a backslash or a NUL is a 404.
* Text files (scripts, styles, the page, SVG, JSON) go compressed to a client that accepts
  it: the first screen's scripts are most of what a phone waits for. The build writes a
  brotli (``.br``) and a gzip (``.gz``) copy beside each text file; the best one the client
  accepts is sent (if it is not older than the file). A build without them is gzipped here,
  once per file version, and kept in memory. Each encoding has its own ETag, and
  ``Vary: Accept-Encoding`` tells caches why.
* Without a build, a page (503) says the studio is not built and how to build it; the API
  works all the same. The build is looked for on each request, so building while the
  server runs is enough.

The page headers (CSP and friends) are added by the request context middleware, as on every
answer outside ``/api/``.
"""

from __future__ import annotations

import gzip
import html
import mimetypes
import os
import stat
import threading
from pathlib import Path
from typing import Final

import anyio
from fastapi import FastAPI
from starlette.datastructures import Headers
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from presswright.studio import BUILD_COMMAND, INDEX_FILE, dist_dir

__all__ = [
    "ASSETS_PREFIX",
    "ASSET_CACHE_CONTROL",
    "PAGE_CACHE_CONTROL",
    "RESERVED_PREFIXES",
    "StudioApp",
    "mount_studio",
]

ASSETS_PREFIX: Final = "/assets/"
ASSET_CACHE_CONTROL: Final = "public, max-age=31536000, immutable"
PAGE_CACHE_CONTROL: Final = "no-cache"
# Paths the studio never answers: the API's own (a miss there is the API's 404).
RESERVED_PREFIXES: Final = ("/api/", "/health", "/metrics")

# The types a build holds, stated rather than guessed: the answers carry
# X-Content-Type-Options: nosniff, and the system's MIME table differs between machines.
_TYPES: Final = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".wasm": "application/wasm",
}

# Worth compressing: text. Images and fonts of a build are compressed formats already.
_COMPRESSIBLE: Final = frozenset(
    {".html", ".js", ".mjs", ".css", ".json", ".map", ".webmanifest", ".txt", ".svg"}
)
_MIN_COMPRESSED_SIZE: Final = 1024  # below a packet, gzip's header and the CPU buy nothing

_NOT_BUILT_PAGE: Final = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Presswright: the web studio is not built</title>
</head>
<body>
<main>
<h1>The web studio is not built</h1>
<p>This Presswright server has no build of the web studio (it belongs in
<code>src/presswright/studio/dist</code> of the source directory).
The REST API works: its description is at
<a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p>
<p>To build the studio, run this in the Presswright source directory (Node 20 and npm needed),
then reload this page:</p>
<pre><code>{command}</code></pre>
</main>
</body>
</html>
"""


def _media_type(path: Path) -> str:
    known = _TYPES.get(path.suffix.lower())
    if known is not None:
        return known
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def _reserved(path: str) -> bool:
    return any(
        path == prefix.rstrip("/") or path.startswith(prefix.rstrip("/") + "/")
        for prefix in RESERVED_PREFIXES
    )


def _segments(path: str) -> list[str] | None:
    """The parts of a request path, or None when it tries to leave the build."""
    if "\\" in path or "\x00" in path:
        return None
    parts = [part for part in path.split("/") if part]
    if any(part in (".", "..") for part in parts):
        return None
    return parts


class StudioApp:
    """The ASGI app of the studio; ``fallback`` answers what is not the studio's (a 404)."""

    def __init__(self, fallback: ASGIApp, *, dist: Path | None = None) -> None:
        self.fallback = fallback
        self.dist = dist
        self._gzipped = _GzipCache()

    @property
    def root(self) -> Path:
        """The build directory served (it may not exist)."""
        return self.dist if self.dist is not None else dist_dir()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD") or _reserved(path):
            await self.fallback(scope, receive, send)
            return
        parts = _segments(path)
        if parts is None:
            await self.fallback(scope, receive, send)
            return
        root = self.root
        asset = path == ASSETS_PREFIX.rstrip("/") or path.startswith(ASSETS_PREFIX)
        found = _regular_file(root, parts) if parts else None
        if found is None and asset:
            await self.fallback(scope, receive, send)
            return
        index = _regular_file(root, [INDEX_FILE])
        if index is None:
            await _not_built(scope)(scope, receive, send)
            return
        target = found or index
        cache = ASSET_CACHE_CONTROL if asset else PAGE_CACHE_CONTROL
        file, status = target
        if not _compressible(file, status):
            await _file_response(file, status, scope, cache)(scope, receive, send)
            return
        accepted = Headers(scope=scope).get("accept-encoding", "")
        built = _built_copy(root, file, status, accepted)
        if built is not None:
            copy, copy_status, encoding = built
            response = _file_response(
                copy, copy_status, scope, cache, media_type=_media_type(file),
                encoding=encoding,
            )  # fmt: skip
        elif _accepts(accepted, "gzip"):
            body = await anyio.to_thread.run_sync(self._gzipped.get, file, status)
            response = _gzip_response(file, status, body, scope, cache)
        else:
            response = _file_response(file, status, scope, cache, encoding="identity")
        await response(scope, receive, send)


def _regular_file(root: Path, parts: list[str]) -> tuple[Path, os.stat_result] | None:
    """The regular, visible file at ``parts`` inside ``root`` (symbolic links resolved and
    kept inside), with its status; None for anything else."""
    if any(part.startswith(".") for part in parts):
        return None
    try:
        base = root.resolve(strict=True)
        candidate = base.joinpath(*parts).resolve(strict=True)
        if not candidate.is_relative_to(base):
            return None
        status = candidate.stat()
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    return candidate, status


def _file_response(
    path: Path,
    status: os.stat_result,
    scope: Scope,
    cache: str,
    *,
    media_type: str | None = None,
    encoding: str | None = None,
) -> Response:
    """The file as it is; ``encoding`` says it is one form of a compressible file (``br``,
    ``gzip``, or ``identity`` for the plain one), which the answer declares."""
    headers = {"Cache-Control": cache}
    if encoding is not None:
        headers["Vary"] = "Accept-Encoding"
        if encoding != "identity":
            headers["Content-Encoding"] = encoding
    response = FileResponse(
        path, media_type=media_type or _media_type(path), headers=headers, stat_result=status
    )
    etag = response.headers.get("etag")
    if etag is not None and etag in _if_none_match(scope):
        return Response(
            status_code=304,
            headers={
                key: value
                for key, value in response.headers.items()
                if key in ("cache-control", "etag", "last-modified", "vary")
            },
        )
    return response


def _built_copy(
    root: Path, file: Path, status: os.stat_result, accept_encoding: str
) -> tuple[Path, os.stat_result, str] | None:
    """The build's compressed copy of ``file`` the client takes best (brotli, then gzip),
    if there is one inside the build and it is not older than the file."""
    for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
        if not _accepts(accept_encoding, encoding):
            continue
        parts = list(file.relative_to(root.resolve()).parts)
        parts[-1] += suffix
        found = _regular_file(root, parts)
        if found is not None and found[1].st_mtime_ns >= status.st_mtime_ns:
            return found[0], found[1], encoding
    return None


def _compressible(path: Path, status: os.stat_result) -> bool:
    return path.suffix.lower() in _COMPRESSIBLE and status.st_size >= _MIN_COMPRESSED_SIZE


def _accepts(accept_encoding: str, encoding: str) -> bool:
    """Whether ``Accept-Encoding`` allows ``encoding`` (named or ``*``, q-value above 0)."""
    for item in accept_encoding.split(","):
        name, _, params = item.strip().partition(";")
        if name.strip().lower() not in (encoding, "*"):
            continue
        quality = params.strip().lower().removeprefix("q=").strip() if params else "1"
        try:
            return float(quality or "1") > 0
        except ValueError:
            return False
    return False


class _GzipCache:
    """Each file's gzipped bytes, made once per version of the file (size and mtime)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[Path, tuple[tuple[int, int], bytes]] = {}

    def get(self, path: Path, status: os.stat_result) -> bytes:
        version = (status.st_size, status.st_mtime_ns)
        with self._lock:
            entry = self._entries.get(path)
        if entry is not None and entry[0] == version:
            return entry[1]
        body = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
        with self._lock:
            self._entries[path] = (version, body)
        return body


def _gzip_response(
    path: Path, status: os.stat_result, body: bytes, scope: Scope, cache: str
) -> Response:
    # The plain file's validator, marked for this encoding: a cache must not answer a
    # gzip request with the plain bytes' 304, nor the reverse.
    plain = FileResponse(path, stat_result=status).headers
    etag = plain["etag"][:-1] + '-gzip"'
    headers = {
        "Cache-Control": cache,
        "ETag": etag,
        "Vary": "Accept-Encoding",
        "Last-Modified": plain["last-modified"],
    }
    if etag in _if_none_match(scope):
        return Response(status_code=304, headers=headers)
    headers["Content-Encoding"] = "gzip"
    if scope.get("method") == "HEAD":
        headers["Content-Length"] = str(len(body))
        return Response(status_code=200, headers=headers, media_type=_media_type(path))
    return Response(body, headers=headers, media_type=_media_type(path))


def _if_none_match(scope: Scope) -> set[str]:
    raw = Headers(scope=scope).get("if-none-match", "")
    return {tag.strip().removeprefix("W/") for tag in raw.split(",") if tag.strip()}


def _not_built(scope: Scope) -> Response:
    # Where the server looked is the operator's business (the serve banner says it), not
    # every visitor's: the page names the source directory's path only.
    body = _NOT_BUILT_PAGE.format(command=html.escape(BUILD_COMMAND))
    headers = {"Cache-Control": "no-store"}
    if scope.get("method") == "HEAD":
        headers["Content-Length"] = str(len(body.encode()))
        return Response(status_code=503, headers=headers, media_type="text/html; charset=utf-8")
    return HTMLResponse(body, status_code=503, headers=headers)


def mount_studio(app: FastAPI, *, dist: Path | None = None) -> StudioApp:
    """Serve the studio from ``dist`` (default: the package's build) for every request no
    route of ``app`` matched; what the studio does not answer stays the router's 404."""
    studio = StudioApp(app.router.default, dist=dist)
    app.router.default = studio
    return studio
