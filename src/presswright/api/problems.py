"""Every API error as an RFC 9457 problem (``application/problem+json``), never a stack trace.

Presswright's error tree maps to statuses here, once: the routes raise library errors and
never build error responses themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.routing import Match

from presswright.api.request_log import current_request_id
from presswright.api.routes import leaf_routes
from presswright.books.export.errors import BookExportError, BookFontsMissingError
from presswright.content.violations import Violation
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
from presswright.images.provider import ContentPolicyError
from presswright.publish.wordpress.errors import (
    WordPressAuthError,
    WordPressError,
    WordPressUnreachableError,
)
from presswright.sites.design.font_files import SiteFontsMissingError
from presswright.spelling import closest_name

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
    # The provider refused these words: the caller's to rephrase, not a provider failure.
    (ContentPolicyError, 422, "content-policy"),
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
    # The operator's fix (install the fonts), then any other engine failure of an export.
    (BookFontsMissingError, 503, "book-fonts-missing"),
    (BookExportError, 500, "book-export-failed"),
    (SiteFontsMissingError, 503, "site-fonts-missing"),
)
# Details of these are safe and useful to show; any other 5xx detail stays in the log.
_SHOWN_5XX = (
    ProviderError,
    MissingExtraError,
    WordPressError,
    BookExportError,
    SiteFontsMissingError,
)


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


def _line_and_column(document: str, position: int) -> tuple[int, int]:
    """1-based line and column of a character position, as an editor shows them."""
    line = document.count("\n", 0, position) + 1
    return line, position - (document.rfind("\n", 0, position) + 1) + 1


def _invalid_json(error: RequestValidationError, item: Mapping[str, Any]) -> FieldProblem:
    """The body is no JSON: where it breaks, by line and column, and what was expected there."""
    loc = item.get("loc", ())
    position = loc[-1] if loc and isinstance(loc[-1], int) else 0
    document = (
        error.body.decode("utf-8", "replace") if isinstance(error.body, bytes) else error.body
    )
    line, column = _line_and_column(document if isinstance(document, str) else "", position)
    expected = str((item.get("ctx") or {}).get("error") or "invalid JSON")
    return FieldProblem(
        field="body",
        loc=["body"],
        message=f"the request body is not valid JSON at line {line}, column {column}:"
        f" {expected[:1].lower()}{expected[1:]}",
        kind="json_invalid",
    )


def _body_model_fields(request: Request, loc: Sequence[Any]) -> set[str]:
    """The field names the route's body model accepts at ``loc`` (its parent object)."""
    route = request.scope.get("route")
    body = getattr(getattr(route, "dependant", None), "body_params", None) or []
    if not loc or loc[0] != "body" or not body:
        return set()
    if len(body) == 1 and not getattr(body[0].field_info, "embed", False):
        types, rest = [body[0].field_info.annotation], list(loc[1:-1])
    else:
        types, rest = [], list(loc[1:-1])
        if rest:
            param = next((p for p in body if p.alias == rest[0]), None)
            types, rest = ([param.field_info.annotation] if param else []), rest[1:]
    for part in rest:
        types = [inner for t in types for inner in _children(t, part)]
    names: set[str] = set()
    for model in _models(types):
        for name, info in model.model_fields.items():
            names.add(info.alias or name)
    return names


def _models(types: Sequence[Any]) -> list[type[BaseModel]]:
    """The Pydantic models among ``types``, looking into unions and Annotated."""
    found: list[type[BaseModel]] = []
    for annotation in types:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            found.append(annotation)
        elif get_origin(annotation) in (Union, UnionType, Annotated):
            found += _models(get_args(annotation))
    return found


def _children(annotation: Any, part: Any) -> list[Any]:
    """The types one step below ``annotation`` at ``part`` (a field name or an item index)."""
    children: list[Any] = []
    for model in _models([annotation]):
        info = model.model_fields.get(str(part)) or next(
            (i for i in model.model_fields.values() if i.alias == part), None
        )
        if info is not None:
            children.append(info.annotation)
    origin = get_origin(annotation)
    if origin in (Union, UnionType, Annotated):
        children += [c for arg in get_args(annotation) for c in _children(arg, part)]
    elif origin is not None and get_args(annotation):
        # list[X], tuple[X, ...], dict[str, X]: the item (or value) type.
        children.append(get_args(annotation)[-1 if origin is dict else 0])
    return children


def _unknown_field(request: Request, problem: FieldProblem) -> FieldProblem:
    """An unknown field, with the field it most likely misspells."""
    name = str(problem.loc[-1]) if problem.loc else ""
    known = _body_model_fields(request, problem.loc)
    close = closest_name(name, known)
    if close is not None:
        message = f"unknown field `{name}`; did you mean `{close}`?"
    elif known:
        message = f"unknown field `{name}`; known fields here: {', '.join(sorted(known))}"
    else:
        return problem
    return problem.model_copy(update={"message": message})


async def _on_validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    raw = error.errors()
    not_json = [item for item in raw if item.get("type") == "json_invalid"]
    if not_json:
        problem = _invalid_json(error, not_json[0])
        return problem_response(
            422,
            problem.message,
            path=request.url.path,
            slug="validation-error",
            errors=[problem],
        )
    problems = [
        _unknown_field(request, problem) if problem.kind == "extra_forbidden" else problem
        for problem in _field_problems(raw)
    ]
    fields = ", ".join(p.field for p in problems[:10])
    detail = f"the request is invalid at: {fields}"
    hints = [p.message for p in problems if p.kind == "extra_forbidden" and "`" in p.message]
    if hints:
        detail += f" ({'; '.join(hints[:3])})"
    return problem_response(
        422,
        detail,
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
    if isinstance(error, AlreadyExistsError):
        problems = _taken_problems(error)
    if isinstance(error, ContentContractError):
        problems = _contract_problems(error)
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


def _contract_problems(error: ContentContractError) -> list[FieldProblem] | None:
    """One entry per broken rule of given content, located by the content's own field path
    (``meta.meta_desc``, ``feature_bullets[2]``) with the rule as its kind."""
    violations = [item for item in getattr(error, "problems", ()) if isinstance(item, Violation)]
    if not violations:
        return None
    return [
        FieldProblem(field=item.field, loc=[item.field], message=item.message, kind=item.rule)
        for item in violations
    ]


def _taken_problems(error: AlreadyExistsError) -> list[FieldProblem] | None:
    """The taken field(s) of a 409, located in the body as a 422's field errors are.

    A client shows the message next to its own field, as it does for a validation error.
    Both ways a value is found taken name the field: the store's "is it free?" checks
    (``AlreadyExistsError(fields=("name",))``) and a unique constraint the database
    enforced (``DuplicateValueError``, whose columns have their request fields' names).
    """
    if not error.fields:
        return None
    return [
        FieldProblem(
            field=f"body.{name}", loc=["body", name], message=error.message, kind="already_exists"
        )
        for name in error.fields
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
