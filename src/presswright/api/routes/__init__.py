"""The API's routers, one per resource; each carries its full path prefix.

Prefixes live on the routers, not on ``include_router``, so the route template a request
matched (``scope["route"].path``, used for metrics) is the whole path.
"""

__all__ = ["API_PREFIX"]

API_PREFIX = "/api/v1"
