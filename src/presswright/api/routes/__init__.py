"""The API's routers, one per resource; each carries its full path prefix.

Prefixes live on the routers, not on ``include_router``, so the route template a request
matched (``scope["route"].path``, used for metrics) is the whole path.
"""

from collections.abc import Iterable, Iterator

from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

__all__ = ["API_PREFIX", "api_routes", "leaf_routes"]

API_PREFIX = "/api/v1"


def leaf_routes(routes: Iterable[BaseRoute]) -> Iterator[BaseRoute]:
    """Every route in ``routes``, those of included routers too.

    FastAPI keeps an included router whole (``original_router``) with its routes inside;
    theirs carry the router's prefix already, and ours are included without another.
    """
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is None:
            yield route
        else:
            yield from leaf_routes(inner.routes)


def api_routes(routes: Iterable[BaseRoute]) -> Iterator[APIRoute]:
    """The FastAPI routes among :func:`leaf_routes`."""
    return (route for route in leaf_routes(routes) if isinstance(route, APIRoute))
