"""``POST /api/v1/providers/{name}/test``: one tiny real call, its answer, and its usage.

Against the shipped fake provider (scripted) and a real OpenAI-compatible server on loopback
(:class:`tests.llm.fault_server.FaultServer`): a working provider is ``ok`` with the model
and the latency, a failing one ``ok`` false with the provider's message (never a 5xx), and
every call is recorded as usage like any other.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from presswright.bootstrap import Instance
from presswright.errors import ProviderHTTPError
from presswright.llm.provider_check import CHECK_PROMPT, check_provider
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.llm.usage import summarize_usage
from presswright.store.models import Role
from tests.api.conftest import MakeMember, Member, bearer, login
from tests.bulk.fakes import store_fake_provider
from tests.llm.fault_server import Fault, FaultServer

BASE = "/api/v1/providers"
KEY = "sk-test-0123456789abcdef0123456789abcdef"


@pytest.fixture
def script() -> Iterator[FakeScript]:
    """The fake provider's script for this test (removed after)."""
    FakeProvider.scripts["fake"] = script = FakeScript()
    yield script
    FakeProvider.scripts.pop("fake", None)


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer() as running:
        yield running


def _auth(client: TestClient, member: Member) -> dict[str, str]:
    return bearer(login(client, member)["access_token"])


def _usage(instance: Instance, tenant_id: uuid.UUID) -> tuple[int, int, int]:
    """Calls, errors and output tokens recorded for the tenant."""
    with instance.database.tenant_session(tenant_id) as session:
        summary = summarize_usage(session)
    return summary.calls, summary.errors, summary.tokens_out


def test_the_fake_provider_answers_once_and_the_call_is_usage(
    client: TestClient, make_member: MakeMember, instance: Instance, script: FakeScript
) -> None:
    editor = make_member(Role.EDITOR)
    store_fake_provider(instance, editor.tenant_id)
    auth = _auth(client, editor)
    script.add("OK")

    checked = client.post(f"{BASE}/fake/test", headers=auth)

    assert checked.status_code == 200, checked.text
    answer = checked.json()
    assert (answer["ok"], answer["provider"], answer["model"], answer["error"]) == (
        True,
        "fake",
        "fake:test",
        None,
    )
    assert answer["latency_ms"] >= 0
    [request] = script.requests
    assert request.messages[-1].content == CHECK_PROMPT
    assert request.params.max_tokens is not None and request.params.max_tokens <= 16
    # A second test calls again (no cache) and each call is recorded as usage.
    script.add("OK")
    assert client.post(f"{BASE}/fake/test", headers=auth).json()["ok"] is True
    assert len(script.requests) == 2
    assert _usage(instance, editor.tenant_id) == (2, 0, 2)


def test_a_failing_provider_is_ok_false_with_its_message_not_a_5xx(
    client: TestClient, make_member: MakeMember, instance: Instance, script: FakeScript
) -> None:
    editor = make_member(Role.EDITOR)
    store_fake_provider(instance, editor.tenant_id)
    auth = _auth(client, editor)
    script.add(
        ProviderHTTPError("the model is overloaded", provider="fake", model="test", status=503)
    )

    checked = client.post(f"{BASE}/fake/test", headers=auth)

    assert checked.status_code == 200, checked.text
    answer = checked.json()
    assert answer["ok"] is False and answer["model"] == "fake:test"
    assert answer["error"] == "fake:test (HTTP 503): the model is overloaded"
    assert len(script.requests) == 1  # one call: no retry
    assert _usage(instance, editor.tenant_id) == (1, 1, 0)
    # A model the provider does not have is the provider's answer too.
    script.add(ProviderHTTPError("no such model", provider="fake", model="nope", status=404))
    answer = client.post(f"{BASE}/fake/test?model=nope", headers=auth).json()
    assert answer["ok"] is False and answer["model"] == "fake:nope"
    assert "no such model" in answer["error"]


def test_a_slow_provider_is_cut_at_the_timeout(
    instance: Instance, make_member: MakeMember, script: FakeScript
) -> None:
    import asyncio

    editor = make_member(Role.EDITOR)
    store_fake_provider(instance, editor.tenant_id)
    script.delay = 3.0
    checked = asyncio.run(
        check_provider(
            instance,
            tenant_id=editor.tenant_id,
            user_id=editor.user_id,
            name="fake",
            timeout=0.2,
        )
    )
    assert checked.ok is False
    assert checked.latency_ms is not None and checked.latency_ms < 2500
    assert checked.error is not None and "no answer within" in checked.error


def test_an_openai_compatible_server_on_loopback(
    client: TestClient, make_member: MakeMember, instance: Instance, server: FaultServer
) -> None:
    admin = make_member(Role.ADMIN)
    auth = _auth(client, admin)
    body = {
        "name": "loopback",
        "kind": "openai-compatible",
        "base_url": server.base_url,
        "api_key": KEY,
        "models": ["tiny-1"],
    }
    assert client.post(BASE, json=body, headers=auth).status_code == 201

    server.script("ok", Fault("401_echo_key"), "500")
    working = client.post(f"{BASE}/loopback/test", headers=auth).json()
    rejected = client.post(f"{BASE}/loopback/test", headers=auth)
    failing = client.post(f"{BASE}/loopback/test", headers=auth).json()

    assert working["ok"] is True and working["model"] == "loopback:tiny-1", working
    assert working["latency_ms"] > 0
    sent = server.requests[0].body
    assert sent["model"] == "tiny-1" and sent["messages"][-1]["content"] == CHECK_PROMPT
    assert 0 < (sent.get("max_tokens") or sent.get("max_completion_tokens")) <= 16
    assert rejected.status_code == 200
    assert rejected.json()["ok"] is False and "401" in rejected.json()["error"]
    assert KEY not in rejected.text  # the server echoed the key; the answer never does
    assert failing["ok"] is False and "500" in failing["error"]
    assert len(server.requests) == 3  # one request per test, no retries
    calls, errors, _ = _usage(instance, admin.tenant_id)
    assert (calls, errors) == (3, 2)


def test_unknown_unusable_and_forbidden(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    admin = make_member(Role.ADMIN)
    auth = _auth(client, admin)
    assert client.post(f"{BASE}/nowhere/test", headers=auth).status_code == 404
    # A stored connection that cannot be used says why, as the provider is not called.
    body = {"name": "cloud", "kind": "openai"}
    assert client.post(BASE, json=body, headers=auth).status_code == 201
    answer = client.post(f"{BASE}/cloud/test", headers=auth)
    assert answer.status_code == 200
    assert answer.json()["ok"] is False and "no API key" in answer.json()["error"]
    # Another workspace's connection is not there; a viewer may not spend on a call.
    stranger = _auth(client, make_member(Role.OWNER))
    assert client.post(f"{BASE}/cloud/test", headers=stranger).status_code == 404
    viewer = _auth(client, make_member(Role.VIEWER, tenant_id=admin.tenant_id))
    assert client.post(f"{BASE}/cloud/test", headers=viewer).status_code == 403
