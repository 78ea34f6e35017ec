"""Suggestions for a misspelt name: one function every front door uses for "did you mean"."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["closest_name"]


def closest_name(name: str, known: Iterable[str]) -> str | None:
    """The known name ``name`` most likely misspells, or None when none is close enough."""
    close = difflib.get_close_matches(name, sorted(set(known)), n=1)
    return close[0] if close else None
