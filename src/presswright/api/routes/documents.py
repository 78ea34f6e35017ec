"""``/api/v1/documents``: the library of everything the workspace made, its versions, exports.

Viewers read; editors edit, export and delete. A manual edit names the version it was made
on (``base_version`` in the body, or ``If-Match: "N"``); the first edit of a version wins,
a later one answers 409 naming the current version, and is kept as a draft
(``GET .../drafts``) so it is never lost. Another workspace's document answers 404.
"""

from __future__ import annotations

import re
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field

from presswright.api.context import ContextDep
from presswright.api.principals import EditorPrincipal, ViewerPrincipal
from presswright.api.problems import problem_responses
from presswright.api.routes import API_PREFIX
from presswright.documents import (
    DocumentDraftPublic,
    DocumentKind,
    DocumentPage,
    DocumentPublic,
    DocumentStatus,
    DocumentVersionPublic,
    ExportFormat,
    delete_document,
    edit_document,
    export_document,
    get_document,
    get_version,
    list_documents,
    list_drafts,
    list_versions,
)
from presswright.files import StoredFilePublic

__all__ = ["router"]

router = APIRouter(
    prefix=f"{API_PREFIX}/documents",
    tags=["documents"],
    responses=problem_responses(400, 401, 403, 422),
)

MAX_VERSION = 2**31 - 1
NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL characters
# A version number as an ETag carries it, at most 9 digits (under the 32-bit column limit).
IF_MATCH = r'^(?:W/)?"?([1-9][0-9]{0,8})"?$'
_IF_MATCH = re.compile(IF_MATCH)


class DocumentEdit(BaseModel):
    """A manual edit: the whole new content, and the version it was made on."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "base_version": 1,
                    "content": {
                        "language": "en",
                        "title": "Baking sourdough bread at home",
                        "excerpt": "...",
                        "outline": ["..."],
                        "body_html": "<h2>...</h2><p>...</p>",
                        "meta": {"seo_title": "...", "meta_desc": "...", "slug": "..."},
                        "schema_ld_json": {"@context": "https://schema.org"},
                    },
                }
            ]
        },
    )

    base_version: int | None = Field(
        default=None,
        ge=1,
        le=MAX_VERSION,
        description='The version this edit was made on (or send If-Match: "N").',
    )
    content: dict[str, Any] = Field(
        description="The full new content: an article (ContentData), product copy"
        " (ProductCopy), or for a pattern {spec} (its markup is rendered from the spec)."
    )


class DocumentExportRequest(BaseModel):
    """Which rendering of which version to store as a file."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"format": "html"}]})

    format: ExportFormat = Field(description="json, html (a page), gutenberg (block markup), md.")
    version: int | None = Field(
        default=None, ge=1, le=MAX_VERSION, description="Default: the current version."
    )


class DocumentExport(BaseModel):
    """A stored export: the file's metadata and where to download it."""

    file: StoredFilePublic
    download_url: str = Field(examples=["/api/v1/files/6f1c.../content"])


def _etag(document: DocumentPublic, response: Response) -> DocumentPublic:
    response.headers["ETag"] = f'"{document.current_version}"'
    return document


@router.get("")
def list_library(
    principal: ViewerPrincipal,
    context: ContextDep,
    kind: Annotated[DocumentKind | None, Query(description="Only this kind.")] = None,
    status: Annotated[DocumentStatus | None, Query(description="Only this status.")] = None,
    language: Annotated[
        str | None,
        Query(min_length=2, max_length=10, pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"),
    ] = None,
    execution_id: Annotated[
        str | None,
        Query(min_length=1, max_length=36, pattern=r"^[0-9a-fA-F-]+$", description="Made by it."),
    ] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            pattern=NO_NUL,
            description="Words that must all occur in the title or body (any language).",
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> DocumentPage:
    """The workspace's documents, newest first, filtered, searched and paged by offset."""
    return list_documents(
        context.instance,
        tenant_id=principal.tenant_id,
        kind=kind,
        status=status,
        language=language,
        execution_id=execution_id,
        q=q,
        limit=limit,
        offset=offset,
    )


@router.get("/{document_id}", responses=problem_responses(404))
def read_document(
    document_id: uuid.UUID, principal: ViewerPrincipal, context: ContextDep, response: Response
) -> DocumentPublic:
    """One document: where it stands, its current version, where it was published."""
    found = get_document(context.instance, tenant_id=principal.tenant_id, document_id=document_id)
    return _etag(found, response)


@router.get("/{document_id}/versions", responses=problem_responses(404))
def read_versions(
    document_id: uuid.UUID, principal: ViewerPrincipal, context: ContextDep
) -> list[DocumentVersionPublic]:
    """Every version of a document, oldest first (bodies: GET .../versions/{version})."""
    return list_versions(context.instance, tenant_id=principal.tenant_id, document_id=document_id)


@router.get("/{document_id}/versions/{version}", responses=problem_responses(404))
def read_version(
    document_id: uuid.UUID,
    version: Annotated[int, Path(ge=1, le=MAX_VERSION)],
    principal: ViewerPrincipal,
    context: ContextDep,
) -> DocumentVersionPublic:
    """One version of a document with its body."""
    return get_version(
        context.instance,
        tenant_id=principal.tenant_id,
        document_id=document_id,
        version=version,
    )


@router.get("/{document_id}/drafts", responses=problem_responses(404))
def read_drafts(
    document_id: uuid.UUID, principal: ViewerPrincipal, context: ContextDep
) -> list[DocumentDraftPublic]:
    """Edits kept after they lost to another edit of the same version, oldest first."""
    return list_drafts(context.instance, tenant_id=principal.tenant_id, document_id=document_id)


def _invalid(field: tuple[str, str], message: str, kind: str) -> RequestValidationError:
    """A 422 naming the field, for a rule the JSON Schema of the request cannot state."""
    return RequestValidationError([{"loc": field, "msg": message, "type": kind}])


def _base_version(body: DocumentEdit, if_match: str | None) -> int:
    header = ("header", "if-match")
    if if_match is not None:
        found = _IF_MATCH.match(if_match)
        if found is None:
            raise _invalid(header, 'send the version as the ETag has it: "N"', "value_error")
        if body.base_version is not None and body.base_version != int(found[1]):
            raise _invalid(
                ("body", "base_version"),
                f"If-Match names version {found[1]}, base_version {body.base_version}:"
                " send one of them, or the same version in both",
                "value_error",
            )
        return int(found[1])
    if body.base_version is None:
        raise _invalid(
            ("body", "base_version"),
            'name the version edited: base_version in the body, or an If-Match: "N" header',
            "missing",
        )
    return body.base_version


@router.patch("/{document_id}", responses=problem_responses(404, 409))
async def edit_library_document(
    document_id: uuid.UUID,
    body: DocumentEdit,
    principal: EditorPrincipal,
    context: ContextDep,
    response: Response,
    if_match: Annotated[
        str | None,
        Header(max_length=12, pattern=IF_MATCH, description='The version edited: "N".'),
    ] = None,
) -> DocumentPublic:
    """Store a manual edit as the next version, once it meets the content contract.

    422 lists each violation (nothing is stored); 409 names the current version when the
    edited version is no longer current: the edit is kept as a draft (GET .../drafts).
    """
    base = _base_version(body, if_match)
    await run_in_threadpool(
        lambda: edit_document(
            context.instance,
            tenant_id=principal.tenant_id,
            document_id=document_id,
            base_version=base,
            content=body.content,
            author=principal.user_id,
        )
    )
    found = get_document(context.instance, tenant_id=principal.tenant_id, document_id=document_id)
    return _etag(found, response)


@router.delete("/{document_id}", status_code=204, responses=problem_responses(404))
def remove_document(
    document_id: uuid.UUID, principal: EditorPrincipal, context: ContextDep
) -> Response:
    """Delete a document with every version, draft and exported file."""
    delete_document(context.instance, tenant_id=principal.tenant_id, document_id=document_id)
    return Response(status_code=204)


@router.post("/{document_id}/exports", status_code=201, responses=problem_responses(404, 413))
def export_library_document(
    document_id: uuid.UUID,
    body: DocumentExportRequest,
    principal: EditorPrincipal,
    context: ContextDep,
) -> DocumentExport:
    """Render a version (default: the current one) and store it as a file of the document.

    413 when the rendering is over the file store's size limit (nothing is stored).
    """
    stored = export_document(
        context.instance,
        tenant_id=principal.tenant_id,
        document_id=document_id,
        fmt=body.format,
        version=body.version,
        user_id=principal.user_id,
    )
    return DocumentExport(file=stored, download_url=f"{API_PREFIX}/files/{stored.id}/content")
