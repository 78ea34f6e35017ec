"""``GET /health`` (no credentials) and ``GET /metrics`` (Prometheus text format)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from starlette.responses import Response

from presswright import __version__
from presswright.api.context import ContextDep
from presswright.api.metrics import CONTENT_TYPE
from presswright.api.schemas import Health
from presswright.errors import StorageError

__all__ = ["router"]

router = APIRouter(tags=["system"])


@router.get(
    "/health",
    response_model=Health,
    responses={503: {"model": Health, "description": "The database cannot be reached."}},
)
def health(context: ContextDep) -> Response:
    """Whether the service is up and its database reachable (503 when it is not)."""
    try:
        context.instance.database.ping()
    except StorageError:
        body = Health(status="degraded", version=__version__, database="unreachable")
        return JSONResponse(body.model_dump(), status_code=503)
    return JSONResponse(Health(status="ok", version=__version__, database="ok").model_dump())


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE: {}}, "description": "Prometheus metrics."}},
)
def metrics(context: ContextDep) -> Response:
    """Request counts by route template and status, and latency histograms."""
    return Response(context.metrics.render(), media_type=CONTENT_TYPE)
