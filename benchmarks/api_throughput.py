"""Requests per second of the status poll, against a plain FastAPI app doing the same work.

Two servers run side by side, each in a child process, served the same way (uvicorn, one
process, the same loop and HTTP implementation, no access log), over the same SQLite home
and the same finished three-node execution:

    base   a plain FastAPI app with one route, GET /api/v1/executions/{id}: the path
           parameter and the X-API-Key header declared the FastAPI way, the key checked
           as Presswright checks it (its hash looked up by ``authenticate_api_key``,
           the answer kept in the same ``CredentialCache``), then the same read
           (``status_json``: the execution's one-row change stamp, and the finished
           document built once) answered as JSON, FastAPI's telemetry off as in pw.
           Nothing else: no middleware, no logging, no metrics, no problem documents.
    pw     Presswright's API, set up as `presswright serve` sets it up (JSON access log,
           metrics, request ids, security headers, problem handlers): the same GET with
           the first-run API key, through FastAPI's routing like every other route

A load generator in this process keeps C keep-alive connections busy against one server at
a time, alternating between the two in windows of a few seconds so machine drift hits
both alike; each side's rate is the median of its windows. Each window also takes the
server's CPU time (from /proc) per request answered: on a machine other work shares, the
rates swing with that work, while the CPU a request costs stays put, so the ratio of
requests per CPU second is printed beside the ratio of requests per second.

Run: .venv/bin/python benchmarks/api_throughput.py [--windows 6] [--seconds 3] [--connections 16]
Target: pw reaches at least 0.85x the base app's requests per second.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Annotated, Any

from fastapi import Header, Response  # the base app's route resolves its annotations here

TARGET_RATIO = 0.85
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


def _base_app(home: str) -> Any:
    """The plain FastAPI app doing the poll's work (see the module docstring)."""
    from fastapi import FastAPI, HTTPException
    from starlette.concurrency import run_in_threadpool

    from presswright.api.credential_cache import CredentialCache
    from presswright.bootstrap import open_instance
    from presswright.flows.status import status_json
    from presswright.settings import Settings
    from presswright.store.api_keys import authenticate_api_key
    from presswright.store.identity_epoch import identity_epoch

    settings = Settings(home=Path(home))
    instance = open_instance(settings)
    credentials: CredentialCache[uuid.UUID] = CredentialCache(settings.credential_cache_ttl)
    # Telemetry off, as Presswright's app has it unless PRESSWRIGHT_OPENTELEMETRY is set: a
    # default FastAPI app asks the OpenTelemetry globals on every request, work pw skips.
    app = FastAPI(telemetry={"tracing": False, "metrics": False, "logs": False})

    def check(raw: str) -> uuid.UUID:
        epoch = identity_epoch()  # read before the check, as the API does
        with instance.database.system_session() as session:
            found = authenticate_api_key(session, raw)
        if found is None:
            raise HTTPException(401, "the API key is not valid")
        credentials.put(raw, None, found.tenant_id, epoch=epoch, expires_in=None)
        return found.tenant_id

    @app.get("/api/v1/executions/{execution_id}")
    async def poll(execution_id: uuid.UUID, x_api_key: Annotated[str, Header()]) -> Response:
        tenant_id = await credentials.get_or_check(
            x_api_key, None, lambda: run_in_threadpool(check, x_api_key)
        )
        body = status_json(instance, tenant_id=tenant_id, execution_id=str(execution_id))
        return Response(body, media_type="application/json")

    return app


def _serve(kind: str, port: int, home: str) -> None:
    import uvicorn

    if kind == "base":
        app = _base_app(home)
    else:
        from presswright.api import create_app
        from presswright.api.request_log import configure_logging
        from presswright.bootstrap import open_instance
        from presswright.settings import Settings

        settings = Settings(home=Path(home))
        configure_logging(settings.log_level)  # as `presswright serve`: one JSON line a request
        app = create_app(open_instance(settings))
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


def start_server(kind: str, home: Path) -> tuple[subprocess.Popen[bytes], int]:
    """Start one server in a child process and wait until it accepts connections."""
    port = _free_port()
    command = [sys.executable, __file__, "--serve", kind, "--port", str(port), "--home", str(home)]
    # Presswright logs an access line per request to stderr; nobody reads it (BENCH_DEBUG=1
    # shows it, with any traceback).
    shown = None if os.environ.get("BENCH_DEBUG") else subprocess.DEVNULL
    process = subprocess.Popen(command, stderr=shown)
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


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) process ``pid`` has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def window(
    port: int, pid: int, request: bytes, seconds: float, connections: int
) -> tuple[float, float]:
    """Requests per second one server answers over ``connections`` for ``seconds``, and the
    server's CPU seconds per request."""
    counts = [0]
    cpu = cpu_seconds(pid)
    started = time.monotonic()
    stop_at = started + seconds
    await asyncio.gather(*(_connection(port, request, stop_at, counts) for _ in range(connections)))
    rate = counts[0] / (time.monotonic() - started)
    return rate, (cpu_seconds(pid) - cpu) / max(counts[0], 1)


def _request(path: str, headers: dict[str, str]) -> bytes:
    lines = [f"GET {path} HTTP/1.1", f"Host: {HOST}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def measure(
    servers: dict[str, tuple[int, int]],
    requests: dict[str, bytes],
    windows: int,
    seconds: float,
    conns: int,
) -> dict[str, list[tuple[float, float]]]:
    """Each server's windows, alternating: (requests per second, CPU seconds per request)."""
    found: dict[str, list[tuple[float, float]]] = {kind: [] for kind in servers}
    for kind, (port, pid) in servers.items():  # warm-up: imports, caches, connection pools
        await window(port, pid, requests[kind], 1.0, conns)
    for index in range(windows):
        order = list(servers) if index % 2 == 0 else list(reversed(servers))
        for kind in order:
            port, pid = servers[kind]
            found[kind].append(await window(port, pid, requests[kind], seconds, conns))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", choices=("base", "pw"), help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--home", help=argparse.SUPPRESS)
    parser.add_argument("--windows", type=int, default=6, help="measuring windows per side")
    parser.add_argument("--seconds", type=float, default=3.0, help="length of one window")
    parser.add_argument("--connections", type=int, default=16, help="keep-alive connections")
    args = parser.parse_args()
    if args.serve:
        _serve(args.serve, args.port, args.home)
        return 0

    with tempfile.TemporaryDirectory(prefix="pw-bench-api-") as scratch:
        home = Path(scratch) / "home"
        key, execution_id = prepare(home)
        path = f"/api/v1/executions/{execution_id}"
        servers = {"base": start_server("base", home), "pw": start_server("pw", home)}
        try:
            request = _request(path, {"X-API-Key": key})
            found = asyncio.run(
                measure(
                    {kind: (port, process.pid) for kind, (process, port) in servers.items()},
                    {"base": request, "pw": request},
                    args.windows,
                    args.seconds,
                    args.connections,
                )
            )
        finally:
            for process, _ in servers.values():
                process.terminate()
                process.wait(timeout=10)
    rates = {kind: [rate for rate, _ in values] for kind, values in found.items()}
    cpu = {kind: statistics.median(per for _, per in values) for kind, values in found.items()}
    median = {kind: statistics.median(values) for kind, values in rates.items()}
    ratio = median["pw"] / median["base"]
    cpu_ratio = cpu["base"] / cpu["pw"]
    print(f"{'server':<6} {'req/s (median)':>15} {'CPU us/req':>11} {'windows':>40}")
    for kind in ("base", "pw"):
        shown = " ".join(f"{rate:.0f}" for rate in rates[kind])
        print(f"{kind:<6} {median[kind]:>15.0f} {cpu[kind] * 1e6:>11.0f} {shown:>40}")
    verdict = "met" if ratio >= TARGET_RATIO else "MISSED"
    print(f"ratio pw/base, requests per second: {ratio:.2f} (target >= {TARGET_RATIO}: {verdict})")
    print(f"ratio pw/base, requests per CPU second: {cpu_ratio:.2f} (steady on a busy machine)")
    print(
        json.dumps(
            {
                "base_rps": median["base"],
                "pw_rps": median["pw"],
                "ratio": ratio,
                "base_cpu_us": cpu["base"] * 1e6,
                "pw_cpu_us": cpu["pw"] * 1e6,
                "cpu_ratio": cpu_ratio,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
