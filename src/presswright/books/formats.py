"""A book's formats in the file store: exported from a stored version, found, opened.

Each format of a version is one file owned by the book's document (``document:<id>``, so
deleting the document deletes them), named ``<title>-v<version>.<extension>``; that name is
how a file is known as the ``epub`` (``pdf``, ...) of version N. Exporting again replaces the
file of that version and format; other versions keep theirs. Exports run from the stored
version alone: nothing is generated again.

The engines run outside any database transaction (a big book takes seconds); the files are
then stored under a lock on the document row, so two exports of the same version never
leave two files of one format, nor delete each other's.
"""

from __future__ import annotations

import re
import tempfile
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from presswright.books.cover_art import cover_art_file
from presswright.books.documents import BOOK_KIND, lock_document, read_book_version
from presswright.books.export import BOOK_FORMATS, EXTENSIONS, MEDIA_TYPES, BookFormat, export_book
from presswright.books.model import Book
from presswright.bootstrap import Instance
from presswright.errors import ConflictError, NotFoundError
from presswright.files import FileDownload, FileStore, StoredFilePublic, open_file_store
from presswright.store import documents as store
from presswright.store.models import Document

__all__ = [
    "ALL_FORMATS",
    "BookFormatPublic",
    "book_document",
    "export_formats",
    "format_files",
    "open_format",
    "owner_of",
    "public_formats",
    "store_format_files",
    "version_body",
    "version_number",
]

ALL_FORMATS: tuple[BookFormat, ...] = (*BOOK_FORMATS, "cover")
_FORMAT_OF_EXTENSION = {extension: name for name, extension in EXTENSIONS.items()}
_FILE = re.compile(rf"-v(?P<version>[1-9][0-9]*)\.(?P<extension>{'|'.join(_FORMAT_OF_EXTENSION)})$")
_UNSAFE = re.compile(r"[^\w.-]+")
_FILES_LISTED = 100_000


class BookFormatPublic(BaseModel):
    """One format of one version of a book: exported (with its file) or not yet."""

    format: BookFormat
    version: int
    content_type: str = Field(examples=["application/epub+zip"])
    exported: bool = Field(description="False until the version is exported in this format.")
    file_id: uuid.UUID | None = Field(
        default=None, description="The stored file (also GET /api/v1/files/{file_id}/content)."
    )
    filename: str | None = None
    size: int | None = Field(default=None, description="Bytes.")
    sha256: str | None = None
    created_at: datetime | None = None


def owner_of(document_id: uuid.UUID) -> str:
    """The file-store owner of a book's files: its document."""
    return f"document:{document_id}"


def book_document(session: Session, document_id: uuid.UUID) -> Document:
    """The book document ``document_id``; NotFoundError for any other id or kind."""
    document = store.get_document(session, document_id)
    if document.kind != BOOK_KIND:
        raise NotFoundError(
            f"no book with id {document_id} in this workspace (it is a {document.kind})",
            hint="list the books: GET /api/v1/books or `presswright book list`",
        )
    return document


def version_number(document: Document, version: int | None) -> int:
    """``version``, or the current one; ConflictError (409) while the book has none."""
    if document.current_version == 0:
        raise ConflictError(
            f"book {document.id} has no version yet (it is {document.status})",
            hint=document.error or "wait for its run to finish: `presswright book status`",
        )
    if version is not None and not 1 <= version <= document.current_version:
        raise NotFoundError(
            f"book {document.id} has no version {version}",
            hint=f"its versions are 1 to {document.current_version}",
        )
    return document.current_version if version is None else version


def version_body(session: Session, document: Document, version: int | None) -> tuple[int, Book]:
    """The number and book of ``version`` (default: the current one); 409 while there is none."""
    number = version_number(document, version)
    row = store.get_version(session, document_id=document.id, version=number)
    return number, read_book_version(row.body).book


def _stem(title: str) -> str:
    return _UNSAFE.sub("-", title).strip("-.")[:120] or "book"


def format_files(
    session: Session, files: FileStore, document_id: uuid.UUID, version: int
) -> dict[BookFormat, StoredFilePublic]:
    """The stored file of each exported format of ``version`` (the newest, should two exist)."""
    found: dict[BookFormat, StoredFilePublic] = {}
    for info in files.list_files(session, owner=owner_of(document_id), limit=_FILES_LISTED):
        match = _FILE.search(info.filename)
        if match is None or int(match["version"]) != version:
            continue
        found.setdefault(_FORMAT_OF_EXTENSION[match["extension"]], info)  # newest first
    return found


def public_formats(
    version: int, stored: dict[BookFormat, StoredFilePublic], shown: Sequence[BookFormat]
) -> list[BookFormatPublic]:
    """Each of ``shown`` for ``version``, exported or not."""
    items = []
    for name in shown:
        info = stored.get(name)
        items.append(
            BookFormatPublic(
                format=name,
                version=version,
                content_type=info.content_type if info else MEDIA_TYPES[name],
                exported=info is not None,
                file_id=info.id if info else None,
                filename=info.filename if info else None,
                size=info.size if info else None,
                sha256=info.sha256 if info else None,
                created_at=info.created_at if info else None,
            )
        )
    return items


def store_format_files(
    session: Session,
    files: FileStore,
    document_id: uuid.UUID,
    version: int,
    title: str,
    written: dict[BookFormat, Path],
    *,
    replace: bool,
    user_id: uuid.UUID | None,
) -> dict[BookFormat, StoredFilePublic]:
    """Store the exported files of ``version`` (the caller holds the document's lock)."""
    present = format_files(session, files, document_id, version)
    stored: dict[BookFormat, StoredFilePublic] = {}
    for name, path in written.items():
        if not replace and name in present:
            stored[name] = present[name]  # another export of it came first
            continue
        with path.open("rb") as content:
            stored[name] = files.store_file(
                session,
                filename=f"{_stem(title)}-v{version}.{EXTENSIONS[name]}",
                content=content,
                content_type=MEDIA_TYPES[name],
                owner=owner_of(document_id),
                created_by=user_id,
            )
        if name in present:
            files.delete_file(session, file_id=present[name].id)
    return stored


def _store(
    instance: Instance,
    files: FileStore,
    tenant_id: uuid.UUID,
    document_id: uuid.UUID,
    version: int,
    title: str,
    written: dict[BookFormat, Path],
    *,
    replace: bool,
    user_id: uuid.UUID | None,
) -> dict[BookFormat, StoredFilePublic]:
    with instance.database.tenant_session(tenant_id) as session:
        lock_document(session, document_id)
        return store_format_files(
            session,
            files,
            document_id,
            version,
            title,
            written,
            replace=replace,
            user_id=user_id,
        )


def export_formats(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    document_id: uuid.UUID,
    formats: Iterable[BookFormat] = BOOK_FORMATS,
    version: int | None = None,
    user_id: uuid.UUID | None = None,
    only_missing: bool = False,
) -> list[BookFormatPublic]:
    """Export a stored version (default: the current one) in ``formats`` into the file store.

    Replaces that version's files of those formats, or with ``only_missing`` exports only
    the formats it has no file of yet. BookExportError when an engine fails (nothing of the
    failed run is stored); ConflictError while the book has no version.
    """
    wanted = list(dict.fromkeys(formats))
    files = open_file_store(instance.settings)
    with instance.database.tenant_session(tenant_id) as session:
        document = book_document(session, document_id)
        number, book = version_body(session, document, version)
        present = format_files(session, files, document_id, number)
    missing = [name for name in wanted if not (only_missing and name in present)]
    stored = {name: present[name] for name in wanted if name not in missing}
    if missing:
        with tempfile.TemporaryDirectory(prefix="presswright-book-") as folder:
            art = cover_art_file(instance, tenant_id, book, Path(folder))
            written = export_book(book, missing, Path(folder), art=art)
            stored |= _store(
                instance,
                files,
                tenant_id,
                document_id,
                number,
                book.meta.title,
                written,
                replace=not only_missing,
                user_id=user_id,
            )
    return public_formats(number, stored, wanted)


def open_format(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    document_id: uuid.UUID,
    fmt: BookFormat,
    version: int | None = None,
    user_id: uuid.UUID | None = None,
) -> FileDownload:
    """Open one format of a version for reading, exporting it first if it has no file yet."""
    files = open_file_store(instance.settings)
    with instance.database.tenant_session(tenant_id) as session:
        number = version_number(book_document(session, document_id), version)
        info = format_files(session, files, document_id, number).get(fmt)
        if info is not None:
            return files.open_file(session, file_id=info.id)
    (made,) = export_formats(
        instance,
        tenant_id=tenant_id,
        document_id=document_id,
        formats=[fmt],
        version=number,
        user_id=user_id,
        only_missing=True,
    )
    assert made.file_id is not None
    with instance.database.tenant_session(tenant_id) as session:
        return files.open_file(session, file_id=made.file_id)
