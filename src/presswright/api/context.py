"""What every request handler of one app shares: the instance, tokens, limits, metrics."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, cast

from fastapi import Depends, Request

from presswright.api.metrics import HttpMetrics
from presswright.api.rate_limits import RequestLimiter
from presswright.api.tokens import TokenService
from presswright.bootstrap import Instance

if TYPE_CHECKING:  # the runtime (DBOS) is only imported by the process that serves
    from presswright.flows.runtime import Runtime

__all__ = ["ApiContext", "ContextDep", "get_context"]


@dataclass
class ApiContext:
    """The state of one API app; routes reach it through :data:`ContextDep`.

    ``runtime`` is the in-process flow runtime of `presswright serve` (None when another
    process serves this executor id, or in tests): pass it to the flow operations.
    """

    instance: Instance
    tokens: TokenService
    login_limiter: RequestLimiter
    generation_limiter: RequestLimiter
    metrics: HttpMetrics
    runtime: Runtime | None = None


def get_context(request: Request) -> ApiContext:
    """The context of the app serving ``request``."""
    return cast(ApiContext, request.app.state.context)


ContextDep = Annotated[ApiContext, Depends(get_context)]
