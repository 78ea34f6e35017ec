"""JWT access and refresh tokens (PyJWT, HS256 under a key derived from the instance secret).

Claims: ``iss``, ``aud``, ``sub`` (user id), ``tid`` (tenant id), ``sid`` (login session),
``role``, ``typ`` (``access`` or ``refresh``), ``iat``, ``nbf``, ``exp``, ``jti``. Decoding
accepts HS256 only and requires every claim, so ``none``, foreign algorithms, a missing
claim or a token of the wrong type are all the same answer: not authenticated.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

import jwt
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from presswright.errors import AuthenticationError
from presswright.store.models import Role, utcnow

__all__ = ["ALGORITHM", "AUDIENCE", "ISSUER", "TokenClaims", "TokenService", "signing_key"]

ALGORITHM = "HS256"
ISSUER = "presswright"
AUDIENCE = "presswright-api"
_REQUIRED = ["iss", "aud", "sub", "tid", "sid", "role", "typ", "iat", "nbf", "exp", "jti"]
_INFO = b"presswright jwt hs256 v1"
TokenType = Literal["access", "refresh"]


def signing_key(instance_secret: str) -> bytes:
    """The HMAC key for tokens: 32 bytes derived from the instance secret with HKDF."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(
        instance_secret.encode("utf-8")
    )


@dataclass(frozen=True)
class TokenClaims:
    """The verified claims of a token."""

    user_id: uuid.UUID
    tenant_id: uuid.UUID
    session_id: uuid.UUID
    role: Role
    type: TokenType
    jti: str
    expires_at: datetime


class TokenService:
    """Issues and verifies the API's tokens."""

    def __init__(self, key: bytes, *, access_ttl: timedelta, refresh_ttl: timedelta) -> None:
        self._key = key
        self.access_ttl = access_ttl
        self.refresh_ttl = refresh_ttl

    def issue(
        self,
        *,
        type: TokenType,
        user_id: uuid.UUID,
        tenant_id: uuid.UUID,
        session_id: uuid.UUID,
        role: Role,
        jti: str | None = None,
        now: datetime | None = None,
    ) -> tuple[str, datetime]:
        """A signed token of ``type`` and the moment it expires."""
        issued = now or utcnow()
        expires = issued + (self.access_ttl if type == "access" else self.refresh_ttl)
        claims: dict[str, Any] = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": str(user_id),
            "tid": str(tenant_id),
            "sid": str(session_id),
            "role": role.value,
            "typ": type,
            "iat": issued,
            "nbf": issued,
            "exp": expires,
            "jti": jti or secrets.token_urlsafe(16),
        }
        return jwt.encode(claims, self._key, algorithm=ALGORITHM), expires

    def verify(self, token: str, *, type: TokenType) -> TokenClaims:
        """The claims of a valid token of ``type``; AuthenticationError for anything else."""
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=[ALGORITHM],
                audience=AUDIENCE,
                issuer=ISSUER,
                options={"require": _REQUIRED, "strict_aud": True},
                leeway=5,
            )
        except jwt.ExpiredSignatureError:
            raise AuthenticationError(
                f"the {type} token has expired",
                hint="refresh it at /api/v1/auth/refresh" if type == "access" else "log in again",
            ) from None
        except jwt.PyJWTError:
            raise _invalid(type) from None
        if claims.get("typ") != type:
            raise _invalid(type)
        try:
            return TokenClaims(
                user_id=uuid.UUID(str(claims["sub"])),
                tenant_id=uuid.UUID(str(claims["tid"])),
                session_id=uuid.UUID(str(claims["sid"])),
                role=Role(claims["role"]),
                type=type,
                jti=str(claims["jti"]),
                expires_at=datetime.fromtimestamp(int(claims["exp"]), tz=utcnow().tzinfo),
            )
        except (ValueError, TypeError):
            raise _invalid(type) from None


def _invalid(type: TokenType) -> AuthenticationError:
    return AuthenticationError(
        f"the {type} token is not valid", hint="log in again at /api/v1/auth/login"
    )
