"""The web studio's built assets: ``dist/`` holds the output of ``npm run build`` in ``frontend/``.

The directory is not in git; ``make studio`` builds it, and the wheel ships it as package data,
so an installed Presswright serves the studio without Node. :func:`dist_dir` says where it is
(or would be); :func:`is_built` whether a build is there.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["BUILD_COMMAND", "INDEX_FILE", "dist_dir", "is_built"]

INDEX_FILE = "index.html"
# What to run in a source checkout when the build is missing.
BUILD_COMMAND = "make studio   (or: cd frontend && npm ci && npm run build)"


def dist_dir() -> Path:
    """The directory of the built studio inside this package (it may not exist)."""
    return Path(str(files(__name__))) / "dist"


def is_built(directory: Path | None = None) -> bool:
    """Whether ``directory`` (default: :func:`dist_dir`) holds a built studio."""
    return ((directory or dist_dir()) / INDEX_FILE).is_file()
