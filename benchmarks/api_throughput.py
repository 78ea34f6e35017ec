"""Requests per second of an authenticated execution read, against a bare FastAPI app.

Two servers run side by side, each in a child process, served the same way (uvicorn, one
process, the same loop and HTTP implementation, no access log):

    bare   a FastAPI app with one route, GET /hello -> {"hello": "world"}
    pw     Presswright's API on a fresh SQLite home, set up as `presswright serve` sets it up
           (JSON access log included): GET /api/v1/executions/{id} with the first-run API
           key, for a finished three-node execution

A load generator in this process keeps C keep-alive connections busy against one server at
a time, alternating between the two in windows of a few seconds so machine drift hits
both alike; each side's rate is the median of its windows.

Run: .venv/bin/python benchmarks/api_throughput.py [--windows 6] [--seconds 3] [--connections 16]
     [--without-fast-lane]   (FastAPI serves the read, as every other route: what the lane gains)
Target: pw reaches at least 0.7x the bare app's requests per second.
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
import time
from pathlib import Path

TARGET_RATIO = 0.7
HOST = "127.0.0.1"
FLOW = {
    "name": "bench",
    "version": 1,
    "inputs": {"topic": {"type": "string"}},
    "nodes": [
        {"id": "a", "type": "template", "config": {"template": "A {{ inputs.topic }}"}},
        {"id": "b", "type": "template", "config": {"template": "B {{ a }}"}},
        {"id": "c", "type": "template", "config": {"template": "C {{ b }}"}},
    ],
    "edges": [{"from": "a", "to": "b"}, {"from": "b", "to": "c"}],
    "outputs": {"text": "c"},
}


# --- the servers (each runs in a child process: `api_throughput.py --serve KIND ...`) -------


def _serve(kind: str, port: int, home: str | None, fast_lane: bool) -> None:
    import uvicorn
    from fastapi import FastAPI

    if kind == "bare":
        app = FastAPI()

        @app.get("/hello")
        async def hello() -> dict[str, str]:  # FastAPI's own first example
            return {"hello": "world"}

    else:
        from presswright.api import create_app
        from presswright.api.request_log import configure_logging
        from presswright.bootstrap import open_instance
        from presswright.settings import Settings

        settings = Settings(home=Path(str(home)))
        configure_logging(settings.log_level)  # as `presswright serve`: one JSON line a request
        app = create_app(open_instance(settings), fast_lane_reads=fast_lane)
    config = uvicorn.Config(
        app,
        host=HOST,
        port=port,
        log_config=None,
        log_level="warning",
        access_log=False,
        server_header=False,
        lifespan="off",
    )
    uvicorn.Server(config).run()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def start_server(
    kind: str, home: Path | None, *, fast_lane: bool = True
) -> tuple[subprocess.Popen[bytes], int]:
    """Start one server in a child process and wait until it accepts connections."""
    port = _free_port()
    command = [sys.executable, __file__, "--serve", kind, "--port", str(port)]
    if home is not None:
        command += ["--home", str(home)]
    if not fast_lane:
        command.append("--without-fast-lane")
    # Both servers log to stderr (Presswright an access line per request); nobody reads it.
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection((HOST, port), timeout=0.2).close()
            return process, port
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"the {kind} server exited with {process.returncode}") from None
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"the {kind} server did not start within 60 s")


# --- the setup: a home with a finished execution ------------------------------------------


def prepare(home: Path) -> tuple[str, str]:
    """Initialise ``home``, run a 3-node flow to completion; return (API key, execution id)."""
    from presswright.bootstrap import cli_workspace, initialize, open_instance
    from presswright.flows import operations as ops
    from presswright.flows.runtime import Runtime
    from presswright.flows.spec import FlowSpec
    from presswright.settings import Settings

    settings = Settings(home=home)
    key = initialize(settings).api_key
    assert key is not None
    instance = open_instance(settings)
    tenant_id = cli_workspace(instance).tenant_id
    runtime = Runtime(instance, executor_id="bench")
    runtime.launch()

    async def run() -> str:
        execution_id = await ops.start(
            instance,
            tenant_id=tenant_id,
            spec=FlowSpec.model_validate(FLOW),
            inputs={"topic": "bread"},
            runtime=runtime,
        )
        async for status in ops.follow(instance, tenant_id=tenant_id, execution_id=execution_id):
            last = status
        if last.status != "completed":
            raise SystemExit(f"the setup run ended {last.status}: {last.error}")
        return execution_id

    try:
        return key, asyncio.run(run())
    finally:
        runtime.shutdown()
        instance.database.dispose()


# --- the load generator --------------------------------------------------------------------


async def _connection(port: int, request: bytes, stop_at: float, counts: list[int]) -> None:
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        while time.monotonic() < stop_at:
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = head[9:12]
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            await reader.readexactly(length)
            if status != b"200":
                raise SystemExit(f"unexpected HTTP {status.decode()}: {head.decode()}")
            counts[0] += 1
    finally:
        writer.close()


async def window(port: int, request: bytes, seconds: float, connections: int) -> float:
    """Requests per second one server answers over ``connections`` for ``seconds``."""
    counts = [0]
    started = time.monotonic()
    stop_at = started + seconds
    await asyncio.gather(*(_connection(port, request, stop_at, counts) for _ in range(connections)))
    return counts[0] / (time.monotonic() - started)


def _request(path: str, headers: dict[str, str]) -> bytes:
    lines = [f"GET {path} HTTP/1.1", f"Host: {HOST}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def measure(
    ports: dict[str, int], requests: dict[str, bytes], windows: int, seconds: float, conns: int
) -> dict[str, list[float]]:
    rates: dict[str, list[float]] = {kind: [] for kind in ports}
    for kind in ports:  # warm-up: imports, caches, connection pools
        await window(ports[kind], requests[kind], 1.0, conns)
    for index in range(windows):
        order = list(ports) if index % 2 == 0 else list(reversed(ports))
        for kind in order:
            rates[kind].append(await window(ports[kind], requests[kind], seconds, conns))
    return rates


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", choices=("bare", "pw"), help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--home", help=argparse.SUPPRESS)
    parser.add_argument("--windows", type=int, default=6, help="measuring windows per side")
    parser.add_argument("--seconds", type=float, default=3.0, help="length of one window")
    parser.add_argument("--connections", type=int, default=16, help="keep-alive connections")
    parser.add_argument(
        "--without-fast-lane",
        action="store_true",
        help="let FastAPI serve the status read, as every other route (see api/fast_lane.py)",
    )
    args = parser.parse_args()
    fast_lane = not args.without_fast_lane
    if args.serve:
        _serve(args.serve, args.port, args.home, fast_lane)
        return 0

    with tempfile.TemporaryDirectory(prefix="pw-bench-api-") as scratch:
        home = Path(scratch) / "home"
        key, execution_id = prepare(home)
        path = f"/api/v1/executions/{execution_id}"
        servers = {
            "bare": start_server("bare", None),
            "pw": start_server("pw", home, fast_lane=fast_lane),
        }
        try:
            ports = {kind: port for kind, (_, port) in servers.items()}
            requests = {
                "bare": _request("/hello", {}),
                "pw": _request(path, {"X-API-Key": key}),
            }
            rates = asyncio.run(
                measure(ports, requests, args.windows, args.seconds, args.connections)
            )
        finally:
            for process, _ in servers.values():
                process.terminate()
                process.wait(timeout=10)
    median = {kind: statistics.median(values) for kind, values in rates.items()}
    ratio = median["pw"] / median["bare"]
    print(f"{'server':<6} {'req/s (median)':>15} {'windows':>40}")
    for kind in ("bare", "pw"):
        shown = " ".join(f"{rate:.0f}" for rate in rates[kind])
        print(f"{kind:<6} {median[kind]:>15.0f} {shown:>40}")
    verdict = "met" if ratio >= TARGET_RATIO else "MISSED"
    lane = "" if fast_lane else ", without the fast lane"
    print(f"ratio pw/bare: {ratio:.2f} (target >= {TARGET_RATIO}: {verdict}{lane})")
    print(
        json.dumps(
            {
                "bare_rps": median["bare"],
                "pw_rps": median["pw"],
                "ratio": ratio,
                "fast_lane": fast_lane,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
