"""The plugin's source: every PHP file parses, PHP_CodeSniffer is clean, the .pot is current,
and the ZIP holds what WordPress needs and nothing of the build tooling."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.plugin.conftest import PLUGIN_ZIP, _built_zip

PLUGIN = Path(__file__).resolve().parents[2] / "wordpress-plugin"
PHP_FILES = sorted(
    path
    for path in PLUGIN.rglob("*.php")
    if "node_modules" not in path.parts and "build" not in path.parts
)


def test_the_plugin_has_php_files() -> None:
    assert {p.name for p in PHP_FILES} >= {"presswright.php", "uninstall.php", "rest-content.php"}


@pytest.mark.parametrize("path", PHP_FILES, ids=lambda p: p.relative_to(PLUGIN).as_posix())
def test_php_lint(path: Path) -> None:
    done = subprocess.run(["php", "-l", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_php_codesniffer_is_clean() -> None:
    phpcs = shutil.which("phpcs")
    if phpcs is None:
        pytest.fail("phpcs is missing: run `make install-dev` (Debian's php-codesniffer)")
    done = subprocess.run(
        [phpcs, "--standard=phpcs.xml.dist", "--report=full"],
        cwd=PLUGIN, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_pot_is_current() -> None:
    done = subprocess.run(
        [sys.executable, str(PLUGIN / "tools" / "make-pot.py"), "--check"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    pot = (PLUGIN / "languages" / "presswright.pot").read_text(encoding="utf-8")
    assert 'msgid "Create draft"' in pot  # a string of the JS screens
    assert 'msgid "Presswright settings"' in pot  # one of the PHP side


def test_the_zip_holds_the_plugin_and_its_built_screens() -> None:
    with zipfile.ZipFile(_built_zip()) as archive:
        names = set(archive.namelist())
    assert PLUGIN_ZIP.is_file()
    for needed in (
        "presswright/presswright.php",
        "presswright/uninstall.php",
        "presswright/includes/rest-content.php",
        "presswright/languages/presswright.pot",
        "presswright/build/studio.js",
        "presswright/build/studio.asset.php",
        "presswright/build/settings.js",
    ):
        assert needed in names
    assert not [n for n in names if "node_modules" in n or n.endswith((".map", "package.json"))]


def test_the_screens_pass_the_wordpress_js_lint() -> None:
    if not (PLUGIN / "node_modules" / ".bin" / "wp-scripts").is_file():
        pytest.fail("wordpress-plugin/node_modules is missing: run `make plugin`")
    done = subprocess.run(
        ["npm", "run", "--silent", "lint:js"],
        cwd=PLUGIN, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
