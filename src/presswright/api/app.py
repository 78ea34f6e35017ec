"""The API application factory: one FastAPI app over one opened Presswright instance."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI

from presswright import __version__
from presswright.api.context import ApiContext
from presswright.api.credential_cache import CredentialCache
from presswright.api.metrics import HttpMetrics
from presswright.api.middleware import EdgeMiddleware
from presswright.api.principals import document_security
from presswright.api.problems import Problem, install_problem_handlers, problem_responses
from presswright.api.rate_limits import RequestLimiter, limiter_storage
from presswright.api.routes import (
    API_PREFIX,
    api_keys,
    auth,
    book_review,
    books,
    brand_profiles,
    bulk,
    content,
    contentcraft,
    contract,
    documents,
    executions,
    files,
    flows,
    hosting,
    images,
    jobs,
    lekhika_worker,
    members,
    previews,
    providers,
    sites,
    system,
    templates,
    usage,
    woocommerce,
    wordpress,
)
from presswright.api.studio import mount_studio
from presswright.api.tokens import TokenService, signing_key
from presswright.bootstrap import Instance
from presswright.bulk.runner import background_drivers
from presswright.flows.progress_feed import ProgressFeeds
from presswright.instance_secret import load_instance_secret

if TYPE_CHECKING:
    from presswright.flows.runtime import Runtime

__all__ = ["API_PREFIX", "create_app"]


@asynccontextmanager
async def _lifespan(_app: FastAPI) -> AsyncIterator[None]:
    yield
    # The bulk jobs this app drives stop with it and give up their leases at once, so the
    # next process (or a worker) takes them on without waiting for the leases to lapse.
    await background_drivers.stop_all()


def create_app(
    instance: Instance, *, runtime: Runtime | None = None, studio_dist: Path | None = None
) -> FastAPI:
    """The API over ``instance``, and the web studio at ``/``.

    ``runtime`` is the in-process flow runtime, if any; ``studio_dist`` the directory of
    the studio's build (default: the one shipped in the package, ``presswright/studio/dist``).
    """
    settings = instance.settings
    storage = limiter_storage(settings.redis_url)
    context = ApiContext(
        instance=instance,
        tokens=TokenService(
            signing_key(load_instance_secret(settings)),
            access_ttl=timedelta(seconds=settings.access_token_ttl),
            refresh_ttl=timedelta(seconds=settings.refresh_token_ttl),
        ),
        login_limiter=RequestLimiter(storage, name="login", limit=settings.login_rate_limit),
        generation_limiter=RequestLimiter(
            storage, name="generation", limit=settings.generation_rate_limit
        ),
        metrics=HttpMetrics(),
        credentials=CredentialCache(settings.credential_cache_ttl),
        runtime=runtime,
    )
    app = FastAPI(
        title="Presswright API",
        version=__version__,
        summary="Self-hosted AI content studio: durable AI workflows, published to WordPress.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        # Swagger UI and ReDoc load scripts from a CDN, which the CSP (and policy) forbid.
        docs_url=None,
        redoc_url=None,
        # Any route may meet a body or header it cannot parse (400, say not UTF-8) or one
        # that is not valid (422; X-Tenant-ID is on every authenticated route).
        responses=problem_responses(400, 422),
        lifespan=_lifespan,
        # Off unless asked for: when off, FastAPI skips asking the OpenTelemetry globals
        # whether providers are set on every request.
        telemetry=None
        if settings.opentelemetry
        else {"tracing": False, "metrics": False, "logs": False},
    )
    app.state.context = context
    app.state.progress = ProgressFeeds(instance)  # live progress: see api/event_stream.py
    install_problem_handlers(app)
    # Requests are matched router by router, in this order: the status reads clients poll
    # (the execution status, on the app itself; the worker routes) come first. Prefixes
    # differ, so order means nothing else.
    executions.add_status_route(app)
    app.include_router(executions.router)
    app.include_router(lekhika_worker.router)
    app.include_router(system.router)
    app.include_router(auth.router)
    app.include_router(auth.me_router)
    app.include_router(api_keys.router)
    app.include_router(members.router)
    app.include_router(flows.router)
    app.include_router(content.router)
    app.include_router(contract.router)
    app.include_router(content.products_router)
    app.include_router(content.patterns_router)
    app.include_router(contentcraft.router)
    app.include_router(templates.router)
    app.include_router(previews.router)
    app.include_router(brand_profiles.router)
    app.include_router(providers.router)
    app.include_router(providers.models_router)
    app.include_router(usage.router)
    app.include_router(bulk.router)
    app.include_router(wordpress.router)
    app.include_router(woocommerce.router)
    app.include_router(documents.router)
    app.include_router(books.router)
    app.include_router(book_review.router)
    app.include_router(files.router)
    app.include_router(sites.router)
    app.include_router(jobs.router)
    app.include_router(images.router)
    app.include_router(hosting.router)
    # The web studio answers what no route matched (GET and HEAD outside /api/, /health and
    # /metrics): its files, and index.html for the app's own routes. See api/studio.py.
    mount_studio(app, dist=studio_dist)
    _document_problem_schema(app)
    # One layer does what the API does around every request; see api/middleware.py.
    # Uploads to the file store stream up to its own limit (PRESSWRIGHT_MAX_FILE_BYTES).
    app.add_middleware(
        EdgeMiddleware,
        metrics=context.metrics,
        router=app.router,
        max_body=settings.max_request_body,
        own_limits=[files.UPLOAD_PATH],
        cors=_cors_options(settings.cors_origins) if settings.cors_origins else None,
    )
    return app


def _cors_options(origins: list[str]) -> dict[str, Any]:
    return {
        "allow_origins": origins,
        # Credentials travel in headers; the one cookie credential (the studio's refresh
        # cookie, api/routes/auth.py) is for the same origin only, never a CORS caller.
        "allow_credentials": False,
        "allow_methods": ["GET", "POST", "PUT", "PATCH", "DELETE"],
        "allow_headers": [
            "Authorization",
            "Content-Type",
            "X-API-Key",
            "X-Request-ID",
            "X-Tenant-ID",
        ],
        "expose_headers": ["X-Request-ID", "Retry-After"],
        "max_age": 600,
    }


def _document_body_limit(schema: dict[str, Any]) -> None:
    """Every operation that takes a body can be refused with 413 before its route runs (the
    edge counts every body against PRESSWRIGHT_MAX_REQUEST_BODY, and a string a schema allows
    can pass it once escaped as JSON): say so where the route does not already."""
    too_large = {str(status): answer for status, answer in problem_responses(413).items()}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if isinstance(operation, dict) and "requestBody" in operation:
                responses = operation.setdefault("responses", {})
                for status, answer in too_large.items():
                    responses.setdefault(status, answer)


def _document_problem_schema(app: FastAPI) -> None:
    """Complete the OpenAPI document: the Problem schema the routes' error answers point at,
    and the credential schemes of the routes that need them."""
    build = app.openapi

    def openapi() -> dict[str, object]:
        if app.openapi_schema is None:
            schema = build()
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            for name, definition in (
                Problem.model_json_schema(ref_template="#/components/schemas/{model}")
                .get("$defs", {})
                .items()
            ):
                components.setdefault(name, definition)
            problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
            problem.pop("$defs", None)
            components["Problem"] = problem
            document_security(schema, app.routes)
            _document_body_limit(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
