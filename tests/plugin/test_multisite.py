"""The plugin's ZIP on a fresh WordPress, then on a fresh multisite network; every notice logged.

One WordPress of this module's own (its own docroot copy and database, never served over HTTP:
every step is a PHP command-line run of WordPress's own admin functions, as a request would make
them, with ``WP_DEBUG`` on and everything logged to ``debug.log``):

1. single site: the ZIP installed with WordPress's plugin installer, activated, deactivated and
   uninstalled: no option or table is left, and no notice, warning or deprecation names the plugin;
2. the same install made a subdirectory multisite (no DNS needed): the plugin network-activated
   with a second site already there, a third site created after, each with its own log table; the
   PHPUnit suite run on the second site against the package's real ``presswright serve``; a deleted
   site takes its table with it; and uninstalling removes every site's options and tables.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.plugin.conftest import Presswright, _built_zip
from tests.plugin.test_phpunit import EXPECTED, failures, run_phpunit
from tests.wordpress.wordpress_site import WORDPRESS_DIR, _php_string, _sql, _write_config

HOST = "127.0.0.1"
PLUGIN_FILE = "presswright/presswright.php"
NETWORK_CONSTANTS = f"""
define('WP_ALLOW_MULTISITE', true);
define('MULTISITE', true);
define('SUBDOMAIN_INSTALL', false);
define('DOMAIN_CURRENT_SITE', '{HOST}');
define('PATH_CURRENT_SITE', '/');
define('SITE_ID_CURRENT_SITE', 1);
define('BLOG_ID_CURRENT_SITE', 1);
"""

LIFECYCLE = Path(__file__).resolve().parents[2] / "wordpress-plugin" / "tests" / "lifecycle.php"


@dataclass
class LifecycleSite:
    """This module's WordPress: its docroot, and its log of every notice."""

    docroot: Path
    debug_log: Path

    def step(self, name: str, arg: str = "", *, path: str = "/") -> Any:
        """Run one step of wordpress-plugin/tests/lifecycle.php as a request to ``path``."""
        done = subprocess.run(
            ["php", "-d", "display_errors=stderr", str(LIFECYCLE), name, arg],
            cwd=self.docroot, capture_output=True, text=True, check=False, timeout=300,
            env={**os.environ, "PRESSWRIGHT_WP_HOST": HOST, "PRESSWRIGHT_WP_PATH": path},
        )  # fmt: skip
        log = self.debug_log.read_text(errors="replace") if self.debug_log.is_file() else ""
        assert done.returncode == 0, f"{name}: {done.stderr}{done.stdout[-1500:]}\n{log[-3000:]}"
        return json.loads(done.stdout.strip().splitlines()[-1])

    def plugin_notices(self) -> list[str]:
        """Lines of the debug log that name the plugin."""
        if not self.debug_log.is_file():
            return []
        text = self.debug_log.read_text(errors="replace")
        return [line for line in text.splitlines() if "presswright" in line.lower()]

    def make_network(self) -> None:
        """Turn the single site into a subdirectory network (as Tools, Network Setup does)."""
        self.step("network")
        config = self.docroot / "wp-config.php"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("/* network */", NETWORK_CONSTANTS), encoding="utf-8")


@pytest.fixture(scope="module")
def lifecycle_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LifecycleSite]:
    """A fresh single-site WordPress of this module, with WP_DEBUG logging; dropped after."""
    workdir = tmp_path_factory.mktemp("plugin-lifecycle")
    docroot = workdir / "docroot"
    subprocess.run(["cp", "-aL", str(WORDPRESS_DIR), str(docroot)], check=True, timeout=120)
    database = f"pw_wpms_{uuid.uuid4().hex[:12]}"
    _sql(f"CREATE DATABASE `{database}` CHARACTER SET utf8mb4")
    debug_log = workdir / "debug.log"
    try:
        _write_config(docroot, database=database, url=f"http://{HOST}")
        config = docroot / "wp-config.php"
        text = config.read_text(encoding="utf-8")
        # A network takes its addresses from its sites table: no fixed home; notices logged.
        text = "\n".join(line for line in text.splitlines() if "WP_HOME" not in line
                         and "WP_SITEURL" not in line and "WP_DEBUG" not in line)  # fmt: skip
        text = text.replace(
            "$table_prefix = 'wp_';",
            "$table_prefix = 'wp_';\n"
            f"define('WP_DEBUG', true);\ndefine('WP_DEBUG_DISPLAY', false);\n"
            f"define('WP_DEBUG_LOG', {_php_string(str(debug_log))});\n/* network */",
        )
        config.write_text(text, encoding="utf-8")
        site = LifecycleSite(docroot=docroot, debug_log=debug_log)
        site.step("install")
        yield site
    finally:
        _sql(f"DROP DATABASE IF EXISTS `{database}`")
        shutil.rmtree(docroot, ignore_errors=True)


def test_the_zip_installs_activates_deactivates_and_uninstalls_cleanly_on_a_fresh_site(
    lifecycle_site: LifecycleSite,
) -> None:
    site = lifecycle_site
    assert PLUGIN_FILE in site.step("install-zip", str(_built_zip()))
    active = site.step("activate")
    assert active["active"] is True
    assert active["tables"] == {"1": "wp_presswright_logs"}
    assert active["versions"] == {"1": "1"}
    inactive = site.step("deactivate")
    assert inactive["active"] is False and inactive["tables"] == {"1": "wp_presswright_logs"}
    assert "presswright_db_version" in inactive["options"]["1"]  # kept until uninstalled
    gone = site.step("uninstall")
    assert PLUGIN_FILE not in gone["plugins"]
    assert gone["tables"] == {"1": None}
    assert gone["options"] == {"1": []}
    assert not (site.docroot / "wp-content/plugins/presswright").exists()
    assert site.plugin_notices() == []


def test_on_a_network_every_site_gets_its_table_and_uninstall_removes_them_all(
    lifecycle_site: LifecycleSite, presswright: Presswright, tmp_path: Path
) -> None:
    site = lifecycle_site
    site.make_network()
    second = site.step("new-site", "/second/")["id"]  # fmt: skip
    assert PLUGIN_FILE in site.step("install-zip", str(_built_zip()))
    active = site.step("activate")
    assert active["network"] is True
    assert active["tables"] == {
        "1": "wp_presswright_logs",
        str(second): f"wp_{second}_presswright_logs",
    }
    assert set(active["versions"].values()) == {"1"}

    made = site.step("new-site", "/third/")  # fmt: skip
    third = made["id"]
    assert made["tables"][str(third)] == f"wp_{third}_presswright_logs"

    cases, done = run_phpunit(
        site.docroot, presswright, tmp_path / "junit.xml",
        extra={"PRESSWRIGHT_WP_HOST": HOST, "PRESSWRIGHT_WP_PATH": "/second/"},
    )  # fmt: skip
    assert not failures(cases), "\n\n".join(failures(cases)) + "\n" + done.stderr[-3000:]
    assert done.returncode == 0, done.stdout + done.stderr
    assert set(cases) >= EXPECTED | {"MultisiteTest"}, cases

    assert site.step("delete-site", str(third)) is None  # a deleted site takes its table along

    gone = site.step("uninstall")
    assert PLUGIN_FILE not in gone["plugins"]
    assert set(gone["tables"].values()) == {None}
    assert gone["options"] == {"1": [], str(second): []}
    assert site.plugin_notices() == []
