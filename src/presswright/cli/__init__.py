"""The `presswright` command line: a thin front door over the library.

Library errors become one readable line on stderr and exit code 1; usage errors exit 2.
"""

from __future__ import annotations

import os
import sys

import click

from presswright.cli.app import app
from presswright.errors import PresswrightError

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the `presswright` script."""
    try:
        result = app(standalone_mode=False)
    except PresswrightError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    except click.ClickException as usage:
        usage.show()
        sys.exit(usage.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as error:
        # The edge of the program: a bug is reported in one line unless debugging.
        if os.environ.get("PRESSWRIGHT_DEBUG", "").lower() in ("1", "true", "yes"):
            raise
        click.echo(
            f"internal error: {type(error).__name__}: {error}"
            " (a bug: rerun with PRESSWRIGHT_DEBUG=1 for the traceback, and report it)",
            err=True,
        )
        sys.exit(70)
    sys.exit(result if isinstance(result, int) else 0)
