"""The end of a book run: its version in the library, with every format already made.

:func:`export_run_book` is what the book flow's ``book_export`` step does with the compiled
book: the version the run makes (chapters a person edited since kept, as the outcome hook
would keep them) is exported by the engines outside any transaction, then added to the book's
document together with its files and, in its record, each format's size and SHA-256. A
download then finds the files; nothing is exported on first read.

An engine that fails does not cost the chapters: the version is added without files, its
record says why (``export_error``), and ``re-export`` makes the formats later.

A step that runs again (after a crash, a resume) finds the version its generation added
and answers with it. A run with no book document (the flow run by itself, not through
:func:`presswright.books.service.start_book`) gets one, so every book lands in the library.
"""

from __future__ import annotations

import asyncio
import hashlib
import tempfile
import uuid
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from presswright.books.brief import BookBrief
from presswright.books.cover_art import cover_art_file
from presswright.books.documents import (
    BookVersion,
    add_book_version,
    lock_document,
    open_book_document,
    read_book_version,
    run_version_body,
    run_version_source,
)
from presswright.books.export import BookExportError, BookFormat, export_book
from presswright.books.formats import store_format_files
from presswright.books.model import Book
from presswright.books.record import BookRecord, ExportedFormat
from presswright.bootstrap import Instance
from presswright.errors import ConflictError
from presswright.files import FileStore, open_file_store
from presswright.flows.records import get_execution, off_loop
from presswright.store.documents import (
    document_by_execution,
    get_document,
    get_version,
    version_of_run,
)

__all__ = ["RunExport", "export_run_book"]

_TRIES = 5  # a hand edit landing while the engines run makes the step export again


class RunExport(BaseModel):
    """What a run's export step left: the version it added and the formats it made."""

    document_id: uuid.UUID
    version: int
    formats: list[ExportedFormat]
    export_error: str | None = Field(
        default=None, description="Why no format was made (the version is stored; re-export)."
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as content:
        for chunk in iter(lambda: content.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _made(session: Session, files: FileStore, document_id: uuid.UUID, version: int) -> RunExport:
    """What the export step of a generation left, read back (a step that runs again)."""
    row = get_version(session, document_id=document_id, version=version)
    record = read_book_version(row.body).record
    return RunExport(
        document_id=document_id,
        version=version,
        formats=list(record.formats),
        export_error=record.export_error,
    )


class _Run:
    """One export step of one generation of a book run."""

    def __init__(
        self,
        instance: Instance,
        tenant_id: uuid.UUID,
        execution_id: str,
        brief: BookBrief,
        book: Book,
        record: BookRecord,
        user_id: uuid.UUID | None,
    ) -> None:
        self.instance, self.tenant_id, self.execution_id = instance, tenant_id, execution_id
        self.brief, self.book, self.record, self.user_id = brief, book, record, user_id
        self.files = open_file_store(instance.settings)

    def prepare(self) -> RunExport | tuple[uuid.UUID, int, BookVersion]:
        """The version this generation added, or (document, base version, body to add)."""
        with self.instance.database.tenant_session(self.tenant_id) as session:
            execution = get_execution(session, self.execution_id)
            document = document_by_execution(session, self.execution_id)
            if document is None:
                document_id = open_book_document(
                    session, brief=self.brief, execution_id=self.execution_id, user_id=self.user_id
                )
                document = get_document(session, document_id)
            found = version_of_run(
                session,
                document_id=document.id,
                execution_id=execution.id,
                generation=execution.generation,
            )
            if found is not None:
                return _made(session, self.files, document.id, found.version)
            body = run_version_body(session, document, execution, self.book, self.record)
            return document.id, document.current_version, body

    def commit(
        self,
        document_id: uuid.UUID,
        base: int,
        body: BookVersion,
        written: dict[BookFormat, Path],
    ) -> RunExport | None:
        """Add ``body`` after ``base`` with its files; None when another version came first."""
        with self.instance.database.tenant_session(self.tenant_id) as session:
            lock_document(session, document_id)
            execution = get_execution(session, self.execution_id)
            document = get_document(session, document_id)
            version = add_book_version(
                session,
                document,
                body,
                source=run_version_source(execution),
                execution_id=execution.id,
                generation=execution.generation,
                author=execution.user_id,
                base_version=base,
            )
            if version is None:
                return None
            store_format_files(
                session,
                self.files,
                document_id,
                version,
                body.book.meta.title,
                written,
                replace=True,
                user_id=execution.user_id,
            )
            return RunExport(
                document_id=document_id,
                version=version,
                formats=list(body.record.formats),
                export_error=body.record.export_error,
            )

    async def run(self, formats: Sequence[BookFormat]) -> RunExport:
        database = self.instance.database
        for _ in range(_TRIES):
            prepared = await off_loop(database, self.prepare)
            if isinstance(prepared, RunExport):
                return prepared
            document_id, base, body = prepared
            with tempfile.TemporaryDirectory(prefix="presswright-book-") as folder:
                error: str | None = None
                try:
                    art = await off_loop(
                        database,
                        cover_art_file,
                        self.instance,
                        self.tenant_id,
                        body.book,
                        Path(folder),
                    )
                    written = await asyncio.to_thread(
                        export_book, body.book, list(formats), Path(folder), art=art
                    )
                except BookExportError as failure:
                    written, error = {}, str(failure)
                made = [
                    ExportedFormat(format=name, size=path.stat().st_size, sha256=_sha256(path))
                    for name, path in written.items()
                ]
                record = body.record.model_copy(update={"formats": made, "export_error": error})
                done = await off_loop(
                    database,
                    self.commit,
                    document_id,
                    base,
                    body.model_copy(update={"record": record}),
                    written,
                )
            if done is not None:
                return done
        raise ConflictError(
            f"the book of run {self.execution_id} changed {_TRIES} times while it was exported",
            hint="resume the run to export it again",
        )


async def export_run_book(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    execution_id: str,
    brief: BookBrief,
    book: Book,
    record: BookRecord,
    formats: Sequence[BookFormat],
    user_id: uuid.UUID | None = None,
) -> RunExport:
    """Add the run's version of its book with ``formats`` made (see the module docstring)."""
    return await _Run(instance, tenant_id, execution_id, brief, book, record, user_id).run(formats)
