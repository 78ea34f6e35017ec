"""Rows of the file store: what each stored blob is, whose it is, and what owns it.

Persists what it is given; the blob itself, the key, the hash and the size limit are the
business of :mod:`presswright.files`.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from presswright.store.models import StoredFile
from presswright.store.scoping import get_scoped, session_tenant

__all__ = [
    "add_stored_file",
    "delete_stored_file",
    "get_stored_file",
    "list_stored_files",
    "owned_stored_files",
]


def add_stored_file(
    session: Session,
    *,
    file_id: uuid.UUID,
    key: str,
    filename: str,
    content_type: str,
    size: int,
    sha256: str,
    owner: str | None,
    created_by: uuid.UUID | None,
) -> StoredFile:
    """Record a blob already written under ``key`` for the session's tenant."""
    row = StoredFile(
        id=file_id,
        tenant_id=session_tenant(session),
        key=key,
        filename=filename,
        content_type=content_type,
        size=size,
        sha256=sha256,
        owner=owner,
        created_by=created_by,
    )
    session.add(row)
    session.flush()
    return row


def get_stored_file(session: Session, *, file_id: uuid.UUID) -> StoredFile:
    """A stored file of the session's tenant by id, or NotFoundError."""
    return get_scoped(session, StoredFile, file_id, what="file")


def list_stored_files(
    session: Session, *, owner: str | None = None, limit: int = 100, offset: int = 0
) -> list[StoredFile]:
    """The session tenant's stored files, newest first; only ``owner``'s when given."""
    session_tenant(session)
    query = select(StoredFile).order_by(StoredFile.created_at.desc(), StoredFile.id)
    if owner is not None:
        query = query.where(StoredFile.owner == owner)
    return list(session.scalars(query.limit(limit).offset(offset)))


def owned_stored_files(session: Session, *, owner: str) -> list[StoredFile]:
    """Every stored file of the session's tenant that ``owner`` owns."""
    session_tenant(session)
    return list(session.scalars(select(StoredFile).where(StoredFile.owner == owner)))


def delete_stored_file(session: Session, row: StoredFile) -> None:
    """Remove the record of a stored file of the session's tenant."""
    session_tenant(session)
    session.delete(row)
    session.flush()
