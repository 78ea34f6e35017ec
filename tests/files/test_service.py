"""The file store as the library uses it, on every database and blob backend."""

from __future__ import annotations

import hashlib
import io
import os
import uuid

import pytest

from presswright.bootstrap import Instance
from presswright.errors import FileTooLargeError, NotFoundError, UserInputError
from presswright.files import FileStore, open_file_store
from presswright.store.tenancy import create_tenant
from tests.files.backends import blob_keys

LIMIT = 100_000  # tests/files/conftest.py sets it


class Abandon(Exception):
    """Ends a transaction with an error, as a failing caller would."""


def _tenant(instance: Instance) -> uuid.UUID:
    with instance.database.system_session() as session:
        return create_tenant(session, name=f"Files {uuid.uuid4().hex[:6]}").id


@pytest.fixture
def tenant_id(instance: Instance) -> uuid.UUID:
    return _tenant(instance)


@pytest.fixture
def store(instance: Instance) -> FileStore:
    return open_file_store(instance.settings)


def _put(
    instance: Instance, store: FileStore, tenant_id: uuid.UUID, data: bytes, **extra: object
) -> uuid.UUID:
    with instance.database.tenant_session(tenant_id) as session:
        info = store.store_file(
            session, filename=str(extra.pop("filename", "a.bin")), content=data, **extra
        )
    return info.id


def _read(instance: Instance, store: FileStore, tenant_id: uuid.UUID, file_id: uuid.UUID) -> bytes:
    with instance.database.tenant_session(tenant_id) as session:
        return store.read_file(session, file_id=file_id)


def test_round_trip_keeps_bytes_and_measures_size_and_hash(
    instance: Instance, store: FileStore, tenant_id: uuid.UUID
) -> None:
    data = os.urandom(LIMIT - 7)  # several chunks, not a whole number of them
    with instance.database.tenant_session(tenant_id) as session:
        info = store.store_file(
            session,
            filename="Grüße 2026.pdf",
            content=io.BytesIO(data),
            content_type="Application/PDF",
            owner="document:1234",
        )
    assert info.size == len(data)
    assert info.sha256 == hashlib.sha256(data).hexdigest()
    assert info.content_type == "application/pdf"
    assert info.filename == "Grüße 2026.pdf"
    assert _read(instance, store, tenant_id, info.id) == data
    with instance.database.tenant_session(tenant_id) as session:
        download = store.open_file(session, file_id=info.id)
        assert download.info == info
        assert store.list_files(session) == [info]
        assert store.list_files(session, owner="document:other") == []
    assert b"".join(download) == data
    assert blob_keys(store) == [f"{tenant_id}/{info.id}"]


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(lambda data: data, id="bytes"),
        pytest.param(lambda data: io.BytesIO(data), id="file"),
        pytest.param(lambda data: (data[i : i + 999] for i in range(0, len(data), 999)), id="iter"),
    ],
)
def test_every_kind_of_content_is_taken(
    instance: Instance, store: FileStore, tenant_id: uuid.UUID, content: object
) -> None:
    data = os.urandom(5_555)
    file_id = _put(instance, store, tenant_id, content(data))  # type: ignore[operator]
    assert _read(instance, store, tenant_id, file_id) == data


def test_a_file_of_exactly_the_limit_is_stored(
    instance: Instance, store: FileStore, tenant_id: uuid.UUID
) -> None:
    data = os.urandom(LIMIT)
    assert _read(instance, store, tenant_id, _put(instance, store, tenant_id, data)) == data


def test_over_the_limit_is_refused_with_the_limit_and_nothing_is_stored(
    instance: Instance, store: FileStore, tenant_id: uuid.UUID
) -> None:
    chunks = (b"x" * 10_000 for _ in range(20))  # the eleventh chunk goes past 100 000
    with pytest.raises(FileTooLargeError, match="limit of 100000 bytes") as caught:
        _put(instance, store, tenant_id, chunks)
    assert caught.value.limit == LIMIT
    assert "PRESSWRIGHT_MAX_FILE_BYTES" in str(caught.value)
    assert len(list(chunks)) == 9  # refused at the chunk that crossed, the rest never read
    with instance.database.tenant_session(tenant_id) as session:
        assert store.list_files(session) == []
    assert blob_keys(store) == []


def test_a_caller_may_ask_for_a_lower_limit_never_a_higher_one(
    instance: Instance, store: FileStore, tenant_id: uuid.UUID
) -> None:
    with pytest.raises(FileTooLargeError, match="limit of 10 bytes"):
        _put(instance, store, tenant_id, b"x" * 11, max_bytes=10)
    with pytest.raises(FileTooLargeError, match="limit of 100000 bytes"):
        _put(instance, store, tenant_id, b"x" * (LIMIT + 1), max_bytes=10 * LIMIT)
    assert blob_keys(store) == []


def test_a_rolled_back_transaction_leaves_no_blob(
    instance: Instance, store: FileStore, tenant_id: uuid.UUID
) -> None:
    seen: list[list[str]] = []

    def store_then_fail() -> None:
        with instance.database.tenant_session(tenant_id) as session:
            store.store_file(session, filename="draft.txt", content=b"never kept")
            seen.append(blob_keys(store))
            raise Abandon

    with pytest.raises(Abandon):
        store_then_fail()
    assert len(seen[0]) == 1  # it was written, then removed with the transaction
    assert blob_keys(store) == []
    with instance.database.tenant_session(tenant_id) as session:
        assert store.list_files(session) == []


def test_a_deleted_file_is_not_found_and_its_blob_is_gone(
    instance: Instance, store: FileStore, tenant_id: uuid.UUID
) -> None:
    file_id = _put(instance, store, tenant_id, b"old bytes")
    with instance.database.tenant_session(tenant_id) as session:
        store.delete_file(session, file_id=file_id)
    assert blob_keys(store) == []
    with instance.database.tenant_session(tenant_id) as session:
        with pytest.raises(NotFoundError):
            store.open_file(session, file_id=file_id)
        with pytest.raises(NotFoundError):
            store.get_file(session, file_id=file_id)
        with pytest.raises(NotFoundError):
            store.delete_file(session, file_id=file_id)


def test_a_deletion_that_rolls_back_keeps_the_file_whole(
    instance: Instance, store: FileStore, tenant_id: uuid.UUID
) -> None:
    file_id = _put(instance, store, tenant_id, b"still here")

    def delete_then_fail() -> None:
        with instance.database.tenant_session(tenant_id) as session:
            store.delete_file(session, file_id=file_id)
            raise Abandon

    with pytest.raises(Abandon):
        delete_then_fail()
    assert _read(instance, store, tenant_id, file_id) == b"still here"


def test_a_row_whose_blob_is_gone_answers_not_found_never_bytes(
    instance: Instance, store: FileStore, tenant_id: uuid.UUID
) -> None:
    file_id = _put(instance, store, tenant_id, b"soon gone")
    store.blobs.delete(f"{tenant_id}/{file_id}")
    with pytest.raises(NotFoundError, match="gone from the file store"):
        _read(instance, store, tenant_id, file_id)


def test_another_tenant_cannot_see_open_or_delete_a_file(
    instance: Instance, store: FileStore, tenant_id: uuid.UUID
) -> None:
    file_id = _put(instance, store, tenant_id, b"private", owner="document:a")
    other = _tenant(instance)
    with instance.database.tenant_session(other) as session:
        assert store.list_files(session) == []
        for operation in (store.get_file, store.open_file, store.delete_file):
            with pytest.raises(NotFoundError):
                operation(session, file_id=file_id)
        assert store.delete_owned(session, owner="document:a") == 0
    assert _read(instance, store, tenant_id, file_id) == b"private"


def test_delete_owned_removes_rows_and_blobs_of_that_owner_only(
    instance: Instance, store: FileStore, tenant_id: uuid.UUID
) -> None:
    owner = f"document:{uuid.uuid4()}"
    owned = [_put(instance, store, tenant_id, b"export %d" % n, owner=owner) for n in range(2)]
    kept = _put(instance, store, tenant_id, b"another document's", owner="document:other")
    loose = _put(instance, store, tenant_id, b"no owner")
    with instance.database.tenant_session(tenant_id) as session:
        assert store.delete_owned(session, owner=owner) == 2
    assert blob_keys(store) == sorted(f"{tenant_id}/{file_id}" for file_id in (kept, loose))
    with instance.database.tenant_session(tenant_id) as session:
        for file_id in owned:
            with pytest.raises(NotFoundError):
                store.open_file(session, file_id=file_id)
        assert {info.id for info in store.list_files(session)} == {kept, loose}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("filename", "../etc/passwd", "not a usable file name"),
        ("filename", "", "not a usable file name"),
        ("filename", " padded.txt", "not a usable file name"),
        ("filename", "tab\there.txt", "not a usable file name"),
        ("content_type", "pdf", "not a media type"),
        ("content_type", "text/html\r\nX-Evil: 1", "not a media type"),
        ("owner", "document", "not a file owner"),
    ],
)
def test_bad_names_types_and_owners_are_refused_before_anything_is_stored(
    instance: Instance, store: FileStore, tenant_id: uuid.UUID, field: str, value: str, message: str
) -> None:
    arguments: dict[str, object] = {"filename": "ok.txt", field: value}
    with pytest.raises(UserInputError, match=message):
        _put(instance, store, tenant_id, b"data", **arguments)
    assert blob_keys(store) == []
