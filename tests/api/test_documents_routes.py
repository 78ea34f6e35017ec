"""``/api/v1/documents`` through the public API only: generate, edit, regenerate, export,
download, delete; two writers of one version; roles and tenant walls.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from presswright.bootstrap import Instance
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.store.models import Role
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from tests.api.conftest import MakeMember, Member, bearer, login
from tests.documents.conftest import FakeStudio

DOCUMENTS = "/api/v1/documents"
BRIEF = {
    "topic": "Baking sourdough bread at home",
    "keywords": ["sourdough bread"],
    "sections": 2,
    "model": "fake:test",
    "wait": 90,
}
# Settled: neither queued nor running (a regenerate answers before its run ends).
SETTLED = ("completed", "failed", "cancelled")


@pytest.fixture
def studio() -> Iterator[FakeStudio]:
    """The fake provider's answers for this test."""
    script = FakeProvider.scripts["fake"] = FakeScript()
    fake = FakeStudio()
    script.add(*[fake] * 200)
    yield fake
    FakeProvider.scripts.pop("fake", None)


def editor(client: TestClient, make_member: MakeMember, instance: Instance) -> dict[str, str]:
    """The headers of an editor of a new workspace with the fake provider configured."""
    return editor_of(client, make_member, instance)[1]


def editor_of(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> tuple[Member, dict[str, str]]:
    """An editor of a new workspace with the fake provider configured, and their headers."""
    member = make_member(Role.EDITOR)
    with instance.database.tenant_session(member.tenant_id) as session:
        create_provider_config(
            session, data=ProviderConfigCreate(name="fake", kind="fake"), box=instance.secretbox
        )
    return member, bearer(login(client, member)["access_token"])


def generate_article(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    """A completed article generation over the API."""
    answer = client.post("/api/v1/content/generate", json=BRIEF, headers=headers)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def settled(client: TestClient, execution_id: str, headers: dict[str, str]) -> dict[str, Any]:
    """The execution's status once it has settled, polled as a client would."""
    deadline = time.monotonic() + 90
    while True:
        status: dict[str, Any] = client.get(
            f"/api/v1/executions/{execution_id}", headers=headers
        ).json()
        if status["status"] in SETTLED:
            return status
        assert time.monotonic() < deadline, f"execution {execution_id} never settled"
        time.sleep(0.1)


def with_excerpt(body: dict[str, Any], excerpt: str) -> dict[str, Any]:
    """An article body with another excerpt: a manual edit that meets the contract."""
    return {**body, "excerpt": excerpt}


@pytest.mark.timeout(240)
def test_generate_edit_regenerate_export_download_delete(
    served: TestClient, make_member: MakeMember, instance: Instance, studio: FakeStudio
) -> None:
    headers = editor(served, make_member, instance)
    generated = generate_article(served, headers)
    doc_id, execution_id = generated["document_id"], generated["execution_id"]

    document = served.get(f"{DOCUMENTS}/{doc_id}", headers=headers)
    assert document.status_code == 200, document.text
    assert document.headers["etag"] == '"1"'
    shown = document.json()
    assert (shown["kind"], shown["status"], shown["current_version"]) == ("article", "ready", 1)
    assert shown["execution_id"] == execution_id
    assert shown["title"] == generated["content"]["title"] and shown["word_count"] > 50
    v1 = served.get(f"{DOCUMENTS}/{doc_id}/versions/1", headers=headers).json()
    assert v1["body"] == generated["content"] and v1["source"] == "generated"

    # A manual edit of version 1 becomes version 2.
    excerpt = generated["content"]["excerpt"].rstrip(".") + ", step by step."
    patched = served.patch(
        f"{DOCUMENTS}/{doc_id}",
        json={"content": with_excerpt(v1["body"], excerpt)},
        headers={**headers, "If-Match": '"1"'},
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["current_version"] == 2 and patched.headers["etag"] == '"2"'

    # Regenerating a node of the run that made it adds version 3; nothing is overwritten.
    again = served.post(
        f"/api/v1/executions/{execution_id}/regenerate", json={"node_id": "seo"}, headers=headers
    )
    assert again.status_code == 202, again.text
    assert settled(served, execution_id, headers)["status"] == "completed"
    versions = served.get(f"{DOCUMENTS}/{doc_id}/versions", headers=headers).json()
    assert [(v["version"], v["source"]) for v in versions] == [
        (1, "generated"),
        (2, "edited"),
        (3, "regenerated"),
    ]
    v2 = served.get(f"{DOCUMENTS}/{doc_id}/versions/2", headers=headers).json()
    assert v2["body"]["excerpt"] == excerpt
    listed = served.get(DOCUMENTS, params={"q": "SOURDOUGH", "kind": "article"}, headers=headers)
    assert [item["id"] for item in listed.json()["items"]] == [doc_id]

    # Export version 2 as a page and download it through the file store.
    exported = served.post(
        f"{DOCUMENTS}/{doc_id}/exports", json={"format": "html", "version": 2}, headers=headers
    )
    assert exported.status_code == 201, exported.text
    export = exported.json()
    assert export["download_url"] == f"/api/v1/files/{export['file']['id']}/content"
    assert export["file"]["owner"] == f"document:{doc_id}"
    download = served.get(export["download_url"], headers=headers)
    assert download.status_code == 200, download.text
    assert download.headers["content-type"].startswith("text/html")
    assert excerpt in download.text or generated["content"]["title"] in download.text
    assert download.content.lower().lstrip().startswith(b"<!doctype html>")

    # Deleting the document deletes its versions and its files: the file is 404 now.
    assert served.delete(f"{DOCUMENTS}/{doc_id}", headers=headers).status_code == 204
    assert served.get(f"{DOCUMENTS}/{doc_id}", headers=headers).status_code == 404
    assert served.get(f"{DOCUMENTS}/{doc_id}/versions", headers=headers).status_code == 404
    assert served.get(export["download_url"], headers=headers).status_code == 404
    gone = served.get(f"/api/v1/files/{export['file']['id']}", headers=headers)
    assert gone.status_code == 404


@pytest.mark.timeout(240)
def test_two_writers_of_one_version_one_wins_the_other_gets_409_and_keeps_the_edit(
    served: TestClient, make_member: MakeMember, instance: Instance, studio: FakeStudio
) -> None:
    headers = editor(served, make_member, instance)
    generated = generate_article(served, headers)
    doc_id = generated["document_id"]
    edits = [
        with_excerpt(generated["content"], f"Sourdough bread at home, edit number {n}.")
        for n in (1, 2)
    ]
    barrier = threading.Barrier(2)
    answers: dict[int, Any] = {}

    def write(n: int) -> None:
        barrier.wait()
        answers[n] = served.patch(
            f"{DOCUMENTS}/{doc_id}",
            json={"base_version": 1, "content": edits[n]},
            headers=headers,
        )

    threads = [threading.Thread(target=write, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    codes = sorted(answer.status_code for answer in answers.values())
    assert codes == [200, 409], [a.text for a in answers.values()]
    (winner,) = [n for n, a in answers.items() if a.status_code == 200]
    (loser,) = [n for n, a in answers.items() if a.status_code == 409]
    problem = answers[loser].json()
    assert "is at version 2, not 1" in problem["detail"]
    assert answers[loser].headers["content-type"] == "application/problem+json"

    current = served.get(f"{DOCUMENTS}/{doc_id}/versions/2", headers=headers).json()
    assert current["body"]["excerpt"] == edits[winner]["excerpt"]
    (draft,) = served.get(f"{DOCUMENTS}/{doc_id}/drafts", headers=headers).json()
    assert draft["id"] in problem["detail"]
    assert draft["body"]["excerpt"] == edits[loser]["excerpt"] and draft["base_version"] == 1
    assert served.get(f"{DOCUMENTS}/{doc_id}/versions/3", headers=headers).status_code == 404


@pytest.mark.timeout(240)
def test_edits_are_checked_and_must_name_their_version(
    served: TestClient, make_member: MakeMember, instance: Instance, studio: FakeStudio
) -> None:
    headers = editor(served, make_member, instance)
    generated = generate_article(served, headers)
    url = f"{DOCUMENTS}/{generated['document_id']}"
    broken = {**generated["content"], "body_html": "<p>x</p><script>alert(1)</script>"}
    refused = served.patch(url, json={"base_version": 1, "content": broken}, headers=headers)
    assert refused.status_code == 422, refused.text
    assert refused.json()["type"] == "urn:presswright:problem:content-contract"
    assert "body_html" in refused.json()["detail"]
    unnamed = served.patch(url, json={"content": generated["content"]}, headers=headers)
    assert unnamed.status_code == 422 and "body.base_version" in unnamed.json()["detail"]
    mismatch = served.patch(
        url,
        json={"base_version": 1, "content": generated["content"]},
        headers={**headers, "If-Match": '"2"'},
    )
    assert mismatch.status_code == 422, mismatch.text
    bad_tag = served.patch(
        url, json={"content": generated["content"]}, headers={**headers, "If-Match": "*"}
    )
    assert bad_tag.status_code == 422 and "if-match" in bad_tag.json()["detail"]
    assert served.get(url, headers=headers).json()["current_version"] == 1


@pytest.mark.timeout(240)
def test_generation_answers_name_the_document_also_while_running(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    headers = editor(client, make_member, instance)
    accepted = client.post(
        "/api/v1/patterns/generate",
        json={"description": "Hero with a call to action for a small bakery", "wait": 0},
        headers=headers,
    )
    assert accepted.status_code == 202, accepted.text
    body = accepted.json()
    document = client.get(f"{DOCUMENTS}/{body['document_id']}", headers=headers).json()
    assert (document["kind"], document["status"]) == ("pattern", "generating")
    assert document["execution_id"] == body["execution_id"] and document["current_version"] == 0
    listed = client.get(DOCUMENTS, params={"status": "generating"}, headers=headers).json()
    assert [item["id"] for item in listed["items"]] == [body["document_id"]]
    assert listed["total"] == 1 and listed["next_offset"] is None


@pytest.mark.timeout(240)
def test_roles_and_tenant_walls(
    served: TestClient, make_member: MakeMember, instance: Instance, studio: FakeStudio
) -> None:
    member, headers = editor_of(served, make_member, instance)
    generated = generate_article(served, headers)
    url = f"{DOCUMENTS}/{generated['document_id']}"
    outsider = bearer(login(served, make_member(Role.OWNER))["access_token"])
    for method, path, body in (
        ("GET", url, None),
        ("GET", f"{url}/versions", None),
        ("GET", f"{url}/versions/1", None),
        ("PATCH", url, {"base_version": 1, "content": generated["content"]}),
        ("POST", f"{url}/exports", {"format": "md"}),
        ("DELETE", url, None),
    ):
        answer = served.request(method, path, json=body, headers=outsider)
        assert answer.status_code == 404, (method, path, answer.text)
    assert served.get(DOCUMENTS, headers=outsider).json()["total"] == 0

    viewer_member = make_member(Role.VIEWER, tenant_id=member.tenant_id)
    viewer = bearer(login(served, viewer_member)["access_token"])
    assert served.get(url, headers=viewer).status_code == 200
    assert served.delete(url, headers=viewer).status_code == 403
    exported = served.post(f"{url}/exports", json={"format": "pdf"}, headers=headers)
    assert exported.status_code == 422, exported.text
    assert served.get(f"{url}/versions/9", headers=headers).status_code == 404
