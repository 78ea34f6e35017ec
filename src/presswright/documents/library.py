"""Reading the document library: list and search, one document, its versions and drafts.

Every function is tenant-scoped: another workspace's document is NotFoundError, exactly
like one that does not exist.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from presswright.bootstrap import Instance
from presswright.content.models import ContentData
from presswright.documents.text import search_terms
from presswright.errors import ConflictError, UserInputError
from presswright.store import documents as store
from presswright.store.models import Document

__all__ = [
    "DocumentDraftPublic",
    "DocumentKind",
    "DocumentPage",
    "DocumentPublic",
    "DocumentStatus",
    "DocumentVersionPublic",
    "PublishedTo",
    "VersionSource",
    "article_of",
    "get_document",
    "get_version",
    "list_documents",
    "list_drafts",
    "list_versions",
]

DocumentKind = Literal["article", "product", "pattern", "book", "site", "image"]
DocumentStatus = Literal["generating", "ready", "failed", "cancelled"]
VersionSource = Literal["generated", "regenerated", "edited"]


class PublishedTo(BaseModel):
    """Where a document went: a post on a connected WordPress site (its publish record)."""

    site_id: uuid.UUID
    remote_id: int
    remote_url: str
    remote_status: str
    updated_at: datetime


class DocumentPublic(BaseModel):
    """A document of the workspace as the library shows it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: DocumentKind
    title: str
    language: str | None
    status: DocumentStatus
    error: str | None = Field(description="Why its last run failed or stopped, if it did.")
    execution_id: str | None = Field(description="The run that made it.")
    current_version: int = Field(description="0 while its first run is under way.")
    word_count: int
    created_by: uuid.UUID | None
    created_at: datetime
    updated_at: datetime
    published: list[PublishedTo] = Field(default_factory=list)


class DocumentPage(BaseModel):
    """One page of documents, newest first."""

    items: list[DocumentPublic]
    total: int = Field(description="Documents matching the filters, on all pages.")
    next_offset: int | None = Field(description="The offset of the next page; null on the last.")


class DocumentVersionPublic(BaseModel):
    """One version of a document; ``body`` only where one version is asked for."""

    model_config = ConfigDict(from_attributes=True)

    version: int
    source: VersionSource
    word_count: int
    execution_id: str | None
    author: uuid.UUID | None
    created_at: datetime
    body: dict[str, Any] | None = None


class DocumentDraftPublic(BaseModel):
    """An edit kept after it lost to another edit of the same version."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    base_version: int
    author: uuid.UUID | None
    created_at: datetime
    body: dict[str, Any]


def _published(session: Session, document: Document) -> list[PublishedTo]:
    keys = [f"document:{document.id}"]
    if document.kind == "article" and document.current_version:
        body = store.get_version(
            session, document_id=document.id, version=document.current_version
        ).body
        slug = (body.get("meta") or {}).get("slug")
        if isinstance(slug, str):
            keys.append(f"article:{slug}")
    return [
        PublishedTo.model_validate(record, from_attributes=True)
        for record in store.publish_records_of(session, keys=keys)
    ]


def _public(session: Session, document: Document, *, published: bool) -> DocumentPublic:
    shown = DocumentPublic.model_validate(document)
    if published:
        shown.published = _published(session, document)
    return shown


def list_documents(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    kind: str | None = None,
    status: str | None = None,
    language: str | None = None,
    execution_id: str | None = None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> DocumentPage:
    """The workspace's documents, newest first; ``q`` finds every word in title and body."""
    filters: dict[str, Any] = {
        "kind": kind,
        "status": status,
        "language": language,
        "execution_id": execution_id,
        "terms": search_terms(q or ""),
    }
    with instance.database.tenant_session(tenant_id) as session:
        rows = store.list_documents(session, **filters, limit=limit, offset=offset)
        total = store.count_documents(session, **filters)
        items = [_public(session, row, published=False) for row in rows]
    end = offset + len(items)
    return DocumentPage(items=items, total=total, next_offset=end if end < total else None)


def get_document(
    instance: Instance, *, tenant_id: uuid.UUID, document_id: uuid.UUID
) -> DocumentPublic:
    """One document, with where it was published."""
    with instance.database.tenant_session(tenant_id) as session:
        return _public(session, store.get_document(session, document_id), published=True)


def list_versions(
    instance: Instance, *, tenant_id: uuid.UUID, document_id: uuid.UUID
) -> list[DocumentVersionPublic]:
    """Every version of a document, oldest first, without their bodies."""
    with instance.database.tenant_session(tenant_id) as session:
        store.get_document(session, document_id)
        return [
            DocumentVersionPublic.model_validate(row).model_copy(update={"body": None})
            for row in store.list_versions(session, document_id=document_id)
        ]


def get_version(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    document_id: uuid.UUID,
    version: int | None = None,
) -> DocumentVersionPublic:
    """One version of a document with its body (default: the current one)."""
    with instance.database.tenant_session(tenant_id) as session:
        document = store.get_document(session, document_id)
        number = document.current_version if version is None else version
        row = store.get_version(session, document_id=document_id, version=number)
        return DocumentVersionPublic.model_validate(row)


def list_drafts(
    instance: Instance, *, tenant_id: uuid.UUID, document_id: uuid.UUID
) -> list[DocumentDraftPublic]:
    """The edits of a document kept after a conflict, oldest first."""
    with instance.database.tenant_session(tenant_id) as session:
        store.get_document(session, document_id)
        return [
            DocumentDraftPublic.model_validate(row)
            for row in store.list_drafts(session, document_id=document_id)
        ]


def article_of(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    document_id: uuid.UUID,
    version: int | None = None,
) -> ContentData:
    """The article a document holds (default: its current version), ready to publish.

    NotFoundError for another workspace's document or an unknown version; UserInputError
    for a document that is not an article; ConflictError while it has no version yet.
    """
    with instance.database.tenant_session(tenant_id) as session:
        document = store.get_document(session, document_id)
        if document.kind != "article":
            raise UserInputError(
                f"document {document_id} is a {document.kind}, not an article",
                hint="publish an article document (GET /api/v1/documents?kind=article)",
            )
        if document.current_version == 0:
            raise ConflictError(
                f"document {document_id} is {document.status} and has no version yet",
                hint=f"publish it once its run has completed: GET /api/v1/documents/{document_id}",
            )
        number = document.current_version if version is None else version
        body = store.get_version(session, document_id=document_id, version=number).body
    return ContentData.model_validate(body)
