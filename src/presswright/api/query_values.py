"""One value per single-valued query parameter: ``?q=a&q=b`` is a 422, not "the last one wins".

FastAPI reads a repeated scalar query parameter as its last value, so a client that sends
``q`` twice believes both were used. An app-wide dependency refuses such a request before
the endpoint runs, naming the parameter, through the app's usual validation problem answer;
which parameters of a route are single-valued is read once from the route's declaration.
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

__all__ = ["one_value_each"]

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


def _single_valued(route: APIRoute) -> frozenset[str]:
    return frozenset(
        field.alias
        for field in _query_params(route.dependant)
        if not _is_sequence(field.field_info.annotation)
    )


# By id(route), checked against a weak reference: routes of apps made and dropped (tests)
# free their ids for new routes. (Starlette routes define __eq__, so they are not hashable.)
_names: dict[int, tuple[weakref.ref[APIRoute], frozenset[str]]] = {}


async def one_value_each(request: Request) -> None:
    """Refuse a request that repeats a single-valued query parameter of its route (422)."""
    query = request.scope.get("query_string", b"")
    route = request.scope.get("route")
    if not query or not isinstance(route, APIRoute):
        return
    cached = _names.get(id(route))
    if cached is not None and cached[0]() is route:
        names = cached[1]
    else:
        names = _single_valued(route)
        _names[id(route)] = (weakref.ref(route), names)
    seen: dict[str, int] = {}
    for name, _ in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        if name in names:
            seen[name] = seen.get(name, 0) + 1
    repeated = sorted(name for name, count in seen.items() if count > 1)
    if repeated:
        raise RequestValidationError(
            [
                {
                    "type": "repeated_value",
                    "loc": ("query", name),
                    "msg": f"'{name}' takes one value but was given {seen[name]}; send it once",
                    "input": None,
                }
                for name in repeated
            ]
        )
