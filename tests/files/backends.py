"""The file store backends every file test runs on: a folder, and S3 on moto's server.

moto's standalone S3 server runs once per session on loopback (a free port); each test gets
a bucket of its own. Import the fixtures into a test module or conftest to use them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer
from pydantic import SecretStr

from presswright.files import FileStore, LocalBlobStore
from presswright.files.s3 import S3BlobStore
from presswright.settings import Settings

__all__ = ["blob_keys", "file_backend", "file_settings", "s3_bucket", "s3_endpoint"]

# moto accepts any credentials; these never leave the machine.
S3_CREDENTIALS: dict[str, Any] = {
    "s3_access_key_id": "presswright-test",
    "s3_secret_access_key": SecretStr("presswright-test-secret"),
    "s3_region": "us-east-1",
}


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server on 127.0.0.1 and a free port, for the whole session."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def _client(endpoint: str) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=S3_CREDENTIALS["s3_region"],
        aws_access_key_id=S3_CREDENTIALS["s3_access_key_id"],
        aws_secret_access_key=S3_CREDENTIALS["s3_secret_access_key"].get_secret_value(),
    )


@pytest.fixture
def s3_bucket(s3_endpoint: str) -> str:
    """A new, empty bucket on the moto server."""
    name = f"pw-test-{uuid.uuid4().hex[:12]}"
    _client(s3_endpoint).create_bucket(Bucket=name)
    return name


@pytest.fixture(params=["local", "s3"])
def file_backend(request: pytest.FixtureRequest) -> str:
    """Each file test runs once per blob backend."""
    return str(request.param)


def file_settings(
    request: pytest.FixtureRequest, base: Settings, file_backend: str, **overrides: Any
) -> Settings:
    """``base`` pointed at ``file_backend`` (for S3, a bucket of its own)."""
    if file_backend == "s3":
        bucket = request.getfixturevalue("s3_bucket")
        overrides |= {
            "file_store": f"s3://{bucket}/presswright",
            "s3_endpoint_url": request.getfixturevalue("s3_endpoint"),
            **S3_CREDENTIALS,
        }
    return base.model_copy(update=overrides)


def blob_keys(store: FileStore) -> list[str]:
    """Every blob the store's backend holds (as keys), read past the store itself."""
    blobs = store.blobs
    if isinstance(blobs, LocalBlobStore):
        root: Path = blobs.root
        if not root.exists():
            return []
        return sorted(
            path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()
        )
    assert isinstance(blobs, S3BlobStore)
    listed = blobs._client.list_objects_v2(Bucket=blobs.bucket)
    prefix = f"{blobs.prefix}/" if blobs.prefix else ""
    return sorted(item["Key"].removeprefix(prefix) for item in listed.get("Contents", []))
