"""Login sessions and their rotating refresh tokens.

A session is one login of a user into a tenant. Each refresh token (by ``jti``) may be used
once; using it yields the next one. Presenting a token that was already used means it was
copied: the whole session is revoked, so both the thief and the owner must log in again.
Sessions are identity data, read and written in a system session.
"""

from __future__ import annotations

import enum
import secrets
import uuid
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from presswright.store.models import (
    AuthSession,
    Membership,
    RefreshToken,
    Role,
    User,
    as_utc,
    utcnow,
)

__all__ = [
    "Rotation",
    "member_role",
    "new_refresh_token",
    "revoke_session",
    "rotate_refresh_token",
    "start_session",
]


class Rotation(enum.StrEnum):
    """What became of a refresh token presented for rotation."""

    ROTATED = "rotated"
    UNKNOWN = "unknown"
    REUSED = "reused"
    ENDED = "ended"


def start_session(
    session: Session, *, user_id: uuid.UUID, tenant_id: uuid.UUID, lifetime: timedelta
) -> AuthSession:
    """Open a login session of ``user_id`` in ``tenant_id``, ending after ``lifetime``."""
    login = AuthSession(user_id=user_id, tenant_id=tenant_id, expires_at=utcnow() + lifetime)
    session.add(login)
    session.flush()
    return login


def new_refresh_token(
    session: Session, *, session_id: uuid.UUID, expires_at: datetime
) -> RefreshToken:
    """Record a fresh, unused refresh token of a session; its ``jti`` goes into the JWT."""
    token = RefreshToken(
        jti=secrets.token_urlsafe(24), session_id=session_id, expires_at=expires_at
    )
    session.add(token)
    session.flush()
    return token


def _live(login: AuthSession | None) -> bool:
    return login is not None and login.revoked_at is None and as_utc(login.expires_at) > utcnow()


def rotate_refresh_token(
    session: Session, *, jti: str, session_id: uuid.UUID, extend_to: datetime
) -> Rotation:
    """Spend refresh token ``jti`` of ``session_id`` once; a second use revokes the session.

    On ``ROTATED`` the session now lasts until ``extend_to`` (it slides with use). The
    caller commits whatever the outcome (a revocation must persist) and only issues new
    tokens on ``ROTATED``.
    """
    now = utcnow()
    login = session.get(AuthSession, session_id)
    if not _live(login):
        return Rotation.ENDED
    # One conditional UPDATE: of two concurrent uses of the same token exactly one wins.
    spent = session.execute(
        update(RefreshToken)
        .where(
            RefreshToken.jti == jti,
            RefreshToken.session_id == session_id,
            RefreshToken.used_at.is_(None),
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(spent, "rowcount", 0) == 1:
        assert login is not None
        login.expires_at = extend_to
        session.flush()
        return Rotation.ROTATED
    known = session.scalar(
        select(RefreshToken.jti).where(
            RefreshToken.jti == jti, RefreshToken.session_id == session_id
        )
    )
    if known is None:
        return Rotation.UNKNOWN
    revoke_session(session, session_id=session_id, reason="refresh token reused")
    return Rotation.REUSED


def revoke_session(session: Session, *, session_id: uuid.UUID, reason: str) -> None:
    """End a session and every token issued under it; ending it twice is harmless."""
    login = session.get(AuthSession, session_id)
    if login is not None and login.revoked_at is None:
        login.revoked_at = utcnow()
        login.revoked_reason = reason[:50]
        session.flush()


def member_role(
    session: Session,
    *,
    user_id: uuid.UUID,
    tenant_id: uuid.UUID,
    session_id: uuid.UUID,
) -> Role | None:
    """The role of an active user in a tenant, if their login session is still live."""
    row = session.execute(
        select(Membership.role, AuthSession)
        .join(User, User.id == Membership.user_id)
        .join(AuthSession, AuthSession.user_id == User.id)
        .where(
            Membership.user_id == user_id,
            Membership.tenant_id == tenant_id,
            User.is_active.is_(True),
            AuthSession.id == session_id,
        )
    ).first()
    if row is None or not _live(row[1]):
        return None
    return Role(row[0])
