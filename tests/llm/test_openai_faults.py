"""The real OpenAI-compatible provider against a loopback server that misbehaves on purpose.

Every test goes through ``LLMClient`` and the official ``openai`` SDK over real HTTP; the
fault server (``tests/llm/fault_server.py``) scripts one behaviour per request and records
what it received, so counts and timings are measured on the server's side.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import select

from presswright.bootstrap import Instance
from presswright.errors import (
    ProviderError,
    ProviderHTTPError,
    ProviderResponseError,
    ProviderTimeoutError,
)
from presswright.llm.client import LLMClient
from presswright.llm.provider import Connection
from presswright.llm.registry import ProviderRegistry
from presswright.llm.retry import RetryPolicy
from presswright.llm.types import StreamChunk
from presswright.settings import Settings
from presswright.store.models import LLMCall
from tests.llm.conftest import make_client
from tests.llm.fault_server import ANSWER, Fault, FaultServer

pytestmark = pytest.mark.timeout(30)

T = TypeVar("T")
KEY = "sk-test-" + uuid.uuid4().hex  # a fresh key per run: no test can pass by luck
MAX_RETRIES = 2
BOUND = 20.0  # seconds any single test scenario may take before it counts as a hang


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer() as running:
        yield running


@pytest.fixture
def backup_server() -> Iterator[FaultServer]:
    with FaultServer(answer="Answered by the backup.") as running:
        yield running


def connection(srv: FaultServer, name: str = "srv", kind: str = "vllm") -> Connection:
    return Connection(name=name, kind=kind, api_key=KEY, base_url=srv.base_url)


def fault_client(
    tmp_path: Path, *connections: Connection, max_retries: int = MAX_RETRIES
) -> LLMClient:
    """A client without a database: no cache, no usage log, fast retries."""
    chosen = Settings(home=tmp_path / "home", default_model="srv:m")
    return LLMClient(
        settings=chosen,
        registry=ProviderRegistry(chosen, connections),
        retry=RetryPolicy(max_retries=max_retries, base_delay=0.01, max_delay=0.05),
    )


def run(client: LLMClient, work: Callable[[], Awaitable[T]]) -> T:
    """Run ``work`` with a hard bound, then close the client's HTTP pool on the same loop."""

    async def main() -> T:
        try:
            return await asyncio.wait_for(work(), BOUND)
        finally:
            await client.aclose()

    return asyncio.run(main())


async def collect(stream: AsyncIterator[StreamChunk], into: list[StreamChunk]) -> None:
    async for chunk in stream:
        into.append(chunk)


# --- retries --------------------------------------------------------------------------


def test_429_waits_for_retry_after_then_succeeds(server: FaultServer, tmp_path: Path) -> None:
    server.script(Fault("429", seconds=1), "ok")
    client = fault_client(tmp_path, connection(server))
    result = run(client, lambda: client.complete("hello", cache=False))
    assert (result.text, result.provider, result.model) == (ANSWER, "srv", "m")
    assert result.attempts == 2
    assert [r.fault for r in server.requests] == ["429", "ok"]
    [gap] = server.gaps()
    assert gap >= 1.0  # measured by the server, so the client really waited
    assert gap < 1.0 + 1.0 + 0.5  # Retry-After plus at most its jitter and slack


def test_500_is_retried_then_succeeds(server: FaultServer, tmp_path: Path) -> None:
    server.script("500", "ok")
    client = fault_client(tmp_path, connection(server))
    result = run(client, lambda: client.complete("hello", cache=False))
    assert result.text == ANSWER
    assert result.attempts == 2
    assert (result.tokens_in, result.tokens_out) == (1, len(ANSWER.split()))
    assert len(server.requests) == 2


def test_500_forever_is_a_clean_http_error_after_bounded_retries(
    server: FaultServer, tmp_path: Path
) -> None:
    server.script(then="500")
    client = fault_client(tmp_path, connection(server))
    with pytest.raises(ProviderHTTPError) as caught:
        run(client, lambda: client.complete("hello", cache=False))
    error = caught.value
    assert len(server.requests) == 1 + MAX_RETRIES
    assert (error.provider, error.model, error.status) == ("srv", "m", 500)
    assert "srv:m (HTTP 500)" in str(error)
    assert "had an error while processing" in str(error)  # the server's own message
    assert error.hint  # and what to do about it


def test_401_is_not_retried(server: FaultServer, tmp_path: Path) -> None:
    server.script(then="401_echo_key")
    client = fault_client(tmp_path, connection(server))
    with pytest.raises(ProviderHTTPError) as caught:
        run(client, lambda: client.complete("hello", cache=False))
    assert caught.value.status == 401
    assert len(server.requests) == 1


# --- timeouts ---------------------------------------------------------------------------


def test_stall_past_the_timeout_is_a_timeout_error_quickly(
    server: FaultServer, tmp_path: Path
) -> None:
    server.script(Fault("stall", seconds=10))
    client = fault_client(tmp_path, connection(server), max_retries=0)
    loop_time: list[float] = []

    async def call() -> None:
        loop = asyncio.get_running_loop()
        started = loop.time()
        try:
            await client.complete("hello", cache=False, timeout=0.5)
        finally:
            loop_time.append(loop.time() - started)

    with pytest.raises(ProviderTimeoutError) as caught:
        run(client, call)
    assert 0.5 <= loop_time[0] < 3.0  # the 0.5 s timeout, not the 10 s stall
    assert len(server.requests) == 1
    assert (caught.value.provider, caught.value.model) == ("srv", "m")


def test_stall_is_retried_with_a_fresh_timeout(server: FaultServer, tmp_path: Path) -> None:
    server.script(Fault("stall", seconds=10), "ok")
    client = fault_client(tmp_path, connection(server), max_retries=1)
    result = run(client, lambda: client.complete("hello", cache=False, timeout=0.5))
    assert result.text == ANSWER
    assert result.attempts == 2


# --- unreadable answers ---------------------------------------------------------------


def test_malformed_json_is_retried_then_succeeds(server: FaultServer, tmp_path: Path) -> None:
    server.script("malformed", "ok")
    client = fault_client(tmp_path, connection(server))
    result = run(client, lambda: client.complete("hello", cache=False))
    assert result.text == ANSWER
    assert result.attempts == 2


def test_malformed_json_forever_is_a_clean_response_error(
    server: FaultServer, tmp_path: Path
) -> None:
    server.script(then="malformed")
    client = fault_client(tmp_path, connection(server))
    with pytest.raises(ProviderResponseError) as caught:
        run(client, lambda: client.complete("hello", cache=False))
    text = str(caught.value)
    assert len(server.requests) == 1 + MAX_RETRIES
    assert text.startswith("srv:m: unreadable answer")
    assert "Traceback" not in text
    assert 'File "' not in text
    assert "\n" not in text
    assert caught.value.__context__ is None  # the SDK exception (it may quote the key) is gone


# --- streaming --------------------------------------------------------------------------


def test_stream_concatenates_to_the_answer_with_token_counts_last(
    server: FaultServer, tmp_path: Path
) -> None:
    server.script("ok")
    client = fault_client(tmp_path, connection(server))
    chunks: list[StreamChunk] = []
    run(client, lambda: collect(client.stream("hello there"), chunks))
    assert "".join(c.text for c in chunks) == ANSWER
    assert len([c for c in chunks if c.text]) == len(ANSWER.split())  # really streamed
    last = chunks[-1]
    assert (last.tokens_in, last.tokens_out, last.finish_reason) == (2, 9, "stop")
    [request] = server.requests
    assert request.body["stream"] is True
    assert request.body["stream_options"] == {"include_usage": True}


def test_stream_cut_mid_body_raises_after_the_partial_chunks(
    server: FaultServer, tmp_path: Path
) -> None:
    server.script("cut", then="ok")
    client = fault_client(tmp_path, connection(server))
    chunks: list[StreamChunk] = []
    with pytest.raises(ProviderError) as caught:
        run(client, lambda: collect(client.stream("hello"), chunks))
    assert "".join(c.text for c in chunks) == "The quick"
    assert len(server.requests) == 1  # text was already shown: no silent restart
    assert (caught.value.provider, caught.value.model) == ("srv", "m")


def test_stream_cut_mid_body_is_a_response_error(server: FaultServer, tmp_path: Path) -> None:
    server.script("cut")
    client = fault_client(tmp_path, connection(server))
    chunks: list[StreamChunk] = []
    with pytest.raises(ProviderResponseError, match="cut off mid-answer"):
        run(client, lambda: collect(client.stream("hello"), chunks))


def test_stream_ending_without_finish_is_a_response_error(
    server: FaultServer, tmp_path: Path
) -> None:
    server.script("cut_eof", then="ok")
    client = fault_client(tmp_path, connection(server))
    chunks: list[StreamChunk] = []
    with pytest.raises(ProviderResponseError, match="stream ended before the answer"):
        run(client, lambda: collect(client.stream("hello"), chunks))
    assert "".join(c.text for c in chunks) == "The quick"
    assert all(c.finish_reason is None for c in chunks)
    assert len(server.requests) == 1


def test_stream_retries_a_failure_before_the_first_text(
    server: FaultServer, tmp_path: Path
) -> None:
    server.script("500", "ok")
    client = fault_client(tmp_path, connection(server))
    chunks: list[StreamChunk] = []
    run(client, lambda: collect(client.stream("hello"), chunks))
    assert "".join(c.text for c in chunks) == ANSWER
    assert len(server.requests) == 2


# --- fallbacks ----------------------------------------------------------------------------


def test_fallback_model_answers_when_the_primary_keeps_failing(
    server: FaultServer, backup_server: FaultServer, tmp_path: Path
) -> None:
    server.script(then="500")
    backup_server.script("ok")
    client = fault_client(
        tmp_path,
        connection(server),
        connection(backup_server, name="backup", kind="openai-compatible"),
    )
    result = run(client, lambda: client.complete("hello", cache=False, fallbacks=["backup:small"]))
    assert (result.text, result.model_id) == ("Answered by the backup.", "backup:small")
    assert len(server.requests) == 1 + MAX_RETRIES
    [request] = backup_server.requests
    assert request.body["model"] == "small"


def test_fallback_chain_that_fails_everywhere_names_every_model(
    server: FaultServer, backup_server: FaultServer, tmp_path: Path
) -> None:
    server.script(then="500")
    backup_server.script(then="malformed")
    client = fault_client(
        tmp_path, connection(server), connection(backup_server, name="backup"), max_retries=0
    )
    with pytest.raises(ProviderError) as caught:
        run(client, lambda: client.complete("hello", cache=False, fallbacks=["backup:small"]))
    text = str(caught.value)
    assert "srv:m (HTTP 500)" in text
    assert "backup:small: unreadable answer" in text


# --- secrets ----------------------------------------------------------------------------


def pieces(secret: str, size: int = 8) -> list[str]:
    return [secret[i : i + size] for i in range(len(secret) - size + 1)]


def test_401_echoing_the_key_never_shows_it(
    server: FaultServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # the SDK's and the HTTP library's debug logs included
    server.script(then="401_echo_key")
    client = fault_client(tmp_path, connection(server))
    with pytest.raises(ProviderHTTPError) as caught:
        run(client, lambda: client.complete("hello", cache=False))
    assert server.requests[0].headers["authorization"] == f"Bearer {KEY}"  # it was sent
    error = caught.value
    shown = [str(error), repr(error), error.message, error.hint or "", caplog.text]
    assert "Incorrect API key provided" in str(error)  # the server's message is kept
    assert "401" in caplog.text  # the SDK and HTTP logs were captured, so the check is real
    for text in shown:
        assert KEY not in text
        leaked = [piece for piece in pieces(KEY) if piece in text]
        assert not leaked, f"key pieces {leaked} leaked into {text!r}"
    assert error.__context__ is None and error.__cause__ is None  # nor in the chain


# --- the usage log, on both storage backends ----------------------------------------------


def test_usage_log_records_the_failed_attempt(
    server: FaultServer, instance: Instance, tenant_id: uuid.UUID
) -> None:
    server.script("500", "ok")
    client = make_client(instance, tenant_id, connection(server), default_model="srv:m")
    result = run(client, lambda: client.complete("hello", cache=False))
    assert result.text == ANSWER
    assert client.usage is not None
    client.usage.flush()
    with instance.database.tenant_session(tenant_id) as session:
        rows = list(session.scalars(select(LLMCall)))
        seen = sorted(
            (row.status, row.error_class or "", row.provider, row.model, row.tokens_out)
            for row in rows
        )
    assert seen == [
        ("error", "ProviderHTTPError", "srv", "m", 0),
        ("ok", "", "srv", "m", len(ANSWER.split())),
    ]
