"""Books in the library: the use cases every front door (API, CLI, studio) calls.

* :func:`start_book`: a brief in; the book's document and the run that writes it.
* :func:`list_books`, :func:`get_book`, :func:`book_chapters`: read the library.
* :func:`edit_chapter`: a chapter's text by hand, as a new version; the continuity rules
  check it again against the bible and the chapters before it (its issues replace the
  chapter's in the record), the formats the edited version had are exported again from it,
  nothing is generated.
* :func:`regenerate_chapter`: the engine writes one chapter again (``chapters[i]``), then
  the continuity pass, the compile and the export; the run's export step adds the next
  version with its formats (:mod:`presswright.books.run_export`).
* :func:`export_book_formats`: export a stored version again (all or some formats): after
  a run whose export failed, or to replace a version's files.
* :func:`open_book_format`: one format of a version; a version stored without that file
  (before runs exported, or after a failed export) is exported first.
* :func:`reexport`: export the current version in some formats, reporting a failure.

Errors (the library's tree): NotFoundError for another workspace's book, a book id that is
not a book, a chapter or version the book does not have; ConflictError while the book has
no version, or its run cannot regenerate now; EditConflictError (409) for an edit of a
version that is no longer current (kept as a draft); UserInputError for a refused brief or
chapter text (naming the limit); BookExportError when an export engine fails.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from presswright.books.brief import BookBrief
from presswright.books.documents import (
    BOOK_KIND,
    BookVersion,
    add_book_version,
    open_book_document,
    read_book_version,
)
from presswright.books.edit_checks import recheck_chapter, run_facts
from presswright.books.editing import replace_chapter
from presswright.books.export import BOOK_FORMATS, BookExportError, BookFormat
from presswright.books.flow import book_flow
from presswright.books.formats import (
    ALL_FORMATS,
    BookFormatPublic,
    book_document,
    export_formats,
    format_files,
    open_format,
    public_formats,
    version_number,
)
from presswright.books.progress import chapter_progress
from presswright.books.public import (
    BookChapters,
    BookPublic,
    BookStarted,
    ChapterEdited,
    book_public,
    brief_of_inputs,
    chapters_public,
)
from presswright.bootstrap import Instance
from presswright.documents import DocumentPage, EditConflictError, list_documents
from presswright.documents.generation import start_with_document
from presswright.errors import ConflictError, NotFoundError, UserInputError
from presswright.files import FileDownload, open_file_store
from presswright.flows import operations as ops
from presswright.flows.records import FINISHED, get_execution
from presswright.flows.runtime import Runtime
from presswright.store import documents as store

__all__ = [
    "book_chapters",
    "edit_chapter",
    "export_book_formats",
    "exported_formats",
    "get_book",
    "list_books",
    "open_book_format",
    "reexport",
    "regenerate_chapter",
    "start_book",
]


async def start_book(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID | None,
    brief: BookBrief,
    model: str | None = None,
    image_model: str | None = None,
    runtime: Runtime | None = None,
) -> BookStarted:
    """Create the book's document and start the book flow that writes it.

    Runs in ``runtime`` when given, else on the queue for any worker. The brief was checked
    against its limits when it was made (:class:`BookBrief`); the flow checks it again.
    """
    document_id, execution_id = await start_with_document(
        instance,
        tenant_id=tenant_id,
        user_id=user_id,
        spec=book_flow(),
        inputs=brief.flow_inputs(model=model, image_model=image_model),
        runtime=runtime,
        open_document=lambda session, execution_id: open_book_document(
            session, brief=brief, execution_id=execution_id, user_id=user_id
        ),
    )
    return BookStarted(document_id=document_id, execution_id=execution_id)


def list_books(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    status: str | None = None,
    language: str | None = None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> DocumentPage:
    """The workspace's books, newest first; ``q`` finds every word in titles and chapters."""
    return list_documents(
        instance,
        tenant_id=tenant_id,
        kind=BOOK_KIND,
        status=status,
        language=language,
        q=q,
        limit=limit,
        offset=offset,
    )


def get_book(instance: Instance, *, tenant_id: uuid.UUID, document_id: uuid.UUID) -> BookPublic:
    """One book: status, brief, length and S_l per chapter and book, continuity, formats."""
    files = open_file_store(instance.settings)
    with instance.database.tenant_session(tenant_id) as session:
        document = book_document(session, document_id)
        brief, progress = None, None
        if document.execution_id:
            try:
                brief = brief_of_inputs(get_execution(session, document.execution_id).inputs)
            except NotFoundError:
                brief = None
            if brief is not None:
                progress = chapter_progress(
                    session,
                    document.execution_id,
                    brief.chapters,
                    target_words=brief.target_words,
                )
        body: BookVersion | None = None
        formats: list[BookFormatPublic] = []
        if document.current_version:
            number = document.current_version
            body = read_book_version(
                store.get_version(session, document_id=document_id, version=number).body
            )
            stored = format_files(session, files, document_id, number)
            formats = public_formats(number, stored, ALL_FORMATS)
        return book_public(document, body, brief, formats, progress)


def _version(
    instance: Instance, tenant_id: uuid.UUID, document_id: uuid.UUID, version: int | None
) -> tuple[int, BookVersion]:
    with instance.database.tenant_session(tenant_id) as session:
        document = book_document(session, document_id)
        number = version_number(document, version)
        row = store.get_version(session, document_id=document_id, version=number)
        return number, read_book_version(row.body)


def book_chapters(
    instance: Instance, *, tenant_id: uuid.UUID, document_id: uuid.UUID, version: int | None = None
) -> BookChapters:
    """Every chapter of a version (default: the current one) with its measures and text."""
    number, body = _version(instance, tenant_id, document_id, version)
    return BookChapters(version=number, chapters=chapters_public(body))


def exported_formats(
    instance: Instance, *, tenant_id: uuid.UUID, document_id: uuid.UUID, version: int
) -> list[BookFormat]:
    """The formats ``version`` of a book has files of."""
    files = open_file_store(instance.settings)
    with instance.database.tenant_session(tenant_id) as session:
        book_document(session, document_id)
        stored = format_files(session, files, document_id, version)
    return [name for name in ALL_FORMATS if name in stored]


def reexport(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    document_id: uuid.UUID,
    formats: Iterable[BookFormat],
    user_id: uuid.UUID | None = None,
) -> tuple[list[BookFormatPublic], str | None]:
    """Export the current version in ``formats``; (the formats, why it failed or None).

    For the step after a new version (a hand edit): the version is stored whatever happens
    here, so an engine's failure is reported, not raised.
    """
    wanted = list(formats)
    if not wanted:
        return [], None
    try:
        made = export_formats(
            instance, tenant_id=tenant_id, document_id=document_id, formats=wanted, user_id=user_id
        )
    except BookExportError as error:
        return [], str(error)
    return made, None


def edit_chapter(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    document_id: uuid.UUID,
    number: int,
    base_version: int,
    text: str,
    title: str | None = None,
    author: uuid.UUID | None = None,
) -> ChapterEdited:
    """Store chapter ``number``'s new text (edited on ``base_version``) as the next version.

    The chapter is measured again (words, S_l) and the book's totals with it; the formats
    ``base_version`` had are exported again from the new version. EditConflictError when
    ``base_version`` is no longer current (the edit is kept as a draft of the document).
    """
    base, before = _version(instance, tenant_id, document_id, base_version)
    book, record = replace_chapter(before.book, before.record, number, text=text, title=title)
    with instance.database.tenant_session(tenant_id) as session:
        facts = run_facts(session, book_document(session, document_id).execution_id)
    record = recheck_chapter(book, record, number, facts)
    # The formats the run's export made describe the run's version, not this one.
    record = record.model_copy(update={"formats": [], "export_error": None})
    body = before.model_copy(
        update={"book": book, "record": record, "edited": sorted({*before.edited, number})}
    )
    conflict: EditConflictError | None = None
    with instance.database.tenant_session(tenant_id) as session:
        document = book_document(session, document_id)
        version = add_book_version(
            session,
            document,
            body,
            source="edited",
            execution_id=None,
            generation=None,
            author=author,
            base_version=base,
        )
        if version is None:
            draft = store.add_draft(
                session,
                document_id=document_id,
                base_version=base,
                body=body.model_dump(mode="json"),
                author=author,
            )
            session.refresh(document)
            conflict = EditConflictError(
                document_id, base_version=base, current=document.current_version, draft_id=draft.id
            )
    if conflict is not None:
        raise conflict
    assert version is not None
    had = exported_formats(instance, tenant_id=tenant_id, document_id=document_id, version=base)
    formats, error = reexport(
        instance, tenant_id=tenant_id, document_id=document_id, formats=had, user_id=author
    )
    chapter = chapters_public(body)[number - 1]
    issues = [issue for issue in record.continuity.issues if issue.chapter == number]
    return ChapterEdited(
        version=version, chapter=chapter, issues=issues, formats=formats, export_error=error
    )


async def regenerate_chapter(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    document_id: uuid.UUID,
    number: int,
    runtime: Runtime | None = None,
) -> BookStarted:
    """Write chapter ``number`` again with the engine (``chapters[i]``), compile and export.

    Every other chapter, the bible and the outline are reused; the run's export step adds
    the next version with its formats (hand-edited chapters keep their text). ConflictError
    while the run is under way, or for a book that was not made by a run.
    """
    with instance.database.tenant_session(tenant_id) as session:
        document = book_document(session, document_id)
        execution_id = document.execution_id
        if execution_id is None:
            raise ConflictError(
                f"book {document_id} was not written by a run, so no chapter can be written again",
                hint="edit the chapter's text instead",
            )
        execution = get_execution(session, execution_id)
        if execution.status not in FINISHED:
            raise ConflictError(
                f"book {document_id} is being written (its run is {execution.status})",
                hint="wait for the run to end, or stop it, then write the chapter again",
            )
        if document.current_version:
            row = store.get_version(
                session, document_id=document_id, version=document.current_version
            )
            count = len(read_book_version(row.body).book.chapters)
        else:
            brief = brief_of_inputs(execution.inputs)
            count = brief.chapters if brief else 0
    if not 1 <= number <= count:
        raise NotFoundError(
            f"book {document_id} has no chapter {number}",
            hint=f"its chapters are numbered 1 to {count}" if count else "it has no chapters yet",
        )
    node_id = f"chapters[{number - 1}]"
    try:
        await ops.regenerate(
            instance,
            tenant_id=tenant_id,
            execution_id=execution_id,
            node_id=node_id,
            runtime=runtime,
        )
    except ConflictError:
        raise
    except UserInputError:
        # The run stopped before it started the chapters: it goes on, it is not redone.
        raise ConflictError(
            f"chapter {number} of book {document_id} was never started",
            hint=f"resume the book's run: `presswright run resume {execution_id}`"
            f" or POST /api/v1/executions/{execution_id}/resume",
        ) from None
    return BookStarted(document_id=document_id, execution_id=execution_id, node_id=node_id)


def export_book_formats(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    document_id: uuid.UUID,
    formats: Iterable[BookFormat] = BOOK_FORMATS,
    version: int | None = None,
    user_id: uuid.UUID | None = None,
) -> list[BookFormatPublic]:
    """Export a stored version (default: the current one) again, replacing its files.

    Nothing is generated: the engines read the version as stored. BookExportError when an
    engine fails.
    """
    return export_formats(
        instance,
        tenant_id=tenant_id,
        document_id=document_id,
        formats=formats,
        version=version,
        user_id=user_id,
    )


def open_book_format(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    document_id: uuid.UUID,
    fmt: BookFormat,
    version: int | None = None,
    user_id: uuid.UUID | None = None,
) -> FileDownload:
    """One format of a version to read (exported first if it has no file yet)."""
    return open_format(
        instance,
        tenant_id=tenant_id,
        document_id=document_id,
        fmt=fmt,
        version=version,
        user_id=user_id,
    )
