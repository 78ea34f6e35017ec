"""The file store: blobs in one backend, their rows in the app database, tenant by tenant.

Every operation takes the caller's tenant session, so a file row can be written in the same
transaction as the document that owns it. Blobs follow the transaction's outcome: a blob
written for a transaction that rolls back is removed again, and a deleted file's blob is
removed only once the deletion is committed, so a row never points at nothing because of a
failed transaction. A file whose row or blob is gone answers NotFoundError (404), never
stale bytes.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import event
from sqlalchemy.orm import Session

from presswright.errors import UserInputError
from presswright.files.blobs import CHUNK_SIZE, BlobReader, BlobStore
from presswright.store.files import (
    add_stored_file,
    delete_stored_file,
    get_stored_file,
    list_stored_files,
    owned_stored_files,
)
from presswright.store.models import StoredFile
from presswright.store.scoping import session_tenant

__all__ = [
    "DEFAULT_CONTENT_TYPE",
    "FILENAME_PATTERN",
    "OWNER_PATTERN",
    "ContentSource",
    "FileDownload",
    "FileStore",
    "StoredFilePublic",
    "check_content_type",
    "check_filename",
]

DEFAULT_CONTENT_TYPE = "application/octet-stream"
ContentSource = bytes | BinaryIO | Iterable[bytes]

_log = logging.getLogger("presswright.files")
_MEDIA_NAME = r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}"
_CONTENT_TYPE = re.compile(rf"^({_MEDIA_NAME}/{_MEDIA_NAME})(\s*;\s*[^\x00-\x1f\x7f]*)?$")
# No control character, no slash or backslash, no space at either end. Spaces are spelled
# out, not written \s: the API states these patterns in JSON Schema, and regex engines
# disagree on what \s covers.
FILENAME_PATTERN = (
    r"^[^\x00-\x20\x7f-\xa0/\\](?:[^\x00-\x1f\x7f-\x9f/\\]*[^\x00-\x20\x7f-\xa0/\\])?$"
)
OWNER_PATTERN = r"^[a-z][a-z0-9_-]{0,39}:[^\x00-\x20\x7f-\xa0]{1,159}$"
_FILENAME = re.compile(FILENAME_PATTERN)
_OWNER = re.compile(OWNER_PATTERN)
_HOOKS = "presswright_file_hooks"


class StoredFilePublic(BaseModel):
    """A stored file's metadata, as the library and the API hand it out."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    filename: str = Field(examples=["Bakery guide.pdf"])
    content_type: str = Field(examples=["application/pdf"])
    size: int = Field(description="Size in bytes.", examples=[48213])
    sha256: str = Field(description="SHA-256 of the content, hex.", examples=["9f86d08...0f00a08"])
    owner: str | None = Field(
        description="What the file belongs to (`document:<id>`); removed with it.",
        examples=["document:6f1c2a7e-..."],
    )
    created_by: uuid.UUID | None
    created_at: datetime


@dataclass
class FileDownload:
    """An opened stored file: its metadata, and its content as chunks (iterate once, or close)."""

    info: StoredFilePublic
    reader: BlobReader

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.reader)

    def close(self) -> None:
        """Release the blob without reading (the rest of) it."""
        self.reader.close()


def check_filename(filename: str) -> str:
    """``filename`` if it can name a stored file (see :data:`FILENAME_PATTERN`), else 400."""
    if len(filename) > 255 or not _FILENAME.fullmatch(filename):
        raise UserInputError(
            f"{filename[:80]!r} is not a usable file name",
            hint="give 1-255 characters without '/', '\\', control characters or"
            " spaces at either end",
        )
    return filename


def check_content_type(content_type: str) -> str:
    """``content_type`` as a media type (``type/subtype[; parameters]``), type in lower case."""
    match = _CONTENT_TYPE.fullmatch(content_type.strip())
    if match is None or len(content_type) > 255:
        raise UserInputError(
            f"{content_type[:80]!r} is not a media type",
            hint="send a media type such as application/pdf or image/png",
        )
    return match.group(1).lower() + (match.group(2) or "")


def _check_owner(owner: str) -> str:
    if not _OWNER.fullmatch(owner):
        raise UserInputError(
            f"{owner[:80]!r} is not a file owner", hint="name it as KIND:ID, e.g. document:<id>"
        )
    return owner


def _chunks(content: ContentSource) -> Iterator[bytes]:
    if isinstance(content, bytes | bytearray | memoryview):
        view = memoryview(content)
        for start in range(0, len(view), CHUNK_SIZE):
            yield bytes(view[start : start + CHUNK_SIZE])
    elif hasattr(content, "read"):
        while chunk := content.read(CHUNK_SIZE):
            yield chunk
    else:
        yield from content


@dataclass
class _Hooks:
    """Blob work waiting for the session's transaction to end."""

    on_commit: list[Callable[[], None]] = field(default_factory=list)
    on_rollback: list[Callable[[], None]] = field(default_factory=list)


def _run(session: Session, which: str) -> None:
    hooks = session.info.get(_HOOKS)
    if not isinstance(hooks, _Hooks):
        return
    actions = hooks.on_commit if which == "commit" else hooks.on_rollback
    session.info[_HOOKS] = _Hooks()
    for action in actions:
        try:
            action()
        except Exception as error:  # the transaction is over; a stray blob is only space
            _log.warning("file store: could not remove a blob after %s: %s", which, error)


def _after_commit(session: Session) -> None:
    _run(session, "commit")


def _after_rollback(session: Session) -> None:
    _run(session, "rollback")


def _hooks(session: Session) -> _Hooks:
    hooks = session.info.get(_HOOKS)
    if not isinstance(hooks, _Hooks):
        hooks = session.info[_HOOKS] = _Hooks()
        event.listen(session, "after_commit", _after_commit)
        event.listen(session, "after_rollback", _after_rollback)
    return hooks


class FileStore:
    """Stores, lists, opens and deletes a tenant's files in one blob backend."""

    def __init__(self, blobs: BlobStore, *, max_bytes: int) -> None:
        self.blobs = blobs
        self.max_bytes = max_bytes

    def store_file(
        self,
        session: Session,
        *,
        filename: str,
        content: ContentSource,
        content_type: str = DEFAULT_CONTENT_TYPE,
        owner: str | None = None,
        created_by: uuid.UUID | None = None,
        max_bytes: int | None = None,
    ) -> StoredFilePublic:
        """Store ``content`` as a new file of the session's tenant, hashing it on the way.

        Over ``max_bytes`` (default: the store's limit, never more) it raises
        FileTooLargeError and nothing is stored. The blob is removed again if the session's
        transaction rolls back.
        """
        tenant_id = session_tenant(session)
        name = check_filename(filename)
        media_type = check_content_type(content_type)
        if owner is not None:
            _check_owner(owner)
        limit = self.max_bytes if max_bytes is None else min(max_bytes, self.max_bytes)
        file_id = uuid.uuid4()
        key = f"{tenant_id}/{file_id}"
        # The blob goes first, before any SQL: no database connection is held while a
        # (possibly slow) upload streams in.
        written = self.blobs.put(key, _chunks(content), limit=limit)
        hooks = _hooks(session)
        hooks.on_rollback.append(lambda: self.blobs.delete(key))
        row = add_stored_file(
            session,
            file_id=file_id,
            key=key,
            filename=name,
            content_type=media_type,
            size=written.size,
            sha256=written.sha256,
            owner=owner,
            created_by=created_by,
        )
        return StoredFilePublic.model_validate(row)

    def get_file(self, session: Session, *, file_id: uuid.UUID) -> StoredFilePublic:
        """A file's metadata; NotFoundError for an id of no file of this tenant."""
        return StoredFilePublic.model_validate(get_stored_file(session, file_id=file_id))

    def list_files(
        self, session: Session, *, owner: str | None = None, limit: int = 100, offset: int = 0
    ) -> list[StoredFilePublic]:
        """The tenant's files, newest first; only those ``owner`` owns when given."""
        rows = list_stored_files(session, owner=owner, limit=limit, offset=offset)
        return [StoredFilePublic.model_validate(row) for row in rows]

    def open_file(self, session: Session, *, file_id: uuid.UUID) -> FileDownload:
        """Open a file for reading: NotFoundError when its row or its blob is gone."""
        row = get_stored_file(session, file_id=file_id)
        reader = self.blobs.open(row.key)
        return FileDownload(info=StoredFilePublic.model_validate(row), reader=reader)

    def read_file(self, session: Session, *, file_id: uuid.UUID) -> bytes:
        """A (small) file's whole content."""
        return b"".join(self.open_file(session, file_id=file_id))

    def delete_file(self, session: Session, *, file_id: uuid.UUID) -> None:
        """Delete a file; its blob goes once the deletion is committed."""
        self._delete(session, get_stored_file(session, file_id=file_id))

    def delete_owned(self, session: Session, *, owner: str) -> int:
        """Delete every file ``owner`` owns (as a document deletes its exports); how many."""
        rows = owned_stored_files(session, owner=_check_owner(owner))
        for row in rows:
            self._delete(session, row)
        return len(rows)

    def _delete(self, session: Session, row: StoredFile) -> None:
        key = row.key
        delete_stored_file(session, row)
        _hooks(session).on_commit.append(lambda: self.blobs.delete(key))
