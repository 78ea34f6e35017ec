"""The web studio in Debian's Chromium, driven by Playwright against a real `presswright serve`.

Every test here is marked ``browser`` and runs in the normal `make test` pytest run (pytest
selects every marker by default); ``-m "not browser"`` leaves them out.

* One server for the whole run (package scope: started by the first browser test, stopped
  after the last, so nothing lingers while the rest of the suite runs): `presswright init` in
  a throwaway home (SQLite), then `presswright serve` on a free loopback port through
  ``serve_main.py``, where the shipped fake provider answers every generation
  (``studio_fakes.BrowserStudio``). It serves the built studio of
  ``src/presswright/studio/dist``; a missing build is made once with ``npm run build`` when
  ``frontend/node_modules`` exists, else the run fails saying to run `make studio`. A
  build that is there is used as it is: `make test` runs `make studio` first, which
  rebuilds a stale one. ``PW_TEST_STUDIO_DIST`` serves a build made elsewhere instead.
* One Chromium (``/usr/bin/chromium``, never a downloaded browser; ``PW_TEST_CHROMIUM``
  names another) for the run, headless; a fresh browser context for each test (1280x800,
  light colour scheme, reduced motion), so no cookie or storage leaks between tests. The
  dark theme is shown as the system's colour scheme (the studio's default choice follows
  it); test_overview.py picks it in the theme menu as a user does.
* Every page is watched: a Content-Security-Policy violation, an uncaught error or an error
  on the console fails the test (failed API requests are the app's to handle, and
  are not errors here); see :class:`PageWatch`.
* axe-core comes from ``frontend/node_modules/axe-core/axe.min.js``. The studio's CSP
  (``script-src 'self'``) blocks inline scripts, so ``page.add_script_tag(content=...)``
  (an inline <script>) would be refused and reported as a violation. The source is run with
  ``page.evaluate`` instead: Playwright evaluates through the DevTools protocol, which the
  page's CSP does not govern, so the page keeps its real policy while axe runs (no
  ``bypass_csp`` context, which would hide the very violations the watch is there for).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from presswright.studio import INDEX_FILE, dist_dir
from tests.browser.studio_fakes import AR_KEYWORD, AR_TOPIC, EN_KEYWORD, EN_TOPIC

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
FRONTEND = REPO / "frontend"
AXE_SCRIPT = FRONTEND / "node_modules" / "axe-core" / "axe.min.js"
# The README's screenshots (docs/screenshots) are remade on request only:
# `PRESSWRIGHT_SCREENSHOTS=docs/screenshots .venv/bin/pytest tests/browser`. An ordinary run
# still takes every screenshot, into a scratch directory, so `make test` leaves the tree clean.
SCREENSHOTS = Path(
    os.environ.get("PRESSWRIGHT_SCREENSHOTS")
    or Path(tempfile.gettempdir()) / "presswright-screenshots"
).resolve()
CHROMIUM = Path(os.environ.get("PW_TEST_CHROMIUM", "/usr/bin/chromium"))
VIEWPORT = {"width": 1280, "height": 800}
# Generous for a loaded 2-core box, short enough that a missing control fails fast.
ACTION_TIMEOUT_MS = 15_000
SERIOUS = ("serious", "critical")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives the web studio in Chromium against a real presswright serve"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of this directory ``browser`` (this hook sees the whole session)."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


# --- the server -------------------------------------------------------------------------


@dataclass(frozen=True)
class Studio:
    """The served studio and the first-run owner `presswright init` wrote down."""

    base_url: str
    home: Path
    email: str
    password: str
    api_key: str
    log: Path

    def api(self) -> httpx.Client:
        """An API client acting as the owner (the first-run API key)."""
        return httpx.Client(
            base_url=f"{self.base_url}/api/v1", headers={"X-API-Key": self.api_key}, timeout=30
        )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _clean_env(home: Path) -> dict[str, str]:
    """This environment less any PRESSWRIGHT_* or provider setting, plus the test server's."""
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
        PRESSWRIGHT_WORKER_ID="browser",
        # Every test signs in through the screen: more than the default 5 a minute.
        PRESSWRIGHT_LOGIN_RATE_LIMIT="600/minute",
        PRESSWRIGHT_GENERATION_RATE_LIMIT="600/minute",
    )
    return env


def _ensure_built() -> Path:
    """The studio's build directory, built once here when it is missing."""
    if os.environ.get("PW_TEST_STUDIO_DIST"):  # a build made elsewhere (see serve_main.py)
        return Path(os.environ["PW_TEST_STUDIO_DIST"])
    dist = dist_dir()
    if (dist / INDEX_FILE).is_file():
        return dist
    if not (FRONTEND / "node_modules").is_dir():
        pytest.fail(
            f"the web studio is not built ({dist} has no {INDEX_FILE}) and frontend/node_modules"
            " is missing: run `make studio` first"
        )
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("the web studio is not built and npm is not on PATH: run `make studio`")
    built = subprocess.run(
        [npm, "run", "build"], cwd=FRONTEND, capture_output=True, text=True, check=False
    )
    if built.returncode != 0 or not (dist / INDEX_FILE).is_file():
        pytest.fail(
            "`npm run build` in frontend/ failed; run `make studio` to see why:\n"
            + (built.stdout + built.stderr)[-3000:]
        )
    return dist


def _credentials(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines())
    return {pair[0]: pair[1] for pair in pairs if len(pair) == 2 and not pair[0].startswith("#")}


def _wait_until_serving(process: subprocess.Popen[bytes], base: str, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"presswright serve ended early:\n{log.read_text()[-4000:]}")
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"presswright serve did not answer within 90 s:\n{log.read_text()[-4000:]}")


@pytest.fixture(scope="package")
def studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Studio]:
    """One `presswright serve` of the built studio, on the fake provider, for every test."""
    dist = _ensure_built()
    root = tmp_path_factory.mktemp("studio")
    home = root / "home"
    env = _clean_env(home)
    init = subprocess.run(
        [sys.executable, "-m", "presswright", "init"],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert init.returncode == 0, init.stdout + init.stderr
    found = _credentials(home / "first-run-credentials.txt")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = root / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, str(HERE / "serve_main.py"), "--port", str(port)],
            env=env,
            cwd=root,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_serving(process, base, log)
        page = httpx.get(f"{base}/", timeout=10)
        assert page.status_code == 200, f"the studio is not served from {dist}: {page.text[:300]}"
        yield Studio(base, home, found["email"], found["password"], found["api_key"], log)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


LOCAL_MODEL = "local:smollm2"


@pytest.fixture(scope="module")
def local_studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Studio]:
    """A second `presswright serve` whose default model is the packaged one (SmolLM2-135M).

    The Content Studio's brief has no model field: the server's default model writes every
    article, and the shared ``studio`` serves the fake provider. So the one test that writes
    an article on the packaged model gets a serve of its own, set up as `make run` sets one
    up (plain `presswright serve`, no fake connection), for its module only: the model's
    memory is given back when that module ends.
    """
    _ensure_built()
    root = tmp_path_factory.mktemp("local-studio")
    home = root / "home"
    env = {**_clean_env(home), "PRESSWRIGHT_DEFAULT_MODEL": LOCAL_MODEL}
    init = subprocess.run(
        [sys.executable, "-m", "presswright", "init"],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert init.returncode == 0, init.stdout + init.stderr
    found = _credentials(home / "first-run-credentials.txt")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = root / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "presswright", "serve", "--port", str(port)],
            env=env,
            cwd=root,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_serving(process, base, log)
        yield Studio(base, home, found["email"], found["password"], found["api_key"], log)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass(frozen=True)
class Articles:
    """Articles made over the API for the screens that show documents."""

    english: str  # a document id: two versions, the second's excerpt edited by hand
    arabic: str  # a document id: one version, in Arabic (right to left)


EDITED_EXCERPT = "A patient, practical guide to sourdough bread at home."


@pytest.fixture(scope="package")
def articles(studio: Studio) -> Articles:
    """An English article with a hand-edited second version, and an Arabic article."""
    with studio.api() as api:
        made = {}
        for language, topic, keyword in (
            ("en", EN_TOPIC, EN_KEYWORD),
            ("ar", AR_TOPIC, AR_KEYWORD),
        ):
            answer = api.post(
                "/content/generate",
                json={"topic": topic, "keywords": [keyword], "language": language, "wait": 60},
            )
            assert answer.status_code == 200, answer.text
            made[language] = answer.json()["document_id"]
        first = api.get(f"/documents/{made['en']}/versions/1")
        assert first.status_code == 200, first.text
        content = {**first.json()["body"], "excerpt": EDITED_EXCERPT}
        edited = api.patch(f"/documents/{made['en']}", json={"base_version": 1, "content": content})
        assert edited.status_code == 200, edited.text
    return Articles(english=made["en"], arabic=made["ar"])


# --- the browser ------------------------------------------------------------------------


@pytest.fixture(scope="package")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    """One headless Debian Chromium for the run (no browser is downloaded)."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (Debian's chromium)")
    launched = playwright_driver.chromium.launch(
        executable_path=str(CHROMIUM),
        headless=True,
        # Two cores shared by many: no GPU process, no /dev/shm limits in containers.
        args=["--disable-gpu", "--disable-dev-shm-usage"],
    )
    yield launched
    launched.close()


# Recorded in the page itself too: a violation reported as an event names its directive.
_CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', (event) => {
  console.error('CSP violation: ' + event.violatedDirective + ' blocked ' +
    (event.blockedURI || 'inline') + ' at ' + event.sourceFile + ':' + event.lineNumber);
});
"""
_CSP_CONSOLE = re.compile(r"Content Security Policy|CSP violation", re.IGNORECASE)
_FAILED_RESOURCE = re.compile(r"^Failed to load resource: the server responded with a status")


@dataclass
class PageWatch:
    """What went wrong in the pages of one test: CSP violations, uncaught errors, console errors.

    A failed request to ``/api/`` is left to the app (a 401 on a refresh before sign-in, a
    422 shown next to its field): the browser logs it, the test checks what the app shows.
    A failed request for anything else (a missing script or stylesheet) is an error.
    One CSP refusal is the policy working as meant, not a fault of the studio: a remote
    image in model output previewed in the sandboxed ``srcdoc`` frame (which inherits the
    page's ``img-src 'self' data: blob:``), kept in ``preview_blocked`` with the sandbox's own
    refusal to run a script there (this watch's init script, offered to every frame).
    """

    csp: list[str] = field(default_factory=list)
    uncaught: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    preview_blocked: list[str] = field(default_factory=list)
    allowed: list[re.Pattern[str]] = field(default_factory=list)

    def allow(self, pattern: str) -> None:
        """Let console errors matching ``pattern`` pass (a test that breaks something on
        purpose, such as the network, says so here)."""
        self.allowed.append(re.compile(pattern))

    def watch(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.uncaught.append(f"{page.url}: {error}"))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        text = message.text
        url = str(message.location.get("url", ""))
        if url == "about:srcdoc" and text.startswith(
            ("Loading the image ", "Blocked script execution in 'about:srcdoc'")
        ):
            self.preview_blocked.append(text)
        elif _CSP_CONSOLE.search(text):
            self.csp.append(text)
        elif (_FAILED_RESOURCE.match(text) and "/api/" in url) or any(
            pattern.search(text) for pattern in self.allowed
        ):
            return
        else:
            self.console.append(f"{text} ({url})")

    def problems(self) -> list[str]:
        return (
            [f"CSP: {text}" for text in self.csp]
            + [f"uncaught: {text}" for text in self.uncaught]
            + [f"console: {text}" for text in self.console]
        )


@pytest.fixture
def watch() -> PageWatch:
    return PageWatch()


@pytest.fixture
def context(
    browser: Browser, studio: Studio, watch: PageWatch, request: pytest.FixtureRequest
) -> Iterator[BrowserContext]:
    """A fresh browser context (cookies, storage) for this test, light theme, 1280x800."""
    made = browser.new_context(
        base_url=studio.base_url,
        viewport=VIEWPORT,
        color_scheme="light",
        reduced_motion="reduce",
        locale="en-US",
        timezone_id="UTC",
    )
    made.set_default_timeout(ACTION_TIMEOUT_MS)
    made.add_init_script(_CSP_LISTENER)
    made.on("page", watch.watch)
    yield made
    made.close()


@pytest.fixture
def page(context: BrowserContext, watch: PageWatch) -> Iterator[Page]:
    """A page of the test's context; any CSP violation or uncaught error fails the test."""
    opened = context.new_page()
    yield opened
    problems = watch.problems()
    assert not problems, "the page reported problems:\n" + "\n".join(problems)


# --- helpers the tests share ------------------------------------------------------------


def sign_in(page: Page, studio: Studio, path: str | None = "/") -> None:
    """Open ``path`` (None: stay on the sign-in screen shown), sign in through the screen as
    the first-run owner, and wait until the app has left the sign-in screen."""
    if path is not None:
        page.goto(path)
    page.get_by_label("Email").fill(studio.email)
    page.get_by_label("Password", exact=True).fill(studio.password)
    page.get_by_role("button", name=re.compile(r"^sign in$", re.IGNORECASE)).click()
    expect(page).not_to_have_url(re.compile(r"/sign-in"))


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now; the serious and critical violations.

    Iframes are not entered: the only frames are sandboxed previews of model HTML (scripts
    off, so nothing can run in them); the iframe element itself is checked (its title).
    """
    # Colours change with a short transition (a theme switch): judge them once it has ended.
    page.wait_for_function(_SETTLED)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    found: list[dict[str, Any]] = page.evaluate(
        """async (levels) => {
          const result = await window.axe.run(document, {
            iframes: false,
            resultTypes: ['violations'],
          });
          return result.violations
            .filter((v) => levels.includes(v.impact))
            .map((v) => ({
              id: v.id,
              impact: v.impact,
              help: v.help,
              nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' | ' + n.failureSummary),
            }));
        }""",
        list(SERIOUS),
    )
    return found


def assert_accessible(page: Page, where: str) -> None:
    """No serious or critical axe violation on the page."""
    found = axe_violations(page)
    details = "\n".join(
        f"{v['impact']} {v['id']}: {v['help']}\n  " + "\n  ".join(v["nodes"]) for v in found
    )
    assert not found, f"axe on {where}:\n{details}"


_AXE: list[str] = []
# No finite animation or transition still running (a skeleton's endless pulse may go on).
_SETTLED = """() => document.getAnimations().every(
  (a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity)"""


def _axe_source() -> str:
    if not _AXE:
        if not AXE_SCRIPT.is_file():
            pytest.fail(f"{AXE_SCRIPT} is missing: run `make studio` (npm ci in frontend/)")
        _AXE.append(AXE_SCRIPT.read_text(encoding="utf-8"))
    return _AXE[0]


def screenshot(page: Page, screen: str) -> None:
    """Save the viewport as <screen>.png in SCREENSHOTS (the README's when asked)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # The screen as it opens: scrolled to the top, the pointer resting off every control.
    page.evaluate("() => window.scrollTo(0, 0)")
    page.mouse.move(VIEWPORT["width"] - 1, VIEWPORT["height"] - 1)
    page.screenshot(path=str(SCREENSHOTS / f"{screen}.png"), animations="disabled", caret="hide")


def set_theme(page: Page, theme: str) -> None:
    """Show the studio in ``theme`` (light or dark) as the system's colour scheme, the theme
    the studio follows until a user picks one in its menu (test_shell.py picks one)."""
    page.emulate_media(color_scheme="dark" if theme == "dark" else "light")
    html = page.locator("html")
    # The class follows the media change in a render that a loaded CI box can hold back a
    # few seconds (it once took more than the default 5 s with a suite running beside it).
    if theme == "dark":
        expect(html).to_have_class(re.compile(r"\bdark\b"), timeout=15_000)
    else:
        expect(html).not_to_have_class(re.compile(r"\bdark\b"), timeout=15_000)
