"""A book's chapters by title while its first run is under way (issue 18), over the API.

``GET /api/v1/books/{id}`` during the first run (no version yet) answers each chapter's
title as soon as the outline is written, with its state and, once written, its length: the
run is held after its outline (the outline review) and after its chapters (the book review)
and the book is read at each hold, then once more when the run has finished. The fake
provider answers as :class:`~tests.books.flow_fakes.FakeAuthor`; the run executes in this
process. A chapter renamed by hand afterwards is named so in the progress as well.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from presswright.api import create_app
from presswright.books.service import book_chapters, edit_chapter, get_book
from presswright.bootstrap import Instance
from presswright.flows.runtime import Runtime
from presswright.store.models import Role
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from presswright.store.tenancy import add_member, create_tenant, create_user
from tests.books.flow_fakes import FakeAuthor
from tests.books.service_runs import written_book
from tests.waiting import wait_until

BOOKS = "/api/v1/books"
PASSWORD = "correct horse battery"
BRIEF = {
    "subject": "a sea adventure",
    "chapters": 2,
    "target_words": 600,
    "model": "fake:test",
    "review_outline": True,
    "review_book": True,
}
OUTLINED = ["The Second Tide of Part 1", "The Third Tide of Part 2"]  # FakeAuthor's titles
NEW_TITLE = "The Night the Lamp Went Out"


@pytest.fixture
def backend() -> str:
    """Orchestration does not depend on the storage backend: SQLite only, to keep these fast."""
    return "sqlite"


@pytest.fixture
def served(instance: Instance, runtime: Runtime) -> Iterator[TestClient]:
    """The API over the test instance, its runs executed in this process (as under serve)."""
    with TestClient(create_app(instance, runtime=runtime), raise_server_exceptions=False) as client:
        yield client


def _editor(client: TestClient, instance: Instance) -> dict[str, str]:
    """An editor of a new workspace that has the fake provider configured: their headers."""
    email = f"editor-{uuid.uuid4().hex[:8]}@example.com"
    with instance.database.system_session() as session:
        tenant_id = create_tenant(session, name="Books in progress").id
        user_id = create_user(session, email=email, password=PASSWORD).id
    with instance.database.tenant_session(tenant_id) as session:
        add_member(session, user_id=user_id, role=Role.EDITOR)
        create_provider_config(
            session, data=ProviderConfigCreate(name="fake", kind="fake"), box=instance.secretbox
        )
    tokens = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert tokens.status_code == 200, tokens.text
    return {"Authorization": f"Bearer {tokens.json()['access_token']}"}


def _book(client: TestClient, book_id: str, headers: dict[str, str]) -> dict[str, Any]:
    answer = client.get(f"{BOOKS}/{book_id}", headers=headers)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def _waits_for(client: TestClient, book_id: str, review: str, headers: dict[str, str]) -> None:
    """Wait until the book's run is held at ``review`` (outline-review or book-review)."""
    wait_until(
        lambda: client.get(f"{BOOKS}/{book_id}/{review}", headers=headers).status_code == 200,
        timeout=90,
        interval=0.2,
        message=f"the book's run was not held at its {review}",
    )


def _chapters(book: dict[str, Any]) -> list[tuple[int, str | None, str]]:
    """(number, title, state) of each chapter of the book's progress."""
    return [(c["number"], c["title"], c["state"]) for c in book["progress"]["per_chapter"]]


@pytest.mark.timeout(180)
def test_the_chapters_titles_and_states_are_read_while_the_first_run_is_under_way(
    served: TestClient, instance: Instance, author: FakeAuthor
) -> None:
    headers = _editor(served, instance)
    created = served.post(BOOKS, json=BRIEF, headers=headers)
    assert created.status_code == 202, created.text
    book_id, execution_id = created.json()["document_id"], created.json()["execution_id"]

    # Held after the outline: no version yet, every chapter titled from the outline, pending.
    _waits_for(served, book_id, "outline-review", headers)
    book = _book(served, book_id, headers)
    assert (book["status"], book["current_version"], book["chapters"]) == ("generating", 0, [])
    assert book["progress"]["outlined"] is True
    assert _chapters(book) == [(1, OUTLINED[0], "pending"), (2, OUTLINED[1], "pending")]
    assert [(c["words"], c["target"]) for c in book["progress"]["per_chapter"]] == [(None, 300)] * 2

    # The reviewer renames chapter 1: the chapters are written under the reviewed title.
    goal = served.get(f"{BOOKS}/{book_id}/outline-review", headers=headers).json()["chapters"][0]
    approved = served.post(
        f"{BOOKS}/{book_id}/outline-review/approve",
        json={"chapters": [{"number": 1, "title": NEW_TITLE, "goal": goal["goal"]}]},
        headers=headers,
    )
    assert approved.status_code == 202, approved.text

    # Held after the chapters: still no version; each chapter done with its length.
    _waits_for(served, book_id, "book-review", headers)
    book = _book(served, book_id, headers)
    assert (book["current_version"], book["chapters"]) == (0, [])
    assert _chapters(book) == [(1, NEW_TITLE, "done"), (2, OUTLINED[1], "done")]
    words = [c["words"] for c in book["progress"]["per_chapter"]]
    assert all(isinstance(count, int) and count > 0 for count in words), words
    assert book["progress"]["written"] == [1, 2]

    approved = served.post(f"{BOOKS}/{book_id}/book-review/approve", json={}, headers=headers)
    assert approved.status_code == 202, approved.text

    def finished() -> dict[str, Any] | None:
        book = _book(served, book_id, headers)
        return book if book["current_version"] == 1 else None

    book = wait_until(finished, timeout=90, interval=0.2, message="the book run did not finish")
    assert execution_id == book["execution_id"]
    # Finished: the progress names the chapters as the version does.
    assert _chapters(book) == [(1, NEW_TITLE, "done"), (2, OUTLINED[1], "done")]
    assert [c["title"] for c in book["chapters"]] == [NEW_TITLE, OUTLINED[1]]


@pytest.mark.timeout(120)
def test_a_book_without_an_outline_yet_has_untitled_pending_chapters(
    served: TestClient, instance: Instance
) -> None:
    # No author answers (the fake provider echoes the prompt): the plan fails, no outline.
    headers = _editor(served, instance)
    created = served.post(BOOKS, json=BRIEF, headers=headers)
    assert created.status_code == 202, created.text
    book_id = created.json()["document_id"]
    book = wait_until(
        lambda: (found := _book(served, book_id, headers))["status"] == "failed" and found,
        timeout=90,
        interval=0.2,
        message="the book run did not fail",
    )
    assert book["progress"]["outlined"] is False
    assert _chapters(book) == [(1, None, "pending"), (2, None, "pending")]


@pytest.mark.timeout(120)
def test_a_chapter_renamed_by_hand_is_named_so_in_the_progress_too(
    instance: Instance, runtime: Runtime, author: FakeAuthor
) -> None:
    tenant, _, book_id, _ = written_book(instance, runtime)
    chapters = book_chapters(instance, tenant_id=tenant, document_id=book_id).chapters
    edit_chapter(
        instance,
        tenant_id=tenant,
        document_id=book_id,
        number=2,
        base_version=1,
        text=chapters[1].text,
        title=NEW_TITLE,
    )
    book = get_book(instance, tenant_id=tenant, document_id=book_id)
    assert book.progress is not None
    titles = [chapter.title for chapter in book.progress.per_chapter]
    assert titles == [chapters[0].title, NEW_TITLE, chapters[2].title]
    assert [chapter.title for chapter in book.chapters] == titles
    assert [chapter.state for chapter in book.progress.per_chapter] == ["done"] * 3
