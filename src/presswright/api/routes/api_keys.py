"""``/api/v1/api-keys``: create (the key is shown once), list (masked), revoke. Admins only."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status
from starlette.responses import Response

from presswright.api.context import ContextDep
from presswright.api.principals import AdminPrincipal
from presswright.api.problems import problem_responses
from presswright.api.routes import API_PREFIX
from presswright.api.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyPublic
from presswright.store.api_keys import create_api_key, list_api_keys, revoke_api_key
from presswright.store.models import ApiKey

__all__ = ["router"]

router = APIRouter(
    prefix=f"{API_PREFIX}/api-keys", tags=["api keys"], responses=problem_responses(401, 403, 422)
)


def _public(key: ApiKey) -> ApiKeyPublic:
    return ApiKeyPublic(
        id=key.id,
        name=key.name,
        prefix=key.prefix + "…",
        user_id=key.user_id,
        created_at=key.created_at,
        expires_at=key.expires_at,
        revoked_at=key.revoked_at,
    )


@router.post("", status_code=status.HTTP_201_CREATED)
def create_key(body: ApiKeyCreate, principal: AdminPrincipal, context: ContextDep) -> ApiKeyCreated:
    """Create a key acting as the caller in this workspace; ``key`` is never shown again."""
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        key, raw = create_api_key(
            session, user_id=principal.user_id, name=body.name, expires_at=body.expires_at
        )
        return ApiKeyCreated(**_public(key).model_dump(), key=raw)


@router.get("")
def list_keys(principal: AdminPrincipal, context: ContextDep) -> list[ApiKeyPublic]:
    """The workspace's keys, newest first, revoked ones included."""
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        return [_public(key) for key in list_api_keys(session)]


@router.delete(
    "/{key_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(404)
)
def revoke_key(key_id: uuid.UUID, principal: AdminPrincipal, context: ContextDep) -> Response:
    """Revoke a key of this workspace (404 for any other id); revoking twice is harmless."""
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        revoke_api_key(session, key_id=key_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
