"""The `presswright` command line: a thin front door over the library.

Library errors become one readable line on stderr and exit code 1; usage errors exit 2
(Typer prints them); an unexpected exception is a bug, reported in one line with exit 70.
"""

from __future__ import annotations

import os
import sys

from presswright.cli.app import app
from presswright.errors import PresswrightError

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the `presswright` script."""
    try:
        app()
    except PresswrightError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
    except Exception as error:
        # The edge of the program: a bug is reported in one line unless debugging.
        if os.environ.get("PRESSWRIGHT_DEBUG", "").lower() in ("1", "true", "yes"):
            raise
        print(
            f"internal error: {type(error).__name__}: {error}"
            " (a bug: rerun with PRESSWRIGHT_DEBUG=1 for the traceback, and report it)",
            file=sys.stderr,
        )
        sys.exit(70)
