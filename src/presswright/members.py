"""The members of a workspace and their roles: list, add, change a role, remove.

The rules live here, for every front door (the API acts for a signed-in member, the command
line for the operator of the installation):

* admins and owners manage members; only an owner may grant the owner role or change or
  remove an owner;
* nobody changes their own role or removes themselves (another admin or owner does);
* the last owner of a workspace can never be demoted or removed (409);
* a removed member's login sessions in the workspace and their API keys there are revoked,
  so no refresh works any more. Access tokens are checked against the membership on every
  request (the API's credential cache trusts a check for at most
  ``PRESSWRIGHT_CREDENTIAL_CACHE_TTL`` seconds, and not at all after a change made by the
  same process), so a removed member loses access at once, or within that many seconds
  when another process (the CLI) removed them.
"""

from __future__ import annotations

import uuid
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, Field

from presswright.errors import (
    AlreadyExistsError,
    ConflictError,
    DuplicateValueError,
    NotFoundError,
    PermissionDeniedError,
)
from presswright.store.database import Database
from presswright.store.models import Membership, Role, User
from presswright.store.tenancy import (
    add_member as store_add_member,
)
from presswright.store.tenancy import (
    create_user,
    end_member_access,
    get_member,
    get_user_by_email,
    list_members_with_users,
    lock_owners,
    normalize_email,
)

__all__ = [
    "Actor",
    "AlreadyMemberError",
    "Member",
    "add_member",
    "change_role",
    "create_member",
    "find_member",
    "list_members",
    "remove_member",
]

# Most powerful first, as Role declares them.
_RANK = {role: rank for rank, role in enumerate(reversed(list(Role)))}


@dataclass(frozen=True)
class Actor:
    """The member who asks for a change, with their role in the workspace."""

    user_id: uuid.UUID
    role: Role


class Member(BaseModel):
    """A member of a workspace as every front door shows them."""

    user_id: uuid.UUID
    email: str
    display_name: str | None = None
    role: Role
    joined_at: datetime = Field(description="When they became a member.")


class AlreadyMemberError(DuplicateValueError):
    """The user to add is already a member: a 409 that names the ``email`` field."""

    def __init__(self, email: str) -> None:
        AlreadyExistsError.__init__(
            self,
            f"{email} is already a member of this workspace",
            hint="change their role instead",
        )
        self.table = "memberships"
        self.fields = ("email",)


def _member(membership: Membership, user: User) -> Member:
    return Member(
        user_id=user.id,
        email=user.email,
        display_name=user.display_name,
        role=membership.role,
        joined_at=membership.created_at,
    )


def _require_admin(actor: Actor | None) -> None:
    if actor is not None and _RANK[actor.role] < _RANK[Role.ADMIN]:
        raise PermissionDeniedError(
            f"managing members needs the admin role; you are {actor.role.value}",
            hint="ask an owner or admin of the workspace",
        )


def _require_owner_for_owners(actor: Actor | None, what: str) -> None:
    if actor is not None and actor.role is not Role.OWNER:
        raise PermissionDeniedError(
            f"only an owner may {what}; you are {actor.role.value}",
            hint="ask an owner of the workspace",
        )


def list_members(database: Database, *, tenant_id: uuid.UUID) -> list[Member]:
    """The members of a workspace, oldest membership first."""
    with database.tenant_session(tenant_id) as session:
        return [_member(m, u) for m, u in list_members_with_users(session)]


def add_member(
    database: Database, *, tenant_id: uuid.UUID, actor: Actor | None, email: str, role: Role
) -> Member:
    """Add the user with ``email`` (who must exist) to a workspace with ``role``.

    NotFoundError when no user has that email; AlreadyMemberError when they are a member.
    ``actor`` None is the operator of the installation (the command line).
    """
    _require_admin(actor)
    if role is Role.OWNER:
        _require_owner_for_owners(actor, "make someone an owner")
    address = normalize_email(email)
    with database.tenant_session(tenant_id) as session:
        user = get_user_by_email(session, email=address)
        if user is None:
            raise NotFoundError(
                f"no user with email {address}",
                hint="ask them to register an account first, or have the operator create it"
                " with `presswright members add EMAIL --create`",
            )
        try:
            get_member(session, user_id=user.id)
        except NotFoundError:
            membership = store_add_member(session, user_id=user.id, role=role)
            return _member(membership, user)
        raise AlreadyMemberError(user.email)


def create_member(
    database: Database,
    *,
    tenant_id: uuid.UUID,
    email: str,
    role: Role,
    password: str,
    display_name: str | None = None,
) -> Member:
    """Create a user and make them a member with ``role``, in one transaction.

    For the operator of the installation (the command line), where no one can register.
    AlreadyExistsError when a user has that email (add them instead).
    """
    address = normalize_email(email)
    with database.tenant_session(tenant_id) as session:
        if get_user_by_email(session, email=address) is not None:
            raise AlreadyExistsError(
                f"a user with email {address} exists", hint="add them without --create"
            )
        user = create_user(session, email=address, password=password, display_name=display_name)
        membership = store_add_member(session, user_id=user.id, role=role)
        return _member(membership, user)


def find_member(database: Database, *, tenant_id: uuid.UUID, ref: str) -> Member:
    """A member of the workspace by user id or email; NotFoundError if there is none."""
    with database.tenant_session(tenant_id) as session:
        try:
            return _member(*get_member(session, user_id=uuid.UUID(ref)))
        except ValueError:
            pass
        user = get_user_by_email(session, email=ref)
        if user is not None:
            with suppress(NotFoundError):
                return _member(*get_member(session, user_id=user.id))
        raise NotFoundError(
            f"no member with email {ref.strip().lower()} in this workspace",
            hint="list the members to see who they are",
        )


def change_role(
    database: Database, *, tenant_id: uuid.UUID, actor: Actor | None, user_id: uuid.UUID, role: Role
) -> Member:
    """Give member ``user_id`` the role ``role`` (the same role again changes nothing)."""
    _require_admin(actor)
    if actor is not None and actor.user_id == user_id:
        raise PermissionDeniedError(
            "you cannot change your own role", hint="ask another admin or owner of the workspace"
        )
    with database.tenant_session(tenant_id) as session:
        owners = lock_owners(session)
        membership, user = get_member(session, user_id=user_id)
        if membership.role is role:
            return _member(membership, user)
        if role is Role.OWNER:
            _require_owner_for_owners(actor, "make someone an owner")
        if membership.role is Role.OWNER:
            _require_owner_for_owners(actor, "change an owner's role")
            if owners == [user_id]:
                raise ConflictError(
                    f"{user.email} is the last owner of this workspace and must stay one",
                    hint="make another member an owner first",
                )
        membership.role = role
        session.flush()
        return _member(membership, user)


def remove_member(
    database: Database, *, tenant_id: uuid.UUID, actor: Actor | None, user_id: uuid.UUID
) -> Member:
    """Remove member ``user_id``; their sessions in the workspace and API keys there end."""
    _require_admin(actor)
    if actor is not None and actor.user_id == user_id:
        raise PermissionDeniedError(
            "you cannot remove yourself", hint="ask another admin or owner of the workspace"
        )
    with database.tenant_session(tenant_id) as session:
        owners = lock_owners(session)
        membership, user = get_member(session, user_id=user_id)
        if membership.role is Role.OWNER:
            _require_owner_for_owners(actor, "remove an owner")
            if owners == [user_id]:
                raise ConflictError(
                    f"{user.email} is the last owner of this workspace and cannot be removed",
                    hint="make another member an owner first",
                )
        removed = _member(membership, user)
        session.delete(membership)
        end_member_access(session, user_id=user_id, reason="removed from workspace")
        return removed
