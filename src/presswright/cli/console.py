"""The console every command prints through."""

from __future__ import annotations

import sys

from rich.console import Console

__all__ = ["err", "out"]

# Piped output is read by scripts and logs: do not cut tables at 80 columns there.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 200)

# Progress of commands whose standard output is the result (generated content, JSON).
err = Console(stderr=True, highlight=False, soft_wrap=True)
