"""Running pandoc: the binary that ships inside ``pypandoc-binary``, fed a JSON AST on stdin.

Pandoc runs with ``--data-dir`` set to an empty folder of ours, so a user's own pandoc
templates or defaults never change a book, and with ``--sandbox`` (no file read but the
template and reference document named on its command line) except for EPUB, whose
stylesheet and cover image the sandbox refuses. The AST never names a file (no images,
no links), so even unsandboxed pandoc reads nothing but the files we give it.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from presswright.books.export.errors import BookExportError

__all__ = ["pandoc_command", "pandoc_path", "run_pandoc"]

TIMEOUT_SECONDS = 300


@cache
def pandoc_path() -> str:
    """The pandoc binary of ``pypandoc-binary`` (or pandoc on PATH when only pypandoc is there)."""
    try:
        import pypandoc  # type: ignore[import-untyped]
    except ImportError:
        raise BookExportError(
            "pandoc is not installed (the pypandoc-binary package ships it)",
            hint="reinstall Presswright: pip install -e . (or make install)",
        ) from None
    try:
        return str(pypandoc.get_pandoc_path())
    except OSError as error:
        raise BookExportError(
            f"pandoc cannot be found: {error}", hint="pip install pypandoc-binary"
        ) from None


@cache
def _empty_data_dir() -> str:
    return tempfile.mkdtemp(prefix="presswright-pandoc-data-")


def pandoc_command(to: str, output: Path, options: list[str]) -> list[str]:
    """The command line that converts a JSON AST on stdin to ``to`` in ``output``."""
    sandbox = [] if to.startswith("epub") else ["--sandbox"]
    return [
        pandoc_path(),
        "--from=json",
        f"--to={to}",
        f"--output={output}",
        *sandbox,
        f"--data-dir={_empty_data_dir()}",
        *options,
    ]


def run_pandoc(document: dict[str, Any] | bytes, to: str, output: Path, options: list[str]) -> Path:
    """Convert ``document`` (a pandoc JSON AST) to ``output`` with pandoc's ``to`` writer."""
    source = document if isinstance(document, bytes) else json.dumps(document).encode()
    command = pandoc_command(to, output, options)
    try:
        done = subprocess.run(  # noqa: S603 - our own argument list, no shell
            command, input=source, capture_output=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        raise BookExportError(
            f"pandoc took more than {TIMEOUT_SECONDS} s to write {output.name}",
            hint="export fewer formats at once or a shorter book",
        ) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()[-2000:]
        raise BookExportError(
            f"pandoc could not write {output.name} ({to}): {message}",
            hint="this is a bug in Presswright's book export; report it with the message",
        )
    return output
