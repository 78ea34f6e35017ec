"""`presswright serve` for real: a subprocess on a free port answers, then stops on SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from presswright.bootstrap import initialize
from presswright.settings import Settings


@pytest.fixture
def backend() -> str:
    """SQLite: the embedded default the command serves."""
    return "sqlite"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_answers_and_stops_cleanly(settings: Settings, tmp_path: Path) -> None:
    initialize(settings)
    port = _free_port()
    env = {**os.environ, "PRESSWRIGHT_HOME": str(settings.home), "PRESSWRIGHT_WORKER_ID": "t"}
    process = subprocess.Popen(
        [sys.executable, "-m", "presswright", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        health = None
        while time.monotonic() < deadline:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.communicate()
                time.sleep(0.2)
        assert health is not None and health.status_code == 200
        assert health.json()["database"] == "ok"
        assert health.headers["x-content-type-options"] == "nosniff"
        request_id = health.headers["x-request-id"]
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert f"Presswright API on http://127.0.0.1:{port}" in out
    assert "first-run-credentials.txt" in out
    assert "stopped" in out
    assert f'"request_id": "{request_id}"' in err  # the access line, as JSON
