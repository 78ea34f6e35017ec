"""The console every command prints through, and how pydantic errors read on it."""

from __future__ import annotations

import sys

from pydantic import ValidationError
from rich.console import Console

__all__ = ["err", "out", "validation_message"]

# Piped output is read by scripts and logs: do not cut tables at 80 columns there.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 200)

# Progress of commands whose standard output is the result (generated content, JSON).
err = Console(stderr=True, highlight=False, soft_wrap=True)


def validation_message(error: ValidationError, what: str) -> str:
    """A pydantic error as one line naming each bad field (never the values given)."""
    parts = [f"{'.'.join(str(p) for p in e['loc']) or what}: {e['msg']}" for e in error.errors()]
    return f"invalid {what}: " + "; ".join(parts)
