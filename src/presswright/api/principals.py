"""Who is calling, in which workspace, with which role: authentication and authorization.

Credentials: ``Authorization: Bearer <access JWT>``, or an API key as ``X-API-Key: pw_...``
or ``Authorization: Bearer pw_...``. A user in several workspaces picks one with the
``X-Tenant-ID`` header (default: the workspace of the token); an API key belongs to one
workspace. Every route depends on one of the role aliases below, never on a raw check.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import Depends, Header, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from presswright.api.context import ApiContext, ContextDep
from presswright.auth.api_key_material import KEY_PREFIX
from presswright.errors import AuthenticationError, PermissionDeniedError, UserInputError
from presswright.store.api_keys import authenticate_api_key
from presswright.store.auth_sessions import member_role
from presswright.store.models import Role

__all__ = [
    "ROLE_RANK",
    "AdminPrincipal",
    "EditorPrincipal",
    "OwnerPrincipal",
    "Principal",
    "ViewerPrincipal",
    "authenticate",
    "require_role",
]

# Higher may do everything lower may.
ROLE_RANK = {Role.VIEWER: 0, Role.EDITOR: 1, Role.ADMIN: 2, Role.OWNER: 3}

_bearer = HTTPBearer(auto_error=False, description="An access token, or an API key (pw_...).")
_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key (pw_...).")


@dataclass(frozen=True)
class Principal:
    """An authenticated caller acting in one workspace."""

    user_id: uuid.UUID
    tenant_id: uuid.UUID
    role: Role
    via: Literal["token", "api_key"]
    api_key_id: uuid.UUID | None = None
    session_id: uuid.UUID | None = None

    @property
    def rate_key(self) -> str:
        """Whose budget a request counts against: the API key, else the user."""
        return f"key:{self.api_key_id}" if self.api_key_id else f"user:{self.user_id}"

    def can(self, role: Role) -> bool:
        """Whether this principal's role is at least ``role``."""
        return ROLE_RANK[self.role] >= ROLE_RANK[role]


def _tenant_header(value: str | None) -> uuid.UUID | None:
    if value is None:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise UserInputError(
            "the X-Tenant-ID header is not a workspace id", hint="send the id as a UUID"
        ) from None


def _from_api_key(context: ApiContext, raw: str, wanted: uuid.UUID | None) -> Principal:
    with context.instance.database.system_session() as session:
        found = authenticate_api_key(session, raw)
    if found is None:
        raise AuthenticationError(
            "the API key is not valid", hint="it may be revoked or expired: create a new one"
        )
    if wanted is not None and wanted != found.tenant_id:
        raise PermissionDeniedError(
            "this API key belongs to another workspace", hint="drop X-Tenant-ID or use its key"
        )
    return Principal(
        user_id=found.user_id,
        tenant_id=found.tenant_id,
        role=found.role,
        via="api_key",
        api_key_id=found.key_id,
    )


def _from_token(context: ApiContext, token: str, wanted: uuid.UUID | None) -> Principal:
    claims = context.tokens.verify(token, type="access")
    tenant_id = wanted or claims.tenant_id
    with context.instance.database.system_session() as session:
        role = member_role(
            session, user_id=claims.user_id, tenant_id=tenant_id, session_id=claims.session_id
        )
        # Is the login itself fine? Then the workspace is the problem, not the token.
        if (
            role is None
            and wanted is not None
            and wanted != claims.tenant_id
            and member_role(
                session,
                user_id=claims.user_id,
                tenant_id=claims.tenant_id,
                session_id=claims.session_id,
            )
        ):
            raise PermissionDeniedError(
                f"you are not a member of workspace {wanted}",
                hint="drop X-Tenant-ID or ask an admin of that workspace to add you",
            )
    if role is None:
        raise AuthenticationError(
            "the access token is no longer valid", hint="log in again at /api/v1/auth/login"
        )
    return Principal(
        user_id=claims.user_id,
        tenant_id=tenant_id,
        role=role,
        via="token",
        session_id=claims.session_id,
    )


def authenticate(
    request: Request,
    context: ContextDep,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    api_key: Annotated[str | None, Depends(_api_key)],
    x_tenant_id: Annotated[
        str | None, Header(description="Workspace to act in (users in several workspaces).")
    ] = None,
) -> Principal:
    """The caller of this request; AuthenticationError without valid credentials."""
    wanted = _tenant_header(x_tenant_id)
    if api_key is not None:
        principal = _from_api_key(context, api_key, wanted)
    elif bearer is not None and bearer.credentials.startswith(KEY_PREFIX):
        principal = _from_api_key(context, bearer.credentials, wanted)
    elif bearer is not None:
        principal = _from_token(context, bearer.credentials, wanted)
    else:
        raise AuthenticationError(
            "this route needs credentials",
            hint="send Authorization: Bearer <access token> or X-API-Key: <key>",
        )
    request.state.principal = principal
    return principal


def require_role(role: Role) -> Any:
    """A dependency: the caller, if their role is at least ``role``; else 403."""

    def dependency(principal: Annotated[Principal, Depends(authenticate)]) -> Principal:
        if not principal.can(role):
            raise PermissionDeniedError(
                f"this needs the {role.value} role; you are {principal.role.value}",
                hint="ask an owner or admin of the workspace",
            )
        return principal

    dependency.__name__ = f"require_{role.value}"
    return Depends(dependency)


ViewerPrincipal = Annotated[Principal, require_role(Role.VIEWER)]
EditorPrincipal = Annotated[Principal, require_role(Role.EDITOR)]
AdminPrincipal = Annotated[Principal, require_role(Role.ADMIN)]
OwnerPrincipal = Annotated[Principal, require_role(Role.OWNER)]
