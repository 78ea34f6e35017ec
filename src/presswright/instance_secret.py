"""The instance secret: one per installation, the root of every derived key.

It comes from ``PRESSWRIGHT_SECRET_KEY`` or, by default, from ``HOME/secret``, which is
generated on first start with mode 0600. Placeholders and short secrets are refused.
"""

from __future__ import annotations

import re
import secrets
import stat

from presswright.errors import SecretError
from presswright.home import write_private_file
from presswright.settings import Settings

__all__ = ["MIN_SECRET_LENGTH", "check_secret_strength", "load_instance_secret"]

MIN_SECRET_LENGTH = 32
_PLACEHOLDERS = frozenset(
    {"changeme", "changethis", "secret", "password", "example", "placeholder", "default", "todo"}
)
_GENERATE = "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(48))'"


def check_secret_strength(secret: str, *, source: str) -> None:
    """Refuse a placeholder or too-short secret, naming where it came from."""
    if len(secret.strip()) < MIN_SECRET_LENGTH:
        raise SecretError(
            f"the instance secret from {source} is {len(secret.strip())} characters long;"
            f" at least {MIN_SECRET_LENGTH} are needed",
            hint=_GENERATE,
        )
    # Whole words only: a random token may contain "xxx" by chance, never "-secret-".
    words = set(re.split(r"[^a-z0-9]+", secret.lower()))
    if words & _PLACEHOLDERS or len(set(secret.strip().lower())) < 10:
        raise SecretError(f"the instance secret from {source} is a placeholder", hint=_GENERATE)


def load_instance_secret(settings: Settings, *, create: bool = False) -> str:
    """Return the instance secret; with ``create``, generate ``HOME/secret`` when missing."""
    if settings.secret_key is not None:
        value = settings.secret_key.get_secret_value()
        check_secret_strength(value, source="PRESSWRIGHT_SECRET_KEY")
        return value.strip()
    path = settings.secret_path
    if not path.exists():
        if not create:
            raise SecretError(
                f"no instance secret at {path}", hint="run `presswright init` to create one"
            )
        write_private_file(path, secrets.token_urlsafe(48) + "\n")
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        value = path.read_text(encoding="utf-8").strip()
    except OSError as error:
        raise SecretError(
            f"cannot read the instance secret {path}: {error.strerror}",
            hint="make it readable by the user running Presswright",
        ) from None
    if mode & 0o077:
        raise SecretError(
            f"the instance secret {path} is readable by other users (mode {mode:o})",
            hint=f"run: chmod 600 {path}",
        )
    check_secret_strength(value, source=str(path))
    return value
