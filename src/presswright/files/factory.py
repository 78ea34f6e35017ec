"""The file store the settings choose: a folder under the home, or an S3-compatible bucket."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from presswright.files.blobs import BlobStore
from presswright.files.local import LocalBlobStore
from presswright.files.service import FileStore
from presswright.settings import Settings

__all__ = ["open_file_store"]


@dataclass(frozen=True)
class _Choice:
    """Everything from the settings that shapes a file store (the cache key)."""

    file_store: str
    files_path: str
    max_bytes: int
    endpoint_url: str | None
    region: str | None
    access_key_id: str | None
    secret_access_key: str | None


_opened: dict[_Choice, FileStore] = {}
_lock = threading.Lock()


def _choice(settings: Settings) -> _Choice:
    secret = settings.s3_secret_access_key
    return _Choice(
        file_store=settings.file_store,
        files_path=str(settings.files_path),
        max_bytes=settings.max_file_bytes,
        endpoint_url=settings.s3_endpoint_url,
        region=settings.s3_region,
        access_key_id=settings.s3_access_key_id,
        secret_access_key=secret.get_secret_value() if secret is not None else None,
    )


def _blobs(choice: _Choice) -> BlobStore:
    if choice.file_store == "local":
        return LocalBlobStore(Path(choice.files_path))
    # Imported only when chosen: it needs boto3 (the s3 extra).
    from presswright.files.s3 import S3BlobStore, parse_s3_url

    bucket, prefix = parse_s3_url(choice.file_store)
    return S3BlobStore(
        bucket=bucket,
        prefix=prefix,
        endpoint_url=choice.endpoint_url,
        region=choice.region,
        access_key_id=choice.access_key_id,
        secret_access_key=choice.secret_access_key,
    )


def open_file_store(settings: Settings) -> FileStore:
    """The file store of ``settings`` (PRESSWRIGHT_FILE_STORE); one per configuration, reused."""
    choice = _choice(settings)
    with _lock:
        store = _opened.get(choice)
        if store is None:
            store = _opened[choice] = FileStore(_blobs(choice), max_bytes=choice.max_bytes)
        return store
