"""The WordPress plugin against the session's real WordPress and a real `presswright serve`.

* ``presswright``: `presswright init` in a throwaway home, then `presswright serve` on a free
  loopback port through ``tests/browser/serve_main.py``, whose shipped fake provider answers
  every article prompt; the first-run API key is the one the plugin is given.
* ``plugin``: the ZIP `make plugin` builds (made here once when missing), unpacked into the
  session WordPress's plugins folder and activated over REST. Afterwards the plugin is
  deactivated and deleted again whatever happened, so the other WordPress tests never see it.
* Two users of the plugin's own with known passwords (an administrator and a subscriber),
  for cookie sessions; removed afterwards.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.plugin.site import WpSession, run_php
from tests.wordpress.wordpress_site import RunningWordPress, free_port

REPO = Path(__file__).resolve().parents[2]
PLUGIN_ZIP = REPO / "build" / "plugin" / "presswright.zip"
PLUGIN_ID = "presswright/presswright"
SERVE_MAIN = REPO / "tests" / "browser" / "serve_main.py"
PASSWORD = "pw-plugin-test-password-1"


@dataclass(frozen=True)
class Presswright:
    """A served Presswright and the API key of its first user."""

    url: str
    api_key: str


def _credentials(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines())
    return {pair[0]: pair[1] for pair in pairs if len(pair) == 2 and not pair[0].startswith("#")}


@pytest.fixture(scope="package")
def presswright(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Presswright]:
    """`presswright serve` on the fake provider, for every plugin test."""
    root = tmp_path_factory.mktemp("plugin-server")
    home = root / "home"
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.upper().startswith("PRESSWRIGHT_")
        and name.upper()
        not in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "OLLAMA_BASE_URL")
    }
    env.update(
        PRESSWRIGHT_HOME=str(home),
        PRESSWRIGHT_DEFAULT_MODEL="fake:test",
        PRESSWRIGHT_WORKER_ID="plugin",
        PW_TEST_FAKE_DELAY="0.05",
    )
    init = subprocess.run(
        [sys.executable, "-m", "presswright", "init"],
        env=env, cwd=root, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert init.returncode == 0, init.stdout + init.stderr
    found = _credentials(home / "first-run-credentials.txt")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = root / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, str(SERVE_MAIN), "--port", str(port)],
            env=env, cwd=root, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                pytest.fail(f"presswright serve ended early:\n{log.read_text()[-4000:]}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline:
                pytest.fail(f"presswright serve did not answer in 90 s:\n{log.read_text()[-4000:]}")
            time.sleep(0.2)
        yield Presswright(url=url, api_key=found["api_key"])
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _built_zip() -> Path:
    """The plugin ZIP; `make plugin` is run once when it is missing."""
    if not PLUGIN_ZIP.is_file():
        made = subprocess.run(
            ["make", "plugin"], cwd=REPO, capture_output=True, text=True, check=False, timeout=900
        )
        if made.returncode != 0 or not PLUGIN_ZIP.is_file():
            pytest.fail(f"`make plugin` failed:\n{(made.stdout + made.stderr)[-3000:]}")
    return PLUGIN_ZIP


_TERM_IDS = (
    "echo json_encode(array_map('intval', get_terms(array('taxonomy' => array('category',"
    " 'post_tag'), 'hide_empty' => false, 'fields' => 'ids'))));"
)


def _plugin_state(wordpress: RunningWordPress) -> str | None:
    """The plugin's status on the site (active, inactive), or None when it is not installed."""
    answer = httpx.get(
        f"{wordpress.url}/wp-json/wp/v2/plugins/{PLUGIN_ID}",
        auth=(wordpress.admin.login, wordpress.admin.app_password),
        timeout=30,
    )
    return str(answer.json()["status"]) if answer.status_code == 200 else None


@pytest.fixture(scope="package")
def plugin(wordpress: RunningWordPress) -> Iterator[Path]:
    """The built plugin unpacked into the session WordPress and activated; removed after."""
    plugins = wordpress.docroot / "wp-content" / "plugins"
    terms_before = run_php(wordpress, _TERM_IDS)
    with zipfile.ZipFile(_built_zip()) as archive:
        archive.extractall(plugins)
    try:
        wordpress.rest("POST", f"/wp/v2/plugins/{PLUGIN_ID}", json={"status": "active"})
        yield plugins / "presswright"
    finally:
        # Whatever a test did: no active plugin and no plugin files are left for other tests.
        if _plugin_state(wordpress) == "active":
            wordpress.rest("POST", f"/wp/v2/plugins/{PLUGIN_ID}", json={"status": "inactive"})
        if _plugin_state(wordpress) is not None:
            wordpress.rest("DELETE", f"/wp/v2/plugins/{PLUGIN_ID}")
        shutil.rmtree(plugins / "presswright", ignore_errors=True)
        # The drafts and terms the tests made: the WordPress tests after these start as before.
        run_php(
            wordpress,
            "foreach (get_posts(array('post_type' => 'any', 'post_status' => 'any',"
            " 'numberposts' => -1, 'meta_key' => '_presswright_document_id')) as $p)"
            " { wp_delete_post($p->ID, true); }"
            f" foreach (get_terms(array('taxonomy' => array('category', 'post_tag'),"
            f" 'hide_empty' => false, 'exclude' => array({','.join(map(str, terms_before))}),"
            " )) as $t) { wp_delete_term($t->term_id, $t->taxonomy); } echo 'true';",
        )


def _user(wordpress: RunningWordPress, login: str, role: str) -> int:
    created = wordpress.rest(
        "POST",
        "/wp/v2/users",
        json={"username": login, "password": PASSWORD, "email": f"{login}@example.com",
              "roles": [role]},
    )  # fmt: skip
    return int(created.json()["id"])


@pytest.fixture(scope="package")
def users(wordpress: RunningWordPress) -> Iterator[dict[str, int]]:
    """An administrator and a subscriber with known passwords; deleted afterwards."""
    made = {"pw_admin": _user(wordpress, "pw_admin", "administrator")}
    made["pw_subscriber"] = _user(wordpress, "pw_subscriber", "subscriber")
    try:
        yield made
    finally:
        for user_id in made.values():
            wordpress.rest(
                "DELETE",
                f"/wp/v2/users/{user_id}",
                params={"force": "true", "reassign": str(wordpress.admin.user_id)},
            )


@pytest.fixture(scope="package")
def admin_session(
    wordpress: RunningWordPress, plugin: Path, users: dict[str, int]
) -> Iterator[WpSession]:
    """A logged-in administrator with the nonce of the plugin's settings screen."""
    session = WpSession(wordpress, "pw_admin", PASSWORD)
    session.page("options-general.php?page=presswright-settings")
    assert session.nonce, "no wp_rest nonce on the settings screen"
    yield session
    session.close()


@pytest.fixture(scope="package")
def subscriber_session(
    wordpress: RunningWordPress, plugin: Path, users: dict[str, int]
) -> Iterator[WpSession]:
    """A logged-in subscriber with a real nonce of their own (from their profile page)."""
    session = WpSession(wordpress, "pw_subscriber", PASSWORD)
    session.page("profile.php")
    assert session.nonce, "no wp_rest nonce on the profile screen"
    yield session
    session.close()
