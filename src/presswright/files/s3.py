"""Blobs as objects in an S3-compatible bucket, through the official ``boto3`` (extra ``s3``).

A write is measured into a spooled temporary file first (memory up to 8 MiB, then disk) and
uploaded only once it is whole and within the limit, so an over-limit or broken upload never
creates an object; boto3 sends large ones as a multipart upload.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from presswright.errors import FileStoreUnavailableError
from presswright.extras import require_extra
from presswright.files.blobs import (
    CHUNK_SIZE,
    BlobMissingError,
    BlobReader,
    BlobStore,
    Measure,
    WrittenBlob,
    check_key,
)

__all__ = ["S3BlobStore", "parse_s3_url"]

_SPOOL_IN_MEMORY = 8 * 1024 * 1024
_MISSING_CODES = frozenset({"NoSuchKey", "404", "NotFound"})
_FEATURE = "The S3 file store (PRESSWRIGHT_FILE_STORE=s3://...)"


def parse_s3_url(url: str) -> tuple[str, str]:
    """The bucket and key prefix of ``s3://bucket[/prefix]`` (the prefix without slashes around)."""
    bucket, _, prefix = url.removeprefix("s3://").partition("/")
    return bucket, prefix.strip("/")


def _boto() -> tuple[Any, Any, Any]:
    boto3 = require_extra("boto3", extra="s3", feature=_FEATURE)
    config = require_extra("botocore.config", extra="s3", feature=_FEATURE)
    exceptions = require_extra("botocore.exceptions", extra="s3", feature=_FEATURE)
    return boto3, config, exceptions


class _ObjectReader(BlobReader):
    def __init__(self, body: Any) -> None:
        self._body = body

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._body.iter_chunks(CHUNK_SIZE)
        finally:
            self.close()

    def close(self) -> None:
        self._body.close()


class S3BlobStore(BlobStore):
    """Blobs in ``bucket``, key ``k`` as object ``prefix/k``."""

    def __init__(
        self,
        *,
        bucket: str,
        prefix: str = "",
        endpoint_url: str | None = None,
        region: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
    ) -> None:
        boto3, config, exceptions = _boto()
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self._errors = exceptions
        # Servers other than AWS (MinIO, Ceph, moto) rarely have per-bucket host names.
        addressing = "path" if endpoint_url else "auto"
        self._client = boto3.session.Session().client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=region,
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            config=config.Config(
                s3={"addressing_style": addressing},
                retries={"max_attempts": 4, "mode": "standard"},
                connect_timeout=10,
                read_timeout=60,
            ),
        )

    @property
    def location(self) -> str:
        """The bucket and prefix, as ``s3://bucket/prefix``."""
        return f"s3://{self.bucket}/{self.prefix}".rstrip("/")

    def _object(self, key: str) -> str:
        check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def _unusable(self, error: Exception) -> FileStoreUnavailableError:
        return FileStoreUnavailableError(
            f"the file store {self.location} cannot be used: {error}",
            hint="check the bucket, PRESSWRIGHT_S3_ENDPOINT_URL, the region and the credentials",
        )

    def _is_missing(self, error: Exception) -> bool:
        if not isinstance(error, self._errors.ClientError):
            return False
        return str(error.response.get("Error", {}).get("Code", "")) in _MISSING_CODES

    def put(self, key: str, chunks: Iterable[bytes], *, limit: int) -> WrittenBlob:
        """Measure the whole content into a spool, then upload it as one object."""
        name = self._object(key)
        measure = Measure(limit)
        with tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY) as spool:
            for chunk in chunks:
                spool.write(measure.take(chunk))
            written = measure.result()
            spool.seek(0)
            try:
                self._client.upload_fileobj(
                    spool,
                    self.bucket,
                    name,
                    ExtraArgs={"Metadata": {"sha256": written.sha256}},
                )
            except (self._errors.BotoCoreError, self._errors.ClientError) as error:
                raise self._unusable(error) from None
        return written

    def open(self, key: str) -> BlobReader:
        """Start reading the object of ``key``."""
        try:
            answer = self._client.get_object(Bucket=self.bucket, Key=self._object(key))
        except (self._errors.BotoCoreError, self._errors.ClientError) as error:
            if self._is_missing(error):
                raise BlobMissingError(key) from None
            raise self._unusable(error) from None
        return _ObjectReader(answer["Body"])

    def delete(self, key: str) -> None:
        """Remove the object of ``key`` (S3 answers success when there is none)."""
        try:
            self._client.delete_object(Bucket=self.bucket, Key=self._object(key))
        except (self._errors.BotoCoreError, self._errors.ClientError) as error:
            raise self._unusable(error) from None

    def exists(self, key: str) -> bool:
        """Whether the object of ``key`` is there."""
        try:
            self._client.head_object(Bucket=self.bucket, Key=self._object(key))
        except (self._errors.BotoCoreError, self._errors.ClientError) as error:
            if self._is_missing(error):
                return False
            raise self._unusable(error) from None
        return True
