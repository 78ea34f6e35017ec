"""A fast lane for the reads clients poll: the same route, without FastAPI's per-request work.

Clients poll an execution's status document: the web UI about once a second for each open
run, the WordPress plugin, scripts waiting for a result. For that read FastAPI's own
per-request work (matching through the included routers, solving the dependencies, its
exit stacks and telemetry hooks) cost more than everything the route does: measured on
FastAPI 0.165, about 170 µs of a 330 µs answer, where checking the credential and reading
the document took about 60 µs.

A route put in the lane keeps its FastAPI declaration: the OpenAPI document, the role
dependency and the parameter types all come from it, and it stays registered. The lane
adds a plain Starlette route for the same path and method, matched before FastAPI's
routers, which does what FastAPI would do for that route and nothing else: the role
dependency first (401 / 403 as usual), then each path parameter validated against the
route's own annotation (422 at ``path.<name>``), then the endpoint. Errors take the app's
exception handlers, so every answer, problem documents included, is the one FastAPI gives
(tests/api/test_fast_lane.py compares the two request by request).

Only a route that takes path parameters, the request and one role dependency, and returns
a :class:`Response` itself, can use the lane; :func:`fast_lane` refuses any other when the
app is built, naming what it cannot serve.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute, APIRouter
from pydantic import TypeAdapter, ValidationError
from starlette.routing import Match, Route
from starlette.types import Scope

from presswright.api.principals import AUTH_MARK
from presswright.api.routes import api_routes

__all__ = ["FastLaneRoute", "fast_lane"]


class FastLaneRoute(Route):
    """A Starlette route serving one GET :class:`APIRoute` the way FastAPI would."""

    def __init__(self, api_route: APIRoute) -> None:
        self.api_route = api_route
        super().__init__(
            api_route.path,
            _handler(api_route),
            methods=["GET"],
            name=api_route.name,
            include_in_schema=False,
        )
        # Starlette adds HEAD to a GET route; FastAPI does not, and this lane changes nothing.
        self.methods = {"GET"}

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        match, child_scope = super().matches(scope)
        if match is not Match.NONE:
            # The route the request log and metrics name: the declared one, by its template.
            child_scope["route"] = self.api_route
        return match, child_scope


def fast_lane(router: APIRouter, *endpoints: Callable[..., Any]) -> list[FastLaneRoute]:
    """Lane routes for the GET routes of ``router`` served by ``endpoints``, in that order.

    Raises TypeError naming the route if one cannot take the lane, or is not in ``router``.
    """
    lanes = []
    for endpoint in endpoints:
        found = [
            route
            for route in api_routes(router.routes)
            if route.endpoint is endpoint and route.methods == {"GET"}
        ]
        if len(found) != 1:
            raise TypeError(f"{endpoint.__name__} is not one GET route of this router")
        lanes.append(FastLaneRoute(found[0]))
    return lanes


def _handler(route: APIRoute) -> Callable[[Request], Awaitable[Response]]:
    """The request handler of ``route`` in the lane; TypeError if it cannot take it."""
    dependant = route.dependant
    label = f"{route.path} ({route.name})"
    extra = [
        kind
        for kind, present in (
            ("query parameters", dependant.query_params),
            ("header parameters", dependant.header_params),
            ("cookie parameters", dependant.cookie_params),
            ("a body", dependant.body_params),
            ("background tasks", dependant.background_tasks_param_name),
            ("a response parameter", dependant.response_param_name),
            ("security scopes", dependant.security_scopes_param_name),
        )
        if present
    ]
    if extra:
        raise TypeError(f"{label} takes {', '.join(extra)}: the fast lane serves none")
    if len(dependant.dependencies) != 1:
        raise TypeError(f"{label} needs exactly one dependency, its role check")
    guard = dependant.dependencies[0]
    if (
        not getattr(guard.call, AUTH_MARK, False)
        or not inspect.iscoroutinefunction(guard.call)
        or guard.dependencies
        or guard.path_params
        or guard.query_params
        or guard.header_params
        or guard.cookie_params
        or guard.request_param_name is None
        or guard.name is None
    ):
        raise TypeError(f"{label}: its one dependency must be a role check (require_role)")
    if not inspect.iscoroutinefunction(dependant.call):
        raise TypeError(f"{label}: the endpoint must be a coroutine function")
    check = guard.call
    check_request = guard.request_param_name
    principal_name = guard.name
    request_name = dependant.request_param_name
    endpoint = dependant.call
    # Each path parameter validated as FastAPI does: by its annotation, errors at path.<name>.
    parameters = []
    for field in dependant.path_params:
        if field.field_info.annotation is None:
            raise TypeError(f"{label}: path parameter {field.name} has no type")
        parameters.append((field.name, field.alias, TypeAdapter(field.field_info.annotation)))

    async def handle(request: Request) -> Response:
        values: dict[str, Any] = {principal_name: await check(**{check_request: request})}
        errors: list[Any] = []
        raw = request.path_params
        for name, alias, adapter in parameters:
            try:
                values[name] = adapter.validate_python(raw[alias])
            except ValidationError as error:
                errors.extend(
                    {**detail, "loc": ("path", alias, *detail["loc"])}
                    for detail in error.errors(include_url=False)
                )
        if errors:
            raise RequestValidationError(errors)
        if request_name is not None:
            values[request_name] = request
        response = await endpoint(**values)
        if not isinstance(response, Response):
            raise TypeError(f"{label} returned {type(response).__name__}, not a Response")
        return response

    return handle
