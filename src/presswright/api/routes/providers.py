"""``/api/v1/providers`` (LLM provider connections) and ``/api/v1/models`` (what can be used).

Admins write connections, anyone in the workspace reads them. An API key is write-only: it
is accepted in a request body, stored encrypted, and only ever shown as a hint of its last
four characters (``api_key``) and ``has_api_key``.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, status
from pydantic import Field, field_validator
from starlette.responses import Response

from presswright.api.context import ContextDep
from presswright.api.principals import AdminPrincipal, ViewerPrincipal
from presswright.api.problems import problem_responses
from presswright.api.routes import API_PREFIX
from presswright.api.throttles import GenerationPrincipal
from presswright.llm.factory import models_for_tenant
from presswright.llm.provider_check import ProviderCheck, check_provider
from presswright.llm.registry import ensure_listed_kind, listed_provider_kinds, provider_kinds
from presswright.llm.types import ModelInfo
from presswright.store.provider_configs import (
    ProviderConfigCreate,
    ProviderConfigPublic,
    ProviderConfigUpdate,
    create_provider_config,
    delete_provider_config,
    get_provider_config_by_id,
    list_provider_configs,
    to_public,
    update_provider_config,
)

__all__ = ["ProviderCreate", "models_router", "router"]

router = APIRouter(
    prefix=f"{API_PREFIX}/providers",
    tags=["providers"],
    responses=problem_responses(400, 401, 403, 422),
)
models_router = APIRouter(
    prefix=f"{API_PREFIX}/models",
    tags=["providers"],
    responses=problem_responses(400, 401, 403, 422),
)


def _listed_kinds_schema(schema: dict[str, Any]) -> None:
    schema["enum"] = listed_provider_kinds()


class ProviderCreate(ProviderConfigCreate):
    """What a tenant supplies to connect a provider; ``api_key`` is write-only."""

    kind: str = Field(
        max_length=32,
        description="A registered provider kind.",
        examples=["openai", "anthropic"],
        json_schema_extra=_listed_kinds_schema,
    )

    @field_validator("kind")
    @classmethod
    def _registered(cls, value: str) -> str:
        if value not in provider_kinds() and value not in listed_provider_kinds():
            raise ValueError(
                f"unknown provider kind; use one of: {', '.join(listed_provider_kinds())}"
            )
        return value


@router.get("")
def list_providers(principal: ViewerPrincipal, context: ContextDep) -> list[ProviderConfigPublic]:
    """The workspace's stored provider connections, by name; keys masked."""
    box = context.instance.secretbox
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        return [to_public(config, box) for config in list_provider_configs(session)]


@router.post("", status_code=status.HTTP_201_CREATED, responses=problem_responses(409))
def create_provider(
    body: ProviderCreate, principal: AdminPrincipal, context: ContextDep
) -> ProviderConfigPublic:
    """Store a provider connection; its name becomes the ``provider`` part of model ids.

    409 if the workspace has a connection of that name. Connections stored here win over
    the environment (``OPENAI_API_KEY``, ...) for the same name.
    """
    ensure_listed_kind(body.kind)
    box = context.instance.secretbox
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        return to_public(create_provider_config(session, data=body, box=box), box)


@router.get("/{config_id}", responses=problem_responses(404))
def get_provider(
    config_id: uuid.UUID, principal: ViewerPrincipal, context: ContextDep
) -> ProviderConfigPublic:
    """One provider connection of this workspace (404 for any other id); key masked."""
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        config = get_provider_config_by_id(session, config_id=config_id)
        return to_public(config, context.instance.secretbox)


@router.patch("/{config_id}", responses=problem_responses(404))
def update_provider(
    config_id: uuid.UUID,
    body: ProviderConfigUpdate,
    principal: AdminPrincipal,
    context: ContextDep,
) -> ProviderConfigPublic:
    """Change the fields sent: a new ``api_key`` replaces the stored one, ``""`` or null
    removes it; a null limit removes the limit."""
    box = context.instance.secretbox
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        config = update_provider_config(session, config_id=config_id, data=body, box=box)
        return to_public(config, box)


@router.delete(
    "/{config_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(404)
)
def delete_provider(
    config_id: uuid.UUID, principal: AdminPrincipal, context: ContextDep
) -> Response:
    """Remove a provider connection of this workspace (404 for any other id)."""
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        delete_provider_config(session, config_id=config_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{name}/test", responses=problem_responses(404, 429))
async def check_provider_live(
    name: Annotated[str, Path(min_length=1, max_length=64)],
    principal: GenerationPrincipal,
    context: ContextDep,
    model: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=200,
            description="The provider's own model name to call; default: the workspace's"
            " default model if it is on this provider, else the first model it lists.",
        ),
    ] = None,
) -> ProviderCheck:
    """Call the provider once for real: a tiny prompt, a few tokens, no cache, a short timeout.

    A provider that fails (a rejected key, an unreachable server, an unknown model) answers
    200 with ``ok`` false and the provider's message; 404 if the workspace has no provider
    of that name (stored or from the server's environment). The call counts as usage, like
    any other, and against the caller's generation budget.
    """
    return await check_provider(
        context.instance,
        tenant_id=principal.tenant_id,
        user_id=principal.user_id,
        name=name,
        model=model,
    )


@models_router.get("")
def list_models(principal: ViewerPrincipal, context: ContextDep) -> list[ModelInfo]:
    """Every model this workspace can name, by provider: stored connections, the server's
    environment and the packaged local model. Each says whether it can be used now and,
    if not, why and how to fix it."""
    return models_for_tenant(context.instance, principal.tenant_id)
