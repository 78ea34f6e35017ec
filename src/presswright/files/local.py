"""Blobs as files in a folder (by default HOME/files), written to a temporary file and renamed."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from presswright.errors import FileStoreUnavailableError
from presswright.files.blobs import (
    CHUNK_SIZE,
    BlobMissingError,
    BlobReader,
    BlobStore,
    Measure,
    WrittenBlob,
    check_key,
)

__all__ = ["LocalBlobStore"]

_HINT = "set PRESSWRIGHT_HOME to a folder you can write, or fix the permissions of this one"


def _unusable(path: Path, error: OSError) -> FileStoreUnavailableError:
    reason = {
        errno.EROFS: "is on a read-only file system",
        errno.EACCES: "is not writable (permission denied)",
        errno.EPERM: "is not writable (operation not permitted)",
        errno.ENOSPC: "is on a full disk",
        errno.EDQUOT: "is over its disk quota",
    }.get(error.errno or 0, f"cannot be used ({error.strerror or error})")
    return FileStoreUnavailableError(f"the file store folder {path} {reason}", hint=_HINT)


class _FileReader(BlobReader):
    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle

    def __iter__(self) -> Iterator[bytes]:
        try:
            while chunk := self._handle.read(CHUNK_SIZE):
                yield chunk
        finally:
            self.close()

    def close(self) -> None:
        self._handle.close()


class LocalBlobStore(BlobStore):
    """Blobs under ``root``: key ``a/b`` is the file ``root/a/b`` (folders are private, 0700)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def location(self) -> str:
        """The folder the blobs live in."""
        return str(self.root)

    def _path(self, key: str) -> Path:
        return self.root.joinpath(*check_key(key).split("/"))

    def put(self, key: str, chunks: Iterable[bytes], *, limit: int) -> WrittenBlob:
        """Write to a temporary file beside the target, then rename it into place."""
        path = self._path(key)
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - renamed or removed below
                dir=path.parent, prefix=".part-", delete=False
            )
        except OSError as error:
            raise _unusable(self.root, error) from None
        temporary = Path(handle.name)
        try:
            with handle:
                measure = Measure(limit)
                for chunk in chunks:
                    handle.write(measure.take(chunk))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise _unusable(self.root, error) from None
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return measure.result()

    def open(self, key: str) -> BlobReader:
        """Open the file of ``key`` for reading."""
        path = self._path(key)
        try:
            return _FileReader(path.open("rb"))
        except FileNotFoundError:
            raise BlobMissingError(key) from None
        except OSError as error:
            raise _unusable(self.root, error) from None

    def delete(self, key: str) -> None:
        """Remove the file of ``key`` if it is there."""
        try:
            self._path(key).unlink(missing_ok=True)
        except OSError as error:
            raise _unusable(self.root, error) from None

    def exists(self, key: str) -> bool:
        """Whether the file of ``key`` is there."""
        return self._path(key).is_file()
