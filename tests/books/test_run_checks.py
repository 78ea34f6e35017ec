"""What a book run and a hand edit check on the way, on the shipped fake provider.

* An export engine that fails as the run finishes keeps the chapters: the version is
  stored, its record and the book say why, and a re-export makes the formats.
* A hand edit runs the continuity rules again on the edited chapter against the run's
  bible and the deaths before it, and the new version's record counts what they found.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from presswright.books.documents import read_book_version
from presswright.books.export import typst_engine
from presswright.books.service import edit_chapter, export_book_formats, get_book
from presswright.bootstrap import Instance
from presswright.flows.runtime import Runtime
from presswright.store.documents import get_version
from tests.books.flow_fakes import FakeAuthor
from tests.books.service_runs import written_book


@pytest.fixture
def backend() -> str:
    """Orchestration does not depend on the storage backend: SQLite only, to keep these fast."""
    return "sqlite"


@pytest.mark.timeout(180)
def test_an_export_engine_failing_at_the_end_of_a_run_keeps_the_chapters(
    instance: Instance,
    runtime: Runtime,
    author: FakeAuthor,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    # A machine without Debian's Noto fonts: typst cannot set the PDF nor the cover.
    monkeypatch.setattr(typst_engine, "FONT_DIRS", (tmp_path,))
    tenant, user, book_id, _ = written_book(instance, runtime)
    book = get_book(instance, tenant_id=tenant, document_id=book_id)
    assert (book.status, book.current_version, len(book.chapters)) == ("ready", 1, 3)
    assert not any(f.exported for f in book.formats)
    assert book.export_error is not None and "not installed" in book.export_error
    with instance.database.tenant_session(tenant) as session:
        record = read_book_version(get_version(session, document_id=book_id, version=1).body).record
    assert record.formats == [] and record.export_error == book.export_error

    monkeypatch.undo()  # the fonts are installed: a re-export finishes the book
    made = export_book_formats(instance, tenant_id=tenant, document_id=book_id, user_id=user)
    assert [(f.format, f.version, f.exported) for f in made] == [
        (name, 1, True) for name in ("epub", "pdf", "docx", "html", "md")
    ]
    assert get_book(instance, tenant_id=tenant, document_id=book_id).export_error is None


@pytest.mark.timeout(180)
def test_a_hand_edit_is_checked_against_the_bible_and_the_deaths_before_it(
    instance: Instance, runtime: Runtime, author: FakeAuthor
) -> None:
    author.deaths = {1: ["Tom"]}  # the outline plans it and chapter 1's summary reports it
    tenant, user, book_id, _ = written_book(instance, runtime)
    before = get_book(instance, tenant_id=tenant, document_id=book_id)
    assert before.continuity is not None
    steps = dict(author.steps)

    text = (
        "Mara climbed the stairs before dawn with the old lamp in her hand.\n\n"
        '"Keep the lamp burning tonight," Tom said softly to Mara.\n\n'
        "Elyas mended the silver nets after supper, and later Elyas counted the boats."
    )
    edited = edit_chapter(
        instance,
        tenant_id=tenant,
        document_id=book_id,
        number=2,
        base_version=1,
        text=text,
        author=user,
    )
    assert author.steps == steps  # the rules ask no model
    found = {(issue.kind, issue.severity, issue.quote) for issue in edited.issues}
    assert found == {
        ("dead_character", "error", '"Keep the lamp burning tonight," Tom said softly to Mara.'),
        ("name", "error", "Elyas"),
    }
    assert all(issue.chapter == 2 and issue.source == "rules" for issue in edited.issues)
    assert edited.chapter.issues_found == 2 and edited.chapter.issues_fixed == 0
    book = get_book(instance, tenant_id=tenant, document_id=book_id)
    assert book.continuity is not None
    assert book.continuity.found == before.continuity.found + 2
    assert book.continuity.errors_left == before.continuity.errors_left + 2
    assert book.chapters[1].issues_found == 2

    # Fixed by hand: the chapter's issues are gone from the next version's record.
    clean = text.replace("Tom said", "Mara said").replace("Elyas", "Elias")
    again = edit_chapter(
        instance, tenant_id=tenant, document_id=book_id, number=2, base_version=2, text=clean
    )
    assert again.issues == [] and again.chapter.issues_found == 0
    book = get_book(instance, tenant_id=tenant, document_id=book_id)
    assert book.continuity is not None
    assert (book.continuity.found, book.continuity.errors_left) == (
        before.continuity.found,
        before.continuity.errors_left,
    )
