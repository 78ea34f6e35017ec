"""``/api/v1/files``: the workspace's file store. Viewers list and download, editors upload.

An upload is the raw request body (any media type, named by ``?filename=``); it streams
into the store, measured as it arrives, and is refused with 413 naming the limit as soon as
its declared length or its bytes so far go past ``PRESSWRIGHT_MAX_FILE_BYTES``, before
anything is stored. A download streams the content with its media type, a
``Content-Disposition: attachment`` that keeps non-ASCII names, and the SHA-256 as ETag.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Annotated, Any
from urllib.parse import quote

import anyio.from_thread
from fastapi import APIRouter, HTTPException, Query, Request, Response, status
from starlette.concurrency import run_in_threadpool
from starlette.responses import StreamingResponse

from presswright.api.context import ContextDep
from presswright.api.principals import EditorPrincipal, ViewerPrincipal
from presswright.api.problems import problem_responses
from presswright.api.routes import API_PREFIX
from presswright.errors import FileTooLargeError
from presswright.files import (
    DEFAULT_CONTENT_TYPE,
    FILENAME_PATTERN,
    OWNER_PATTERN,
    StoredFilePublic,
    open_file_store,
)

__all__ = ["UPLOAD_PATH", "content_disposition", "router"]

UPLOAD_PATH = f"{API_PREFIX}/files"

router = APIRouter(
    prefix=UPLOAD_PATH, tags=["files"], responses=problem_responses(400, 401, 403, 422)
)

_BINARY = {"schema": {"type": "string", "format": "binary"}}
_UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": (
            "The file's bytes as the whole body. Its Content-Type is stored as the file's"
            " media type (default application/octet-stream)."
        ),
        "content": {"application/octet-stream": _BINARY},
    }
}
_CREATED: dict[int | str, dict[str, Any]] = {
    201: {
        "description": "Stored: the file's metadata.",
        "headers": {
            "Location": {
                "description": "The file's metadata: /api/v1/files/{file_id}.",
                "required": True,
                "schema": {"type": "string"},
            }
        },
    }
}
_CONTENT: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The file's bytes, in the media type it was stored with.",
        "content": {"*/*": _BINARY},
        "headers": {
            "Content-Disposition": {
                "description": "attachment, with the file name (RFC 6266, UTF-8 in filename*).",
                "required": True,
                "schema": {"type": "string"},
            },
            "ETag": {
                "description": "The SHA-256 of the content, quoted.",
                "required": True,
                "schema": {"type": "string"},
            },
        },
    }
}
_ATTR_CHAR_SAFE = "!#$&+-.^_`|~"  # RFC 8187 attr-char, besides letters and digits


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback name and the exact name in ``filename*``."""
    # Old clients read only ``filename``: accents lose their marks, anything else not ASCII
    # (and the quote, backslash and percent sign some of them mangle) becomes "_".
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", filename) if not unicodedata.combining(c)
    )
    fallback = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\%' else "_" for c in plain
    )
    exact = quote(filename, safe=_ATTR_CHAR_SAFE, encoding="utf-8")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{exact}"


async def _next_chunk(stream: AsyncIterator[bytes]) -> bytes | None:
    try:
        return await anext(stream)
    except StopAsyncIteration:
        return None


def _pulled(stream: AsyncIterator[bytes]) -> Iterator[bytes]:
    """The request body's chunks, for a worker thread, each fetched on the event loop."""
    while (chunk := anyio.from_thread.run(_next_chunk, stream)) is not None:
        if chunk:
            yield chunk


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={**_CREATED, **problem_responses(413, 415)},
    openapi_extra=_UPLOAD_BODY,
)
async def upload_file(
    request: Request,
    response: Response,
    principal: EditorPrincipal,
    context: ContextDep,
    filename: Annotated[
        str,
        Query(
            min_length=1,
            max_length=255,
            pattern=FILENAME_PATTERN,
            description="The file's name, as downloads will carry it.",
            examples=["Bakery guide.pdf"],
        ),
    ],
) -> StoredFilePublic:
    """Store the body as a new file of the workspace (413 over the size limit).

    The body is the file itself, not a multipart form (415); its Content-Type is kept as
    the file's media type.
    """
    store = open_file_store(context.instance.settings)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > store.max_bytes:
        raise FileTooLargeError(limit=store.max_bytes)
    content_type = request.headers.get("content-type") or DEFAULT_CONTENT_TYPE
    if content_type.lower().startswith("multipart/"):
        # A browser form's upload: storing the form itself would keep the wrong bytes.
        raise HTTPException(
            415,
            "send the file's bytes as the whole body (its media type as Content-Type)"
            " and its name in ?filename=, not a multipart form",
        )
    chunks = _pulled(request.stream())

    def store_body() -> StoredFilePublic:
        with context.instance.database.tenant_session(principal.tenant_id) as session:
            return store.store_file(
                session,
                filename=filename,
                content=chunks,
                content_type=content_type,
                created_by=principal.user_id,
            )

    stored = await run_in_threadpool(store_body)
    response.headers["Location"] = f"{UPLOAD_PATH}/{stored.id}"
    return stored


@router.get("")
def list_files(
    principal: ViewerPrincipal,
    context: ContextDep,
    owner: Annotated[
        str | None,
        Query(
            max_length=200,
            pattern=OWNER_PATTERN,
            description="Only the files of this owner, e.g. document:<id>.",
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> list[StoredFilePublic]:
    """The workspace's files, newest first, paged by offset."""
    store = open_file_store(context.instance.settings)
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        return store.list_files(session, owner=owner, limit=limit, offset=offset)


@router.get("/{file_id}", responses=problem_responses(404))
def get_file(
    file_id: uuid.UUID, principal: ViewerPrincipal, context: ContextDep
) -> StoredFilePublic:
    """One file's metadata (404 for an id of no file of this workspace)."""
    store = open_file_store(context.instance.settings)
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        return store.get_file(session, file_id=file_id)


@router.get(
    "/{file_id}/content",
    response_class=StreamingResponse,
    responses={**_CONTENT, **problem_responses(404)},
)
def download_file(
    file_id: uuid.UUID, principal: ViewerPrincipal, context: ContextDep
) -> StreamingResponse:
    """The file's bytes, streamed (404 when the file, or its content, is gone)."""
    store = open_file_store(context.instance.settings)
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        download = store.open_file(session, file_id=file_id)
    info = download.info
    return StreamingResponse(
        iter(download),
        media_type=info.content_type,
        headers={
            "Content-Disposition": content_disposition(info.filename),
            "Content-Length": str(info.size),
            "ETag": f'"{info.sha256}"',
        },
    )


@router.delete(
    "/{file_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(404)
)
def delete_file(file_id: uuid.UUID, principal: EditorPrincipal, context: ContextDep) -> Response:
    """Delete a file and its content (404 for an id of no file of this workspace)."""
    store = open_file_store(context.instance.settings)
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        store.delete_file(session, file_id=file_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
