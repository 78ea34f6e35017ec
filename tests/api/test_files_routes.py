"""Files over the API: upload, list, metadata, streaming download, delete; limits, walls, names.

Runs on SQLite and PostgreSQL, each with the local and the S3 blob backend (moto).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from werkzeug.http import parse_options_header  # comes with moto[server]

from presswright.api import create_app
from presswright.bootstrap import Instance
from presswright.files import open_file_store
from presswright.settings import Settings
from presswright.store.api_keys import create_api_key
from presswright.store.models import Role
from tests.api.conftest import MakeMember, Member
from tests.files.backends import blob_keys, file_backend, file_settings, s3_bucket, s3_endpoint

__all__ = ["file_backend", "s3_bucket", "s3_endpoint"]

BASE = "/api/v1/files"
LIMIT = 100_000


@pytest.fixture
def settings(
    backend: str, file_backend: str, settings: Settings, request: pytest.FixtureRequest
) -> Settings:
    """The API test settings on a blob backend, with a 100 kB file limit."""
    return file_settings(request, settings, file_backend, max_file_bytes=LIMIT)


def key_headers(instance: Instance, member: Member) -> dict[str, str]:
    """Headers authenticating as ``member`` with a new API key."""
    with instance.database.tenant_session(member.tenant_id) as session:
        _, raw = create_api_key(session, user_id=member.user_id, name="test")
    return {"X-API-Key": raw}


def _upload(
    client: TestClient,
    headers: dict[str, str],
    data: bytes,
    *,
    filename: str = "report.bin",
    content_type: str = "application/octet-stream",
) -> dict[str, object]:
    response = client.post(
        BASE,
        params={"filename": filename},
        content=data,
        headers={**headers, "Content-Type": content_type},
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def _nothing_stored(client: TestClient, headers: dict[str, str], instance: Instance) -> None:
    assert client.get(BASE, headers=headers).json() == []
    assert blob_keys(open_file_store(instance.settings)) == []


def test_upload_list_read_and_download_round_trip(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    editor = key_headers(instance, make_member(Role.EDITOR))
    data = os.urandom(LIMIT - 1)
    created = client.post(
        BASE,
        params={"filename": "guide.pdf"},
        content=data,
        headers={**editor, "Content-Type": "application/pdf"},
    )
    assert created.status_code == 201, created.text
    info = created.json()
    assert created.headers["location"] == f"{BASE}/{info['id']}"
    assert info["size"] == len(data)
    assert info["sha256"] == hashlib.sha256(data).hexdigest()
    assert (info["filename"], info["content_type"], info["owner"]) == (
        "guide.pdf",
        "application/pdf",
        None,
    )
    assert client.get(BASE, headers=editor).json() == [info]
    assert client.get(f"{BASE}/{info['id']}", headers=editor).json() == info

    download = client.get(f"{BASE}/{info['id']}/content", headers=editor)
    assert download.status_code == 200
    assert download.content == data
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-length"] == str(len(data))
    assert download.headers["etag"] == f'"{info["sha256"]}"'
    assert download.headers["content-disposition"].startswith("attachment;")


def test_a_declared_length_over_the_limit_is_refused_unread(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    editor = key_headers(instance, make_member(Role.EDITOR))
    response = client.post(
        BASE, params={"filename": "big.bin"}, content=b"x" * (LIMIT + 1), headers=editor
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert "limit of 100000 bytes" in problem["detail"]
    assert problem["type"].endswith("file-too-large")
    _nothing_stored(client, editor, instance)


def test_a_body_longer_than_its_declared_length_is_refused_while_it_streams(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    editor = key_headers(instance, make_member(Role.EDITOR))
    response = client.post(
        BASE,
        params={"filename": "liar.bin"},
        content=b"x" * (3 * LIMIT),
        headers={**editor, "Content-Length": "10"},
    )
    assert response.status_code == 413
    assert "limit of 100000 bytes" in response.json()["detail"]
    _nothing_stored(client, editor, instance)


def test_a_chunked_body_over_the_limit_is_refused_while_it_streams(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    editor = key_headers(instance, make_member(Role.EDITOR))
    sent: list[int] = []

    def body() -> Iterator[bytes]:
        for _ in range(30):
            sent.append(1)
            yield b"y" * 10_000

    response = client.post(BASE, params={"filename": "stream.bin"}, content=body(), headers=editor)
    assert response.status_code == 413
    assert "limit of 100000 bytes" in response.json()["detail"]
    _nothing_stored(client, editor, instance)


def test_the_request_body_limit_of_other_routes_does_not_cap_uploads(
    make_member: MakeMember, instance: Instance
) -> None:
    instance.settings = instance.settings.model_copy(update={"max_request_body": 2048})
    editor = key_headers(instance, make_member(Role.EDITOR))
    data = os.urandom(50_000)
    with TestClient(create_app(instance), raise_server_exceptions=False) as small:
        info = _upload(small, editor, data)
        assert small.get(f"{BASE}/{info['id']}/content", headers=editor).content == data
        refused = small.post("/api/v1/brand-profiles", content=b"{" * 4096, headers=editor)
        assert refused.status_code == 413


def test_non_ascii_names_reach_the_download_whole(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    editor = key_headers(instance, make_member(Role.EDITOR))
    name = 'Grüße \u2013 "Bäckerei" 2026; 日本語 100%.txt'
    info = _upload(client, editor, b"hallo", filename=name, content_type="text/plain")
    assert info["filename"] == name
    download = client.get(f"{BASE}/{info['id']}/content", headers=editor)
    disposition = download.headers["content-disposition"]
    assert disposition.isascii()
    assert "filename*=UTF-8''" in disposition
    # Read as a browser does (RFC 6266): filename* wins, decoded exactly.
    kind, parameters = parse_options_header(disposition)
    assert (kind, parameters["filename"]) == ("attachment", name)
    fallback = disposition.split('filename="', 1)[1].split('"', 1)[0]
    assert fallback == "Gru_e _ _Backerei_ 2026; ___ 100_.txt"
    assert download.headers["content-type"].startswith("text/plain")


def test_a_deleted_file_answers_404_never_its_bytes(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    editor = key_headers(instance, make_member(Role.EDITOR))
    info = _upload(client, editor, b"secret plans")
    url = f"{BASE}/{info['id']}"
    assert client.delete(url, headers=editor).status_code == 204
    for path in (url, f"{url}/content"):
        gone = client.get(path, headers=editor)
        assert gone.status_code == 404
        assert b"secret plans" not in gone.content
    assert client.delete(url, headers=editor).status_code == 404
    _nothing_stored(client, editor, instance)


def test_a_file_whose_content_vanished_answers_404(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    member = make_member(Role.EDITOR)
    editor = key_headers(instance, member)
    info = _upload(client, editor, b"here today")
    open_file_store(instance.settings).blobs.delete(f"{member.tenant_id}/{info['id']}")
    gone = client.get(f"{BASE}/{info['id']}/content", headers=editor)
    assert gone.status_code == 404
    assert "gone from the file store" in gone.json()["detail"]


def test_another_workspace_sees_404_for_every_file_route(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    owner = key_headers(instance, make_member(Role.OWNER))
    info = _upload(client, owner, b"ours")
    stranger = key_headers(instance, make_member(Role.OWNER))
    url = f"{BASE}/{info['id']}"
    assert client.get(BASE, headers=stranger).json() == []
    assert client.get(url, headers=stranger).status_code == 404
    assert client.get(f"{url}/content", headers=stranger).status_code == 404
    assert client.delete(url, headers=stranger).status_code == 404
    assert client.get(f"{url}/content", headers=owner).content == b"ours"


def test_viewers_read_and_only_editors_write(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    editor_member = make_member(Role.EDITOR)
    editor = key_headers(instance, editor_member)
    viewer = key_headers(instance, make_member(Role.VIEWER, tenant_id=editor_member.tenant_id))
    info = _upload(client, editor, b"shared")
    url = f"{BASE}/{info['id']}"
    assert client.get(BASE, headers=viewer).json() == [info]
    assert client.get(f"{url}/content", headers=viewer).content == b"shared"
    refused = client.post(BASE, params={"filename": "x.bin"}, content=b"x", headers=viewer)
    assert refused.status_code == 403
    assert client.delete(url, headers=viewer).status_code == 403
    assert client.post(BASE, params={"filename": "x.bin"}, content=b"x").status_code == 401


@pytest.mark.parametrize("filename", ["../escape.txt", "a\\b.txt", " padded.txt", ""])
def test_unusable_file_names_are_refused_before_anything_is_stored(
    client: TestClient, make_member: MakeMember, instance: Instance, filename: str
) -> None:
    editor = key_headers(instance, make_member(Role.EDITOR))
    response = client.post(BASE, params={"filename": filename}, content=b"data", headers=editor)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.filename"
    _nothing_stored(client, editor, instance)


def test_a_media_type_that_is_no_media_type_is_refused(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    editor = key_headers(instance, make_member(Role.EDITOR))
    response = client.post(
        BASE,
        params={"filename": "x.txt"},
        content=b"data",
        headers={**editor, "Content-Type": "not a type"},
    )
    assert response.status_code == 400
    assert "not a media type" in response.json()["detail"]
    _nothing_stored(client, editor, instance)


def test_a_download_answers_its_etag_with_304_and_no_body(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    editor = key_headers(instance, make_member(Role.EDITOR))
    data = b"a menu" * 1000
    info = _upload(client, editor, data, filename="menu.txt", content_type="text/plain")
    url = f"{BASE}/{info['id']}/content"
    first = client.get(url, headers=editor)
    etag = f'"{hashlib.sha256(data).hexdigest()}"'
    assert first.headers["etag"] == etag  # strong: no W/
    assert first.headers["cache-control"] == "private, no-cache"
    assert first.headers["content-type"].startswith("text/plain")
    assert first.headers["content-disposition"] == (
        "attachment; filename=\"menu.txt\"; filename*=UTF-8''menu.txt"
    )

    for header in (etag, f"W/{etag}", f'"0000", {etag}', "*"):
        cached = client.get(url, headers={**editor, "If-None-Match": header})
        assert cached.status_code == 304, header
        assert cached.content == b""
        assert cached.headers["etag"] == etag
        assert cached.headers["cache-control"] == "private, no-cache"
        assert "content-length" not in cached.headers or cached.headers["content-length"] == "0"

    for header in ('"0000"', etag.strip('"'), f'"{info["id"]}"'):
        fresh = client.get(url, headers={**editor, "If-None-Match": header})
        assert fresh.status_code == 200, header
        assert fresh.content == data
        assert fresh.headers["etag"] == etag


def test_a_conditional_download_of_a_gone_or_foreign_file_is_404(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    owner = key_headers(instance, make_member(Role.OWNER))
    stranger = key_headers(instance, make_member(Role.OWNER))
    info = _upload(client, owner, b"ours")
    url = f"{BASE}/{info['id']}/content"
    etag = f'"{info["sha256"]}"'
    assert client.get(url, headers={**stranger, "If-None-Match": etag}).status_code == 404
    assert client.get(url, headers={**stranger, "If-None-Match": "*"}).status_code == 404
    assert client.delete(f"{BASE}/{info['id']}", headers=owner).status_code == 204
    assert client.get(url, headers={**owner, "If-None-Match": etag}).status_code == 404
