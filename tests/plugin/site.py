"""The plugin's test WordPress helpers: PHP run against the site, cookie sessions with a REST nonce.

A :class:`WpSession` logs in through ``wp-login.php`` as a browser does and reads the
``wp_rest`` nonce from a real admin page (the one api-fetch is handed), so the plugin's routes
are called exactly as its screens call them. Every body a session receives is kept in
``seen``, so a test can check that a secret never appeared in any of them.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.wordpress.wordpress_site import RunningWordPress

__all__ = ["WpSession", "run_php"]

# api-fetch's nonce middleware, or wpApiSettings (wp-api-request) on screens without api-fetch.
_NONCES = (
    re.compile(r'createNonceMiddleware\(\s*"([0-9a-f]+)"\s*\)'),
    re.compile(r'wpApiSettings = \{[^}]*"nonce":"([0-9a-f]+)"'),
)


def run_php(site: RunningWordPress, code: str) -> Any:
    """Run ``code`` with WordPress loaded (the site's docroot); its JSON output, decoded."""
    script = f"<?php require __DIR__ . '/wp-load.php';\n{code}\n"
    path = site.docroot / "presswright-test-probe.php"
    path.write_text(script, encoding="utf-8")
    try:
        done = subprocess.run(
            ["php", "-d", "display_errors=stderr", "-d", "error_reporting=E_ERROR", str(path)],
            cwd=site.docroot, capture_output=True, text=True, check=False, timeout=60,
        )  # fmt: skip
    finally:
        path.unlink()
    assert done.returncode == 0, done.stderr + done.stdout
    return json.loads(done.stdout.strip().splitlines()[-1])


@dataclass
class WpSession:
    """A logged-in browser session on the test site: its cookies and its REST nonce."""

    site: RunningWordPress
    login: str
    password: str = field(repr=False)
    seen: list[str] = field(default_factory=list)
    nonce: str = ""

    def __post_init__(self) -> None:
        self.client = httpx.Client(base_url=self.site.url, timeout=60, follow_redirects=False)
        self.client.get("/wp-login.php")  # sets the test cookie wp-login.php asks for
        answer = self.client.post(
            "/wp-login.php",
            data={
                "log": self.login,
                "pwd": self.password,
                "testcookie": "1",
                "wp-submit": "Log In",
            },
        )
        assert answer.status_code == 302, f"{self.login} could not log in: {answer.text[:300]}"

    def page(self, path: str) -> str:
        """An admin page's HTML (kept in ``seen``); the REST nonce is read from it."""
        answer = self.client.get(f"/wp-admin/{path}")
        assert answer.status_code == 200, f"{path}: {answer.status_code}"
        self.seen.append(answer.text)
        for pattern in _NONCES:
            found = pattern.search(answer.text)
            if found:
                self.nonce = found.group(1)
                break
        return answer.text

    def rest(
        self, method: str, route: str, *, nonce: bool = True, **options: Any
    ) -> httpx.Response:
        """A REST request as the screens send it: cookies plus the X-WP-Nonce header."""
        headers = {"X-WP-Nonce": self.nonce} if nonce else {}
        answer = self.client.request(method, f"/wp-json{route}", headers=headers, **options)
        self.seen.append(answer.text)
        return answer

    def close(self) -> None:
        """Close the connection pool."""
        self.client.close()
