"""Every API error as an RFC 9457 problem (``application/problem+json``), never a stack trace.

Presswright's error tree maps to statuses here, once: the routes raise library errors and
never build error responses themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.routing import Match

from presswright.api.request_log import current_request_id
from presswright.api.routes import leaf_routes
from presswright.errors import (
    AlreadyExistsError,
    AuthenticationError,
    ConflictError,
    ContentContractError,
    FileTooLargeError,
    MissingExtraError,
    NotFoundError,
    PermissionDeniedError,
    PresswrightError,
    ProviderBudgetTooSmallError,
    ProviderError,
    ProviderTimeoutError,
    ProviderUnavailableError,
    SecretError,
    SettingsError,
    StorageError,
    UserInputError,
)
from presswright.flows.problems import FlowValidationError
from presswright.publish.wordpress.errors import (
    WordPressAuthError,
    WordPressError,
    WordPressUnreachableError,
)

__all__ = [
    "PROBLEM_JSON",
    "ApiRequestLimitError",
    "FieldProblem",
    "Problem",
    "install_problem_handlers",
    "problem_response",
    "problem_responses",
    "status_of",
]

PROBLEM_JSON = "application/problem+json"
_TYPE_BASE = "urn:presswright:problem:"
_log = logging.getLogger("presswright.api")


class FieldProblem(BaseModel):
    """One invalid field: where it is (``body.email``), what is wrong, and the error kind."""

    field: str = Field(examples=["body.email"])
    loc: list[str | int]
    message: str
    kind: str = Field(examples=["missing"])


class Problem(BaseModel):
    """An RFC 9457 problem document, plus the request id to quote when reporting it."""

    type: str = Field(examples=["urn:presswright:problem:not-found"])
    title: str = Field(examples=["Not Found"])
    status: int = Field(examples=[404])
    detail: str = Field(examples=["no API key with id ... in this workspace"])
    instance: str = Field(examples=["/api/v1/api-keys/6f1c..."])
    request_id: str | None = None
    errors: list[FieldProblem] | None = None


class ApiRequestLimitError(PresswrightError):
    """A client, key or user sent more requests than this API allows in its window (429).

    ``retry_after`` says when to try again. Not a provider's budget
    (:class:`presswright.errors.ProviderBudgetTooSmallError`).
    """

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, hint=f"retry in {retry_after} s")
        self.retry_after = retry_after


# Most specific first: the first class an error is an instance of decides its status.
_STATUSES: tuple[tuple[type[PresswrightError], int, str], ...] = (
    (AuthenticationError, 401, "unauthenticated"),
    (PermissionDeniedError, 403, "forbidden"),
    (ApiRequestLimitError, 429, "rate-limited"),
    (NotFoundError, 404, "not-found"),
    (AlreadyExistsError, 409, "already-exists"),
    (ConflictError, 409, "conflict"),
    (FlowValidationError, 422, "invalid-flow"),
    (SettingsError, 500, "server-misconfigured"),
    (FileTooLargeError, 413, "file-too-large"),
    (UserInputError, 400, "invalid-input"),
    (ContentContractError, 422, "content-contract"),
    (ProviderBudgetTooSmallError, 422, "provider-budget-too-small"),
    (ProviderUnavailableError, 503, "provider-unavailable"),
    (ProviderTimeoutError, 504, "provider-timeout"),
    (ProviderError, 502, "provider-error"),
    # Never 401: a client would take WordPress refusing its password for its own login failing.
    (WordPressAuthError, 502, "wordpress-credentials-rejected"),
    (WordPressUnreachableError, 504, "wordpress-unreachable"),
    (WordPressError, 502, "wordpress-error"),
    # A stored credential that no longer decrypts (the instance secret changed): the
    # caller can put it right by storing that credential again, so it is theirs to see.
    (SecretError, 409, "stored-secret-unreadable"),
    (MissingExtraError, 501, "missing-extra"),
    (StorageError, 503, "storage-unavailable"),
)
# Details of these are safe and useful to show; any other 5xx detail stays in the log.
_SHOWN_5XX = (ProviderError, MissingExtraError, WordPressError)


def status_of(error: PresswrightError) -> tuple[int, str]:
    """The HTTP status and problem slug a library error answers with."""
    for cls, status, slug in _STATUSES:
        if isinstance(error, cls):
            return status, slug
    return 500, "internal-error"


def _slug(status: int) -> str:
    return HTTPStatus(status).phrase.lower().replace(" ", "-").replace("'", "")


def problem_response(
    status: int,
    detail: str,
    *,
    path: str,
    slug: str | None = None,
    errors: Sequence[FieldProblem] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A problem+json response for ``status``."""
    problem = Problem(
        type=_TYPE_BASE + (slug or _slug(status)),
        title=HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        instance=path,
        request_id=current_request_id(),
        errors=list(errors) if errors is not None else None,
    )
    return Response(
        problem.model_dump_json(exclude_none=True),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=dict(headers or {}),
    )


def _field_problems(raw: Sequence[Any]) -> list[FieldProblem]:
    # Only location, message and kind: the offending input (maybe a password) is never echoed.
    problems = []
    for item in raw:
        loc = [part if isinstance(part, int) else str(part) for part in item.get("loc", ())]
        problems.append(
            FieldProblem(
                field=".".join(str(part) for part in loc),
                loc=loc,
                message=str(item.get("msg", "invalid")),
                kind=str(item.get("type", "invalid")),
            )
        )
    return problems


async def _on_validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    problems = _field_problems(error.errors())
    fields = ", ".join(p.field for p in problems[:10])
    return problem_response(
        422,
        f"the request is invalid at: {fields}",
        path=request.url.path,
        slug="validation-error",
        errors=problems,
    )


async def _on_http_exception(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    detail = error.detail if isinstance(error.detail, str) else HTTPStatus(error.status_code).phrase
    headers = dict(error.headers or {})
    if error.status_code == 404 and detail == "Not Found":
        detail = f"no route {request.url.path}"
    if error.status_code == 405:
        # Starlette names only the methods of the first route matching the path; a path
        # served by several routes (GET and POST on /things) allows all of theirs.
        allowed = _allowed_methods(request)
        headers["Allow"] = ", ".join(allowed)
        detail = f"{request.method} is not allowed on {request.url.path}; use {', '.join(allowed)}"
    return problem_response(error.status_code, detail, path=request.url.path, headers=headers)


def _allowed_methods(request: Request) -> list[str]:
    """The methods of the resource at the request's path, as the OpenAPI document has them.

    Only the most specific templates count: /flows/templates is its own resource (GET),
    although /flows/{flow_id} (GET, PATCH, DELETE) would also take the path.
    """
    matching: list[tuple[int, set[str]]] = []
    for route in leaf_routes(request.app.router.routes):
        match, _ = route.matches(request.scope)
        if match is not Match.NONE:
            parameters = len(getattr(route, "param_convertors", None) or ())
            matching.append((parameters, set(getattr(route, "methods", None) or ())))
    fewest = min((parameters for parameters, _ in matching), default=0)
    return sorted(set().union(*(methods for n, methods in matching if n == fewest)))


async def _on_presswright_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, PresswrightError)
    status, slug = status_of(error)
    headers: dict[str, str] = {}
    if isinstance(error, AuthenticationError):
        headers["WWW-Authenticate"] = 'Bearer realm="presswright"'
    if isinstance(error, ApiRequestLimitError):
        headers["Retry-After"] = str(error.retry_after)
    problems = _flow_problems(error) if isinstance(error, FlowValidationError) else None
    if status >= 500 and not isinstance(error, _SHOWN_5XX):
        _log.error("%s: %s", type(error).__name__, error)
        detail = "the server cannot serve this request now; quote the request id to the operator"
    else:
        if status >= 500:
            _log.warning("%s: %s", type(error).__name__, error)
        detail = str(error)
    return problem_response(
        status, detail, path=request.url.path, slug=slug, errors=problems, headers=headers
    )


def _flow_problems(error: FlowValidationError) -> list[FieldProblem]:
    """One entry per problem of a flow spec or its inputs, located by what it names."""
    return [
        FieldProblem(field=problem.where, loc=[problem.where], message=problem.message, kind="flow")
        for problem in error.problems
    ]


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` documenting ``statuses`` as problem+json answers."""
    return {
        status: {
            "description": HTTPStatus(status).phrase,
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }


def install_problem_handlers(app: FastAPI) -> None:
    """Answer validation errors, HTTP errors and library errors as problems."""
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_exception)
    app.add_exception_handler(PresswrightError, _on_presswright_error)
