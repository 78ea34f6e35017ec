"""The openai provider against a real OpenAI-compatible server on loopback.

The server is llama-cpp-python's own (``python -m llama_cpp.server``) serving the packaged
model, so the official ``openai`` SDK talks to a real implementation of the API.
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

from presswright.errors import ProviderHTTPError
from presswright.llm.client import LLMClient
from presswright.llm.local_model import packaged_model_path
from presswright.llm.provider import Connection
from presswright.llm.registry import ProviderRegistry
from presswright.llm.types import GenerationParams
from presswright.settings import Settings

pytestmark = pytest.mark.local_model


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    model = packaged_model_path()
    assert model is not None
    port = _free_port()
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "llama_cpp.server",
                "--model",
                str(model),
                "--model_alias",
                "smollm2",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--n_ctx",
                "2048",
                "--verbose",
                "False",
            ],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/models", timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"llama_cpp.server did not start: {log.read_text()[-2000:]}")
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def client(llama_server: str, tmp_path: Path) -> Iterator[LLMClient]:
    settings = Settings(home=tmp_path, default_model="llamacpp:smollm2", llm_max_retries=0)
    made = LLMClient(
        settings=settings,
        registry=ProviderRegistry(
            settings, [Connection(name="llamacpp", kind="llamacpp", base_url=llama_server)]
        ),
    )
    yield made
    asyncio.run(made.aclose())


class Fruit(BaseModel):
    name: str
    colour: str


class Basket(BaseModel):
    owner: str
    fruits: list[Fruit]


def test_text(client: LLMClient) -> None:
    result = asyncio.run(
        client.complete("Say hello in French", params=GenerationParams(max_tokens=30))
    )
    assert result.text.strip()
    assert result.provider == "llamacpp" and result.model == "smollm2"
    assert result.tokens_in > 5 and 0 < result.tokens_out <= 30


def test_structured_nested(client: LLMClient) -> None:
    result = asyncio.run(
        client.complete(
            "A basket of two fruits owned by Ann.",
            schema=Basket,
            params=GenerationParams(max_tokens=200, temperature=0.2),
        )
    )
    assert isinstance(result.parsed, Basket)


def test_streaming(client: LLMClient) -> None:
    async def collect() -> list:
        return [
            chunk
            async for chunk in client.stream(
                "Name three colours.", params=GenerationParams(max_tokens=30)
            )
        ]

    chunks = asyncio.run(collect())
    assert len([c for c in chunks if c.text]) > 2
    assert chunks[-1].finish_reason in ("stop", "length")
    assert "".join(c.text for c in chunks).strip()


def test_server_errors_are_clean(client: LLMClient) -> None:
    too_long = "word " * 5000  # far past the server's 2048-token context
    with pytest.raises(ProviderHTTPError) as caught:
        asyncio.run(client.complete(too_long, params=GenerationParams(max_tokens=10), cache=False))
    assert 400 <= caught.value.status < 500
    assert "llamacpp:smollm2" in str(caught.value)
    assert not caught.value.retryable
