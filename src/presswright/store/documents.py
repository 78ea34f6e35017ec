"""Documents, their versions and kept drafts: tenant-scoped persistence, nothing more.

The layer above decides what a body is, how many words it has and what text is searched;
this module stores what it is given. Full-text search is a LIKE per term over
``documents.search_text``, which the caller fills with case-folded, NFKC-normalized plain
text and queries with terms normalized the same way. That is exact substring matching on
SQLite and PostgreSQL alike, for every script (CJK has no spaces to tokenize on, and
SQLite's own LIKE folds only ASCII case), at the cost of a scan per query.

New versions are taken with a compare-and-set on ``current_version`` (one UPDATE ...
WHERE current_version = :base), so of two writers of the same base exactly one wins on
every backend; the unique (document_id, version) constraint is the second wall.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.orm import Session

from presswright.errors import NotFoundError
from presswright.store.models import (
    Document,
    DocumentDraft,
    DocumentVersion,
    PublishRecord,
    utcnow,
)
from presswright.store.scoping import get_scoped, session_tenant

__all__ = [
    "add_draft",
    "add_version",
    "claim_version",
    "count_documents",
    "create_document",
    "delete_document_rows",
    "document_by_execution",
    "get_document",
    "get_version",
    "list_documents",
    "list_drafts",
    "list_versions",
    "publish_records_of",
    "version_of_run",
]


def create_document(
    session: Session,
    *,
    kind: str,
    title: str,
    language: str | None,
    execution_id: str | None,
    created_by: uuid.UUID | None,
    status: str = "generating",
) -> Document:
    """A new document without versions yet (its run fills the first)."""
    document = Document(
        tenant_id=session_tenant(session),
        kind=kind,
        title=title,
        language=language,
        status=status,
        execution_id=execution_id,
        current_version=0,
        word_count=0,
        search_text="",
        created_by=created_by,
    )
    session.add(document)
    session.flush()
    return document


def get_document(session: Session, document_id: uuid.UUID, *, lock: bool = False) -> Document:
    """A document of the session's tenant, or NotFoundError (another tenant's too)."""
    if lock:
        session_tenant(session)
        row = session.scalars(
            select(Document).where(Document.id == document_id).with_for_update()
        ).one_or_none()
        if row is None:
            raise NotFoundError(
                f"no document with id {document_id} in this workspace",
                hint="list them to see valid ids",
            )
        return row
    return get_scoped(session, Document, document_id, what="document")


def document_by_execution(session: Session, execution_id: str) -> Document | None:
    """The document an execution fills, if it fills one."""
    # Pictures an execution's image nodes made name it too, but are not what it fills.
    return session.scalars(
        select(Document).where(Document.execution_id == execution_id, Document.kind != "image")
    ).one_or_none()


def _escaped(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filtered(
    statement: Select[Any],
    *,
    kind: str | None,
    status: str | None,
    language: str | None,
    execution_id: str | None,
    terms: Sequence[str],
) -> Select[Any]:
    if kind is not None:
        statement = statement.where(Document.kind == kind)
    if status is not None:
        statement = statement.where(Document.status == status)
    if language is not None:
        statement = statement.where(Document.language == language)
    if execution_id is not None:
        statement = statement.where(Document.execution_id == execution_id)
    for term in terms:
        statement = statement.where(Document.search_text.like(f"%{_escaped(term)}%", escape="\\"))
    return statement


def list_documents(
    session: Session,
    *,
    kind: str | None = None,
    status: str | None = None,
    language: str | None = None,
    execution_id: str | None = None,
    terms: Sequence[str] = (),
    limit: int = 50,
    offset: int = 0,
) -> list[Document]:
    """The tenant's documents, newest first; ``terms`` must all occur in the search text."""
    statement = _filtered(
        select(Document),
        kind=kind,
        status=status,
        language=language,
        execution_id=execution_id,
        terms=terms,
    )
    order = (Document.created_at.desc(), Document.id.desc())
    return list(session.scalars(statement.order_by(*order).limit(limit).offset(offset)))


def count_documents(
    session: Session,
    *,
    kind: str | None = None,
    status: str | None = None,
    language: str | None = None,
    execution_id: str | None = None,
    terms: Sequence[str] = (),
) -> int:
    """How many documents :func:`list_documents` finds on all pages."""
    statement = _filtered(
        select(func.count()).select_from(Document),
        kind=kind,
        status=status,
        language=language,
        execution_id=execution_id,
        terms=terms,
    )
    return int(session.scalar(statement) or 0)


def claim_version(session: Session, *, document_id: uuid.UUID, base_version: int) -> bool:
    """Move the document from ``base_version`` to the next one; False if it is not there."""
    result = session.execute(
        update(Document)
        .where(Document.id == document_id, Document.current_version == base_version)
        .values(current_version=base_version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


def add_version(
    session: Session,
    *,
    document: Document,
    version: int,
    body: dict[str, Any],
    word_count: int,
    source: str,
    execution_id: str | None,
    generation: int | None,
    author: uuid.UUID | None,
) -> DocumentVersion:
    """Store one version of a document (its number claimed before with claim_version)."""
    row = DocumentVersion(
        tenant_id=session_tenant(session),
        document_id=document.id,
        version=version,
        body=body,
        word_count=word_count,
        source=source,
        execution_id=execution_id,
        generation=generation,
        author=author,
    )
    session.add(row)
    session.flush()
    return row


def version_of_run(
    session: Session, *, document_id: uuid.UUID, execution_id: str, generation: int
) -> DocumentVersion | None:
    """The version one generation of an execution already added, if it did."""
    return session.scalars(
        select(DocumentVersion).where(
            DocumentVersion.document_id == document_id,
            DocumentVersion.execution_id == execution_id,
            DocumentVersion.generation == generation,
        )
    ).first()


def get_version(session: Session, *, document_id: uuid.UUID, version: int) -> DocumentVersion:
    """One version of a document, or NotFoundError naming the versions there are."""
    row = session.scalars(
        select(DocumentVersion).where(
            DocumentVersion.document_id == document_id, DocumentVersion.version == version
        )
    ).one_or_none()
    if row is None:
        raise NotFoundError(
            f"document {document_id} has no version {version}",
            hint="list its versions: GET /api/v1/documents/{id}/versions",
        )
    return row


def list_versions(session: Session, *, document_id: uuid.UUID) -> list[DocumentVersion]:
    """Every version of a document, oldest first."""
    return list(
        session.scalars(
            select(DocumentVersion)
            .where(DocumentVersion.document_id == document_id)
            .order_by(DocumentVersion.version)
        )
    )


def add_draft(
    session: Session,
    *,
    document_id: uuid.UUID,
    base_version: int,
    body: dict[str, Any],
    author: uuid.UUID | None,
) -> DocumentDraft:
    """Keep an edit that could not become a version (its base was no longer current)."""
    row = DocumentDraft(
        tenant_id=session_tenant(session),
        document_id=document_id,
        base_version=base_version,
        body=body,
        author=author,
    )
    session.add(row)
    session.flush()
    return row


def list_drafts(session: Session, *, document_id: uuid.UUID) -> list[DocumentDraft]:
    """The kept edits of a document, oldest first."""
    return list(
        session.scalars(
            select(DocumentDraft)
            .where(DocumentDraft.document_id == document_id)
            .order_by(DocumentDraft.created_at, DocumentDraft.id)
        )
    )


def delete_document_rows(session: Session, *, document_id: uuid.UUID) -> None:
    """Delete a document with its versions and drafts (its files are the caller's to remove)."""
    session_tenant(session)
    for model in (DocumentDraft, DocumentVersion):
        session.execute(
            delete(model)
            .where(model.document_id == document_id)
            .execution_options(synchronize_session=False)
        )
    session.execute(
        delete(Document)
        .where(Document.id == document_id)
        .execution_options(synchronize_session=False)
    )


def publish_records_of(session: Session, *, keys: Sequence[str]) -> list[PublishRecord]:
    """The publish records of the given document keys, most recent first."""
    return list(
        session.scalars(
            select(PublishRecord)
            .where(PublishRecord.document_key.in_(list(keys)))
            .order_by(PublishRecord.updated_at.desc())
        )
    )
