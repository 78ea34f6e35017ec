"""The Presswright home folder: created on first start, private to its owner, writable."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from presswright.errors import HomeError

__all__ = ["ensure_home", "write_private_file"]

_HINT = "set PRESSWRIGHT_HOME to a folder you can write, or fix the permissions of this one"


def _explain(path: Path, error: OSError) -> HomeError:
    reason = {
        errno.EROFS: "is on a read-only file system",
        errno.EACCES: "is not writable (permission denied)",
        errno.EPERM: "is not writable (operation not permitted)",
        errno.ENOTDIR: "is not a folder (a file is in the way)",
        errno.EEXIST: "exists and is not a folder",
        errno.ENOSPC: "is on a full disk",
    }.get(error.errno or 0, f"cannot be used ({error.strerror or error})")
    return HomeError(f"Presswright home {path} {reason}", hint=_HINT)


def ensure_home(path: Path) -> bool:
    """Create ``path`` (mode 0700) if missing and prove it is writable; return True if created."""
    created = False
    try:
        if not path.exists():
            path.mkdir(mode=0o700, parents=True)
            created = True
        elif not path.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a directory", str(path))
        # Permission bits lie for root and on some mounts; only a real write proves it.
        with tempfile.NamedTemporaryFile(dir=path, prefix=".write-check-"):
            pass
    except OSError as error:
        raise _explain(path, error) from None
    return created


def write_private_file(path: Path, content: str) -> None:
    """Write ``content`` to ``path`` readable by its owner only (0600), atomically."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise _explain(path.parent, error) from None
