"""Safety at the edge: headers, request ids, problems, body limit, crashes, CORS, logs."""

from __future__ import annotations

import io
import json
import logging
import uuid
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from presswright.api import create_app
from presswright.api.middleware import API_SECURITY_HEADERS, SECURITY_HEADERS
from presswright.api.principals import AUTH_MARK
from presswright.api.request_log import (
    JsonLogFormatter,
    RequestIdFilter,
    SecretMaskingFilter,
    mask_secrets,
)
from presswright.api.routes import api_routes
from presswright.bootstrap import Instance
from presswright.store.models import Role
from tests.api.conftest import PASSWORD, MakeMember, bearer, login


@pytest.fixture
def backend() -> str:
    """SQLite only: the edge is storage-agnostic."""
    return "sqlite"


# /api/v1/health is Lekhika's worker health, public as the worker's own and as /health.
PUBLIC = {"/health", "/metrics", "/api/v1/openapi.json", "/api/v1/health"} | {
    f"/api/v1/auth/{name}" for name in ("register", "login", "refresh", "logout")
}


def _boom() -> None:
    raise RuntimeError("secret internals: password=hunter2hunter2")


@pytest.fixture
def crashing_client(instance: Instance) -> Iterator[TestClient]:
    app = create_app(instance)
    app.add_api_route("/api/v1/boom", _boom, methods=["GET"])
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_security_headers_and_request_ids(client: TestClient) -> None:
    for response in (client.get("/health"), client.post("/nowhere")):
        for name, value in SECURITY_HEADERS.items():
            assert response.headers[name] == value
        assert "cache-control" not in response.headers
        assert len(response.headers["x-request-id"]) == 32
    for response in (client.get("/api/v1/me"), client.get("/api/v1/openapi.json")):
        for name, value in API_SECURITY_HEADERS.items():
            assert response.headers[name] == value
        assert "referrer-policy" not in response.headers
        assert len(response.headers["x-request-id"]) == 32
    assert "frame-ancestors 'none'" in SECURITY_HEADERS["Content-Security-Policy"]
    assert API_SECURITY_HEADERS["Content-Security-Policy"].startswith("default-src 'none'")
    echoed = client.get("/health", headers={"X-Request-ID": "trace-42.a"})
    assert echoed.headers["x-request-id"] == "trace-42.a"
    for hostile in ("a b {json}", "x" * 200, "id;drop"):
        answered = client.get("/health", headers={"X-Request-ID": hostile})
        assert answered.headers["x-request-id"] != hostile
        assert len(answered.headers["x-request-id"]) == 32
    problem = client.get("/api/v1/me", headers={"X-Request-ID": "abc123"})
    assert problem.json()["request_id"] == "abc123"
    assert problem.headers["cache-control"] == "no-store"


def test_unknown_route_and_method_are_problems(client: TestClient) -> None:
    missing = client.get("/api/v1/does-not-exist")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    body = missing.json()
    assert set(body) == {"type", "title", "status", "detail", "instance", "request_id"}
    assert body["instance"] == "/api/v1/does-not-exist"
    wrong_method = client.put("/api/v1/auth/login")
    assert wrong_method.status_code == 405
    assert wrong_method.headers["content-type"] == "application/problem+json"
    assert wrong_method.headers["allow"] == "POST"  # a 405 must say what is allowed
    assert wrong_method.json()["detail"].endswith("; use POST")
    both = client.delete("/api/v1/api-keys")  # GET and POST are two routes of one path
    assert both.headers["allow"] == "GET, POST"
    # /flows/templates is a resource of its own, though /flows/{flow_id} would take the path.
    assert client.options("/api/v1/flows/templates").headers["allow"] == "GET"
    flow = client.options(f"/api/v1/flows/{uuid.uuid4()}")
    assert flow.headers["allow"] == "DELETE, GET, PATCH"


def test_malformed_json_is_422_with_field_paths(client: TestClient) -> None:
    broken = client.post(
        "/api/v1/auth/login",
        content=b'{"email": "a@b.c", "password": ',
        headers={"Content-Type": "application/json"},
    )
    assert broken.status_code == 422
    assert broken.headers["content-type"] == "application/problem+json"
    assert broken.json()["errors"][0]["loc"][0] == "body"
    wrong_types = client.post("/api/v1/auth/login", json={"email": 5, "extra": True})
    assert wrong_types.status_code == 422
    fields = {error["field"] for error in wrong_types.json()["errors"]}
    assert fields == {"body.email", "body.password", "body.extra"}


def test_body_over_the_limit_is_413(client: TestClient) -> None:
    huge = b'{"email": "' + b"a" * (1024 * 1024 + 10) + b'"}'
    declared = client.post(
        "/api/v1/auth/login", content=huge, headers={"Content-Type": "application/json"}
    )
    assert declared.status_code == 413
    assert declared.headers["content-type"] == "application/problem+json"

    def chunks() -> Iterator[bytes]:  # streamed without Content-Length: counted as it comes
        yield b'{"email": "'
        for _ in range(20):
            yield b"a" * 65536
        yield b'"}'

    streamed = client.post(
        "/api/v1/auth/login", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert streamed.status_code == 413
    assert streamed.json()["status"] == 413
    assert "x-request-id" in streamed.headers


def test_lying_content_length_does_not_help(instance: Instance) -> None:
    instance.settings = instance.settings.model_copy(update={"max_request_body": 2048})
    app = create_app(instance)
    sent: list[dict[str, object]] = []

    async def run() -> None:
        body = b'{"refresh_token": "' + b"x" * 4000 + b'"}'
        scope = {
            "type": "http",
            "method": "POST",
            "path": "/api/v1/auth/refresh",
            "raw_path": b"/api/v1/auth/refresh",
            "query_string": b"",
            "headers": [(b"content-type", b"application/json"), (b"content-length", b"10")],
            "client": ("127.0.0.1", 1),
            "server": ("testserver", 80),
            "scheme": "http",
            "root_path": "",
            "http_version": "1.1",
        }
        parts = [body[i : i + 1000] for i in range(0, len(body), 1000)]

        async def receive() -> dict[str, object]:
            chunk = parts.pop(0)
            return {"type": "http.request", "body": chunk, "more_body": bool(parts)}

        async def send(message: dict[str, object]) -> None:
            sent.append(message)

        await app(scope, receive, send)  # type: ignore[arg-type]

    import anyio

    anyio.run(run)
    assert sent[0]["status"] == 413


def test_crashes_are_500_problems_without_internals(crashing_client: TestClient) -> None:
    response = crashing_client.get("/api/v1/boom", headers={"X-Request-ID": "crash-1"})
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["request_id"] == "crash-1"
    for leak in ("Traceback", "RuntimeError", "hunter2", "secret internals"):
        assert leak not in response.text
    assert response.headers["x-frame-options"] == "DENY"


def test_logs_carry_the_request_id_and_no_secrets(
    crashing_client: TestClient, make_member: MakeMember
) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.addFilter(SecretMaskingFilter())
    handler.setFormatter(JsonLogFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)
    try:
        member = make_member(Role.OWNER)
        tokens = login(crashing_client, member)
        crashing_client.get("/api/v1/me", headers=bearer(tokens["access_token"]))
        crashing_client.get("/api/v1/boom", headers={"X-Request-ID": "crash-2"})
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    access = [line for line in lines if line["logger"] == "presswright.api.access"]
    assert len(access) == 3
    assert all(len(line["request_id"]) >= 6 for line in access)
    crash = [line for line in lines if line["request_id"] == "crash-2"]
    assert {line["logger"] for line in crash} == {"presswright.api", "presswright.api.access"}
    text = stream.getvalue()
    for secret in (tokens["access_token"], tokens["refresh_token"], PASSWORD, "hunter2hunter2"):
        assert secret not in text


def test_mask_secrets() -> None:
    assert mask_secrets("key pw_AbCdEfGh12345678 used") == "key *** used"
    assert mask_secrets("Authorization: Bearer abc.def") == "Authorization: Bearer ***"
    assert "s3cr3t" not in mask_secrets('{"password": "s3cr3t"}')
    assert mask_secrets("tok eyJhbGc.eyJzdWI.sig end") == "tok *** end"
    woo = "oauth_consumer_key=ck_0123456789abcdef0123456789abcdef01234567&x=1"
    assert mask_secrets(woo) == "oauth_consumer_key=***&x=1"
    assert mask_secrets("secret cs_89abcdef0123456789abcdef0123456789abcdef.") == "secret ***."


def test_cors_only_for_allowed_origins(instance: Instance) -> None:
    instance.settings = instance.settings.model_copy(
        update={"cors_origins": ["https://ui.example"]}
    )
    with TestClient(create_app(instance)) as client:
        allowed = client.options(
            "/api/v1/auth/login",
            headers={
                "Origin": "https://ui.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type,authorization",
            },
        )
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == "https://ui.example"
        assert "x-request-id" in allowed.headers
        other = client.get("/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_answers_made_at_the_edge_carry_cors_headers(instance: Instance) -> None:
    """The 413, the repeated-query 422 and the 500 are made around the app, not by it; a
    browser on an allowed origin must still be able to read them."""
    instance.settings = instance.settings.model_copy(
        update={"cors_origins": ["https://ui.example"], "max_request_body": 2048}
    )
    app = create_app(instance)
    app.add_api_route("/api/v1/boom", _boom, methods=["GET"])
    origin = {"Origin": "https://ui.example"}
    with TestClient(app, raise_server_exceptions=False) as client:
        declared = client.post(
            "/api/v1/auth/login",
            content=b"{" + b" " * 4096 + b"}",
            headers={**origin, "Content-Type": "application/json"},
        )
        streamed = client.post(
            "/api/v1/auth/login",
            content=iter([b"{", b" " * 4096, b"}"]),
            headers={**origin, "Content-Type": "application/json"},
        )
        repeated = client.get("/api/v1/documents?limit=1&limit=2", headers=origin)
        crashed = client.get("/api/v1/boom", headers=origin)
        other = client.get("/api/v1/boom", headers={"Origin": "https://evil.example"})
    for response, status in ((declared, 413), (streamed, 413), (repeated, 422), (crashed, 500)):
        assert response.status_code == status, response.text
        assert response.headers["access-control-allow-origin"] == "https://ui.example"
        assert response.headers["content-type"] == "application/problem+json"
        assert "x-request-id" in response.headers
    assert other.status_code == 500
    assert "access-control-allow-origin" not in other.headers


def test_no_cors_by_default(client: TestClient) -> None:
    response = client.get("/health", headers={"Origin": "https://ui.example"})
    assert "access-control-allow-origin" not in response.headers


def test_every_api_route_checks_credentials(client: TestClient) -> None:
    """Each route depends on a role, or (the status poll alone) is marked as checking the
    caller in its body; a marked route is asked without credentials here and must say 401."""
    app = client.app
    assert isinstance(app, FastAPI)
    guarded, in_body = [], []
    for route in api_routes(app.routes):
        if route.path in PUBLIC:
            continue
        names = {getattr(d.call, "__name__", "") for d in _all_dependencies(route.dependant)}
        if getattr(route.endpoint, AUTH_MARK, False):
            in_body.append(route)
        else:
            assert any(name.startswith("require_") for name in names), route.path
        guarded.append(route.path)
    assert {"/api/v1/me", "/api/v1/api-keys", "/api/v1/api-keys/{key_id}"} <= set(guarded)
    assert [route.path for route in in_body] == ["/api/v1/executions/{execution_id}"]
    anonymous = TestClient(app)
    for route in in_body:
        path = route.path.replace("{execution_id}", str(uuid.uuid4()))
        for method in route.methods or ():
            answer = anonymous.request(method, path)
            assert answer.status_code == 401, (method, path, answer.text)


def _all_dependencies(dependant):  # type: ignore[no-untyped-def]
    for dependency in dependant.dependencies:
        if dependency.call is not None:
            yield dependency
        yield from _all_dependencies(dependency)


def test_openapi_documents_problems(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "Problem" in schema["components"]["schemas"]
    login_responses = schema["paths"]["/api/v1/auth/login"]["post"]["responses"]
    assert "application/problem+json" in login_responses["422"]["content"]
    for docs in ("/docs", "/redoc"):  # no CDN-loaded docs UI (the path is the studio's)
        assert "swagger" not in client.get(docs).text.lower()
        assert "redoc" not in client.get(docs).text.lower()


def test_health_and_metrics(client: TestClient) -> None:
    health = client.get("/health")
    assert health.status_code == 200
    assert health.json()["database"] == "ok"
    client.delete("/api/v1/api-keys/0b4e7c56-0000-4000-8000-000000000000")
    client.post("/random/path/123")  # (a GET there is the web studio's)
    for invented in ("BREW", "WHEN"):  # methods nobody defines: counted as one, not each
        client.request(invented, "/health")
    metrics = client.get("/metrics")
    assert metrics.headers["content-type"].startswith("text/plain")
    text = metrics.text
    assert 'presswright_http_requests_total{method="GET",route="/health",status="200"} 1.0' in text
    assert 'route="/api/v1/api-keys/{key_id}",status="401"' in text
    assert 'route="<unmatched>",status="404"' in text
    assert "presswright_http_request_duration_seconds_bucket" in text
    assert "/random/path/123" not in text
    assert 'method="OTHER",route="/health",status="405"} 2.0' in text
    assert "BREW" not in text


def test_health_reports_an_unreachable_database(instance: Instance) -> None:
    with TestClient(create_app(instance)) as client:
        instance.database.engine.dispose()
        instance.database.url = instance.database.url.set(database="/nonexistent/dir/x.db")
        from presswright.store.database import create_database_engine

        instance.database.engine = create_database_engine(instance.database.url)
        response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
