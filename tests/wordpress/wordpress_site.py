"""A real WordPress for the tests: the Debian package, its own database, served by ``php -S``.

Each run copies ``/usr/share/wordpress`` to a temporary docroot (a full copy: through
symlinks PHP would load Debian's own ``wp-config.php``), writes its own ``wp-config.php``
(``WP_ENVIRONMENT_TYPE`` local, so application passwords work over plain http), creates a
database of its own on the MariaDB server, installs WordPress and two users (an
administrator and an author, each with an application password) from the PHP command
line, and serves the docroot on a free loopback port with a router script. A must-use plugin
exposes Rank Math's two SEO fields to REST, as a site owner would. Everything is removed
again on exit.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

__all__ = [
    "RunningWordPress",
    "WordPressUser",
    "free_port",
    "missing_requirements",
    "running_wordpress",
]

WORDPRESS_DIR = Path("/usr/share/wordpress")
THEME = WORDPRESS_DIR / "wp-content/themes/twentytwentythree/theme.json"
PHP_EXTENSIONS = ("mysqli", "mbstring", "gd", "dom", "curl")
INSTALL_COMMAND = "make install-dev"
# The MariaDB server the test sites keep their databases on (root, empty password).
MARIADB_HOST = os.environ.get("PW_TEST_MARIADB_HOST", "127.0.0.1")
MARIADB_PORT = int(os.environ.get("PW_TEST_MARIADB_PORT", "3306"))
MARIADB_USER = os.environ.get("PW_TEST_MARIADB_USER", "root")
MARIADB_PASSWORD = os.environ.get("PW_TEST_MARIADB_PASSWORD", "")
SERVER_WORKERS = 4
READY_TIMEOUT = 60.0

_SQL = """
$m = @new mysqli($argv[1], $argv[2], $argv[3], '', (int) $argv[4]);
if ($m->connect_errno) { fwrite(STDERR, $m->connect_error); exit(2); }
if (!$m->query($argv[5])) { fwrite(STDERR, $m->error); exit(3); }
"""

_CONFIG = """<?php
define('DB_NAME', {database});
define('DB_USER', {user});
define('DB_PASSWORD', {password});
define('DB_HOST', {host});
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
{salts}
$table_prefix = 'wp_';
define('WP_HOME', {url});
define('WP_SITEURL', {url});
define('WP_ENVIRONMENT_TYPE', 'local');
define('WP_DEBUG', false);
define('WP_DEBUG_DISPLAY', false);
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('FS_METHOD', 'direct');
if (!defined('ABSPATH')) {{
    define('ABSPATH', __DIR__ . '/');
}}
require_once ABSPATH . 'wp-settings.php';
"""

_SALTS = (
    "AUTH_KEY",
    "SECURE_AUTH_KEY",
    "LOGGED_IN_KEY",
    "NONCE_KEY",
    "AUTH_SALT",
    "SECURE_AUTH_SALT",
    "LOGGED_IN_SALT",
    "NONCE_SALT",
)

# Run with the docroot as working directory; prints the users and their application passwords.
_INSTALL = """<?php
define('WP_INSTALLING', true);
// No mail on install: there is no mail server here.
function wp_new_blog_notification($blog_title, $blog_url, $user_id, $password) {}
require __DIR__ . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
$args = json_decode($argv[1], true);
$installed = wp_install('Presswright test site', 'admin', 'admin@example.com', true, '',
    $args['admin_password']);
update_option('permalink_structure', '/%postname%/');
// Rules flushed in this run would lose the category and tag rules: the first request
// rebuilds them instead.
update_option('rewrite_rules', '');
$author_id = wp_insert_user(array(
    'user_login' => 'author', 'user_pass' => $args['author_password'],
    'user_email' => 'author@example.com', 'role' => 'author', 'display_name' => 'Arthur Author',
));
if (is_wp_error($author_id)) { fwrite(STDERR, $author_id->get_error_message()); exit(1); }
$users = array();
foreach (array('admin' => $installed['user_id'], 'author' => $author_id) as $login => $id) {
    $created = WP_Application_Passwords::create_new_application_password(
        $id, array('name' => 'presswright-tests'));
    if (is_wp_error($created)) { fwrite(STDERR, $created->get_error_message()); exit(1); }
    $users[$login] = array('id' => $id, 'app_password' => $created[0]);
}
echo json_encode($users);
"""

# The test site's stand-in for a site whose owner exposed Rank Math's fields to REST (Rank
# Math itself does not): publishing can then be seen to write them. Yoast's stay unexposed.
_SEO_FIELDS_PLUGIN = """<?php
foreach (array('rank_math_title', 'rank_math_description') as $key) {
    register_post_meta('post', $key, array(
        'show_in_rest' => true, 'single' => true, 'type' => 'string',
        'auth_callback' => function () { return current_user_can('edit_posts'); },
    ));
}
"""

# Real files are served as they are (PHP files run); everything else goes to WordPress.
_ROUTER = """<?php
$path = urldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) ?? '/');
$file = $_SERVER['DOCUMENT_ROOT'] . $path;
if ($path !== '/' && (is_file($file) || is_file(rtrim($file, '/') . '/index.php'))) {
    return false;
}
$_SERVER['SCRIPT_NAME'] = $_SERVER['PHP_SELF'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $_SERVER['DOCUMENT_ROOT'] . '/index.php';
require $_SERVER['DOCUMENT_ROOT'] . '/index.php';
"""


@dataclass(frozen=True)
class WordPressUser:
    """A user of the test site and its application password."""

    login: str
    user_id: int
    app_password: str = field(repr=False)


@dataclass(frozen=True)
class RunningWordPress:
    """A served test site."""

    url: str
    docroot: Path
    database: str
    admin: WordPressUser
    author: WordPressUser
    log: Path

    def rest(self, method: str, route: str, **options: Any) -> httpx.Response:
        """A REST request as the administrator, for checking what publishing did; 2xx or raise."""
        response = httpx.request(
            method,
            f"{self.url}/wp-json{route}",
            auth=(self.admin.login, self.admin.app_password),
            timeout=30,
            **options,
        )
        response.raise_for_status()
        return response


def missing_requirements() -> str | None:
    """Why a test WordPress cannot run here, with the command that fixes it; None if it can."""
    php = shutil.which("php")
    if php is None or not (WORDPRESS_DIR / "wp-includes/version.php").is_file():
        return f"php or the Debian wordpress package is missing: run `{INSTALL_COMMAND}`"
    if not THEME.is_file():
        return f"the Twenty Twenty-Three theme is missing: run `{INSTALL_COMMAND}`"
    missing = [
        name
        for name in PHP_EXTENSIONS
        if subprocess.run(
            [php, "-r", f"exit(extension_loaded('{name}') ? 0 : 1);"], check=False
        ).returncode
    ]
    if missing:
        return f"PHP lacks the extensions {', '.join(missing)}: run `{INSTALL_COMMAND}`"
    return None


def _sql(statement: str) -> None:
    """Run one statement on the MariaDB server (through PHP's mysqli: no client needed)."""
    done = subprocess.run(
        ["php", "-d", "display_errors=stderr", "-r", _SQL, "--", MARIADB_HOST, MARIADB_USER,
         MARIADB_PASSWORD, str(MARIADB_PORT), statement],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(
            f"MariaDB at {MARIADB_HOST}:{MARIADB_PORT} refused {statement!r}: {done.stderr.strip()}"
            " (start the MariaDB server, or set PW_TEST_MARIADB_HOST/_PORT/_USER/_PASSWORD)"
        )


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _php_string(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _write_config(docroot: Path, *, database: str, url: str) -> None:
    salts = "\n".join(
        f"define('{name}', {_php_string(secrets.token_urlsafe(48))});" for name in _SALTS
    )
    (docroot / "wp-config.php").write_text(
        _CONFIG.format(
            database=_php_string(database),
            user=_php_string(MARIADB_USER),
            password=_php_string(MARIADB_PASSWORD),
            host=_php_string(f"{MARIADB_HOST}:{MARIADB_PORT}"),
            url=_php_string(url),
            salts=salts,
        ),
        encoding="utf-8",
    )


def _install(docroot: Path) -> dict[str, WordPressUser]:
    script = docroot / "presswright-install.php"
    script.write_text(_INSTALL, encoding="utf-8")
    passwords = {"admin_password": secrets.token_urlsafe(16), "author_password": "x" * 16}
    done = subprocess.run(
        ["php", "-d", "display_errors=stderr", "-d", "error_reporting=E_ERROR", str(script),
         json.dumps(passwords)],
        cwd=docroot, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    script.unlink()
    if done.returncode != 0:
        raise RuntimeError(f"installing WordPress failed: {done.stderr or done.stdout}")
    users = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        login: WordPressUser(
            login=login, user_id=int(user["id"]), app_password=user["app_password"]
        )
        for login, user in users.items()
    }


def _serve(workdir: Path, docroot: Path, port: int) -> tuple[subprocess.Popen[bytes], Path]:
    router = workdir / "router.php"
    router.write_text(_ROUTER, encoding="utf-8")
    log = workdir / "php-server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            ["php", "-d", "display_errors=0", "-d", "log_errors=1",
             "-d", f"error_log={workdir / 'php-errors.log'}", "-d", "opcache.enable_cli=1",
             "-d", "upload_max_filesize=32M", "-d", "post_max_size=32M",
             "-S", f"127.0.0.1:{port}", "-t", str(docroot), str(router)],
            stdout=output, stderr=subprocess.STDOUT,
            env={**os.environ, "PHP_CLI_SERVER_WORKERS": str(SERVER_WORKERS)},
            # Its own process group: the workers it forks must be stopped with it.
            start_new_session=True,
        )  # fmt: skip
    return process, log


def _wait_until_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"php -S exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            response = httpx.get(f"{url}/wp-json/", timeout=10)
            if response.status_code == 200 and "wp/v2" in response.json().get("namespaces", []):
                return
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"WordPress at {url} did not answer /wp-json/ in {READY_TIMEOUT:.0f} s")


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop ``php -S`` and every worker it forked (they outlive a parent stopped alone)."""
    group = process.pid
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, sig)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            process.poll()
            if not _group_alive(group):
                return
            time.sleep(0.05)
    raise RuntimeError(f"php -S (process group {group}) survived SIGKILL")


@contextmanager
def running_wordpress(workdir: Path) -> Iterator[RunningWordPress]:
    """Install and serve a new WordPress under ``workdir``; stop it and drop its database after."""
    docroot = workdir / "docroot"
    subprocess.run(["cp", "-aL", str(WORDPRESS_DIR), str(docroot)], check=True, timeout=120)
    database = f"pw_wp_{uuid.uuid4().hex[:12]}"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    _sql(f"CREATE DATABASE `{database}` CHARACTER SET utf8mb4")
    try:
        _write_config(docroot, database=database, url=url)
        users = _install(docroot)
        plugins = docroot / "wp-content/mu-plugins"
        plugins.mkdir(parents=True, exist_ok=True)
        (plugins / "presswright-test-seo-fields.php").write_text(_SEO_FIELDS_PLUGIN)
        process, log = _serve(workdir, docroot, port)
        try:
            _wait_until_ready(url, process, log)
            yield RunningWordPress(
                url=url,
                docroot=docroot,
                database=database,
                admin=users["admin"],
                author=users["author"],
                log=log,
            )
        finally:
            _stop(process)
    finally:
        _sql(f"DROP DATABASE IF EXISTS `{database}`")
        shutil.rmtree(docroot, ignore_errors=True)
