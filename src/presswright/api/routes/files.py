"""``/api/v1/files``: the workspace's file store. Viewers list and download, editors upload.

An upload is either the raw request body (any media type, named by ``?filename=``) or a
multipart/form-data form with one file part (``curl -F file=@guide.pdf``, a browser form),
whose name and media type it keeps unless ``?filename=`` names it. Either way it streams
into the store, measured as it arrives, and is refused with 413 naming the limit as soon as
its declared length or its bytes so far go past ``PRESSWRIGHT_MAX_FILE_BYTES``, before
anything is stored. A download streams the content with its media type, a
``Content-Disposition: attachment`` that keeps non-ASCII names, and the SHA-256 as a strong
ETag; ``If-None-Match`` with that ETag answers 304 without the content.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Annotated, Any
from urllib.parse import quote

import anyio.from_thread
from fastapi import APIRouter, Header, HTTPException, Query, Request, Response, status
from fastapi.exceptions import RequestValidationError
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
    ContentSource,
    StoredFilePublic,
    open_file_store,
)
from presswright.files.multipart import FORM_ALLOWANCE, FormUpload, is_form_upload

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
            "The file's bytes as the whole body (its Content-Type is stored as the file's"
            " media type, default application/octet-stream), or a multipart/form-data form"
            " with one file part: the part's file name and Content-Type are kept, unless"
            " ?filename= names the file."
        ),
        "content": {
            "application/octet-stream": _BINARY,
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "The file, as a part with a filename.",
                        }
                    },
                    "required": ["file"],
                }
            },
        },
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
                "description": "The SHA-256 of the content, quoted (a strong ETag).",
                "required": True,
                "schema": {"type": "string"},
            },
            "Cache-Control": {
                "description": "private, no-cache: keep it, but ask with If-None-Match.",
                "required": True,
                "schema": {"type": "string"},
            },
        },
    },
    304: {"description": "Not modified: If-None-Match names the content's ETag; no body."},
}
# Browsers and caches revalidate a kept copy (If-None-Match) each time; shared caches keep
# nothing of a workspace's files. It also replaces the API's default no-store.
_CACHE_CONTROL = "private, no-cache"
_ENTITY_TAG = re.compile(r'(?:W/)?("[^"]*")')
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


def _unnamed(message: str) -> RequestValidationError:
    """A 422 for ``?filename=``, as a missing required query parameter gets."""
    return RequestValidationError(
        [{"loc": ("query", "filename"), "msg": message, "type": "missing"}]
    )


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
        str | None,
        Query(
            min_length=1,
            max_length=255,
            pattern=FILENAME_PATTERN,
            description=(
                "The file's name, as downloads will carry it. Required for a raw body;"
                " for a form it replaces the file part's own name."
            ),
            examples=["Bakery guide.pdf"],
        ),
    ] = None,
) -> StoredFilePublic:
    """Store the body, or the one file of a multipart form, as a new file (413 over the limit).

    A raw body is the file itself, its Content-Type kept as the file's media type. A
    multipart/form-data form gives its file part's name and media type; 400 for a form with
    no file part or several. Other multipart types get 415.
    """
    store = open_file_store(context.instance.settings)
    content_type = request.headers.get("content-type") or DEFAULT_CONTENT_TYPE
    form = is_form_upload(content_type)
    declared = request.headers.get("content-length", "")
    # A form carries boundaries and part headers besides the file: allow for them here; the
    # file's own bytes are held to the limit exactly as they stream.
    if declared.isdigit() and int(declared) > store.max_bytes + (FORM_ALLOWANCE if form else 0):
        raise FileTooLargeError(limit=store.max_bytes)
    if not form and content_type.lower().startswith("multipart/"):
        raise HTTPException(
            415,
            "send the file as a multipart/form-data form with one file part, or its bytes"
            " as the whole body (its media type as Content-Type, its name in ?filename=)",
        )
    if not form and filename is None:
        raise _unnamed("name the file with ?filename= (or send it as a multipart form)")
    chunks = _pulled(request.stream())

    def save(name: str, media_type: str, content: ContentSource) -> StoredFilePublic:
        with context.instance.database.tenant_session(principal.tenant_id) as session:
            return store.store_file(
                session,
                filename=name,
                content=content,
                content_type=media_type,
                created_by=principal.user_id,
            )

    def store_body() -> StoredFilePublic:
        if filename is not None and not form:
            return save(filename, content_type, chunks)
        # The form is read up to its file part's headers before the file is named.
        upload = FormUpload(content_type, chunks)
        part = upload.open()
        name = filename or part.filename
        if not name:
            raise _unnamed("the file part has no file name: name it with ?filename=")
        return save(name, part.content_type or DEFAULT_CONTENT_TYPE, upload)

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


def _not_modified(if_none_match: str, etag: str) -> bool:
    """Whether ``If-None-Match`` names ``etag`` (or is ``*``); compared weakly (RFC 9110)."""
    if if_none_match.strip() == "*":
        return True
    return etag in _ENTITY_TAG.findall(if_none_match)


@router.get(
    "/{file_id}/content",
    response_class=StreamingResponse,
    responses={**_CONTENT, **problem_responses(404)},
)
def download_file(
    file_id: uuid.UUID,
    principal: ViewerPrincipal,
    context: ContextDep,
    if_none_match: Annotated[
        str | None,
        Header(
            max_length=8192,
            description="ETags of copies the client has; the content's answers 304.",
        ),
    ] = None,
) -> Response:
    """The file's bytes, streamed (404 when the file, or its content, is gone).

    304 without a body when ``If-None-Match`` names the file's ETag.
    """
    store = open_file_store(context.instance.settings)
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        # A file's content never changes under its id: its hash is a strong validator, and
        # a match is answered without opening the blob.
        if if_none_match is not None:
            etag = f'"{store.get_file(session, file_id=file_id).sha256}"'
            if _not_modified(if_none_match, etag):
                return Response(
                    status_code=status.HTTP_304_NOT_MODIFIED,
                    headers={"ETag": etag, "Cache-Control": _CACHE_CONTROL},
                )
        download = store.open_file(session, file_id=file_id)
    info = download.info
    return StreamingResponse(
        iter(download),
        media_type=info.content_type,
        headers={
            "Content-Disposition": content_disposition(info.filename),
            "Content-Length": str(info.size),
            "ETag": f'"{info.sha256}"',
            "Cache-Control": _CACHE_CONTROL,
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
