"""API keys of a tenant: created (shown once), listed, revoked, and checked on every request."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from presswright.auth.api_key_material import key_prefix, new_key, verify_key
from presswright.errors import UserInputError
from presswright.store.models import ApiKey, Membership, Role, as_utc, utcnow
from presswright.store.scoping import get_scoped, session_tenant

__all__ = [
    "ApiKeyPrincipal",
    "authenticate_api_key",
    "create_api_key",
    "list_api_keys",
    "revoke_api_key",
]


class ApiKeyPrincipal(NamedTuple):
    """Who a valid API key acts as."""

    tenant_id: uuid.UUID
    user_id: uuid.UUID
    key_id: uuid.UUID
    role: Role
    expires_at: datetime | None = None


def create_api_key(
    session: Session, *, user_id: uuid.UUID, name: str, expires_at: datetime | None = None
) -> tuple[ApiKey, str]:
    """Create a key for a member of the session's tenant; return the row and the raw key."""
    tenant_id = session_tenant(session)
    if not name.strip() or len(name) > 100:
        raise UserInputError(
            "an API key needs a name of 1-100 characters", hint="e.g. 'ci' or 'wordpress'"
        )
    if session.scalar(select(Membership.id).where(Membership.user_id == user_id)) is None:
        raise UserInputError("that user is not a member of this workspace", hint="add them first")
    material = new_key()
    key = ApiKey(
        tenant_id=tenant_id,
        user_id=user_id,
        name=name.strip(),
        prefix=material.prefix,
        key_hash=material.key_hash,
        expires_at=expires_at,
    )
    session.add(key)
    session.flush()
    return key, material.raw


def list_api_keys(session: Session) -> list[ApiKey]:
    """The keys of the session's tenant, newest first (never their secrets)."""
    session_tenant(session)
    return list(session.scalars(select(ApiKey).order_by(ApiKey.created_at.desc())))


def revoke_api_key(session: Session, *, key_id: uuid.UUID) -> ApiKey:
    """Revoke a key of the session's tenant; revoking twice is harmless."""
    key = get_scoped(session, ApiKey, key_id, what="API key")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        session.flush()
    return key


def authenticate_api_key(session: Session, raw: str) -> ApiKeyPrincipal | None:
    """The principal of a valid, unexpired, unrevoked key held by a current member, else None."""
    prefix = key_prefix(raw)
    if prefix is None:
        return None
    key = session.scalar(select(ApiKey).where(ApiKey.prefix == prefix))
    if key is None or not verify_key(raw, key.key_hash) or key.revoked_at is not None:
        return None
    if key.expires_at is not None and as_utc(key.expires_at) <= utcnow():
        return None
    membership = session.scalar(
        select(Membership).where(
            Membership.user_id == key.user_id, Membership.tenant_id == key.tenant_id
        )
    )
    if membership is None:
        return None
    expires_at = as_utc(key.expires_at) if key.expires_at is not None else None
    return ApiKeyPrincipal(key.tenant_id, key.user_id, key.id, membership.role, expires_at)
