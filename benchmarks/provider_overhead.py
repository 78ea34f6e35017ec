"""What Presswright's LLM client adds to a call, against the raw ``openai`` SDK.

A loopback OpenAI-compatible server (a separate process, so it does not share the GIL)
answers every chat completion instantly with the same body. Three clients call it in
interleaved batches, so drift in machine load hits all three alike:

    raw        openai.AsyncOpenAI().chat.completions.create(...)
    pw         LLMClient.complete(..., cache=False), no database (the client's own work)
    pw+db      the same through client_for_tenant: DatabaseCache + UsageRecorder on SQLite

Run: .venv/bin/python benchmarks/provider_overhead.py [--calls 2000] [--batch 100]
Target: pw adds at most 1 ms per call at p50.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import openai
from pydantic import SecretStr

from presswright.bootstrap import cli_workspace, initialize, open_instance
from presswright.llm.client import LLMClient
from presswright.llm.factory import client_for_tenant
from presswright.llm.provider import Connection
from presswright.llm.registry import ProviderRegistry
from presswright.settings import Settings
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config

TARGET_P50_MS = 1.0
PROMPT = "Write one sentence about bread."
API_KEY = "sk-bench-not-a-real-key"

# --- the loopback server (runs in a child process: `provider_overhead.py --serve`) ---------

_BODY = json.dumps(
    {
        "id": "chatcmpl-bench",
        "object": "chat.completion",
        "created": 0,
        "model": "m",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "Bread is warm."},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 6, "completion_tokens": 3, "total_tokens": 9},
    }
).encode()
_RESPONSE = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
    + f"Content-Length: {len(_BODY)}\r\n\r\n".encode()
    + _BODY
)


class _InstantAnswer(asyncio.Protocol):
    """HTTP/1.1 keep-alive: every complete request gets the same 200 answer."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.buffer = bytearray()
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            length = 0
            for line in bytes(self.buffer[:end]).split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if len(self.buffer) < end + 4 + length:
                return
            del self.buffer[: end + 4 + length]
            self.transport.write(_RESPONSE)


async def _serve() -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    server = await loop.create_server(_InstantAnswer, "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)

    def wait_for_parent() -> None:
        sys.stdin.read()  # EOF when the parent exits or closes our stdin
        loop.call_soon_threadsafe(stop.set)

    threading.Thread(target=wait_for_parent, daemon=True).start()
    async with server:
        await stop.wait()


def start_server() -> tuple[subprocess.Popen[str], int]:
    """The server process and its port."""
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    port = int(process.stdout.readline())
    return process, port


def stop_server(process: subprocess.Popen[str]) -> None:
    """Close the child's stdin (its signal to exit) and wait for it."""
    assert process.stdin is not None
    process.stdin.close()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- the clients ------------------------------------------------------------------------

Call = Callable[[], Awaitable[object]]


def raw_call(client: openai.AsyncOpenAI) -> Call:
    async def call() -> object:
        # The same arguments Presswright's provider sends, including the per-call timeout.
        return await client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": PROMPT}], timeout=120.0
        )

    return call


def presswright_call(client: LLMClient) -> Call:
    async def call() -> object:
        return await client.complete(PROMPT, model="bench:m", cache=False)

    return call


def database_client(home: Path, base_url: str) -> tuple[LLMClient, Callable[[], None]]:
    """client_for_tenant on a fresh SQLite home, with the server stored as a provider."""
    settings = Settings(home=home, default_model="bench:m")
    initialize(settings)
    instance = open_instance(settings)
    workspace = cli_workspace(instance)
    with instance.database.tenant_session(workspace.tenant_id) as session:
        create_provider_config(
            session,
            data=ProviderConfigCreate(
                name="bench",
                kind="openai-compatible",
                base_url=base_url,
                api_key=SecretStr(API_KEY),
            ),
            box=instance.secretbox,
        )
    client = client_for_tenant(instance, tenant_id=workspace.tenant_id, user_id=workspace.user_id)
    return client, instance.database.dispose


async def timed(call: Call, count: int, into: list[float]) -> None:
    for _ in range(count):
        started = time.perf_counter_ns()
        await call()
        into.append((time.perf_counter_ns() - started) / 1e6)


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


async def run(calls: int, batch: int, warmup: int) -> int:
    process, port = start_server()
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        with tempfile.TemporaryDirectory(prefix="pw-bench-") as folder:
            settings = Settings(home=Path(folder) / "plain", default_model="bench:m")
            connection = Connection(
                name="bench", kind="openai-compatible", api_key=API_KEY, base_url=base_url
            )
            plain = LLMClient(settings=settings, registry=ProviderRegistry(settings, [connection]))
            with_db, dispose = database_client(Path(folder) / "db", base_url)
            raw = openai.AsyncOpenAI(api_key=API_KEY, base_url=base_url, max_retries=0)
            variants: dict[str, Call] = {
                "raw": raw_call(raw),
                "pw": presswright_call(plain),
                "pw+db": presswright_call(with_db),
            }
            samples: dict[str, list[float]] = {name: [] for name in variants}
            try:
                for call in variants.values():
                    await timed(call, warmup, [])
                names = list(variants)
                for round_ in range(max(calls // batch, 1)):
                    shift = round_ % len(names)  # rotate who goes first in each round
                    for name in names[shift:] + names[:shift]:
                        await timed(variants[name], batch, samples[name])
            finally:
                await raw.close()
                await plain.aclose()
                await with_db.aclose()
                dispose()
    finally:
        stop_server(process)
    report(samples)
    return 0


def report(samples: dict[str, list[float]]) -> None:
    raw_p50, raw_p99 = percentile(samples["raw"], 50), percentile(samples["raw"], 99)
    print(
        f"\n{'client':<8} {'calls':>6} {'p50 ms':>8} {'p99 ms':>8} {'+p50 ms':>8} {'+p99 ms':>8}"
        f" {'p50 ratio':>9}"
    )
    for name, values in samples.items():
        p50, p99 = percentile(values, 50), percentile(values, 99)
        print(
            f"{name:<8} {len(values):>6} {p50:>8.3f} {p99:>8.3f} {p50 - raw_p50:>+8.3f}"
            f" {p99 - raw_p99:>+8.3f} {p50 / raw_p50:>8.2f}x"
        )
    added = percentile(samples["pw"], 50) - raw_p50
    verdict = "meets" if added <= TARGET_P50_MS else "MISSES"
    print(
        f"\nPresswright adds {added:.3f} ms at p50 over the raw SDK: {verdict} the target"
        f" (at most {TARGET_P50_MS:.0f} ms). pw+db (cache lookup skipped, usage row"
        f" written in the background) adds {percentile(samples['pw+db'], 50) - raw_p50:.3f} ms."
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000, help="measured calls per client")
    parser.add_argument("--batch", type=int, default=100, help="calls per interleaved batch")
    parser.add_argument("--warmup", type=int, default=200, help="unmeasured calls per client")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(_serve())
        return 0
    return asyncio.run(run(args.calls, args.batch, args.warmup))


if __name__ == "__main__":
    sys.exit(main())
