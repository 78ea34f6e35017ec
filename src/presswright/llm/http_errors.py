"""Shared pieces of turning provider HTTP failures into clean errors."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Iterable

__all__ = ["MAX_RETRY_AFTER", "parse_retry_after", "redact"]

MAX_RETRY_AFTER = 120.0


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date), capped."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None  # a header we cannot read: fall back to our own backoff
        seconds = parsed.timestamp() - time.time()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def redact(text: str, secrets: Iterable[str]) -> str:
    """Replace every secret (and any long suffix of it a provider echoes back) with ***."""
    for secret in secrets:
        if not secret or len(secret) < 8:
            continue
        text = text.replace(secret, "***")
        # Providers often echo a key's tail ("...abcd1234"); hide any 8+ char piece of it.
        for size in range(len(secret) - 1, 7, -1):
            for start in (0, len(secret) - size):
                piece = secret[start : start + size]
                if piece in text:
                    text = text.replace(piece, "***")
    return text
