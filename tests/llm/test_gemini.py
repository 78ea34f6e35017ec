"""The gemini provider against recorded generateContent exchanges on a loopback server."""

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
from presswright.llm.providers.gemini import GeminiProvider
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
importlib.import_module("google.genai")

KEY = "AIzaSyTEST-0123456789abcdefREPLAY"
MODEL = "gemini-3.7-flash"
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
PARAMS = GenerationParams(temperature=0.2, top_p=0.9, max_tokens=64, stop=("END",), seed=7)


def make_provider(base_url: str, tmp_path: Path, api_key: str | None = KEY) -> GeminiProvider:
    connection = Connection(name="gemini", kind="gemini", api_key=api_key, base_url=base_url)
    return GeminiProvider(connection, Settings(home=tmp_path))


async def send(
    provider: GeminiProvider, request: ProviderRequest, timeout: float
) -> ProviderResponse:
    try:
        return await provider.request(request, timeout=timeout)
    finally:
        await provider.aclose()


async def collect(
    provider: GeminiProvider, request: ProviderRequest, timeout: float
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


def test_text_request_maps_system_and_roles_and_reads_usage(tmp_path: Path) -> None:
    request = ProviderRequest(model=MODEL, messages=CONVERSATION, params=PARAMS)
    response, server = ask(load_exchange("gemini_text"), request, tmp_path)

    assert response.text == "Warm bread, warmer welcomes."
    assert response.tokens_in == 14
    assert response.tokens_out == 9 + 5  # thinking tokens are billed as output
    assert response.finish_reason == "STOP"
    assert server.problems == []
    (sent,) = server.requests
    assert (sent.method, sent.path) == ("POST", f"/v1beta/models/{MODEL}:generateContent")
    assert sent.headers["x-goog-api-key"] == KEY
    assert KEY not in json.dumps(sent.query)
    assert sent.body["systemInstruction"]["parts"] == [{"text": SYSTEM}]
    assert [c["role"] for c in sent.body["contents"]] == ["user", "model", "user"]
    config = sent.body["generationConfig"]
    assert "responseMimeType" not in config
    assert "responseJsonSchema" not in config


def test_structured_output_sends_the_json_schema(tmp_path: Path) -> None:
    request = ProviderRequest(
        model=MODEL, messages=(ASK,), json_schema=SCHEMA, schema_name="Tagline"
    )
    response, server = ask(load_exchange("gemini_structured"), request, tmp_path)

    assert json.loads(response.text) == {"tagline": "Fresh from our oven to your table", "words": 7}
    assert (response.tokens_in, response.tokens_out) == (40, 17)
    (sent,) = server.requests
    config = sent.body["generationConfig"]
    assert config["responseMimeType"] == "application/json"
    assert config["responseJsonSchema"] == SCHEMA
    assert "responseSchema" not in config
    assert "systemInstruction" not in sent.body
    assert server.problems == []


def test_stream_yields_text_pieces_then_usage(tmp_path: Path) -> None:
    request = ProviderRequest(model=MODEL, messages=(Message(role="system", content=SYSTEM), ASK))
    chunks, server = ask_stream(load_exchange("gemini_stream"), request, tmp_path)

    assert len(chunks) == 4
    assert "".join(chunk.text for chunk in chunks) == "Warm bread, warmer welcomes."
    last = chunks[-1]
    assert (last.text, last.tokens_in, last.tokens_out, last.finish_reason) == ("", 14, 9, "STOP")
    assert all(chunk.finish_reason is None for chunk in chunks[:-1])
    (sent,) = server.requests
    assert sent.path == f"/v1beta/models/{MODEL}:streamGenerateContent"
    assert sent.query == {"alt": "sse"}
    assert sent.headers["x-goog-api-key"] == KEY
    assert server.problems == []


def test_a_blocked_prompt_is_a_response_error_saying_why(tmp_path: Path) -> None:
    with pytest.raises(ProviderResponseError) as caught:
        ask(
            load_exchange("gemini_blocked"), ProviderRequest(model=MODEL, messages=(ASK,)), tmp_path
        )

    assert "blocked (SAFETY)" in str(caught.value)
    assert "rephrase" in (caught.value.hint or "")


def test_429_is_retryable_and_the_retry_after_header_wins(tmp_path: Path) -> None:
    error, _ = http_error("gemini_429", tmp_path)

    assert (error.status, error.retryable, error.retry_after) == (429, True, 7.0)
    assert "RESOURCE_EXHAUSTED" in str(error)
    assert (error.provider, error.model) == ("gemini", MODEL)


def test_429_without_header_uses_the_body_retry_info(tmp_path: Path) -> None:
    error, _ = http_error("gemini_429_retry_info", tmp_path)

    assert (error.status, error.retryable, error.retry_after) == (429, True, 23.0)


def test_401_error_never_shows_the_key(tmp_path: Path) -> None:
    error, _ = http_error("gemini_401", tmp_path)

    assert (error.status, error.retryable) == (401, False)
    assert "UNAUTHENTICATED" in str(error)
    for text in (str(error), repr(error), error.message, error.hint or ""):
        assert KEY not in text
        assert "0123456789abcdef" not in text
    assert "GEMINI_API_KEY" in (error.hint or "")
    assert error.__context__ is None  # the SDK's exception, which may quote the key, is dropped


def test_500_is_retryable_and_tried_once(tmp_path: Path) -> None:
    error, server = http_error("gemini_500", tmp_path)

    assert (error.status, error.retryable, error.retry_after) == (500, True, None)
    assert len(server.requests) == 1  # the SDK's own retries are off


def test_a_stalled_server_times_out_promptly(tmp_path: Path) -> None:
    stalled = replace(load_exchange("gemini_text"), stall_seconds=10.0)
    request = ProviderRequest(model=MODEL, messages=CONVERSATION, params=PARAMS)
    started = time.monotonic()
    with pytest.raises(ProviderTimeoutError) as caught:
        ask(stalled, request, tmp_path, timeout=0.5)

    assert time.monotonic() - started < 4
    assert caught.value.retryable
    assert "PRESSWRIGHT_LLM_TIMEOUT" in (caught.value.hint or "")


def test_a_stream_that_stalls_midway_times_out_promptly(tmp_path: Path) -> None:
    stalled = replace(load_exchange("gemini_stream"), stall_seconds=10.0, stall_after_events=1)
    request = ProviderRequest(model=MODEL, messages=(Message(role="system", content=SYSTEM), ASK))
    started = time.monotonic()
    with pytest.raises(ProviderTimeoutError):
        ask_stream(stalled, request, tmp_path, timeout=0.5)

    assert time.monotonic() - started < 4


def test_the_timeout_bounds_the_whole_stream_not_each_read(tmp_path: Path) -> None:
    # Every event arrives well within the timeout, but the whole stream would not.
    dripping = replace(load_exchange("gemini_stream"), event_delay=0.5)
    request = ProviderRequest(model=MODEL, messages=(Message(role="system", content=SYSTEM), ASK))
    started = time.monotonic()
    with pytest.raises(ProviderTimeoutError):
        ask_stream(dripping, request, tmp_path, timeout=0.8)

    assert time.monotonic() - started < 1.5


def test_a_stream_cut_mid_body_is_a_retryable_response_error(tmp_path: Path) -> None:
    cut = replace(load_exchange("gemini_stream"), cut_after_events=1)
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
    assert "GEMINI_API_KEY" in reason
    assert "presswright providers add gemini --kind gemini --api-key-stdin" in reason
    with pytest.raises(ProviderUnavailableError):
        asyncio.run(provider.request(ProviderRequest(model=MODEL, messages=(ASK,)), timeout=1))


def test_unavailable_without_the_sdk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "google.genai", None)  # makes the SDK import fail
    provider = make_provider("http://127.0.0.1:9", tmp_path)

    assert "pip install 'presswright[gemini]'" in (provider.unavailable_reason() or "")
    with pytest.raises(ProviderUnavailableError) as caught:
        asyncio.run(provider.request(ProviderRequest(model=MODEL, messages=(ASK,)), timeout=1))
    assert "presswright[gemini]" in str(caught.value)


def test_the_kind_is_registered_and_configured_from_settings(tmp_path: Path) -> None:
    kind = provider_kinds()["gemini"]
    assert kind.from_settings(Settings(home=tmp_path)) is None

    connection = kind.from_settings(Settings(home=tmp_path, gemini_api_key=KEY))
    assert connection is not None
    assert (connection.name, connection.kind, connection.api_key) == ("gemini", "gemini", KEY)
    provider = kind.create(connection, Settings(home=tmp_path))
    assert isinstance(provider, GeminiProvider)
    assert provider.unavailable_reason() is None
    assert MODEL in provider.known_models()
    profile = provider.profile(MODEL)
    assert (profile.structured, profile.streaming, profile.context_window) == (
        "json_schema",
        True,
        1_000_000,
    )


def test_the_connection_model_list_wins(tmp_path: Path) -> None:
    connection = Connection(name="g", kind="gemini", api_key=KEY, models=("gemini-x",))
    provider = GeminiProvider(connection, Settings(home=tmp_path))

    assert provider.known_models() == ["gemini-x"]
