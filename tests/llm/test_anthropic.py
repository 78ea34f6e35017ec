"""The anthropic provider against recorded Messages API exchanges on a loopback server."""

from __future__ import annotations

import asyncio
import importlib
import json
import socket
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from presswright.errors import (
    ProviderHTTPError,
    ProviderResponseError,
    ProviderTimeoutError,
    ProviderUnavailableError,
)
from presswright.llm.provider import Connection
from presswright.llm.providers.anthropic import AnthropicProvider
from presswright.llm.registry import provider_kinds
from presswright.llm.types import (
    GenerationParams,
    Message,
    ProviderRequest,
    ProviderResponse,
    StreamChunk,
)
from presswright.settings import Settings
from tests.llm.replay_server import Exchange, ReplayServer, load_exchange

pytestmark = pytest.mark.timeout(20)
# Import the SDK up front so the time bounds below measure the provider, not its import.
importlib.import_module("anthropic")

KEY = "sk-ant-test-0123456789abcdefREPLAY"
MODEL = "claude-haiku-4-5"
SYSTEM = "You are a concise copywriter."
ASK = Message(role="user", content="Write a tagline for a bakery.")
SCHEMA = {
    "type": "object",
    "properties": {"tagline": {"type": "string"}, "words": {"type": "integer"}},
    "required": ["tagline", "words"],
}
CONVERSATION = (
    Message(role="system", content=SYSTEM),
    ASK,
    Message(role="assistant", content="Fresh every day."),
    Message(role="user", content="Make it warmer."),
)


def make_provider(base_url: str, tmp_path: Path, api_key: str | None = KEY) -> AnthropicProvider:
    connection = Connection(name="anthropic", kind="anthropic", api_key=api_key, base_url=base_url)
    return AnthropicProvider(connection, Settings(home=tmp_path))


async def send(
    provider: AnthropicProvider, request: ProviderRequest, timeout: float
) -> ProviderResponse:
    try:
        return await provider.request(request, timeout=timeout)
    finally:
        await provider.aclose()


async def collect(
    provider: AnthropicProvider, request: ProviderRequest, timeout: float
) -> list[StreamChunk]:
    try:
        return [chunk async for chunk in provider.stream(request, timeout=timeout)]
    finally:
        await provider.aclose()


def ask(
    exchange: Exchange, request: ProviderRequest, tmp_path: Path, timeout: float = 5.0
) -> tuple[ProviderResponse, ReplayServer]:
    """Send one request to a server replaying ``exchange``; return the answer and the server."""
    with ReplayServer(exchange) as server:
        return asyncio.run(send(make_provider(server.url, tmp_path), request, timeout)), server


def ask_stream(
    exchange: Exchange, request: ProviderRequest, tmp_path: Path, timeout: float = 5.0
) -> tuple[list[StreamChunk], ReplayServer]:
    """Stream one request from a server replaying ``exchange``; return the chunks and server."""
    with ReplayServer(exchange) as server:
        return asyncio.run(collect(make_provider(server.url, tmp_path), request, timeout)), server


def http_error(name: str, tmp_path: Path) -> tuple[ProviderHTTPError, ReplayServer]:
    """The error a plain request gets from a server replaying the error recording ``name``."""
    with ReplayServer(load_exchange(name)) as server:
        provider = make_provider(server.url, tmp_path)
        with pytest.raises(ProviderHTTPError) as caught:
            asyncio.run(send(provider, ProviderRequest(model=MODEL, messages=(ASK,)), 5.0))
    return caught.value, server


def test_text_request_puts_system_on_top_and_reads_usage(tmp_path: Path) -> None:
    request = ProviderRequest(
        model=MODEL,
        messages=CONVERSATION,
        params=GenerationParams(max_tokens=64, stop=("END",), temperature=0.2, seed=7),
    )
    response, server = ask(load_exchange("anthropic_text"), request, tmp_path)

    assert response.text == "Warm bread, warmer welcomes."
    assert (response.tokens_in, response.tokens_out) == (31, 9)
    assert response.finish_reason == "end_turn"
    assert server.problems == []
    (sent,) = server.requests
    assert (sent.method, sent.path) == ("POST", "/v1/messages")
    # SDK 2.x sends the key as a bearer token; the API also takes it as x-api-key.
    assert sent.headers.get("authorization") == f"Bearer {KEY}" or sent.headers["x-api-key"] == KEY
    assert "anthropic-version" in sent.headers
    assert sent.body["system"] == SYSTEM
    assert [m["role"] for m in sent.body["messages"]] == ["user", "assistant", "user"]
    # The API version the SDK speaks refuses sampling parameters: they must not be sent.
    assert not {"temperature", "top_p", "seed", "tools"} & set(sent.body)


def test_structured_output_forces_one_schema_tool(tmp_path: Path) -> None:
    request = ProviderRequest(
        model=MODEL, messages=(ASK,), json_schema=SCHEMA, schema_name="Tagline"
    )
    response, server = ask(load_exchange("anthropic_structured"), request, tmp_path)

    assert json.loads(response.text) == {"tagline": "Fresh from our oven to your table", "words": 7}
    assert (response.tokens_in, response.tokens_out, response.finish_reason) == (
        412,
        38,
        "tool_use",
    )
    (sent,) = server.requests
    assert sent.body["max_tokens"] == 1024  # required by the API; defaulted
    (tool,) = sent.body["tools"]
    assert tool["name"] == "Tagline"
    assert tool["input_schema"] == SCHEMA
    assert tool["description"]
    assert sent.body["tool_choice"] == {"type": "tool", "name": "Tagline"}
    assert "system" not in sent.body


def test_a_schema_that_is_not_an_object_is_wrapped_then_unwrapped(tmp_path: Path) -> None:
    schema = {"type": "array", "items": {"type": "string"}, "minItems": 2}
    request = ProviderRequest(
        model=MODEL, messages=(ASK,), json_schema=schema, schema_name="Keywords"
    )
    response, server = ask(load_exchange("anthropic_structured_list"), request, tmp_path)

    assert json.loads(response.text) == ["sourdough", "bakery", "fresh bread"]
    assert server.problems == []


def test_stream_yields_text_pieces_then_usage(tmp_path: Path) -> None:
    request = ProviderRequest(model=MODEL, messages=(Message(role="system", content=SYSTEM), ASK))
    chunks, server = ask_stream(load_exchange("anthropic_stream"), request, tmp_path)

    assert len(chunks) == 4
    assert "".join(chunk.text for chunk in chunks) == "Warm bread, warmer welcomes."
    last = chunks[-1]
    assert (last.text, last.tokens_in, last.tokens_out, last.finish_reason) == (
        "",
        25,
        9,
        "end_turn",
    )
    assert all(chunk.finish_reason is None for chunk in chunks[:-1])
    assert server.requests[0].body["stream"] is True
    assert server.problems == []


def test_structured_stream_yields_the_tool_input_json(tmp_path: Path) -> None:
    request = ProviderRequest(
        model=MODEL, messages=(ASK,), json_schema=SCHEMA, schema_name="Tagline"
    )
    chunks, server = ask_stream(load_exchange("anthropic_stream_tool"), request, tmp_path)

    text = "".join(chunk.text for chunk in chunks)
    assert json.loads(text) == {"tagline": "Fresh from our oven to your table", "words": 7}
    assert (chunks[-1].tokens_in, chunks[-1].tokens_out) == (412, 38)
    assert chunks[-1].finish_reason == "tool_use"
    assert server.problems == []


def test_an_error_event_mid_stream_is_a_retryable_response_error(tmp_path: Path) -> None:
    request = ProviderRequest(model=MODEL, messages=(ASK,))
    with pytest.raises(ProviderResponseError) as caught:
        ask_stream(load_exchange("anthropic_stream_error"), request, tmp_path)

    assert caught.value.retryable
    assert "overloaded_error" in str(caught.value)


def test_429_is_retryable_and_carries_retry_after(tmp_path: Path) -> None:
    error, _ = http_error("anthropic_429", tmp_path)

    assert (error.status, error.retryable, error.retry_after) == (429, True, 7.0)
    assert "rate_limit_error" in str(error)
    assert error.provider == "anthropic"
    assert error.model == MODEL


def test_401_error_never_shows_the_key(tmp_path: Path) -> None:
    error, _ = http_error("anthropic_401", tmp_path)

    assert (error.status, error.retryable) == (401, False)
    assert "authentication_error" in str(error)
    for text in (str(error), repr(error), error.message, error.hint or ""):
        assert KEY not in text
        assert "0123456789abcdef" not in text
    assert "ANTHROPIC_API_KEY" in (error.hint or "")
    assert error.__context__ is None  # the SDK's exception, which may quote the key, is dropped


def test_500_is_retryable_and_tried_once(tmp_path: Path) -> None:
    error, server = http_error("anthropic_500", tmp_path)

    assert (error.status, error.retryable, error.retry_after) == (500, True, None)
    assert len(server.requests) == 1  # the SDK's own retries are off


def test_a_stalled_server_times_out_promptly(tmp_path: Path) -> None:
    stalled = replace(load_exchange("anthropic_text"), stall_seconds=10.0)
    request = ProviderRequest(
        model=MODEL, messages=CONVERSATION, params=GenerationParams(max_tokens=64, stop=("END",))
    )
    started = time.monotonic()
    with pytest.raises(ProviderTimeoutError) as caught:
        ask(stalled, request, tmp_path, timeout=0.5)

    assert time.monotonic() - started < 4
    assert caught.value.retryable
    assert "PRESSWRIGHT_LLM_TIMEOUT" in (caught.value.hint or "")


def test_a_stream_that_stalls_midway_times_out_promptly(tmp_path: Path) -> None:
    stalled = replace(load_exchange("anthropic_stream"), stall_seconds=10.0, stall_after_events=3)
    request = ProviderRequest(model=MODEL, messages=(Message(role="system", content=SYSTEM), ASK))
    started = time.monotonic()
    with pytest.raises(ProviderTimeoutError):
        ask_stream(stalled, request, tmp_path, timeout=0.5)

    assert time.monotonic() - started < 4


def test_the_timeout_bounds_the_whole_stream_not_each_read(tmp_path: Path) -> None:
    # Every event arrives well within the timeout, but the whole stream would not.
    dripping = replace(load_exchange("anthropic_stream"), event_delay=0.3)
    request = ProviderRequest(model=MODEL, messages=(Message(role="system", content=SYSTEM), ASK))
    started = time.monotonic()
    with pytest.raises(ProviderTimeoutError):
        ask_stream(dripping, request, tmp_path, timeout=0.8)

    assert time.monotonic() - started < 1.5


def test_a_stream_cut_mid_body_is_a_retryable_response_error(tmp_path: Path) -> None:
    cut = replace(load_exchange("anthropic_stream"), cut_after_events=4)
    request = ProviderRequest(model=MODEL, messages=(Message(role="system", content=SYSTEM), ASK))
    with pytest.raises(ProviderResponseError, match="stream broke off") as caught:
        ask_stream(cut, request, tmp_path)

    assert caught.value.retryable


def test_an_unreachable_server_is_a_retryable_timeout_error(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    provider = make_provider(f"http://127.0.0.1:{port}", tmp_path)
    with pytest.raises(ProviderTimeoutError, match="cannot reach") as caught:
        asyncio.run(send(provider, ProviderRequest(model=MODEL, messages=(ASK,)), 5.0))

    assert caught.value.retryable


def test_unavailable_without_a_key(tmp_path: Path) -> None:
    provider = make_provider("http://127.0.0.1:9", tmp_path, api_key=None)

    reason = provider.unavailable_reason()
    assert reason is not None
    assert "ANTHROPIC_API_KEY" in reason
    assert "presswright providers add anthropic --kind anthropic --api-key-stdin" in reason
    with pytest.raises(ProviderUnavailableError):
        asyncio.run(provider.request(ProviderRequest(model=MODEL, messages=(ASK,)), timeout=1))


def test_unavailable_without_the_sdk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "anthropic", None)  # makes `import anthropic` fail
    provider = make_provider("http://127.0.0.1:9", tmp_path)

    assert "pip install 'presswright[anthropic]'" in (provider.unavailable_reason() or "")
    with pytest.raises(ProviderUnavailableError) as caught:
        asyncio.run(provider.request(ProviderRequest(model=MODEL, messages=(ASK,)), timeout=1))
    assert "presswright[anthropic]" in str(caught.value)


def test_the_kind_is_registered_and_configured_from_settings(tmp_path: Path) -> None:
    kind = provider_kinds()["anthropic"]
    assert kind.from_settings(Settings(home=tmp_path)) is None

    connection = kind.from_settings(Settings(home=tmp_path, anthropic_api_key=KEY))
    assert connection is not None
    assert (connection.name, connection.kind, connection.api_key) == ("anthropic", "anthropic", KEY)
    assert KEY not in repr(connection)
    provider = kind.create(connection, Settings(home=tmp_path))
    assert isinstance(provider, AnthropicProvider)
    assert provider.unavailable_reason() is None
    assert MODEL in provider.known_models()
    profile = provider.profile(MODEL)
    assert (profile.structured, profile.streaming, profile.context_window) == (
        "tool",
        True,
        200_000,
    )


def test_the_connection_model_list_wins(tmp_path: Path) -> None:
    connection = Connection(name="work", kind="anthropic", api_key=KEY, models=("claude-x",))
    provider = AnthropicProvider(connection, Settings(home=tmp_path))

    assert provider.known_models() == ["claude-x"]
