"""Encryption of secrets at rest (provider keys, application passwords) with Fernet.

The Fernet key is derived from the instance secret with HKDF, so rotating the instance
secret makes stored secrets unreadable: that is reported, never silently ignored.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from presswright.errors import SecretError

__all__ = ["SecretBox", "mask_secret"]

_INFO = b"presswright secretbox v1"


class SecretBox:
    """Encrypts and decrypts short secrets under a key derived from the instance secret."""

    def __init__(self, instance_secret: str) -> None:
        raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(
            instance_secret.encode("utf-8")
        )
        self._fernet = Fernet(base64.urlsafe_b64encode(raw))

    def encrypt(self, plaintext: str) -> str:
        """Return an opaque token for ``plaintext``."""
        return self._fernet.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str, *, what: str = "a stored secret") -> str:
        """Return the plaintext of ``token`` or raise SecretError naming ``what``."""
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, ValueError):
            raise SecretError(
                f"{what} cannot be decrypted with this instance secret",
                hint="restore the instance secret it was stored with, or store the secret again",
            ) from None


def mask_secret(secret: str | None) -> str | None:
    """Show a secret as its last four characters only, e.g. ``…3f9a``."""
    if not secret:
        return None
    return "…" + secret[-4:] if len(secret) >= 12 else "…"
