"""The studio's committed API client is generated from the server's current OpenAPI document.

``frontend/scripts/gen-api.mjs --check`` builds the app's OpenAPI document (with this
interpreter) and regenerates ``frontend/src/lib/api/openapi.json`` and ``schema.d.ts`` in
memory; it exits 1, naming what differs, when the committed files drifted from the server.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"
CLIENT = FRONTEND / "src" / "lib" / "api"

pytestmark = pytest.mark.skipif(
    not (FRONTEND / "node_modules" / "openapi-typescript").is_dir(),
    reason="frontend/node_modules is absent: run `npm ci` in frontend/ (make test does)",
)


def _check(*extra: str) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    assert node is not None, "node is not on PATH, but frontend/node_modules is installed"
    return subprocess.run(
        [node, "scripts/gen-api.mjs", "--check", *extra],
        cwd=FRONTEND,
        env={**os.environ, "PRESSWRIGHT_PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def test_committed_client_matches_the_server() -> None:
    result = _check()
    assert result.returncode == 0, (
        "the studio's API client drifted from the server (run `npm run gen:api` in frontend/"
        f" and commit the result):\n{result.stdout}{result.stderr}"
    )


def test_the_check_names_a_path_the_client_lacks(tmp_path: Path) -> None:
    for name in ("openapi.json", "schema.d.ts"):
        shutil.copy(CLIENT / name, tmp_path / name)
    document = json.loads((tmp_path / "openapi.json").read_text())
    del document["paths"]["/api/v1/me"]
    (tmp_path / "openapi.json").write_text(json.dumps(document, indent=2) + "\n")

    result = _check(f"--dir={tmp_path}")

    assert result.returncode == 1, result.stdout + result.stderr
    assert "+ path /api/v1/me" in result.stderr
    assert "openapi.json: differs" in result.stderr
    assert "schema.d.ts" not in result.stderr  # untouched, so still current
