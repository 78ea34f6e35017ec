"""The plugin's PHPUnit integration tests (wordpress-plugin/tests/phpunit), run by pytest.

Debian's ``phpunit`` boots the session's real WordPress (the plugin installed from its ZIP by
the package's ``plugin`` fixture) and calls the plugin's REST routes with ``rest_do_request``
against the package's real ``presswright serve`` (fake provider). Its JUnit XML report is read:
this test fails with the names and messages of every PHPUnit test that failed or errored, and
when one was skipped or marked risky (none may be).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from tests.plugin.conftest import Presswright, _built_zip
from tests.plugin.ready import connected_plugin
from tests.plugin.site import WpSession
from tests.wordpress.wordpress_site import RunningWordPress

PHPUNIT_DIR = Path(__file__).resolve().parents[2] / "wordpress-plugin" / "tests" / "phpunit"
EXPECTED = {
    "PermissionsTest",
    "ArticleDraftTest",
    "HostileInputTest",
    "BulkPatternsTest",
    "RouteArgsTest",
}


def run_phpunit(
    docroot: Path,
    server: Presswright,
    report: Path,
    *,
    extra: dict[str, str] | None = None,
    exclude_group: str | None = None,
) -> tuple[dict[str, list[str]], subprocess.CompletedProcess[str]]:
    """Run the suite against ``docroot``; the test cases by class, and phpunit's run.

    Each test case is listed as ``name`` when it passed, ``name: KIND message`` otherwise; a line
    of PHP's error log (deprecations) that names a file of the installed plugin is one more failure.
    """
    errors = report.with_suffix(".php-errors.log")
    phpunit = shutil.which("phpunit")
    if phpunit is None:
        pytest.fail("phpunit is missing: run `make install-dev` (Debian's phpunit)")
    env = {
        **os.environ,
        "PRESSWRIGHT_WP_DOCROOT": str(docroot),
        "PRESSWRIGHT_TEST_SERVER_URL": server.url,
        "PRESSWRIGHT_TEST_API_KEY": server.api_key,
        "PRESSWRIGHT_PHP_ERROR_LOG": str(errors),
        **(extra or {}),
    }
    # Progress on stderr: WordPress sends headers (a fresh nonce), refused once output started.
    command = [phpunit, "-c", str(PHPUNIT_DIR / "phpunit.xml.dist"), "--stderr",
               "--log-junit", str(report)]  # fmt: skip
    if exclude_group:
        command += ["--exclude-group", exclude_group]
    done = subprocess.run(
        command, cwd=PHPUNIT_DIR, env=env, capture_output=True, text=True, check=False,
        timeout=600,
    )  # fmt: skip
    if not report.is_file():
        pytest.fail(
            f"phpunit wrote no report (exit {done.returncode}):\n{done.stdout}{done.stderr}"
        )
    cases: dict[str, list[str]] = {}
    root = ET.parse(report).getroot()  # noqa: S314 - phpunit's own report
    for case in root.iter("testcase"):
        outcome = ""
        for kind in ("failure", "error", "skipped", "warning"):
            found = case.find(kind)
            if found is not None:
                text = (found.text or found.get("message") or "").strip()
                outcome = f": {kind.upper()} {text[:1500]}"
        cases.setdefault(case.get("class", "?"), []).append(f"{case.get('name')}{outcome}")
    # Deprecations are logged, not raised (WordPress 6.1 has its own on PHP 8.2): the plugin's fail.
    logged = errors.read_text(errors="replace").splitlines() if errors.is_file() else []
    for line in logged:
        if "/plugins/presswright/" in line:
            cases.setdefault("PHP error log", []).append(f"plugin file: ERROR {line}")
    return cases, done


def failures(cases: dict[str, list[str]]) -> list[str]:
    """The cases that did not pass, as ``Class::name: KIND message``."""
    return [f"{cls}::{case}" for cls, names in cases.items() for case in names if ": " in case]


def test_the_plugins_phpunit_suite_passes_against_the_real_wordpress_and_server(
    wordpress: RunningWordPress,
    admin_session: WpSession,
    presswright: Presswright,
    tmp_path: Path,
) -> None:
    connected_plugin(wordpress, admin_session, presswright)  # whatever ran before
    cases, done = run_phpunit(
        wordpress.docroot, presswright, tmp_path / "junit.xml", exclude_group="multisite"
    )
    assert not failures(cases), "\n\n".join(failures(cases)) + "\n" + done.stderr[-3000:]
    assert done.returncode == 0, done.stdout + done.stderr
    assert set(cases) >= EXPECTED, cases
    assert sum(map(len, cases.values())) >= 10, cases


def test_the_zip_leaves_the_phpunit_tests_out() -> None:
    with zipfile.ZipFile(_built_zip()) as archive:
        names = archive.namelist()
    assert "presswright/presswright.php" in names
    assert not [name for name in names if name.startswith("presswright/tests/")]
