"""Uploads as multipart/form-data forms (``curl -F``, browser forms, the web studio).

Runs on SQLite and PostgreSQL, each with the local and the S3 blob backend (moto); the
curl tests send real forms to the app served by uvicorn on loopback.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from presswright.api import create_app
from presswright.bootstrap import Instance
from presswright.files import open_file_store
from presswright.files.multipart import FORM_ALLOWANCE
from presswright.store.models import Role
from tests.api.conftest import MakeMember
from tests.api.test_files_routes import BASE, LIMIT, key_headers, settings
from tests.files.backends import blob_keys, file_backend, s3_bucket, s3_endpoint
from tests.loopback import served

__all__ = ["file_backend", "s3_bucket", "s3_endpoint", "settings"]

BOUNDARY = "pw-test-boundary-7f3a"
FORM = f"multipart/form-data; boundary={BOUNDARY}"


def part(
    name: str, content: bytes, *, filename: str | bytes | None = None, media: str | None = None
) -> bytes:
    """One part of a form as a client writes it (``filename`` as raw header bytes if bytes)."""
    disposition = f'Content-Disposition: form-data; name="{name}"'.encode()
    if filename is not None:
        raw = filename if isinstance(filename, bytes) else filename.encode()
        disposition += b'; filename="' + raw + b'"'
    head = disposition + b"\r\n"
    if media is not None:
        head += f"Content-Type: {media}\r\n".encode()
    return f"--{BOUNDARY}\r\n".encode() + head + b"\r\n" + content + b"\r\n"


def form(*parts: bytes, closed: bool = True) -> bytes:
    """A multipart/form-data body of ``parts`` (without its closing boundary if not ``closed``)."""
    return b"".join(parts) + (f"--{BOUNDARY}--\r\n".encode() if closed else b"")


def _post_form(
    client: TestClient, headers: dict[str, str], body: bytes, **params: str
) -> httpx.Response:
    return client.post(BASE, params=params, content=body, headers={**headers, "Content-Type": FORM})


def _nothing_stored(client: TestClient, headers: dict[str, str], instance: Instance) -> None:
    assert client.get(BASE, headers=headers).json() == []
    assert blob_keys(open_file_store(instance.settings)) == []


def test_a_form_file_keeps_its_name_and_media_type_and_bytes(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    member = make_member(Role.EDITOR)
    editor = key_headers(instance, member)
    data = os.urandom(LIMIT)  # exactly the limit: the form's own overhead does not count
    created = client.post(BASE, files={"file": ("photo.png", data, "image/png")}, headers=editor)
    assert created.status_code == 201, created.text
    info = created.json()
    assert created.headers["location"] == f"{BASE}/{info['id']}"
    assert (info["filename"], info["content_type"], info["size"]) == (
        "photo.png",
        "image/png",
        LIMIT,
    )
    assert info["sha256"] == hashlib.sha256(data).hexdigest()
    download = client.get(f"{BASE}/{info['id']}/content", headers=editor)
    assert download.content == data
    assert download.headers["content-type"] == "image/png"
    assert 'filename="photo.png"' in download.headers["content-disposition"]
    assert blob_keys(open_file_store(instance.settings)) == [f"{member.tenant_id}/{info['id']}"]


def test_the_query_names_the_file_and_text_fields_are_read_past(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    editor = key_headers(instance, make_member(Role.EDITOR))
    body = form(
        part("title", b"Spring menu"),
        part("upload", b"%PDF-1.7 menu", filename="scan 0042.pdf", media="application/pdf"),
        part("note", b"x" * 20_000),
    )
    response = _post_form(client, editor, body, filename="Spring menu.pdf")
    assert response.status_code == 201, response.text
    info = response.json()
    assert (info["filename"], info["content_type"]) == ("Spring menu.pdf", "application/pdf")
    assert client.get(f"{BASE}/{info['id']}/content", headers=editor).content == b"%PDF-1.7 menu"


def test_a_part_without_a_media_type_is_octet_stream_and_paths_lose_their_folders(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    editor = key_headers(instance, make_member(Role.EDITOR))
    body = form(part("file", b"\x00\x01", filename="C:\\Users\\ana\\Grüße.bin"))
    response = _post_form(client, editor, body)
    assert response.status_code == 201, response.text
    assert (response.json()["filename"], response.json()["content_type"]) == (
        "Grüße.bin",
        "application/octet-stream",
    )


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (form(part("title", b"no file here")), "no file part"),
        (form(), "no file part"),
        (
            form(
                part("file", os.urandom(70_000), filename="one.bin"),
                part("file", b"second", filename="two.bin"),
            ),
            "several file parts",
        ),
        (form(part("file", os.urandom(70_000), filename="cut.bin"), closed=False), "ends before"),
        (b"this is not a form at all", "cannot be read"),
    ],
    ids=["fields-only", "empty", "two-files", "cut-off", "garbage"],
)
def test_a_form_without_exactly_one_whole_file_is_refused_and_nothing_stays(
    client: TestClient, make_member: MakeMember, instance: Instance, body: bytes, detail: str
) -> None:
    editor = key_headers(instance, make_member(Role.EDITOR))
    # In pieces, so the store has taken the first file's bytes before the rest arrives.
    pieces = (body[start : start + 8192] for start in range(0, len(body), 8192))
    response = client.post(
        BASE, params={"filename": "x.bin"}, content=pieces, headers={**editor, "Content-Type": FORM}
    )
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert detail in response.json()["detail"]
    _nothing_stored(client, editor, instance)


def test_a_form_file_over_the_limit_is_refused_while_it_streams(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    editor = key_headers(instance, make_member(Role.EDITOR))
    # Within the form's allowance as declared, so the store itself stops it at the limit.
    body = form(part("file", b"z" * (LIMIT + 1), filename="big.bin"))
    assert len(body) < LIMIT + FORM_ALLOWANCE
    response = _post_form(client, editor, body)
    assert response.status_code == 413
    assert "limit of 100000 bytes" in response.json()["detail"]
    _nothing_stored(client, editor, instance)


def test_a_form_declared_too_long_is_refused_unread(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    editor = key_headers(instance, make_member(Role.EDITOR))
    response = client.post(
        BASE, files={"file": ("big.bin", b"z" * (LIMIT + FORM_ALLOWANCE))}, headers=editor
    )
    assert response.status_code == 413
    assert response.json()["type"].endswith("file-too-large")
    assert "limit of 100000 bytes" in response.json()["detail"]
    _nothing_stored(client, editor, instance)


def test_a_chunked_form_over_the_limit_is_refused_while_it_streams(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    editor = key_headers(instance, make_member(Role.EDITOR))
    head = part("file", b"", filename="stream.bin").removesuffix(b"\r\n")

    def body() -> Iterator[bytes]:
        yield head
        for _ in range(30):
            yield b"y" * 10_000
        yield f"\r\n--{BOUNDARY}--\r\n".encode()

    response = client.post(BASE, content=body(), headers={**editor, "Content-Type": FORM})
    assert response.status_code == 413
    assert "limit of 100000 bytes" in response.json()["detail"]
    _nothing_stored(client, editor, instance)


def test_fields_past_the_form_allowance_are_refused(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    editor = key_headers(instance, make_member(Role.EDITOR))
    body = form(part("padding", b"p" * FORM_ALLOWANCE), part("file", b"small", filename="s.txt"))
    response = _post_form(client, editor, body)
    assert response.status_code == 413
    assert f"limit of {FORM_ALLOWANCE} bytes" in response.json()["detail"]
    _nothing_stored(client, editor, instance)


def test_a_form_must_name_its_file_somewhere(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    editor = key_headers(instance, make_member(Role.EDITOR))
    # A browser's file input left empty sends a part with an empty name.
    response = _post_form(client, editor, form(part("file", b"data", filename="")))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.filename"
    raw = client.post(BASE, content=b"data", headers=editor)
    assert raw.status_code == 422
    assert raw.json()["errors"][0]["field"] == "query.filename"
    _nothing_stored(client, editor, instance)


@pytest.mark.parametrize(
    "content_type",
    ["multipart/form-data", 'multipart/form-data; boundary=""', "multipart/mixed; boundary=b"],
)
def test_a_form_without_a_boundary_or_of_another_multipart_type_is_refused(
    client: TestClient, make_member: MakeMember, instance: Instance, content_type: str
) -> None:
    editor = key_headers(instance, make_member(Role.EDITOR))
    response = client.post(
        BASE,
        params={"filename": "x.bin"},
        content=form(part("file", b"data", filename="x.bin")),
        headers={**editor, "Content-Type": content_type},
    )
    assert response.status_code == (415 if "mixed" in content_type else 400), response.text
    _nothing_stored(client, editor, instance)


def test_viewers_cannot_upload_forms(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    owner = make_member(Role.EDITOR)
    viewer = key_headers(instance, make_member(Role.VIEWER, tenant_id=owner.tenant_id))
    refused = client.post(BASE, files={"file": ("x.bin", b"x")}, headers=viewer)
    assert refused.status_code == 403
    assert blob_keys(open_file_store(instance.settings)) == []


@pytest.fixture
def served_url(instance: Instance) -> Iterator[str]:
    """The app under uvicorn on a free loopback port."""
    with served(create_app(instance)) as url:
        yield url


def _curl(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["curl", "--silent", "--show-error", "--max-time", "30", *arguments],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )


def test_curl_uploads_a_form_and_revalidates_its_download(
    served_url: str, make_member: MakeMember, instance: Instance, tmp_path: Path
) -> None:
    editor = key_headers(instance, make_member(Role.EDITOR))
    key = f"X-API-Key: {editor['X-API-Key']}"
    data = os.urandom(LIMIT - 100)
    (tmp_path / "logo.png").write_bytes(data)
    created = _curl(
        "-H", key, "-F", f"file=@{tmp_path / 'logo.png'};type=image/png",
        "-w", "\n%{http_code}", f"{served_url}{BASE}",
    )  # fmt: skip
    body, code = created.stdout.rsplit("\n", 1)
    assert code == "201", body
    assert '"filename":"logo.png"' in body and '"content_type":"image/png"' in body
    file_id = body.split('"id":"', 1)[1].split('"', 1)[0]
    url = f"{served_url}{BASE}/{file_id}/content"

    # curl keeps the ETag and sends it back: the second download is a 304 and keeps the copy.
    etags, copy = tmp_path / "etags", tmp_path / "copy.png"
    first = _curl("-H", key, "--etag-save", str(etags), "-o", str(copy), "-w", "%{http_code}", url)
    assert first.stdout == "200"
    assert copy.read_bytes() == data
    assert etags.read_text().strip() == f'"{hashlib.sha256(data).hexdigest()}"'
    again = _curl(
        "-H", key, "--etag-compare", str(etags), "-o", str(tmp_path / "again.png"),
        "-w", "%{http_code}", url,
    )  # fmt: skip
    assert again.stdout == "304"

    (tmp_path / "big.bin").write_bytes(b"b" * (LIMIT + 1))
    refused = _curl(
        "-H", key, "-F", f"file=@{tmp_path / 'big.bin'}", "-w", "\n%{http_code}",
        f"{served_url}{BASE}",
    )  # fmt: skip
    assert refused.stdout.rsplit("\n", 1)[1] == "413"
    assert "limit of 100000 bytes" in refused.stdout
    assert len(blob_keys(open_file_store(instance.settings))) == 1
