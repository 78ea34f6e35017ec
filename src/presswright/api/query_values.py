"""One value per single-valued query parameter: ``?q=a&q=b`` is a 422, not "the last one wins".

FastAPI reads a repeated scalar query parameter as its last value, so a client that sends
``q`` twice believes both were used. :class:`RepeatedQueryGuard` gives the refusal of such a
request before the endpoint runs, naming the parameter, with the answer the route gives any
validation error; which parameters of a route are single-valued is read once from the
route's declaration.

It is asked by the API's edge (:class:`presswright.api.middleware.EdgeMiddleware`) rather
than being an app-wide dependency, because a dependency is solved on every request and
almost no request repeats a name: only one that does is matched to its route here (as the
router will match it), so the rest pay one look at the query string.
"""

from __future__ import annotations

import types
import typing
import weakref
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, Router
from starlette.types import Receive, Scope

from presswright.api.envelopes import error_answer
from presswright.api.routes import leaf_routes

__all__ = ["RepeatedQueryGuard"]

_SEQUENCES = (list, tuple, set, frozenset)


def _is_sequence(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_is_sequence(arg) for arg in typing.get_args(annotation))
    return origin in _SEQUENCES or annotation in _SEQUENCES


def _query_params(dependant: Dependant) -> Iterator[Any]:
    yield from dependant.query_params
    for inner in dependant.dependencies:
        yield from _query_params(inner)


_names: dict[int, tuple[weakref.ref[APIRoute], frozenset[str]]] = {}


class RepeatedQueryGuard:
    """Refuse a request that repeats a single-valued query parameter of its route (422)."""

    def __init__(self, router: Router) -> None:
        self.router = router

    async def refusal(self, scope: Scope, receive: Receive) -> Response | None:
        """The 422 for an HTTP request ``scope`` that repeats a single-valued parameter of
        its route, or None (nearly always, after one look at the query string)."""
        query: bytes = scope.get("query_string", b"")
        repeated = _repeated_names(query) if query else None
        if not repeated:
            return None
        route, child_scope = self._route(scope)
        names = _single_valued(route) if isinstance(route, APIRoute) else frozenset()
        refused = sorted(name for name in repeated if name in names)
        if route is None or not refused:
            return None
        scope.update(child_scope)  # as the router would: the access log and metrics name it
        error = RequestValidationError(
            [
                {
                    "type": "repeated_value",
                    "loc": ("query", name),
                    "msg": f"'{name}' takes one value but was given {repeated[name]}; send it once",
                    "input": None,
                }
                for name in refused
            ]
        )
        return await error_answer(route, Request(scope, receive), error)

    def _route(self, scope: Scope) -> tuple[BaseRoute | None, Scope]:
        """The route the router will pick for ``scope``, and what it adds to the scope."""
        for route in leaf_routes(self.router.routes):
            match, child_scope = route.matches(scope)
            if match is Match.FULL:
                return route, child_scope
        return None, {}


def _repeated_names(query: bytes) -> dict[str, int]:
    """Each name the query string gives more than once, with how many times."""
    seen: dict[str, int] = {}
    for name, _ in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        seen[name] = seen.get(name, 0) + 1
    return {name: count for name, count in seen.items() if count > 1}


def _single_valued(route: APIRoute) -> frozenset[str]:
    # By id(route), checked against a weak reference: routes of apps made and dropped
    # (tests) free their ids for new routes. (Starlette routes define __eq__, so they are
    # not hashable.)
    cached = _names.get(id(route))
    if cached is not None and cached[0]() is route:
        return cached[1]
    names = frozenset(
        field.alias
        for field in _query_params(route.dependant)
        if not _is_sequence(field.field_info.annotation)
    )
    _names[id(route)] = (weakref.ref(route), names)
    return names
