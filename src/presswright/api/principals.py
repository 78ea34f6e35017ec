"""Who is calling, in which workspace, with which role: authentication and authorization.

Credentials: ``Authorization: Bearer <access JWT>``, or an API key as ``X-API-Key: pw_...``
or ``Authorization: Bearer pw_...``. A user in several workspaces picks one with the
``X-Tenant-ID`` header (default: the workspace of the token); an API key belongs to one
workspace. Every route depends on one of the role aliases below, never on a raw check.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.security import APIKeyHeader, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.routing import BaseRoute

from presswright.api.caller import ROLE_RANK, Principal
from presswright.api.context import ApiContext, context_of
from presswright.api.routes import api_routes
from presswright.auth.api_key_material import KEY_PREFIX
from presswright.errors import AuthenticationError, PermissionDeniedError
from presswright.store.api_keys import authenticate_api_key
from presswright.store.auth_sessions import member_role
from presswright.store.identity_epoch import identity_epoch
from presswright.store.models import Role

F = TypeVar("F", bound=Callable[..., Any])

__all__ = [
    "ROLE_RANK",
    "AdminPrincipal",
    "EditorPrincipal",
    "OwnerPrincipal",
    "Principal",
    "ViewerPrincipal",
    "authenticate",
    "document_security",
    "require_role",
]

_bearer = HTTPBearer(auto_error=False, description="An access token, or an API key (pw_...).")
_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key (pw_...).")


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


_TENANT_HELP = "Workspace to act in, by id (users in several workspaces)."
# The header every guarded route takes, as FastAPI would document a ``Header()`` parameter;
# it is read by hand (see :func:`require_role`) and documented by :func:`document_security`.
TENANT_PARAMETER: dict[str, Any] = {
    "description": _TENANT_HELP,
    "in": "header",
    "name": "x-tenant-id",
    "required": False,
    "schema": {
        "anyOf": [{"format": "uuid", "type": "string"}, {"type": "null"}],
        "description": _TENANT_HELP,
        "title": "X-Tenant-Id",
    },
}
# Declared for the OpenAPI document (see :func:`document_security`); requests are read by hand.
SECURITY_SCHEMES: dict[str, dict[str, Any]] = {
    "HTTPBearer": _bearer.model.model_dump(mode="json", by_alias=True, exclude_none=True),
    "APIKeyHeader": _api_key.model.model_dump(mode="json", by_alias=True, exclude_none=True),
}
SECURITY_REQUIREMENT: list[dict[str, list[str]]] = [{name: []} for name in SECURITY_SCHEMES]
# Marks the role dependencies, so the OpenAPI document can say which routes need credentials.
AUTH_MARK = "__presswright_authenticates__"


def _credential(request: Request) -> tuple[str, Callable[..., Principal]]:
    """The credential the request carries and the check for it; AuthenticationError if none.

    The same reading as FastAPI's ``APIKeyHeader`` and ``HTTPBearer(auto_error=False)``, done
    here directly: this runs on every authenticated request, and a dependency each costs more
    than the reading itself.
    """
    headers = request.headers
    api_key = headers.get("x-api-key")
    if api_key:
        return api_key, _from_api_key
    scheme, _, credentials = headers.get("authorization", "").partition(" ")
    credentials = credentials.strip()
    if scheme.lower() == "bearer" and credentials:
        return credentials, _from_api_key if credentials.startswith(KEY_PREFIX) else _from_token
    raise AuthenticationError(
        "this route needs credentials",
        hint="send Authorization: Bearer <access token> or X-API-Key: <key>",
    )


async def authenticate(request: Request, wanted: uuid.UUID | None) -> Principal:
    """The caller of this request, acting in workspace ``wanted`` (default: their own).

    AuthenticationError without valid credentials. A credential verified moments ago is
    taken from the context's cache, on the event loop; otherwise the database is asked in
    a worker thread.
    """
    context = context_of(request)
    credential, check = _credential(request)
    principal = await context.credentials.get_or_check(
        credential, wanted, lambda: run_in_threadpool(check, context, credential, wanted)
    )
    request.state.principal = principal
    return principal


async def caller_with_role(request: Request, role: Role) -> Principal:
    """The caller of this request, if their role is at least ``role``; else 403.

    What :func:`require_role` checks, for a route that calls it itself (see
    :func:`checks_role`).
    """
    principal = await authenticate(request, _wanted_tenant(request))
    if not principal.can(role):
        raise PermissionDeniedError(
            f"this needs the {role.value} role; you are {principal.role.value}",
            hint="ask an owner or admin of the workspace",
        )
    return principal


def require_role(role: Role) -> Any:
    """A dependency: the caller, if their role is at least ``role``; else 403.

    One dependency, not a chain of them: FastAPI solves each dependency on every request,
    and this one runs on nearly all of them.
    """

    async def dependency(request: Request) -> Principal:
        return await caller_with_role(request, role)

    dependency.__name__ = f"require_{role.value}"
    setattr(dependency, AUTH_MARK, True)
    return Depends(dependency)


def checks_role(endpoint: F) -> F:
    """Mark an endpoint that calls :func:`caller_with_role` itself as guarded.

    For the one route polled far more than any other (an execution's status): solving a
    dependency costs FastAPI more per request than the check itself (about 20 µs on this
    box), so that route asks for the caller in its body. The mark puts the credential
    schemes on it in the OpenAPI document, as a role dependency would.
    """
    setattr(endpoint, AUTH_MARK, True)
    return endpoint


def _wanted_tenant(request: Request) -> uuid.UUID | None:
    """The workspace asked for with X-Tenant-ID; a 422 naming the header if it is no UUID."""
    raw = request.headers.get("x-tenant-id")
    if raw is None:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise RequestValidationError(
            [
                {
                    "type": "uuid_parsing",
                    "loc": ("header", "x-tenant-id"),
                    "msg": "Input should be a valid UUID: a workspace id such as"
                    " 3f2b8c1e-0d4a-4c6e-9b7a-1e2d3c4b5a69",
                    "input": raw,
                }
            ]
        ) from None


def document_security(schema: dict[str, Any], routes: Iterable[BaseRoute]) -> None:
    """Put the credential schemes into ``schema``; require them, and document X-Tenant-ID,
    on every guarded route."""
    schema.setdefault("components", {})["securitySchemes"] = SECURITY_SCHEMES
    paths = schema.get("paths", {})
    for route in api_routes(routes):
        if not (getattr(route.endpoint, AUTH_MARK, False) or _guarded(route.dependant)):
            continue
        for method in route.methods or ():
            operation = paths.get(route.path_format, {}).get(method.lower())
            if operation is not None:
                operation["security"] = SECURITY_REQUIREMENT
                operation.setdefault("parameters", []).append(TENANT_PARAMETER)


def _guarded(dependant: Dependant) -> bool:
    return any(
        getattr(sub.call, AUTH_MARK, False) or _guarded(sub) for sub in dependant.dependencies
    )


ViewerPrincipal = Annotated[Principal, require_role(Role.VIEWER)]
EditorPrincipal = Annotated[Principal, require_role(Role.EDITOR)]
AdminPrincipal = Annotated[Principal, require_role(Role.ADMIN)]
OwnerPrincipal = Annotated[Principal, require_role(Role.OWNER)]
