"""What every request handler of one app shares: the instance, tokens, limits, metrics."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar, cast

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from presswright.api.caller import Principal
from presswright.api.credential_cache import CredentialCache
from presswright.api.metrics import HttpMetrics
from presswright.api.rate_limits import RequestLimiter
from presswright.api.tokens import TokenService
from presswright.bootstrap import Instance

if TYPE_CHECKING:  # the runtime (DBOS) is only imported by the process that serves
    from presswright.flows.runtime import Runtime

__all__ = ["ApiContext", "ContextDep", "context_of", "get_context"]

P = ParamSpec("P")
T = TypeVar("T")


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
    credentials: CredentialCache[Principal]
    runtime: Runtime | None = None
    started: float = field(default_factory=time.monotonic)  # when the app was made (uptime)

    async def read(self, function: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a short database read for an async route.

        On SQLite (a local file in WAL mode, where readers never wait for writers) it runs
        right here: a read takes a fraction of a millisecond, less than handing it to a
        worker thread costs. On a database server it runs in a worker thread, so network
        latency never stalls the event loop.
        """
        if self.instance.database.is_sqlite:
            return function(*args, **kwargs)
        return await run_in_threadpool(function, *args, **kwargs)


def context_of(request: Request) -> ApiContext:
    """The context of the app serving ``request``."""
    return cast(ApiContext, request.app.state.context)


async def get_context(request: Request) -> ApiContext:
    """The context of the app serving ``request`` (the dependency behind :data:`ContextDep`)."""
    return context_of(request)


ContextDep = Annotated[ApiContext, Depends(get_context)]
