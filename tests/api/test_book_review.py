"""``/api/v1/books/{id}/outline-review`` on the shipped fake provider: a book run paused at
its outline is read, refused bad edits, approved with an edited chapter or rejected."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from presswright.bootstrap import Instance
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.store.models import Role
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from tests.api.conftest import MakeMember, bearer, login
from tests.books.flow_fakes import FakeAuthor
from tests.waiting import wait_until

BOOKS = "/api/v1/books"
BRIEF = {
    "subject": "a sea adventure",
    "chapters": 2,
    "target_words": 600,
    "model": "fake:test",
    "review_outline": True,
}
NEW_TITLE = "The Night the Lamp Went Out"


@pytest.fixture
def backend() -> str:
    """Orchestration does not depend on the storage backend: SQLite only, to keep these fast."""
    return "sqlite"


@pytest.fixture
def author() -> Iterator[FakeAuthor]:
    """The fake provider answers the book flow as a good model would."""
    script = FakeProvider.scripts["fake"] = FakeScript()
    fake = FakeAuthor()
    script.add(*[fake] * 5000)
    yield fake
    FakeProvider.scripts.pop("fake", None)


def _headers(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> tuple[dict[str, str], dict[str, str]]:
    """An editor's and a viewer's headers in a new workspace with the fake provider."""
    editor = make_member(Role.EDITOR)
    viewer = make_member(Role.VIEWER, editor.tenant_id)
    with instance.database.tenant_session(editor.tenant_id) as session:
        create_provider_config(
            session, data=ProviderConfigCreate(name="fake", kind="fake"), box=instance.secretbox
        )
    return (
        bearer(login(client, editor)["access_token"]),
        bearer(login(client, viewer)["access_token"]),
    )


def _status(client: TestClient, execution_id: str, headers: dict[str, str]) -> dict[str, Any]:
    answer = client.get(f"/api/v1/executions/{execution_id}", headers=headers)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def _paused_book(client: TestClient, headers: dict[str, str], **brief: Any) -> tuple[str, str]:
    """A book whose run waits for a review (its outline's by default): (book, execution)."""
    created = client.post(BOOKS, json={**BRIEF, **brief}, headers=headers)
    assert created.status_code == 202, created.text
    book_id, execution_id = created.json()["document_id"], created.json()["execution_id"]
    wait_until(
        lambda: _status(client, execution_id, headers)["status"] == "paused",
        timeout=90,
        interval=0.2,
        message="the book run did not pause for its outline",
    )
    return book_id, execution_id


def _settled(client: TestClient, execution_id: str, headers: dict[str, str]) -> dict[str, Any]:
    def ended() -> dict[str, Any] | None:
        status = _status(client, execution_id, headers)
        return status if status["status"] in ("completed", "failed", "cancelled") else None

    return wait_until(ended, timeout=90, interval=0.2, message="the book run did not end")


def _fields(response: Any) -> dict[str, str]:
    assert response.headers["content-type"] == "application/problem+json", response.text
    return {item["field"]: item["message"] for item in response.json().get("errors") or []}


@pytest.mark.timeout(180)
def test_an_outline_is_read_refused_bad_edits_and_approved_with_a_new_title(
    served: TestClient, make_member: MakeMember, instance: Instance, author: FakeAuthor
) -> None:
    editor, viewer = _headers(served, make_member, instance)
    book_id, execution_id = _paused_book(served, editor)
    review = f"{BOOKS}/{book_id}/outline-review"
    assert author.steps["part"] == 0  # nothing is written before the outline is decided

    read = served.get(review, headers=viewer)
    assert read.status_code == 200, read.text
    outline = read.json()
    assert outline["execution_id"] == execution_id and outline["book_id"] == book_id
    chapters = outline["chapters"]
    assert [chapter["number"] for chapter in chapters] == [1, 2]
    assert chapters[0]["title"] == "The Second Tide of Part 1"
    assert chapters[0]["beats"][0] == "Mara climbs the tower at dusk."
    assert chapters[1]["end_state"].endswith("after part 2.")

    # A viewer reads but does not decide; edits outside the outline's limits are refused
    # naming the field, and an edit of a chapter the outline lacks names its range.
    approve = f"{review}/approve"
    edit = {"number": 1, "title": NEW_TITLE, "goal": chapters[0]["goal"]}
    assert served.post(approve, json={"chapters": [edit]}, headers=viewer).status_code == 403
    short = served.post(approve, json={"chapters": [{**edit, "goal": "Too short"}]}, headers=editor)
    assert short.status_code == 422
    assert "at least 10 characters" in _fields(short)["body.chapters.0.goal"]
    missing = served.post(approve, json={"chapters": [{**edit, "number": 3}]}, headers=editor)
    assert missing.status_code == 400, missing.text
    assert "no chapter 3" in missing.json()["detail"]
    assert "1 to 2" in missing.json()["detail"]
    twice = served.post(approve, json={"chapters": [edit, edit]}, headers=editor)
    assert twice.status_code == 400 and "edited twice" in twice.json()["detail"]
    assert _status(served, execution_id, editor)["status"] == "paused"

    approved = served.post(
        approve, json={"chapters": [edit], "comment": "a darker first chapter"}, headers=editor
    )
    assert approved.status_code == 202, approved.text
    assert approved.headers["location"] == f"/api/v1/executions/{execution_id}"
    assert _settled(served, execution_id, editor)["status"] == "completed"
    written = served.get(f"{BOOKS}/{book_id}/chapters", headers=editor).json()["chapters"]
    assert [chapter["title"] for chapter in written] == [NEW_TITLE, chapters[1]["title"]]
    assert any(f"Chapter 1: {NEW_TITLE}." in prompt for prompt in author.prompts["summary"])

    # Decided once: the book no longer waits for its outline.
    again = served.get(review, headers=editor)
    assert again.status_code == 409
    assert "not waiting for an outline review" in again.json()["detail"]
    assert served.post(approve, headers=editor).status_code == 409


@pytest.mark.timeout(180)
def test_a_rejected_outline_fails_the_run_with_the_reviewers_reason(
    served: TestClient, make_member: MakeMember, instance: Instance, author: FakeAuthor
) -> None:
    editor, _ = _headers(served, make_member, instance)
    book_id, execution_id = _paused_book(served, editor)
    rejected = served.post(
        f"{BOOKS}/{book_id}/outline-review/reject",
        json={"comment": "the chapters repeat each other"},
        headers=editor,
    )
    assert rejected.status_code == 202, rejected.text
    final = _settled(served, execution_id, editor)
    assert final["status"] == "failed"
    assert "the chapters repeat each other" in (final["error"] or "")
    assert author.steps["part"] == 0
    book = served.get(f"{BOOKS}/{book_id}", headers=editor).json()
    assert book["status"] == "failed" and book["current_version"] == 0


@pytest.mark.timeout(180)
def test_a_book_waiting_for_its_book_review_is_not_taken_for_an_outline_review(
    served: TestClient, make_member: MakeMember, instance: Instance, author: FakeAuthor
) -> None:
    editor, _ = _headers(served, make_member, instance)
    book_id, execution_id = _paused_book(served, editor, review_outline=False, review_book=True)
    review = served.get(f"{BOOKS}/{book_id}/outline-review", headers=editor)
    assert review.status_code == 409
    assert "waits for the review of 'book_review'" in review.json()["detail"]
    approve = served.post(f"{BOOKS}/{book_id}/outline-review/approve", headers=editor)
    assert approve.status_code == 409
    assert _status(served, execution_id, editor)["status"] == "paused"


def test_an_unknown_book_is_404_and_a_malformed_id_422(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    editor, _ = _headers(client, make_member, instance)
    unknown = client.get(
        f"{BOOKS}/00000000-0000-4000-8000-000000000000/outline-review", headers=editor
    )
    assert unknown.status_code == 404, unknown.text
    bad = client.post(f"{BOOKS}/not-a-uuid/outline-review/reject", headers=editor)
    assert bad.status_code == 422
