"""``/api/v1/brand-profiles``: the voices content is written in. Viewers read, editors write."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status
from starlette.responses import Response

from presswright.api.context import ContextDep
from presswright.api.principals import EditorPrincipal, ViewerPrincipal
from presswright.api.problems import problem_responses
from presswright.api.routes import API_PREFIX
from presswright.store.brand_profiles import (
    BrandProfileCreate,
    BrandProfilePublic,
    BrandProfileUpdate,
    create_brand_profile,
    delete_brand_profile,
    get_brand_profile,
    list_brand_profiles,
    update_brand_profile,
)

__all__ = ["router"]

router = APIRouter(
    prefix=f"{API_PREFIX}/brand-profiles",
    tags=["brand profiles"],
    responses=problem_responses(400, 401, 403, 422),
)


@router.get("")
def list_profiles(principal: ViewerPrincipal, context: ContextDep) -> list[BrandProfilePublic]:
    """The workspace's brand profiles, by name."""
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        return [BrandProfilePublic.model_validate(p) for p in list_brand_profiles(session)]


@router.post("", status_code=status.HTTP_201_CREATED, responses=problem_responses(409))
def create_profile(
    body: BrandProfileCreate, principal: EditorPrincipal, context: ContextDep
) -> BrandProfilePublic:
    """Create a brand profile (409 if the workspace has one of that name)."""
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        return BrandProfilePublic.model_validate(create_brand_profile(session, data=body))


@router.get("/{profile_id}", responses=problem_responses(404))
def get_profile(
    profile_id: uuid.UUID, principal: ViewerPrincipal, context: ContextDep
) -> BrandProfilePublic:
    """One brand profile of this workspace (404 for any other id)."""
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        return BrandProfilePublic.model_validate(get_brand_profile(session, profile_id=profile_id))


@router.patch("/{profile_id}", responses=problem_responses(404, 409))
def update_profile(
    profile_id: uuid.UUID,
    body: BrandProfileUpdate,
    principal: EditorPrincipal,
    context: ContextDep,
) -> BrandProfilePublic:
    """Change the fields sent (409 if the new name is taken).

    A null clears tone, vocabulary level, sentence length or custom instructions; a null
    name or banned-word list leaves it as it is.
    """
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        profile = update_brand_profile(session, profile_id=profile_id, data=body)
        return BrandProfilePublic.model_validate(profile)


@router.delete(
    "/{profile_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(404)
)
def delete_profile(
    profile_id: uuid.UUID, principal: EditorPrincipal, context: ContextDep
) -> Response:
    """Delete a brand profile of this workspace (404 for any other id)."""
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        delete_brand_profile(session, profile_id=profile_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
