"""Tenants, users and memberships.

Tenants and users are identities, read and written in a system session; memberships
belong to a tenant and are managed in that tenant's session.
"""

from __future__ import annotations

import re
import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from presswright.auth.passwords import hash_password, verify_password
from presswright.errors import AlreadyExistsError, NotFoundError, UserInputError
from presswright.store.models import ApiKey, AuthSession, Membership, Role, Tenant, User, utcnow
from presswright.store.scoping import get_scoped, session_tenant

__all__ = [
    "add_member",
    "authenticate_user",
    "create_tenant",
    "create_user",
    "end_member_access",
    "get_member",
    "get_tenant",
    "get_user_by_email",
    "list_members",
    "list_members_with_users",
    "list_tenants",
    "lock_owners",
    "memberships_of_user",
    "normalize_email",
    "remove_member",
    "set_member_role",
]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


def normalize_email(email: str) -> str:
    """Lower-case and strip an email address; refuse one that is not an address."""
    cleaned = email.strip().lower()
    if not _EMAIL.match(cleaned) or len(cleaned) > 320:
        raise UserInputError(f"{email!r} is not an email address", hint="use name@example.com")
    return cleaned


def _slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:60] or "workspace"


def create_tenant(session: Session, *, name: str, slug: str | None = None) -> Tenant:
    """Create a tenant; its slug is derived from ``name`` and made unique when not given."""
    if not name.strip():
        raise UserInputError("a workspace needs a name", hint="pass a non-empty name")
    base = _slugify(slug or name)
    candidate, n = base, 1
    while session.scalar(select(Tenant.id).where(Tenant.slug == candidate)) is not None:
        if slug is not None:
            raise AlreadyExistsError(
                f"a workspace with slug {slug!r} exists", hint="pick another slug"
            )
        n += 1
        candidate = f"{base}-{n}"
    tenant = Tenant(name=name.strip(), slug=candidate)
    session.add(tenant)
    session.flush()
    return tenant


def get_tenant(session: Session, *, tenant_id: uuid.UUID) -> Tenant:
    """Load a tenant by id or raise NotFoundError."""
    tenant = session.get(Tenant, tenant_id)
    if tenant is None:
        raise NotFoundError(f"no workspace with id {tenant_id}")
    return tenant


def list_tenants(session: Session) -> list[Tenant]:
    """Every tenant, oldest first (an operator's view, used by `presswright doctor`)."""
    return list(session.scalars(select(Tenant).order_by(Tenant.created_at)))


def create_user(
    session: Session, *, email: str, password: str, display_name: str | None = None
) -> User:
    """Create a user with an Argon2id password hash; emails are unique, case-insensitively."""
    address = normalize_email(email)
    if get_user_by_email(session, email=address) is not None:
        raise AlreadyExistsError(
            f"a user with email {address} exists", hint="log in instead", fields=("email",)
        )
    user = User(email=address, password_hash=hash_password(password), display_name=display_name)
    session.add(user)
    session.flush()
    return user


def get_user_by_email(session: Session, *, email: str) -> User | None:
    """The user with this email, if any."""
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate_user(session: Session, *, email: str, password: str) -> User | None:
    """The active user with these credentials, or None (never says which part was wrong)."""
    user = get_user_by_email(session, email=email)
    if user is None or not user.is_active:
        verify_password(
            _DUMMY_HASH, password
        )  # same work either way: no user enumeration by timing
        return None
    return user if verify_password(user.password_hash, password) else None


_DUMMY_HASH = hash_password("presswright-timing-equaliser")


def memberships_of_user(session: Session, *, user_id: uuid.UUID) -> list[Membership]:
    """The tenants a user belongs to (an identity lookup, allowed in a system session)."""
    return list(session.scalars(select(Membership).where(Membership.user_id == user_id)))


def add_member(session: Session, *, user_id: uuid.UUID, role: Role) -> Membership:
    """Give a user a role in the session's tenant."""
    tenant_id = session_tenant(session)
    existing = session.scalar(select(Membership).where(Membership.user_id == user_id))
    if existing is not None:
        raise AlreadyExistsError("that user is already a member", hint="change their role instead")
    membership = Membership(tenant_id=tenant_id, user_id=user_id, role=role)
    session.add(membership)
    session.flush()
    return membership


def list_members(session: Session) -> list[Membership]:
    """The members of the session's tenant."""
    session_tenant(session)
    return list(session.scalars(select(Membership).order_by(Membership.created_at)))


def set_member_role(session: Session, *, membership_id: uuid.UUID, role: Role) -> Membership:
    """Change a member's role in the session's tenant."""
    membership = get_scoped(session, Membership, membership_id, what="member")
    membership.role = role
    session.flush()
    return membership


def remove_member(session: Session, *, membership_id: uuid.UUID) -> None:
    """Remove a member from the session's tenant."""
    session.delete(get_scoped(session, Membership, membership_id, what="member"))
    session.flush()


def list_members_with_users(session: Session) -> list[tuple[Membership, User]]:
    """The members of the session's tenant with their users, oldest membership first."""
    session_tenant(session)
    rows = session.execute(
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .order_by(Membership.created_at, User.email)
    )
    return [(membership, user) for membership, user in rows]


def get_member(session: Session, *, user_id: uuid.UUID) -> tuple[Membership, User]:
    """The membership of ``user_id`` in the session's tenant and its user, or NotFoundError."""
    session_tenant(session)
    row = session.execute(
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.user_id == user_id)
    ).first()
    if row is None:
        raise NotFoundError(
            f"no member with user id {user_id} in this workspace",
            hint="list the members to see their ids",
        )
    return row[0], row[1]


def lock_owners(session: Session) -> list[uuid.UUID]:
    """The user ids of the tenant's owners, their rows locked until the transaction ends.

    On PostgreSQL two transactions that each demote a different owner wait for one another
    here, so the second sees the first's change; SQLite runs one writer at a time anyway.
    """
    session_tenant(session)
    return list(
        session.scalars(
            select(Membership.user_id)
            .where(Membership.role == Role.OWNER)
            .order_by(Membership.created_at)
            .with_for_update()
        )
    )


def end_member_access(session: Session, *, user_id: uuid.UUID, reason: str) -> tuple[int, int]:
    """Revoke the user's login sessions in the session's tenant and their API keys there.

    Returns how many sessions and keys were revoked. Sessions (identity data) carry the
    tenant they were opened in; ending one ends every token issued under it. Rows are
    changed one by one (not in a bulk UPDATE) so the identity epoch sees them.
    """
    tenant_id = session_tenant(session)
    now = utcnow()
    logins = list(
        session.scalars(
            select(AuthSession).where(
                AuthSession.user_id == user_id,
                AuthSession.tenant_id == tenant_id,
                AuthSession.revoked_at.is_(None),
            )
        )
    )
    for login in logins:
        login.revoked_at = now
        login.revoked_reason = reason[:50]
    keys = list(
        session.scalars(
            select(ApiKey).where(ApiKey.user_id == user_id, ApiKey.revoked_at.is_(None))
        )
    )
    for key in keys:
        key.revoked_at = now
    session.flush()
    return len(logins), len(keys)
