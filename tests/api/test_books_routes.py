"""``/api/v1/books`` on the shipped fake provider: a brief in, real files out.

With ``served`` the runs execute in this process (a 202 answers at once; the test follows
the run); with ``client`` nothing runs them, so a book stays queued.
"""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from presswright.books import formats as book_formats
from presswright.books.export import BookFontsMissingError
from presswright.bootstrap import Instance
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.store.models import Role
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from tests.api.conftest import MakeMember, Member, bearer, login
from tests.books.flow_fakes import FakeAuthor
from tests.books.stored_books import stored_book
from tests.waiting import wait_until

BOOKS = "/api/v1/books"
BRIEF = {
    "subject": "a sea adventure",
    "author": "Ada Writer",
    "chapters": 2,
    "target_words": 600,
    "model": "fake:test",
}


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


def member_headers(
    client: TestClient, make_member: MakeMember, instance: Instance, role: Role = Role.EDITOR
) -> tuple[Member, dict[str, str]]:
    """A member of a new workspace that has the fake provider configured, and their headers."""
    member = make_member(role)
    with instance.database.tenant_session(member.tenant_id) as session:
        create_provider_config(
            session, data=ProviderConfigCreate(name="fake", kind="fake"), box=instance.secretbox
        )
    return member, bearer(login(client, member)["access_token"])


def settled(client: TestClient, execution_id: str, headers: dict[str, str]) -> dict[str, Any]:
    """The execution's status document once it ends."""

    def finished() -> dict[str, Any] | None:
        status = client.get(f"/api/v1/executions/{execution_id}", headers=headers).json()
        return status if status["status"] in ("completed", "failed", "cancelled") else None

    return wait_until(finished, timeout=90, interval=0.2, message="the book run did not end")


def problems(response: Any) -> dict[str, str]:
    """A problem document's field errors as {field: message}."""
    assert response.headers["content-type"] == "application/problem+json", response.text
    return {item["field"]: item["message"] for item in response.json().get("errors") or []}


@pytest.mark.timeout(180)
def test_a_brief_becomes_a_book_with_its_record_edits_regenerates_and_downloads(
    served: TestClient, make_member: MakeMember, instance: Instance, author: FakeAuthor
) -> None:
    _, headers = member_headers(served, make_member, instance)
    created = served.post(BOOKS, json=BRIEF, headers=headers)
    assert created.status_code == 202, created.text
    started = created.json()
    book_id, execution_id = started["document_id"], started["execution_id"]
    assert created.headers["location"] == f"/api/v1/executions/{execution_id}"
    assert settled(served, execution_id, headers)["status"] == "completed"

    book = served.get(f"{BOOKS}/{book_id}", headers=headers)
    assert book.status_code == 200 and book.headers["etag"] == '"1"'
    body = book.json()
    assert (body["status"], body["current_version"], body["kind"]) == ("ready", 1, "fiction")
    assert body["brief"]["chapters"] == 2 and body["models"] == ["fake:test"]
    assert body["length"]["target"] == 600 and body["length"]["score"] >= 80
    assert [(c["target"], c["within_tolerance"]) for c in body["chapters"]] == [(300, True)] * 2
    assert body["continuity"]["found"] == 0 and body["continuity"]["fixed"] == 0
    # The run made every format as it finished: nothing waits for a download.
    assert all(item["exported"] and item["version"] == 1 for item in body["formats"])
    assert body["export_error"] is None
    listed = served.get(BOOKS, headers=headers).json()
    assert [item["id"] for item in listed["items"]] == [book_id]

    # Downloads stream the files the run made.
    epub = served.get(f"{BOOKS}/{book_id}/formats/epub", headers=headers)
    assert epub.status_code == 200, epub.text
    assert epub.headers["content-type"] == "application/epub+zip"
    assert epub.headers["content-disposition"].startswith("attachment; filename=")
    assert "-v1.epub" in epub.headers["content-disposition"]
    archive = zipfile.ZipFile(io.BytesIO(epub.content))
    assert archive.namelist()[0] == "mimetype"
    assert archive.read("mimetype") == b"application/epub+zip"
    pdf = served.get(f"{BOOKS}/{book_id}/formats/pdf", headers=headers)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["etag"] == f'"{hashlib.sha256(pdf.content).hexdigest()}"'
    formats = {
        f["format"]: f for f in served.get(f"{BOOKS}/{book_id}", headers=headers).json()["formats"]
    }
    assert formats["epub"]["exported"] and formats["epub"]["size"] == len(epub.content)
    assert formats["pdf"]["sha256"] == hashlib.sha256(pdf.content).hexdigest()
    assert formats["epub"]["file_id"] == body["formats"][0]["file_id"]  # not exported again

    # A hand edit: the next version, measured again, its formats exported again.
    chapters = served.get(f"{BOOKS}/{book_id}/chapters", headers=headers).json()
    first = chapters["chapters"][0]
    text = first["text"] + "\n\nMara closed the door of the lighthouse behind her."
    edit = served.patch(
        f"{BOOKS}/{book_id}/chapters/1",
        json={"text": text},
        headers={**headers, "If-Match": '"1"'},
    )
    assert edit.status_code == 200, edit.text
    edited = edit.json()
    assert edited["version"] == 2 and edit.headers["etag"] == '"2"'
    assert edited["chapter"]["edited"] and edited["chapter"]["words"] == first["words"] + 9
    assert [(f["format"], f["version"]) for f in edited["formats"]] == [
        (name, 2) for name in ("epub", "pdf", "docx", "html", "md", "cover")
    ]
    assert edited["issues"] == [] and edited["chapter"]["issues_found"] == 0
    stale = served.patch(
        f"{BOOKS}/{book_id}/chapters/1", json={"base_version": 1, "text": "Late."}, headers=headers
    )
    assert stale.status_code == 409 and "at version 2, not 1" in stale.json()["detail"]

    # Chapter 2 written again by the engine: the hand edit of chapter 1 is kept.
    again = served.post(f"{BOOKS}/{book_id}/chapters/2/regenerate", headers=headers)
    assert again.status_code == 202, again.text
    assert again.json()["node_id"] == "chapters[1]"
    assert settled(served, execution_id, headers)["status"] == "completed"
    after = served.get(f"{BOOKS}/{book_id}/chapters", headers=headers).json()
    assert after["version"] == 3 and after["chapters"][0]["text"] == text
    assert after["chapters"][1]["text"] != chapters["chapters"][1]["text"]

    exported = served.post(f"{BOOKS}/{book_id}/exports", json={"formats": ["md"]}, headers=headers)
    assert exported.status_code == 201, exported.text
    assert exported.json()["version"] == 3
    markdown = served.get(f"{BOOKS}/{book_id}/formats/md", headers=headers)
    assert markdown.headers["content-type"] == "text/markdown; charset=utf-8"
    assert "Mara closed the door of the lighthouse behind her." in markdown.text
    older = served.get(f"{BOOKS}/{book_id}/formats/md?version=1", headers=headers)
    assert older.status_code == 200 and "Mara closed the door" not in older.text


@pytest.mark.parametrize(
    ("brief", "field", "limit"),
    [
        ({"chapters": 0}, "body.chapters", "1 to 60 chapters"),
        ({"target_words": 10_000_000}, "body.target_words", "500 to 300,000 words"),
        ({"language": "xx"}, "body.language", "the supported languages are en, fa"),
        ({"cover": "watercolour"}, "body.cover", "'typographic' or 'ai'"),
        ({"chapters": 60, "target_words": 3_000}, "body", "under the limit of 150 words a chapter"),
    ],
)
def test_a_brief_outside_the_limits_answers_422_naming_the_limit(
    client: TestClient,
    make_member: MakeMember,
    instance: Instance,
    brief: dict[str, Any],
    field: str,
    limit: str,
) -> None:
    _, headers = member_headers(client, make_member, instance)
    refused = client.post(BOOKS, json={**BRIEF, **brief}, headers=headers)
    assert refused.status_code == 422
    found = problems(refused)
    assert limit in found[field], found
    assert client.get(BOOKS, headers=headers).json()["total"] == 0  # nothing was created


def test_problems_of_books_chapters_and_formats(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    member, headers = member_headers(client, make_member, instance)
    book_id = stored_book(instance, member.tenant_id)
    chapter = f"{BOOKS}/{book_id}/chapters"
    assert client.patch(f"{chapter}/3", json={"base_version": 1, "text": "Hi."}, headers=headers
                        ).status_code == 404  # fmt: skip
    blank = client.patch(f"{chapter}/1", json={"base_version": 1, "text": "* * *"}, headers=headers)
    assert blank.status_code == 422
    assert "at least one paragraph" in problems(blank)["body.text"]
    unnamed = client.patch(f"{chapter}/1", json={"text": "Hi there."}, headers=headers)
    assert unnamed.status_code == 422 and "body.base_version" in problems(unnamed)
    both = client.patch(
        f"{chapter}/1",
        json={"base_version": 1, "text": "Hi there."},
        headers={**headers, "If-Match": '"2"'},
    )
    assert (
        both.status_code == 422
        and "If-Match names version 2" in problems(both)["body.base_version"]
    )
    assert client.get(f"{BOOKS}/{book_id}/formats/mobi", headers=headers).status_code == 422
    assert client.get(f"{BOOKS}/{book_id}/formats/md?version=2", headers=headers).status_code == 404
    stored_run = client.post(f"{chapter}/1/regenerate", headers=headers)
    assert stored_run.status_code == 409 and "not written by a run" in stored_run.json()["detail"]
    assert client.get(f"{BOOKS}/{uuid.uuid4()}", headers=headers).status_code == 404

    # A book whose run nobody runs (no worker here) has no version yet.
    queued = client.post(BOOKS, json=BRIEF, headers=headers).json()["document_id"]
    assert client.get(f"{BOOKS}/{queued}", headers=headers).json()["status"] == "generating"
    assert client.get(f"{BOOKS}/{queued}/chapters", headers=headers).status_code == 409
    assert client.get(f"{BOOKS}/{queued}/formats/epub", headers=headers).status_code == 409
    assert client.post(f"{BOOKS}/{queued}/chapters/1/regenerate", headers=headers).status_code == (
        409
    )
    # A document of another kind is no book.
    pattern = client.post(
        "/api/v1/patterns/generate",
        json={"description": "Hero for the walls of a small bakery", "wait": 0},
        headers=headers,
    ).json()["document_id"]
    assert client.get(f"{BOOKS}/{pattern}", headers=headers).status_code == 404


def test_roles_viewers_read_and_download_editors_write(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    editor, _ = member_headers(client, make_member, instance)
    viewer = make_member(Role.VIEWER, tenant_id=editor.tenant_id)
    headers = bearer(login(client, viewer)["access_token"])
    book_id = stored_book(instance, editor.tenant_id)
    assert client.get(BOOKS, headers=headers).status_code == 200
    assert client.get(f"{BOOKS}/{book_id}", headers=headers).status_code == 200
    assert client.get(f"{BOOKS}/{book_id}/chapters", headers=headers).status_code == 200
    html = client.get(f"{BOOKS}/{book_id}/formats/html", headers=headers)
    assert html.status_code == 200 and html.headers["content-type"] == "text/html; charset=utf-8"
    for method, path, body in [
        ("post", BOOKS, BRIEF),
        ("patch", f"{BOOKS}/{book_id}/chapters/1", {"base_version": 1, "text": "Hi."}),
        ("post", f"{BOOKS}/{book_id}/chapters/1/regenerate", None),
        ("post", f"{BOOKS}/{book_id}/exports", {"formats": ["md"]}),
    ]:
        answer = client.request(method, path, json=body, headers=headers)
        assert answer.status_code == 403, (method, path, answer.text)
    assert client.get(f"{BOOKS}/{book_id}").status_code == 401


def test_an_export_engine_without_its_fonts_answers_503_naming_the_fix(
    client: TestClient, make_member: MakeMember, instance: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    member, headers = member_headers(client, make_member, instance)
    book_id = stored_book(instance, member.tenant_id)

    def no_fonts(*args: Any, **kwargs: Any) -> Any:
        raise BookFontsMissingError("no font covers en", hint="run `make book-deps`")

    monkeypatch.setattr(book_formats, "export_book", no_fonts)
    answer = client.get(f"{BOOKS}/{book_id}/formats/pdf", headers=headers)
    assert answer.status_code == 503
    assert answer.json()["type"] == "urn:presswright:problem:book-fonts-missing"
    assert "make book-deps" in answer.json()["detail"]
    exported = client.post(f"{BOOKS}/{book_id}/exports", json={}, headers=headers)
    assert exported.status_code == 503
