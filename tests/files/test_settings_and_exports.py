"""The file store's settings, how they choose a backend, and the package's public names."""

from __future__ import annotations

from pathlib import Path

import pytest

import presswright.files
from presswright.errors import SettingsError
from presswright.files import LocalBlobStore, open_file_store
from presswright.files.s3 import S3BlobStore, parse_s3_url
from presswright.settings import load_settings


def test_public_names_are_pinned() -> None:
    assert presswright.files.__all__ == [
        "DEFAULT_CONTENT_TYPE",
        "FILENAME_PATTERN",
        "OWNER_PATTERN",
        "BlobMissingError",
        "BlobReader",
        "BlobStore",
        "ContentSource",
        "FileDownload",
        "FileStore",
        "LocalBlobStore",
        "StoredFilePublic",
        "WrittenBlob",
        "check_content_type",
        "check_filename",
        "open_file_store",
    ]


def test_the_default_is_a_folder_in_the_home_with_a_100_mib_limit(tmp_path: Path) -> None:
    settings = load_settings(home=tmp_path / "home")
    store = open_file_store(settings)
    assert isinstance(store.blobs, LocalBlobStore)
    assert store.blobs.root == tmp_path / "home" / "files"
    assert store.max_bytes == 100 * 1024 * 1024
    assert open_file_store(settings) is store  # one per configuration


def test_an_s3_url_chooses_the_bucket_and_prefix(tmp_path: Path) -> None:
    settings = load_settings(
        home=tmp_path / "home",
        file_store="s3://exports/presswright/prod/",
        s3_endpoint_url="http://127.0.0.1:9",
        s3_region="eu-west-1",
        max_file_bytes=5000,
    )
    store = open_file_store(settings)
    assert isinstance(store.blobs, S3BlobStore)
    assert (store.blobs.bucket, store.blobs.prefix) == ("exports", "presswright/prod")
    assert store.blobs.location == "s3://exports/presswright/prod"
    assert store.max_bytes == 5000
    assert parse_s3_url("s3://bare") == ("bare", "")


@pytest.mark.parametrize("value", ["s3://", "ftp://bucket", "bucket", "s3:///prefix"])
def test_a_file_store_that_is_neither_local_nor_s3_is_refused_by_name(
    tmp_path: Path, value: str
) -> None:
    with pytest.raises(SettingsError, match="PRESSWRIGHT_FILE_STORE") as caught:
        load_settings(home=tmp_path, file_store=value)
    assert "s3://BUCKET[/PREFIX]" in str(caught.value)


def test_the_limit_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="PRESSWRIGHT_MAX_FILE_BYTES"):
        load_settings(home=tmp_path, max_file_bytes=0)
