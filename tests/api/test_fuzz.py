"""Schemathesis over the whole OpenAPI document: every operation, authenticated, all checks.

Each operation gets at least 30 generated requests in ``make test`` (valid and invalid,
plus the documented examples; ``PRESSWRIGHT_FUZZ_EXAMPLES=200`` asks for more in a longer
run); a 5xx, a response outside its documented schema or status codes, accepted invalid
input, or a route that lets bad credentials through fails the test. The caller is a
workspace owner's API key, sent as a bearer credential so the auth checks can swap it for a
bad one, and it reaches every route, the API-key-only worker routes included.

Two defaults are widened, on purpose. A request that fits the JSON Schema may still get 422
when it breaks a rule JSON Schema cannot state (a flow whose template reads an unknown
node, a password with too few distinct characters); the answer must still be a documented
422 problem. And connecting a WordPress site or a WooCommerce store at a made-up address
answers the documented 502/504 of a WordPress (or WooCommerce) that is not there.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis import BaseSchema, GenerationMode
from schemathesis.checks import not_a_server_error, positive_data_acceptance
from schemathesis.config import SchemathesisConfig

from presswright.api import API_PREFIX, create_app
from presswright.bootstrap import open_instance
from presswright.settings import Settings
from presswright.store.api_keys import create_api_key
from presswright.store.models import Role
from presswright.store.tenancy import add_member, create_tenant, create_user

# These routes wait for their run up to `wait` seconds (in the body); nothing runs here (no
# worker), so waiting would only make the test slow without checking anything more.
WAITING_ROUTES = frozenset(
    f"{API_PREFIX}{path}"
    for path in (
        "/content/generate",
        "/products/generate",
        "/patterns/generate",
        "/executions",
        "/flows/{flow_id}/executions",
    )
)

NEEDS_AN_IMAGE_PROVIDER = f"POST {API_PREFIX}/images"

# ... and these take ``wait`` as a query parameter (their body is a source design's own).
QUERY_WAITING_ROUTES = frozenset({"/api/content/generate"})


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FastAPI, str]]:
    """An app over a fresh SQLite installation and an owner's API key for it."""
    home: Path = tmp_path_factory.mktemp("fuzz") / "home"
    instance = open_instance(
        # Fuzzing sends hundreds of generation and login requests: the limits are tested
        # elsewhere (test_rate_limits.py), here they would turn every answer into a 429.
        Settings(
            home=home, generation_rate_limit="100000/minute", login_rate_limit="100000/minute"
        ),
        create_secret=True,
    )
    with instance.database.system_session() as session:
        tenant_id = create_tenant(session, name="Fuzz").id
        user_id = create_user(session, email="owner@fuzz.example", password="fuzz fuzz fuzz").id
    with instance.database.tenant_session(tenant_id) as session:
        add_member(session, user_id=user_id, role=Role.OWNER)
        _, raw = create_api_key(session, user_id=user_id, name="fuzz", expires_at=None)
    try:
        yield create_app(instance), raw
    finally:
        instance.database.dispose()


# What a refusal of schema-violating data may be (schemathesis's list, and 413).
REJECTED = [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429, "5XX"]


@pytest.fixture(scope="module")
def api_schema(fuzzed: tuple[FastAPI, str]) -> BaseSchema:
    app, _ = fuzzed
    accepted = ["2XX", "3XX", 401, 403, 404, 409, 422, 429]
    config = SchemathesisConfig.from_dict(
        {
            "checks": {
                "positive_data_acceptance": {"expected-statuses": accepted},
                # A body over the API's limit is refused unread with 413 (an over-long text
                # field written with JSON escapes can pass the 1 MB limit first): a refusal.
                "negative_data_rejection": {"expected-statuses": REJECTED},
            },
            # Connecting a site or store calls the address given: no WordPress (or
            # WooCommerce) answers there, which is the documented 502 or 504, not a crash.
            "operations": [
                {
                    "include-path": f"{API_PREFIX}/{path}",
                    "include-method": "POST",
                    "checks": {
                        "positive_data_acceptance": {"expected-statuses": [*accepted, 502, 504]},
                        "not_a_server_error": {
                            "expected-statuses": ["1XX", "2XX", "3XX", "4XX", 502, 504]
                        },
                    },
                }
                for path in ("wordpress/sites", "woocommerce/stores")
            ],
        }
    )
    return schemathesis.openapi.from_asgi(f"{API_PREFIX}/openapi.json", app, config=config)


schema = schemathesis.pytest.from_fixture("api_schema")


def _valid_wait(value: object) -> bool:
    try:
        return 0 <= float(str(value)) <= 120
    except ValueError:
        return False


def _no_waiting(case: schemathesis.Case) -> None:
    """Wait 0 s where the request leaves ``wait`` to its default or asks a valid time.

    In a negative case ``wait`` may be the invalid part, so only a missing one is set.
    """
    positive = case.meta is None or case.meta.generation.mode == GenerationMode.POSITIVE
    if case.operation.path in QUERY_WAITING_ROUTES:
        # A negative case may break another part (a header) and keep a valid wait.
        query = dict(case.query or {})
        if "wait" not in query or positive or _valid_wait(query["wait"]):
            case.query = {**query, "wait": 0}
        return
    if case.operation.path not in WAITING_ROUTES or not isinstance(case.body, dict):
        return
    if "wait" not in case.body or positive:
        case.body["wait"] = 0


@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("PRESSWRIGHT_FUZZ_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_holds_up(case: schemathesis.Case, fuzzed: tuple[FastAPI, str]) -> None:
    _, key = fuzzed
    _no_waiting(case)
    if case.operation.label == NEEDS_AN_IMAGE_PROVIDER:
        # No image provider is configured here: a picture asked for is the documented 503
        # naming the fix (checked below), never a crash or an undocumented answer.
        response = case.call_and_validate(
            headers={"Authorization": f"Bearer {key}"},
            excluded_checks=[positive_data_acceptance, not_a_server_error],
        )
        assert response.status_code < 500 or response.status_code == 503, response.text
        if response.status_code == 503:
            assert "presswright providers add" in response.text, response.text
        return
    case.call_and_validate(headers={"Authorization": f"Bearer {key}"})
