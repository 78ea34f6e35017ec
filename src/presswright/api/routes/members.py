"""``/api/v1/members``: who belongs to the workspace, with which role.

Every member may list them; admins and owners add, re-role and remove (see
:mod:`presswright.members` for the rules: owners only by owners, never your own role, never
the last owner). A removed member's sessions in the workspace and API keys there end.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.responses import Response

from presswright.api.caller import Principal
from presswright.api.context import ContextDep
from presswright.api.principals import AdminPrincipal, ViewerPrincipal
from presswright.api.problems import problem_responses
from presswright.api.routes import API_PREFIX
from presswright.errors import UserInputError
from presswright.members import (
    Actor,
    Member,
    add_member,
    change_role,
    list_members,
    remove_member,
)
from presswright.store.models import Role
from presswright.store.tenancy import normalize_email

__all__ = ["MemberAdd", "MemberRoleChange", "router"]

router = APIRouter(
    prefix=f"{API_PREFIX}/members", tags=["members"], responses=problem_responses(401, 403, 422)
)


class MemberAdd(BaseModel):
    """An existing user, by email, and the role they get in this workspace."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"email": "ada@example.com", "role": "editor"}]},
    )
    email: str = Field(max_length=320)
    role: Role

    @field_validator("email")
    @classmethod
    def _valid_email(cls, value: str) -> str:
        try:
            return normalize_email(value)
        except UserInputError as error:
            raise ValueError(error.message) from None


class MemberRoleChange(BaseModel):
    """The member's new role."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"role": "viewer"}]})
    role: Role


def _actor(principal: Principal) -> Actor:
    return Actor(user_id=principal.user_id, role=principal.role)


@router.get("")
def get_members(principal: ViewerPrincipal, context: ContextDep) -> list[Member]:
    """The workspace's members with their roles, oldest membership first."""
    return list_members(context.instance.database, tenant_id=principal.tenant_id)


@router.post("", status_code=status.HTTP_201_CREATED, responses=problem_responses(404, 409))
def post_member(body: MemberAdd, principal: AdminPrincipal, context: ContextDep) -> Member:
    """Add an existing user by email (404 if no user has it, 409 if they are a member).

    Only an owner may add an owner.
    """
    return add_member(
        context.instance.database,
        tenant_id=principal.tenant_id,
        actor=_actor(principal),
        email=body.email,
        role=body.role,
    )


@router.patch("/{user_id}", responses=problem_responses(404, 409))
def patch_member(
    user_id: uuid.UUID, body: MemberRoleChange, principal: AdminPrincipal, context: ContextDep
) -> Member:
    """Change a member's role (403 for your own, or an owner's unless you are one; 409 for
    the last owner)."""
    return change_role(
        context.instance.database,
        tenant_id=principal.tenant_id,
        actor=_actor(principal),
        user_id=user_id,
        role=body.role,
    )


@router.delete(
    "/{user_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(404, 409)
)
def delete_member(user_id: uuid.UUID, principal: AdminPrincipal, context: ContextDep) -> Response:
    """Remove a member: their sessions in this workspace and their API keys here end at once
    (403 for yourself, or an owner unless you are one; 409 for the last owner)."""
    remove_member(
        context.instance.database,
        tenant_id=principal.tenant_id,
        actor=_actor(principal),
        user_id=user_id,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
