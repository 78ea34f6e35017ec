"""What a blob backend is: put a stream under a key (measured and limited), open it, delete it.

A backend never leaves a partial blob behind: a write that fails or grows past its limit
stores nothing, and a blob appears under its key whole or not at all.
"""

from __future__ import annotations

import hashlib
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from presswright.errors import FileTooLargeError, NotFoundError, UserInputError

__all__ = [
    "CHUNK_SIZE",
    "BlobMissingError",
    "BlobReader",
    "BlobStore",
    "Measure",
    "WrittenBlob",
    "check_key",
]

CHUNK_SIZE = 64 * 1024
# Keys are made by the file service (tenant id / file id); anything else is a bug or an
# attack, and must never reach a path or an object name.
_KEY = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]*(?:/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$")


class BlobMissingError(NotFoundError):
    """The row of a file exists but its blob is gone from the backend."""

    def __init__(self, key: str) -> None:
        super().__init__(
            f"the content of stored file {key.rsplit('/', 1)[-1]} is gone from the file store",
            hint="delete the file and store it again",
        )
        self.key = key


def check_key(key: str) -> str:
    """``key`` if it is a safe blob key (slash-separated, no '..', no absolute path)."""
    if not _KEY.fullmatch(key) or ".." in key.split("/"):
        raise UserInputError(f"{key!r} is not a valid file store key", hint="this is a bug")
    return key


@dataclass(frozen=True)
class WrittenBlob:
    """What a write measured: the size in bytes and the SHA-256 of the content (hex)."""

    size: int
    sha256: str


class Measure:
    """Counts and hashes chunks as they pass; refuses the chunk that goes past ``limit``."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self._digest = hashlib.sha256()

    def take(self, chunk: bytes) -> bytes:
        """Account for ``chunk`` and hand it back, or raise FileTooLargeError."""
        self.size += len(chunk)
        if self.size > self.limit:
            raise FileTooLargeError(limit=self.limit)
        self._digest.update(chunk)
        return chunk

    def result(self) -> WrittenBlob:
        """The size and hash of everything taken."""
        return WrittenBlob(size=self.size, sha256=self._digest.hexdigest())


class BlobReader(ABC):
    """An opened blob: iterate it for its chunks; close it when done (or let iteration end)."""

    @abstractmethod
    def __iter__(self) -> Iterator[bytes]:
        """The blob's content in chunks of at most :data:`CHUNK_SIZE` bytes."""

    @abstractmethod
    def close(self) -> None:
        """Release the file handle or connection."""


class BlobStore(ABC):
    """One place blobs live: a folder or an S3 bucket."""

    @abstractmethod
    def put(self, key: str, chunks: Iterable[bytes], *, limit: int) -> WrittenBlob:
        """Store ``chunks`` under ``key`` whole, or nothing (FileTooLargeError past ``limit``)."""

    @abstractmethod
    def open(self, key: str) -> BlobReader:
        """Open the blob under ``key``; BlobMissingError when there is none."""

    @abstractmethod
    def delete(self, key: str) -> None:
        """Remove the blob under ``key``; nothing happens when there is none."""

    @abstractmethod
    def exists(self, key: str) -> bool:
        """Whether a blob is stored under ``key``."""

    @property
    @abstractmethod
    def location(self) -> str:
        """Where the blobs live, for messages (a folder or ``s3://bucket/prefix``)."""
