"""Books in the library, on the shipped fake provider: a brief in, a book document out.

A scripted author (``flow_fakes.FakeAuthor``) answers the book flow; the runs execute in
this process. Checked: the record a finished run leaves on its document, exports into the
file store (real files), a hand edit as a new version that re-exports without generating,
an edit of a stale version kept as a draft, a regenerated chapter that keeps the other
chapters (hand edits included), a failed chapter finished by a regenerate, and the walls
between workspaces and kinds.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import io
import zipfile

import pytest

from presswright.books.documents import read_book_version
from presswright.books.editing import blocks_from_text, chapter_text
from presswright.books.model import Chapter, Paragraph, SceneBreak, Subheading
from presswright.books.service import (
    book_chapters,
    edit_chapter,
    export_book_formats,
    exported_formats,
    get_book,
    list_books,
    open_book_format,
    reexport,
    regenerate_chapter,
    start_book,
)
from presswright.books.wordcount import count_words
from presswright.bootstrap import Instance
from presswright.documents import EditConflictError, list_drafts, list_versions
from presswright.errors import ConflictError, NotFoundError, UserInputError
from presswright.files import open_file_store
from presswright.flows.runtime import Runtime
from presswright.store.documents import create_document, get_version
from tests.books.flow_fakes import FakeAuthor
from tests.books.service_runs import BRIEF, settle, written_book
from tests.books.stored_books import stored_book
from tests.documents.conftest import make_workspace


@pytest.fixture
def backend() -> str:
    """Orchestration does not depend on the storage backend: SQLite only, to keep these fast."""
    return "sqlite"


@pytest.mark.timeout(120)
def test_a_finished_run_leaves_its_book_and_record_on_the_document(
    instance: Instance, runtime: Runtime, author: FakeAuthor
) -> None:
    tenant, _, book_id, execution_id = written_book(instance, runtime)
    book = get_book(instance, tenant_id=tenant, document_id=book_id)

    assert (book.status, book.current_version, book.execution_id) == ("ready", 1, execution_id)
    assert (book.title, book.author, book.language, book.kind) == (
        "The Lighthouse Keeper's Daughter",
        "Ada Writer",
        "en",
        "fiction",
    )
    assert book.brief is not None and book.brief.chapters == 3
    assert book.models == ["fake:test"] and book.providers == ["fake"]
    assert book.length is not None and book.length.unit == "words"
    assert book.length.target == 900 and book.length.score >= 80
    assert [chapter.target for chapter in book.chapters] == [300, 300, 300]
    assert book.length.words == sum(chapter.words for chapter in book.chapters)
    assert book.length.characters == sum(chapter.characters for chapter in book.chapters)
    assert all(c.within_tolerance and c.score >= 80 and not c.edited for c in book.chapters)
    assert book.continuity is not None and (book.continuity.found, book.continuity.fixed) == (0, 0)
    # The run's export step made every format of the version it added, before any download,
    # and the version's record holds each file's size and hash.
    assert [f.format for f in book.formats] == ["epub", "pdf", "docx", "html", "md", "cover"]
    assert all(f.exported and f.version == 1 for f in book.formats) and book.export_error is None
    assert all(f.file_id is not None for f in book.formats)
    files = open_file_store(instance.settings)
    with instance.database.tenant_session(tenant) as session:
        data = {
            f.format: files.read_file(session, file_id=f.file_id) for f in book.formats if f.file_id
        }
        record = read_book_version(get_version(session, document_id=book_id, version=1).body).record
    assert {(f.format, f.size, f.sha256) for f in record.formats} == {
        (name, len(content), hashlib.sha256(content).hexdigest()) for name, content in data.items()
    }
    assert data["pdf"].startswith(b"%PDF") and data["cover"].startswith(b"\x89PNG")

    chapters = book_chapters(instance, tenant_id=tenant, document_id=book_id)
    assert chapters.version == 1 and [c.number for c in chapters.chapters] == [1, 2, 3]
    for chapter in chapters.chapters:
        prose = " ".join(b.text for b in chapter.blocks if not isinstance(b, SceneBreak))
        assert chapter.words == count_words(prose, "en")
        assert blocks_from_text(chapter.text) == chapter.blocks  # the text reads back exactly

    page = list_books(instance, tenant_id=tenant, q="lighthouse")
    assert [item.id for item in page.items] == [book_id] and page.items[0].kind == "book"
    assert page.items[0].word_count == book.length.words


@pytest.mark.timeout(180)
def test_exports_edits_and_a_regenerated_chapter_each_make_a_version(
    instance: Instance, runtime: Runtime, author: FakeAuthor
) -> None:
    tenant, user, book_id, execution_id = written_book(instance, runtime)
    files = open_file_store(instance.settings)

    made = export_book_formats(instance, tenant_id=tenant, document_id=book_id, user_id=user)
    assert [f.format for f in made] == ["epub", "pdf", "docx", "html", "md"]
    with instance.database.tenant_session(tenant) as session:
        data = {f.format: files.read_file(session, file_id=f.file_id) for f in made if f.file_id}
    for item in made:
        assert item.exported and item.version == 1 and item.size == len(data[item.format])
        assert item.sha256 == hashlib.sha256(data[item.format]).hexdigest()
    epub = zipfile.ZipFile(io.BytesIO(data["epub"]))
    assert epub.namelist()[0] == "mimetype" and epub.read("mimetype") == b"application/epub+zip"
    assert data["pdf"].startswith(b"%PDF")
    assert "Lighthouse Keeper" in html.unescape(data["html"].decode("utf-8"))
    markdown = data["md"].decode("utf-8")
    for chapter in book_chapters(instance, tenant_id=tenant, document_id=book_id).chapters:
        assert chapter.title in markdown
    # Exporting again replaces the version's files of those formats, nothing else.
    again = export_book_formats(instance, tenant_id=tenant, document_id=book_id, formats=["md"])
    assert again[0].file_id != made[4].file_id
    assert exported_formats(instance, tenant_id=tenant, document_id=book_id, version=1) == [
        "epub", "pdf", "docx", "html", "md", "cover",
    ]  # fmt: skip
    steps_before = dict(author.steps)

    # A hand edit: the next version, chapter 2 measured again, its formats re-exported.
    text = "## The Harbour\n\nMara ran down to the harbour.\n\n* * *\n\nThe boats were gone."
    edited = edit_chapter(
        instance,
        tenant_id=tenant,
        document_id=book_id,
        number=2,
        base_version=1,
        text=text,
        title="A Hand-Written Chapter",
        author=user,
    )
    assert edited.version == 2 and edited.export_error is None
    assert edited.chapter.title == "A Hand-Written Chapter" and edited.chapter.edited
    assert edited.chapter.blocks == [
        Subheading(text="The Harbour"),
        Paragraph(text="Mara ran down to the harbour."),
        SceneBreak(),
        Paragraph(text="The boats were gone."),
    ]
    assert edited.chapter.words == count_words("The Harbour Mara ran down to the harbour. The"
                                               " boats were gone.", "en")  # fmt: skip
    assert not edited.chapter.within_tolerance  # 13 words of 300
    assert [(f.format, f.version, f.exported) for f in edited.formats] == [
        (name, 2, True) for name in ("epub", "pdf", "docx", "html", "md", "cover")
    ]
    assert author.steps == steps_before  # nothing was generated
    book = get_book(instance, tenant_id=tenant, document_id=book_id)
    assert book.current_version == 2 and book.chapters[1].edited
    assert book.length is not None
    assert book.length.words == sum(c.words for c in book.chapters)
    assert book.length.chapters_within_tolerance == 2
    # Version 1 and its files are still there.
    assert [v.source for v in list_versions(instance, tenant_id=tenant, document_id=book_id)] == [
        "generated",
        "edited",
    ]
    assert len(exported_formats(instance, tenant_id=tenant, document_id=book_id, version=1)) == 6

    # An edit of version 1, now stale, is kept as a draft and refused with 409.
    with pytest.raises(EditConflictError, match="at version 2, not 1"):
        edit_chapter(
            instance,
            tenant_id=tenant,
            document_id=book_id,
            number=1,
            base_version=1,
            text="A late edit.",
            author=user,
        )
    (draft,) = list_drafts(instance, tenant_id=tenant, document_id=book_id)
    assert draft.base_version == 1 and draft.body["edited"] == [1]

    # Chapter 3 written again: chapters 1 and the hand-edited 2 are kept as they are.
    before = book_chapters(instance, tenant_id=tenant, document_id=book_id)
    started, status = settle(
        instance,
        tenant,
        regenerate_chapter(
            instance, tenant_id=tenant, document_id=book_id, number=3, runtime=runtime
        ),
    )
    assert (started.execution_id, started.node_id) == (execution_id, "chapters[2]")
    assert status.status == "completed", status.error
    after = book_chapters(instance, tenant_id=tenant, document_id=book_id)
    assert after.version == 3
    assert after.chapters[0] == before.chapters[0]
    assert after.chapters[1] == before.chapters[1] and after.chapters[1].edited
    assert after.chapters[2].blocks != before.chapters[2].blocks
    assert (author.steps["architect"], author.steps["outline"]) == (1, 1)
    versions = list_versions(instance, tenant_id=tenant, document_id=book_id)
    assert [v.source for v in versions] == ["generated", "edited", "regenerated"]
    # The regenerate's run exported the version it added (compile, then export, reran).
    assert len(exported_formats(instance, tenant_id=tenant, document_id=book_id, version=3)) == 6
    formats, error = reexport(instance, tenant_id=tenant, document_id=book_id, formats=["md"])
    assert error is None and [(f.version, f.exported) for f in formats] == [(3, True)]
    download = open_book_format(
        instance, tenant_id=tenant, document_id=book_id, fmt="cover", version=3
    )
    assert download.info.content_type == "image/png"
    assert b"".join(download).startswith(b"\x89PNG")


@pytest.mark.timeout(180)
def test_a_failed_chapter_leaves_the_book_incomplete_until_it_is_regenerated(
    instance: Instance, runtime: Runtime, author: FakeAuthor
) -> None:
    author.fail_chapters = {2}
    tenant, user = make_workspace(instance)
    started, failed = settle(
        instance,
        tenant,
        start_book(
            instance,
            tenant_id=tenant,
            user_id=user,
            brief=BRIEF,
            model="fake:test",
            runtime=runtime,
        ),
    )
    assert failed.status == "failed"
    book = get_book(instance, tenant_id=tenant, document_id=started.document_id)
    assert (book.status, book.current_version, book.chapters, book.length) == (
        "failed",
        0,
        [],
        None,
    )
    assert book.error is not None and "chapter 2" in book.error
    with pytest.raises(ConflictError, match="has no version yet"):
        book_chapters(instance, tenant_id=tenant, document_id=started.document_id)
    with pytest.raises(NotFoundError, match="no chapter 4"):
        asyncio.run(
            regenerate_chapter(
                instance, tenant_id=tenant, document_id=started.document_id, number=4
            )
        )

    author.fail_chapters.clear()
    written = {n: author.parts_of[n] for n in (1, 3)}
    _, final = settle(
        instance,
        tenant,
        regenerate_chapter(
            instance, tenant_id=tenant, document_id=started.document_id, number=2, runtime=runtime
        ),
    )
    assert final.status == "completed", final.error
    assert {n: author.parts_of[n] for n in (1, 3)} == written  # finished chapters were kept
    book = get_book(instance, tenant_id=tenant, document_id=started.document_id)
    assert (book.status, book.current_version, book.error) == ("ready", 1, None)
    assert len(book.chapters) == 3


def test_books_are_walled_by_workspace_and_kind(instance: Instance) -> None:
    tenant, _ = make_workspace(instance)
    other, _ = make_workspace(instance)
    book_id = stored_book(instance, tenant)
    assert get_book(instance, tenant_id=tenant, document_id=book_id).current_version == 1
    with pytest.raises(NotFoundError):
        get_book(instance, tenant_id=other, document_id=book_id)
    with pytest.raises(NotFoundError):
        edit_chapter(
            instance, tenant_id=other, document_id=book_id, number=1, base_version=1, text="Hi."
        )
    with pytest.raises(NotFoundError):
        export_book_formats(instance, tenant_id=other, document_id=book_id, formats=["md"])
    with instance.database.tenant_session(tenant) as session:
        pattern = create_document(
            session, kind="pattern", title="Hero", language="en", execution_id=None, created_by=None
        ).id
    with pytest.raises(NotFoundError, match="no book with id"):
        get_book(instance, tenant_id=tenant, document_id=pattern)
    assert list_books(instance, tenant_id=tenant).total == 1
    # A version stored without its files (before exports were part of the run) is exported
    # when a format is first opened.
    assert exported_formats(instance, tenant_id=tenant, document_id=book_id, version=1) == []
    download = open_book_format(instance, tenant_id=tenant, document_id=book_id, fmt="md")
    assert download.info.content_type.startswith("text/markdown")
    assert b"".join(download).strip()
    assert exported_formats(instance, tenant_id=tenant, document_id=book_id, version=1) == ["md"]
    # A book stored without a run has no chapter to write again.
    with pytest.raises(ConflictError, match="not written by a run"):
        asyncio.run(regenerate_chapter(instance, tenant_id=tenant, document_id=book_id, number=1))


def test_a_chapter_edit_is_checked_before_anything_is_stored(instance: Instance) -> None:
    tenant, _ = make_workspace(instance)
    book_id = stored_book(instance, tenant)
    for number, text, needle in [
        (1, "* * *\n\n## Only a heading", "at least one paragraph"),
        (1, "x" * 20_001, "at most 20000 characters"),
        (3, "A chapter the book does not have.", "no chapter 3"),
    ]:
        with pytest.raises(UserInputError, match=needle):
            edit_chapter(
                instance,
                tenant_id=tenant,
                document_id=book_id,
                number=number,
                base_version=1,
                text=text,
            )
    with pytest.raises(NotFoundError, match="no version 2"):
        edit_chapter(
            instance, tenant_id=tenant, document_id=book_id, number=1, base_version=2, text="Hi."
        )
    assert get_book(instance, tenant_id=tenant, document_id=book_id).current_version == 1


def test_chapter_text_round_trips_prose_that_looks_like_markup() -> None:
    chapter = Chapter(
        number=1,
        title="Signs",
        blocks=[
            Paragraph(text="## not a heading"),
            Paragraph(text="* * *"),
            Subheading(text="A real heading"),
            Paragraph(text="\\ a backslash first"),
            SceneBreak(),
            Paragraph(text="<script>alert(1)</script> stays text"),
        ],
    )
    text = chapter_text(chapter)
    assert text.splitlines()[0] == "\\## not a heading"
    assert blocks_from_text(text) == chapter.blocks
    # A wrapped paragraph stays one paragraph; stray breaks at the ends are dropped.
    assert blocks_from_text("* * *\n\nOne\nparagraph\r\n  here.\n\n***\n\n") == [
        Paragraph(text="One paragraph here.")
    ]
