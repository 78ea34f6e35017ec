"""Bulk generation against a provider that allows N requests per minute: pace, 429s, loss.

A loopback OpenAI-compatible server (a child process) accepts at most ``--rpm`` chat
completions in any sliding 60-second window and answers 429 with a Retry-After beyond that;
each accepted call gets valid product copy for the product it names. Presswright runs a
bulk job of ``--items`` products on it (one LLM call per item), the provider configured
with the same requests-per-minute limit, the job driven in this process with its items on
an embedded runtime over SQLite. The baseline is the limit itself, counted by the server:

    achieved   requests the server accepted per full 60 s window, against the N it allows
               (a run shorter than one window is bounded by the engine: its rate is shown)
    429 share  answers that were 429, of all requests
    lost       items that did not succeed; duplicated: items the server answered twice

Run: .venv/bin/python benchmarks/bulk_throughput.py [--items 1000] [--rpm 300]
Quick: --items 100 --rpm 600 (well under a minute). Targets: achieved >= 95% of the limit,
429 share <= 1%, 0 lost, 0 duplicated.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr

WINDOW = 60.0
API_KEY = "sk-bench-not-a-real-key"
TARGET_RATE = 0.95
TARGET_429 = 0.01
_NAME = re.compile(r"^Product: (?P<name>.+)$", re.MULTILINE)

# --- the loopback server (a child process: `bulk_throughput.py --serve RPM`) -------------


def _draft(name: str) -> dict[str, Any]:
    """Product copy for ``name`` that passes the contract (a product without keywords)."""
    meta = f"Discover the {name}: durable materials and an easy-care finish for daily use."
    while len(meta) < 140:
        meta += " Made to last, season after season."
    return {
        "title": f"{name} for everyday use",
        "short_description": f"{name}: sturdy, practical and made to last for years.",
        "long_description": [f"The {name} is built for daily use and is easy to care for."],
        "feature_bullets": ["Durable materials", "Easy to clean"],
        "seo_title": f"{name} for everyday use"[:60],
        "meta_desc": meta[:160].rsplit(" ", 1)[0] if len(meta) > 160 else meta,
        "tags": ["home", "durable"],
        "image_alt_text": f"{name} on a wooden table",
    }


class _LimitedServer:
    """Counts what it accepts and refuses; the state behind every connection."""

    def __init__(self, rpm: int) -> None:
        self.rpm = rpm
        self.accepted: collections.deque[float] = collections.deque()  # the sliding window
        self.times: list[float] = []  # every accepted request, since the start
        self.by_name: collections.Counter[str] = collections.Counter()
        self.refused = 0

    def answer(self, method: bytes, path: bytes, body: bytes) -> tuple[int, bytes, list[str]]:
        if method == b"GET" and path == b"/stats":
            stats = {"times": self.times, "by_name": self.by_name, "refused": self.refused}
            return 200, json.dumps(stats).encode(), []
        now = time.time()
        while self.accepted and self.accepted[0] <= now - WINDOW:
            self.accepted.popleft()
        if len(self.accepted) >= self.rpm:
            self.refused += 1
            wait = self.accepted[0] + WINDOW - now
            error = {"error": {"message": "rate limit reached", "type": "requests"}}
            return 429, json.dumps(error).encode(), [f"Retry-After: {wait:.3f}"]
        self.accepted.append(now)
        self.times.append(now)
        prompt = next(m["content"] for m in json.loads(body)["messages"] if m["role"] == "user")
        found = _NAME.search(prompt)
        name = found["name"].strip() if found else "?"
        self.by_name[name] += 1
        completion = {
            "id": "chatcmpl-bench",
            "object": "chat.completion",
            "created": int(now),
            "model": "m",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": json.dumps(_draft(name))},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 50, "completion_tokens": 80, "total_tokens": 130},
        }
        return 200, json.dumps(completion).encode(), []


class _Connection(asyncio.Protocol):
    """HTTP/1.1 keep-alive with Content-Length bodies, which is what the SDK sends."""

    def __init__(self, server: _LimitedServer) -> None:
        self.server = server
        self.buffer = bytearray()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            head = bytes(self.buffer[:end]).split(b"\r\n")
            length = 0
            for line in head[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if len(self.buffer) < end + 4 + length:
                return
            body = bytes(self.buffer[end + 4 : end + 4 + length])
            del self.buffer[: end + 4 + length]
            method, path, _ = head[0].split(b" ", 2)
            status, payload, headers = self.server.answer(method, path.split(b"?")[0], body)
            reason = {200: "OK", 429: "Too Many Requests"}[status]
            lines = [f"HTTP/1.1 {status} {reason}", "Content-Type: application/json"]
            lines += [*headers, f"Content-Length: {len(payload)}", "", ""]
            self.transport.write("\r\n".join(lines).encode() + payload)


async def _serve(rpm: int) -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    state = _LimitedServer(rpm)
    server = await loop.create_server(lambda: _Connection(state), "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)

    def wait_for_parent() -> None:
        sys.stdin.read()  # EOF when the parent exits or closes our stdin
        loop.call_soon_threadsafe(stop.set)

    threading.Thread(target=wait_for_parent, daemon=True).start()
    async with server:
        await stop.wait()


def start_server(rpm: int) -> tuple[subprocess.Popen[str], int]:
    """The server process and its port."""
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(rpm)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    return process, int(process.stdout.readline())


def stop_server(process: subprocess.Popen[str]) -> None:
    """Close the child's stdin (its signal to exit) and wait for it."""
    assert process.stdin is not None
    process.stdin.close()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- the bulk job ------------------------------------------------------------------------


def run_job(home: Path, base_url: str, items: int, rpm: int, concurrency: int) -> Any:
    """Submit ``items`` products and drive the job to its end; its final progress."""
    from presswright.bootstrap import cli_workspace, initialize, open_instance
    from presswright.bulk import BulkOptions, drive, read_source, submit_job
    from presswright.flows.runtime import Runtime
    from presswright.settings import Settings
    from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config

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
                requests_per_minute=rpm,
            ),
            box=instance.secretbox,
        )
    rows = "name,category\n" + "".join(f"Bench item {n},Kitchen\n" for n in range(items))
    submitted = submit_job(
        instance,
        tenant_id=workspace.tenant_id,
        user_id=workspace.user_id,
        source=read_source(rows.encode(), name="bench.csv"),
        options=BulkOptions(kind="product", model="bench:m", concurrency=concurrency),
        mapping={},
        list_separator="|",
    )
    runtime = Runtime(instance, executor_id="bulk-bench")
    runtime.launch()

    async def follow() -> Any:
        last = None
        async for progress in drive(
            instance, tenant_id=workspace.tenant_id, job_id=submitted.progress.id, runtime=runtime
        ):
            last = progress
            if sys.stdout.isatty():
                done = progress.total - progress.remaining
                print(f"\r{done}/{progress.total} items", end="", flush=True)
        return last

    try:
        return asyncio.run(follow())
    finally:
        runtime.shutdown()
        instance.database.dispose()


def report(stats: dict[str, Any], final: Any, items: int, rpm: int, elapsed: float) -> None:
    times = sorted(stats["times"])
    accepted, refused = len(times), stats["refused"]
    start, end = times[0], times[-1]
    full_windows = int((end - start) // WINDOW)
    if full_windows:
        in_windows = sum(1 for t in times if t < start + full_windows * WINDOW)
        achieved = in_windows / (full_windows * rpm)
        how = f"{in_windows} requests in {full_windows} full window(s), {rpm} allowed in each"
    else:
        span = max(end - start, 1e-9)
        achieved = (accepted / span * WINDOW) / rpm
        how = f"the run fit in one window: {accepted / span * WINDOW:.0f}/min, engine-bound"
    share = refused / max(accepted + refused, 1)
    lost = items - final.succeeded
    duplicated = sum(1 for count in stats["by_name"].values() if count > 1)
    print(f"\n{'measure':<12} {'value':>10}  detail")
    print(f"{'limit':<12} {rpm:>8}/m  sliding {WINDOW:.0f} s window, server and client alike")
    print(f"{'achieved':<12} {achieved:>9.1%}  {how}")
    print(f"{'429 share':<12} {share:>9.2%}  {refused} of {accepted + refused} requests")
    print(f"{'lost':<12} {lost:>10}  {final.succeeded} of {items} items succeeded")
    print(f"{'duplicated':<12} {duplicated:>10}  items the server answered more than once")
    print(f"{'elapsed':<12} {elapsed:>9.1f}s  {final.rate_per_minute or 0:.0f} items/min overall")
    verdicts = [
        ("achieved rate", achieved >= TARGET_RATE),
        ("429 share", share <= TARGET_429),
        ("nothing lost or duplicated", lost == 0 and duplicated == 0),
    ]
    print(
        "\n"
        + "; ".join(f"{name}: {'meets' if ok else 'MISSES'} the target" for name, ok in verdicts)
        + f" (achieved >= {TARGET_RATE:.0%} of the limit, 429s <= {TARGET_429:.0%}, 0 lost)."
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000, help="products in the job")
    parser.add_argument("--rpm", type=int, default=300, help="requests the server allows a minute")
    parser.add_argument("--concurrency", type=int, default=16, help="the job's window (1-64)")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve is not None:
        asyncio.run(_serve(args.serve))
        return 0
    process, port = start_server(args.rpm)
    try:
        with tempfile.TemporaryDirectory(prefix="pw-bulk-bench-") as folder:
            started = time.monotonic()
            final = run_job(
                Path(folder) / "home",
                f"http://127.0.0.1:{port}/v1",
                args.items,
                args.rpm,
                args.concurrency,
            )
            elapsed = time.monotonic() - started
        stats = httpx.get(f"http://127.0.0.1:{port}/stats", timeout=10).json()
    finally:
        stop_server(process)
    report(stats, final, args.items, args.rpm, elapsed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
