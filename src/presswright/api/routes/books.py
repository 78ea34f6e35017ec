"""``/api/v1/books``: books of the library, from a brief to downloadable formats.

Thin over :mod:`presswright.books.service`. Viewers read and download; editors edit a
chapter and export; writing a book or a chapter spends tokens, so it counts against the
caller's generation budget. A brief outside the limits answers 422 naming the limit (each
field in ``errors``); another workspace's book answers 404, as does any id that is not a
book. A hand edit names the version it was made on (``base_version``, or ``If-Match: "N"``);
an edit of a version that is no longer current answers 409 and is kept as a draft.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Response
from starlette.responses import StreamingResponse

from presswright.api.context import ContextDep
from presswright.api.principals import EditorPrincipal, ViewerPrincipal
from presswright.api.problems import problem_responses
from presswright.api.routes import API_PREFIX
from presswright.api.routes.book_bodies import (
    BookCreate,
    BookExport,
    BookExported,
    ChapterEdit,
    base_version,
)
from presswright.api.routes.documents import IF_MATCH, MAX_VERSION, NO_NUL
from presswright.api.routes.execution_bodies import ACCEPTED
from presswright.api.routes.files import content_disposition
from presswright.api.throttles import GenerationPrincipal
from presswright.books.brief import BookBrief
from presswright.books.export import BookFormat
from presswright.books.export.html import html_edition_policy
from presswright.books.public import BookChapters, BookPublic, BookStarted, ChapterEdited
from presswright.books.service import (
    book_chapters,
    edit_chapter,
    export_book_formats,
    get_book,
    list_books,
    open_book_format,
    regenerate_chapter,
    start_book,
)
from presswright.documents import DocumentPage, DocumentStatus

__all__ = ["BookCreate", "BookExport", "ChapterEdit", "router"]  # the bodies: book_bodies

router = APIRouter(
    prefix=f"{API_PREFIX}/books",
    tags=["books"],
    responses=problem_responses(400, 401, 403, 422),
)

FormatName = Annotated[
    BookFormat, Path(description="epub, pdf, docx, html, md, or cover (the cover as PNG).")
]
ChapterNumber = Annotated[int, Path(ge=1, le=500, description="1 for the first chapter.")]
VersionQuery = Annotated[
    int | None, Query(ge=1, le=MAX_VERSION, description="Default: the current version.")
]
_EXPORT_FAILED: dict[int | str, dict[str, Any]] = problem_responses(500, 503)


@router.post(
    "",
    status_code=202,
    responses={**ACCEPTED, **problem_responses(429)},
)
async def create_book(
    body: BookCreate, principal: GenerationPrincipal, context: ContextDep, response: Response
) -> BookStarted:
    """Start writing a book from a brief: 202 with its document and the execution writing it.

    422 names each limit the brief breaks (chapters, length, language, words a chapter).
    Follow the run at Location; the book is at GET /api/v1/books/{document_id}.
    """
    brief = BookBrief.model_validate(body.model_dump(include=set(BookBrief.model_fields)))
    started = await start_book(
        context.instance,
        tenant_id=principal.tenant_id,
        user_id=principal.user_id,
        brief=brief,
        model=body.model,
        image_model=body.image_model,
        runtime=context.runtime,
    )
    response.headers["Location"] = f"{API_PREFIX}/executions/{started.execution_id}"
    return started


@router.get("")
def list_library_books(
    principal: ViewerPrincipal,
    context: ContextDep,
    status: Annotated[DocumentStatus | None, Query(description="Only this status.")] = None,
    language: Annotated[
        str | None, Query(min_length=2, max_length=10, pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
    ] = None,
    q: Annotated[
        str | None,
        Query(max_length=200, pattern=NO_NUL, description="Words in the title or chapters."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> DocumentPage:
    """The workspace's books, newest first, filtered, searched and paged by offset."""
    return list_books(
        context.instance,
        tenant_id=principal.tenant_id,
        status=status,
        language=language,
        q=q,
        limit=limit,
        offset=offset,
    )


@router.get("/{book_id}", responses=problem_responses(404))
def read_book(
    book_id: uuid.UUID, principal: ViewerPrincipal, context: ContextDep, response: Response
) -> BookPublic:
    """One book: its status, brief, length and S_l per chapter and book, continuity issues
    found and fixed, models, and the formats of its current version."""
    book = get_book(context.instance, tenant_id=principal.tenant_id, document_id=book_id)
    response.headers["ETag"] = f'"{book.current_version}"'
    return book


@router.get("/{book_id}/chapters", responses=problem_responses(404, 409))
def read_chapters(
    book_id: uuid.UUID,
    principal: ViewerPrincipal,
    context: ContextDep,
    version: VersionQuery = None,
) -> BookChapters:
    """Every chapter of a version with its measures and text (409 while it has none)."""
    return book_chapters(
        context.instance, tenant_id=principal.tenant_id, document_id=book_id, version=version
    )


@router.patch(
    "/{book_id}/chapters/{number}",
    responses={**problem_responses(404, 409, 413)},
)
def edit_book_chapter(
    book_id: uuid.UUID,
    number: ChapterNumber,
    body: ChapterEdit,
    principal: EditorPrincipal,
    context: ContextDep,
    response: Response,
    if_match: Annotated[
        str | None,
        Header(max_length=12, pattern=IF_MATCH, description='The version edited: "N".'),
    ] = None,
) -> ChapterEdited:
    """Store a chapter's text written by hand as the next version, measured again.

    The continuity rules check the chapter again against the bible and the chapters before
    it (``issues``; the record's counts follow). The formats the edited version had are
    exported again from the new one (nothing is generated). 409 when the edited version is
    no longer current (the edit is kept as a draft: GET /api/v1/documents/{book_id}/drafts)
    or the book has no version yet.
    """
    edited = edit_chapter(
        context.instance,
        tenant_id=principal.tenant_id,
        document_id=book_id,
        number=number,
        base_version=base_version(body, if_match),
        text=body.text,
        title=body.title,
        author=principal.user_id,
    )
    response.headers["ETag"] = f'"{edited.version}"'
    return edited


@router.post(
    "/{book_id}/chapters/{number}/regenerate",
    status_code=202,
    responses={**ACCEPTED, **problem_responses(404, 409, 429)},
)
async def regenerate_book_chapter(
    book_id: uuid.UUID,
    number: ChapterNumber,
    principal: GenerationPrincipal,
    context: ContextDep,
    response: Response,
) -> BookStarted:
    """Write one chapter again (the engine's regenerate of chapters[i]), then compile and export.

    The other chapters, the bible and the outline are reused; the run's export step adds the
    next version with its formats. 409 while the book's run is under way.
    """
    started = await regenerate_chapter(
        context.instance,
        tenant_id=principal.tenant_id,
        document_id=book_id,
        number=number,
        runtime=context.runtime,
    )
    response.headers["Location"] = f"{API_PREFIX}/executions/{started.execution_id}"
    return started


@router.post(
    "/{book_id}/exports",
    status_code=201,
    response_model=BookExported,
    responses={**problem_responses(404, 409, 413), **_EXPORT_FAILED},
)
def export_book(
    book_id: uuid.UUID,
    body: BookExport,
    principal: EditorPrincipal,
    context: ContextDep,
) -> BookExported:
    """Export a stored version again (all or some formats) into the file store.

    Nothing is generated; the version's earlier files of those formats are replaced.
    """
    formats = export_book_formats(
        context.instance,
        tenant_id=principal.tenant_id,
        document_id=book_id,
        formats=body.formats,
        version=body.version,
        user_id=principal.user_id,
    )
    return BookExported(version=formats[0].version, formats=formats)


_DOWNLOAD: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The format's bytes (EPUB, PDF, DOCX, HTML, Markdown or the PNG cover).",
        "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
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


@router.get(
    "/{book_id}/formats/{format}",
    response_class=StreamingResponse,
    responses={**_DOWNLOAD, **problem_responses(404, 409), **_EXPORT_FAILED},
)
def download_book(
    book_id: uuid.UUID,
    format: FormatName,
    principal: ViewerPrincipal,
    context: ContextDep,
    version: VersionQuery = None,
) -> Response:
    """One format of a version, streamed (a run makes every format as it finishes; a version
    without a file of it, stored before that, is exported first)."""
    download = open_book_format(
        context.instance,
        tenant_id=principal.tenant_id,
        document_id=book_id,
        fmt=format,
        version=version,
        user_id=principal.user_id,
    )
    info = download.info
    headers = {
        "Content-Disposition": content_disposition(info.filename),
        "Content-Length": str(info.size),
        "ETag": f'"{info.sha256}"',
        "Cache-Control": "private, no-cache",
    }
    if format == "html":
        # The edition's own policy (its <style> by hash, nothing else), never framed: opened
        # from here it keeps its styles and still runs nothing.
        headers["Content-Security-Policy"] = f"{html_edition_policy()}; frame-ancestors 'none'"
    return StreamingResponse(iter(download), media_type=info.content_type, headers=headers)
