"""Every arg of every plugin route is checked against its own schema before its callback runs.

WordPress skips an arg's schema (minLength, maxLength, enum, minimum, maximum, pattern,
maxItems) when the arg has a ``sanitize_callback`` and no ``validate_callback``; the plugin
adds ``rest_validate_request_arg`` to each (``presswright_rest_args``). The routes are not
listed here by hand: they are read from the plugin's REST namespace index on the session's real
WordPress, and for each declared limit a value just past it is sent (the other required args
valid). Each must be WordPress's 400 ``rest_invalid_param`` naming the field, and nothing may
be stored (no post, no change to the plugin's options) or sent to the server (no row in the
plugin's log table, which records every API call). The Product Writer's routes exist only with
WooCommerce, which this site does not have (see test_products.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.plugin.conftest import Presswright
from tests.plugin.ready import NS, clear_rate_limits, connected_plugin
from tests.plugin.site import WpSession, run_php
from tests.wordpress.wordpress_site import RunningWordPress

UUID = "6f1c0d3e-0000-4000-8000-000000000000"
# Values of the path's own parameters, which the route's regex checks.
PATH_VALUES = {"document_id": UUID, "job_id": UUID, "execution_id": "run-1", "id": "1"}
# Valid values of required args with a pattern, by name.
PATTERNED = {"document_id": UUID, "image_id": UUID, "id": UUID, "execution_id": "run-1"}
# Limits the plugin must enforce on its way to the server (the API's own, models.py).
MUST_CHECK = {
    ("/articles", "topic", "minLength"),
    ("/articles", "topic", "maxLength"),
    ("/articles", "topic", "pattern"),
    ("/patterns", "description", "pattern"),
    ("/articles", "tone", "minLength"),
    ("/articles", "tone", "maxLength"),
    ("/articles", "length", "enum"),
    ("/articles", "language", "enum"),
    ("/articles", "brand_profile", "maxLength"),
    ("/articles", "keywords", "maxItems"),
    ("/brand-profiles", "name", "minLength"),
    ("/patterns", "description", "minLength"),
    ("/images", "prompt", "minLength"),
    ("/images", "count", "maximum"),
    ("/bulk", "source", "enum"),
    ("/bulk", "concurrency", "minimum"),
    ("/usage", "days", "maximum"),
}

_STATE = (
    "global $wpdb; echo json_encode(array("
    " 'logs' => (int) $wpdb->get_var(\"SELECT COUNT(*) FROM {$wpdb->prefix}presswright_logs\"),"
    " 'post' => (int) $wpdb->get_var(\"SELECT MAX(ID) FROM $wpdb->posts\"),"
    " 'options' => md5(serialize($wpdb->get_results(\"SELECT option_name, option_value FROM"
    " $wpdb->options WHERE option_name LIKE 'presswright%' ORDER BY option_name\")))));"
)


@pytest.fixture(scope="module", autouse=True)
def connected(
    wordpress: RunningWordPress, admin_session: WpSession, presswright: Presswright
) -> Iterator[None]:
    connected_plugin(wordpress, admin_session, presswright)
    clear_rate_limits(wordpress)
    yield
    clear_rate_limits(wordpress)


def _valid(name: str, schema: dict[str, Any]) -> Any:
    """A value the arg's schema accepts."""
    kind = schema.get("type")
    if "enum" in schema:
        return next((value for value in schema["enum"] if value != ""), schema["enum"][0])
    if kind == "integer":
        return int(schema.get("minimum", schema.get("default", 1)))
    if kind == "boolean":
        return False
    if kind == "array":
        return []
    if name in PATTERNED:
        return PATTERNED[name]
    if name == "server_url":
        return "http://127.0.0.1:9"
    return "A valid value of the brief"[: int(schema.get("maxLength", 100))]


def _too_far(schema: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """A value just past each of the arg's declared limits."""
    if schema.get("minLength", 0) > 0:
        yield "minLength", "x" * (int(schema["minLength"]) - 1)
    if "maxLength" in schema:
        yield "maxLength", "x" * (int(schema["maxLength"]) + 1)
    if "enum" in schema:
        yield "enum", "not-one-of-them"
    if "minimum" in schema:
        yield "minimum", int(schema["minimum"]) - 1
    if "maximum" in schema:
        yield "maximum", int(schema["maximum"]) + 1
    if "pattern" in schema:
        # One character among spaces: no id, and too little of a topic or description.
        yield "pattern", "   !     "
    if "maxItems" in schema:
        yield "maxItems", ["k"] * (int(schema["maxItems"]) + 1)
    items = schema.get("items") or {}
    if "maxLength" in items:
        yield "items.maxLength", ["x" * (int(items["maxLength"]) + 1)]


def _cases(index: dict[str, Any]) -> Iterator[tuple[str, str, str, str, Any, dict[str, Any]]]:
    """(path, method, arg, limit, bad value, the other required args) for every route."""
    for route, described in index["routes"].items():
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: PATH_VALUES[m.group(1)], route)
        path = path.removeprefix(NS)
        for endpoint in described["endpoints"]:
            method = "GET" if "GET" in endpoint["methods"] else endpoint["methods"][0]
            args: dict[str, Any] = endpoint.get("args") or {}
            required = {
                name: _valid(name, schema)
                for name, schema in args.items()
                if schema.get("required") and f"<{name}>" not in route
            }
            for name, schema in args.items():
                if f"<{name}>" in route:
                    continue
                for limit, bad in _too_far(schema):
                    yield path, method, name, limit, bad, {**required, name: bad}


def test_every_declared_limit_of_every_route_is_a_400_naming_the_field(
    admin_session: WpSession, wordpress: RunningWordPress
) -> None:
    answer = admin_session.rest("GET", NS)
    assert answer.status_code == 200, answer.text
    cases = list(_cases(answer.json()))
    checked = {(path, name, limit) for path, _, name, limit, _, _ in cases}
    assert not MUST_CHECK - checked, f"limits not declared: {sorted(MUST_CHECK - checked)}"

    before = run_php(wordpress, _STATE)
    wrong = []
    for path, method, name, limit, _bad, body in cases:
        options: dict[str, Any] = {"params": body} if method == "GET" else {"json": body}
        refused = admin_session.rest(method, f"{NS}{path}", **options)
        found = (
            refused.json()
            if refused.headers.get("content-type", "").startswith("application/json")
            else {}
        )
        params = (found.get("data") or {}).get("params") or {}
        if (
            refused.status_code != 400
            or found.get("code") != "rest_invalid_param"
            or name not in params
            or name not in str(params[name])
        ):
            wrong.append(
                f"{method} {path} {name} past {limit}: {refused.status_code} {refused.text[:300]}"
            )
    assert not wrong, "\n".join(wrong)
    assert len(cases) >= 30, cases
    # Nothing reached the server (every API call is logged) and nothing was stored.
    assert run_php(wordpress, _STATE) == before
