"""``/api/v1/books/{id}/book-review`` on the shipped fake provider: a book run paused after
its continuity pass shows the flagged issues by chapter, then is approved (the book is
compiled) or sent back (the run stops with the reason, and a chapter written again is
reviewed again)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from presswright.books.export.html import html_edition_policy
from presswright.bootstrap import Instance
from presswright.llm.providers.fake import FakeProvider, FakeScript
from tests.api.conftest import MakeMember
from tests.api.test_book_review import _headers, _paused_book, _settled, _status
from tests.books.flow_fakes import FakeAuthor
from tests.waiting import wait_until

BOOKS = "/api/v1/books"
CLAIM = "The lamp failed for the first time in early June."
FACT = "The lamp fails in December."


@pytest.fixture
def backend() -> str:
    """Orchestration does not depend on the storage backend: SQLite only, to keep these fast."""
    return "sqlite"


@pytest.fixture
def author() -> Iterator[FakeAuthor]:
    """A good model's answers, except that chapter 2's first draft contradicts the timeline."""
    script = FakeProvider.scripts["fake"] = FakeScript()
    fake = FakeAuthor(contradiction={2: (CLAIM, FACT)})
    script.add(*[fake] * 5000)
    yield fake
    FakeProvider.scripts.pop("fake", None)


@pytest.mark.timeout(180)
def test_the_flagged_issues_are_read_by_chapter_and_the_chapters_approved(
    served: TestClient, make_member: MakeMember, instance: Instance, author: FakeAuthor
) -> None:
    editor, viewer = _headers(served, make_member, instance)
    book_id, execution_id = _paused_book(served, editor, review_outline=False, review_book=True)
    review = f"{BOOKS}/{book_id}/book-review"

    read = served.get(review, headers=viewer)
    assert read.status_code == 200, read.text
    body = read.json()
    assert body["execution_id"] == execution_id and body["book_id"] == book_id
    assert [c["number"] for c in body["chapters"]] == [1, 2]
    assert [(c["rewritten"], c["issues"]) for c in body["chapters"]] == [(False, 0), (True, 1)]
    assert body["chapters"][1]["title"] == "The Third Tide of Part 2"
    assert body["chapters"][1]["words"] > 0
    [issue] = body["issues"]
    assert (issue["chapter"], issue["kind"], issue["severity"]) == (2, "timeline", "error")
    assert issue["quote"] == CLAIM and FACT in issue["detail"] and issue["fixed"] is True
    assert (body["found"], body["fixed"], body["errors_left"]) == (1, 1, 0)
    # The outline's review route names the review the run waits for and where to decide it.
    outline = served.get(f"{BOOKS}/{book_id}/outline-review", headers=editor)
    assert outline.status_code == 409 and "on the book's page" in outline.json()["detail"]

    approve = f"{review}/approve"
    assert served.post(approve, headers=viewer).status_code == 403
    unknown = served.post(approve, json={"verdict": "yes"}, headers=editor)
    assert unknown.status_code == 422
    assert _status(served, execution_id, editor)["status"] == "paused"
    approved = served.post(approve, json={"comment": "fine as it is"}, headers=editor)
    assert approved.status_code == 202, approved.text
    assert approved.headers["location"] == f"/api/v1/executions/{execution_id}"
    assert _settled(served, execution_id, editor)["status"] == "completed"
    book = served.get(f"{BOOKS}/{book_id}", headers=editor).json()
    assert book["current_version"] == 1
    # The HTML edition is served under its own policy: its <style> by hash, nothing else.
    edition = served.get(f"{BOOKS}/{book_id}/formats/html", headers=viewer)
    assert edition.status_code == 200, edition.text
    policy = edition.headers["content-security-policy"]
    assert policy == f"{html_edition_policy()}; frame-ancestors 'none'"
    assert f'content="{html_edition_policy()}"' in edition.text
    again = served.get(review, headers=editor)
    assert again.status_code == 409 and "not waiting for a book review" in again.json()["detail"]
    assert served.post(f"{review}/send-back", headers=editor).status_code == 409


@pytest.mark.timeout(240)
def test_chapters_sent_back_stop_the_run_and_a_chapter_written_again_is_reviewed_again(
    served: TestClient, make_member: MakeMember, instance: Instance, author: FakeAuthor
) -> None:
    editor, _ = _headers(served, make_member, instance)
    book_id, execution_id = _paused_book(served, editor, review_outline=False, review_book=True)
    sent = served.post(
        f"{BOOKS}/{book_id}/book-review/send-back",
        json={"comment": "chapter 2 forgets the winter"},
        headers=editor,
    )
    assert sent.status_code == 202, sent.text
    final = _settled(served, execution_id, editor)
    assert final["status"] == "failed"
    assert "chapter 2 forgets the winter" in (final["error"] or "")
    assert served.get(f"{BOOKS}/{book_id}", headers=editor).json()["current_version"] == 0

    parts = author.parts_of[1]
    again = served.post(f"{BOOKS}/{book_id}/chapters/2/regenerate", headers=editor)
    assert again.status_code == 202, again.text
    rerun = again.json()["execution_id"]
    wait_until(
        lambda: _status(served, rerun, editor)["status"] == "paused",
        timeout=90,
        interval=0.2,
        message="the chapter written again did not come back to the book review",
    )
    assert author.parts_of[1] == parts  # chapter 1 was kept, not written again
    review = served.get(f"{BOOKS}/{book_id}/book-review", headers=editor)
    assert review.status_code == 200, review.text
    assert review.json()["execution_id"] == rerun
