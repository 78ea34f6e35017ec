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

from presswright.bootstrap import cli_workspace, initialize, open_instance
from presswright.settings import Settings
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config


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


def test_serve_prints_where_to_sign_in_and_a_request_that_works(
    settings: Settings, tmp_path: Path
) -> None:
    """The curl `serve` prints, pasted into a shell as it is, starts an article (202)."""
    initialize(settings)
    instance = open_instance(settings)
    with instance.database.tenant_session(cli_workspace(instance).tenant_id) as session:
        # The article runs on the shipped fake provider, not the local model: quick to stop.
        create_provider_config(
            session, data=ProviderConfigCreate(name="fake", kind="fake"), box=instance.secretbox
        )
    instance.database.dispose()
    port = _free_port()
    env = {
        **os.environ,
        "PRESSWRIGHT_HOME": str(settings.home),
        "PRESSWRIGHT_WORKER_ID": "t",
        "PRESSWRIGHT_DEFAULT_MODEL": "fake:test",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "presswright", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        printed: list[str] = []
        while not printed or not printed[-1].startswith("stop with"):
            line = process.stdout.readline()
            assert line, f"serve ended early: {printed}"
            printed.append(line.rstrip("\n"))
        text = "\n".join(printed)
        base = f"http://127.0.0.1:{port}"
        assert f"sign in    POST {base}/api/v1/auth/login" in text
        assert f"API key    in {settings.home / 'first-run-credentials.txt'}" in text
        start = next(i for i, line in enumerate(printed) if line.strip().startswith("curl "))
        command = "\n".join(printed[start : start + 3])
        assert f"curl -i -X POST {base}/api/v1/content/generate" in command
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/health", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and process.poll() is None, text
                time.sleep(0.2)
        ran = subprocess.run(
            ["bash", "-c", command], capture_output=True, text=True, timeout=60, check=False
        )
        assert ran.returncode == 0, ran.stderr
        assert ran.stdout.startswith("HTTP/1.1 202"), ran.stdout
        assert "location: /api/v1/executions/" in ran.stdout.lower(), ran.stdout
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
