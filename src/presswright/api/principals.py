"""Who is calling, in which workspace, with which role: authentication and authorization.

Credentials: ``Authorization: Bearer <access JWT>``, or an API key as ``X-API-Key: pw_...``
or ``Authorization: Bearer pw_...``. A user in several workspaces picks one with the
``X-Tenant-ID`` header (default: the workspace of the token); an API key belongs to one
workspace. Every route depends on one of the role aliases below, never on a raw check.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import Depends, Header, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from presswright.api.context import ApiContext, ContextDep
from presswright.auth.api_key_material import KEY_PREFIX
from presswright.errors import AuthenticationError, PermissionDeniedError
from presswright.store.api_keys import authenticate_api_key
from presswright.store.auth_sessions import member_role
from presswright.store.identity_epoch import identity_epoch
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


def _seconds_until(moment: datetime | None) -> float | None:
    return None if moment is None else (moment - datetime.now(UTC)).total_seconds()


def _from_api_key(context: ApiContext, raw: str, wanted: uuid.UUID | None) -> Principal:
    epoch = identity_epoch()
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
    principal = Principal(
        user_id=found.user_id,
        tenant_id=found.tenant_id,
        role=found.role,
        via="api_key",
        api_key_id=found.key_id,
    )
    context.credentials.put(
        raw, wanted, principal, epoch=epoch, expires_in=_seconds_until(found.expires_at)
    )
    return principal


def _from_token(context: ApiContext, token: str, wanted: uuid.UUID | None) -> Principal:
    claims = context.tokens.verify(token, type="access")
    tenant_id = wanted or claims.tenant_id
    epoch = identity_epoch()
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
    principal = Principal(
        user_id=claims.user_id,
        tenant_id=tenant_id,
        role=role,
        via="token",
        session_id=claims.session_id,
    )
    context.credentials.put(
        token, wanted, principal, epoch=epoch, expires_in=_seconds_until(claims.expires_at)
    )
    return principal


async def authenticate(
    request: Request,
    context: ContextDep,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    api_key: Annotated[str | None, Depends(_api_key)],
    x_tenant_id: Annotated[
        uuid.UUID | None,
        Header(description="Workspace to act in, by id (users in several workspaces)."),
    ] = None,
) -> Principal:
    """The caller of this request; AuthenticationError without valid credentials.

    A credential verified moments ago is taken from the context's cache, on the event loop;
    otherwise the database is asked in a worker thread.
    """
    wanted = x_tenant_id
    check: Callable[[ApiContext, str, uuid.UUID | None], Principal]
    if api_key is not None:
        credential, check = api_key, _from_api_key
    elif bearer is not None:
        credential = bearer.credentials
        check = _from_api_key if credential.startswith(KEY_PREFIX) else _from_token
    else:
        raise AuthenticationError(
            "this route needs credentials",
            hint="send Authorization: Bearer <access token> or X-API-Key: <key>",
        )
    principal = await context.credentials.get_or_check(
        credential, wanted, lambda: run_in_threadpool(check, context, credential, wanted)
    )
    request.state.principal = principal
    return principal


def require_role(role: Role) -> Any:
    """A dependency: the caller, if their role is at least ``role``; else 403."""

    async def dependency(principal: Annotated[Principal, Depends(authenticate)]) -> Principal:
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
