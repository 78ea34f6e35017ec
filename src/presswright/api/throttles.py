"""Rate-limit dependencies: login attempts per client address, generation per key or user."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from presswright.api.context import ContextDep
from presswright.api.principals import EditorPrincipal, Principal

__all__ = ["GenerationPrincipal", "client_address", "throttle_generation", "throttle_login"]


def client_address(request: Request) -> str:
    """The peer address (uvicorn resolves X-Forwarded-For only from trusted proxies)."""
    return request.client.host if request.client else "unknown"


def throttle_login(request: Request, context: ContextDep) -> None:
    """Count a login or register attempt against the client address's budget (429 past it)."""
    route = request.url.path.rsplit("/", 1)[-1]
    context.login_limiter.hit(f"{route}:{client_address(request)}")


def throttle_generation(context: ContextDep, principal: EditorPrincipal) -> Principal:
    """An editor (or above) within their generation budget, counted per API key or user."""
    context.generation_limiter.hit(principal.rate_key)
    return principal


GenerationPrincipal = Annotated[Principal, Depends(throttle_generation)]
