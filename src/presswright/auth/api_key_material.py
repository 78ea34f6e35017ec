"""API key material: ``pw_`` + a random token; only a lookup prefix and a SHA-256 hash are kept."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import NamedTuple

__all__ = ["KEY_PREFIX", "NewKey", "hash_key", "key_prefix", "new_key", "verify_key"]

KEY_PREFIX = "pw_"
_LOOKUP_CHARS = 12  # after "pw_": unique enough to find the row, useless without the rest


class NewKey(NamedTuple):
    """A freshly generated key: ``raw`` is shown once, the rest is stored."""

    raw: str
    prefix: str
    key_hash: str


def hash_key(raw: str) -> str:
    """SHA-256 of the whole key; keys are 256-bit random, so a slow hash adds nothing."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def key_prefix(raw: str) -> str | None:
    """The stored lookup prefix of ``raw``, or None if it is not a Presswright key."""
    if not raw.startswith(KEY_PREFIX) or len(raw) < len(KEY_PREFIX) + _LOOKUP_CHARS + 16:
        return None
    return raw[: len(KEY_PREFIX) + _LOOKUP_CHARS]


def new_key() -> NewKey:
    """Generate a key with 256 bits of randomness."""
    raw = KEY_PREFIX + secrets.token_urlsafe(32).replace("-", "x").replace("_", "y")
    prefix = key_prefix(raw)
    assert prefix is not None
    return NewKey(raw=raw, prefix=prefix, key_hash=hash_key(raw))


def verify_key(raw: str, key_hash: str) -> bool:
    """Compare ``raw`` against a stored hash in constant time."""
    return hmac.compare_digest(hash_key(raw), key_hash)
