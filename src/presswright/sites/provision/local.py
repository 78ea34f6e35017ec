"""``local``: a new isolated WordPress on this machine, from Debian's packages.

Per site (``key`` = ``pw`` + 12 hex digits of the record id): a system user ``key``; a
directory ``<root>/<key>`` holding the docroot (a full copy of ``/usr/share/wordpress``,
owned by that user, mode 0750), the configs, sockets and logs; a MariaDB database and user
``key`` with grants on that database only; its own PHP-FPM master whose one pool runs as the
user; its own nginx whose one server block listens on ``127.0.0.1:<port>`` (workers as the
user too). WordPress is installed and an administrator's application password made by
WordPress's own PHP. Each step checks what is there first, so running it again resumes.
"""

from __future__ import annotations

import grp
import json
import os
import secrets
import shutil
import tempfile
import time
from pathlib import Path

import httpx

from presswright.sites.provision.base import (
    Provisioner,
    ProvisionError,
    ProvisionState,
    WordPressLogin,
)
from presswright.sites.provision.system import (
    MariaDB,
    daemon_alive,
    free_port,
    require_free_port,
    run,
    stop_daemon,
    system_user_exists,
)
from presswright.sites.provision.wordpress_php import ACTIVATE_THEME, INSTALL, wp_config

__all__ = ["DEFAULT_ROOT", "WORDPRESS_DIR", "LocalProvisioner"]

DEFAULT_ROOT = Path("/var/lib/presswright-sites")
WORDPRESS_DIR = Path("/usr/share/wordpress")
READY_TIMEOUT = 60.0

_NGINX = """user {user} {user};
worker_processes 1;
pid {run}/nginx.pid;
error_log {log}/nginx-error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {log}/nginx-access.log;
    client_body_temp_path {run}/client-body;
    fastcgi_temp_path {run}/fastcgi;
    proxy_temp_path {run}/proxy;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    client_max_body_size 32m;
    server_tokens off;
    server {{
        listen 127.0.0.1:{port};
        server_name _;
        root {docroot};
        index index.php;
        location / {{ try_files $uri $uri/ /index.php?$args; }}
        location ~ /\\. {{ deny all; }}
        location ~ \\.php$ {{
            try_files $uri =404;
            include /etc/nginx/fastcgi_params;
            fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
            # Debian's params pass $host without the port: WordPress would then redirect
            # every page to itself (its canonical URL has the port).
            fastcgi_param HTTP_HOST $host:$server_port;
            fastcgi_pass unix:{run}/php-fpm.sock;
        }}
    }}
}}
"""

_FPM = """[global]
pid = {run}/php-fpm.pid
error_log = {log}/php-fpm.log
daemonize = yes

[{user}]
user = {user}
group = {user}
listen = {run}/php-fpm.sock
listen.owner = {user}
listen.group = {user}
listen.mode = 0660
pm = ondemand
pm.max_children = 4
pm.process_idle_timeout = 60s
php_admin_flag[display_errors] = off
php_admin_flag[log_errors] = on
php_admin_value[error_log] = {log}/php-errors.log
php_admin_value[upload_max_filesize] = 32M
php_admin_value[post_max_size] = 32M
php_admin_value[open_basedir] = {home}/:/usr/share/php/:/tmp/
"""


class LocalProvisioner(Provisioner):
    """Isolated WordPress sites on this machine (root needed: users, daemons, grants)."""

    kind = "local"

    def __init__(self, *, root: Path = DEFAULT_ROOT, mariadb: MariaDB | None = None) -> None:
        self.root = root
        self.mariadb = mariadb or MariaDB()

    # -- where things are -------------------------------------------------------------

    def plan(self, state: ProvisionState, *, port: int | None) -> None:
        """Fill in names, paths and the port for a new provision (kept from then on)."""
        settings = state.settings
        if "key" in settings:
            return
        if os.geteuid() != 0:
            raise ProvisionError(
                "the local provisioner needs root: it makes a system user, a database user,"
                " and starts PHP-FPM and nginx as that user",
                hint="run Presswright as root on this machine, or deploy with `ssh` instead",
            )
        key = f"pw{state.id.hex[:12]}"
        if port is not None:
            require_free_port(port)
        home = self.root / key
        settings.update(
            key=key,
            system_user=key,
            database=key,
            home=str(home),
            docroot=str(home / "docroot"),
            port=port or free_port(),
        )
        state.secrets.update(
            db_password=secrets.token_urlsafe(24), admin_password=secrets.token_urlsafe(24)
        )
        state.step("planned")

    @staticmethod
    def _paths(state: ProvisionState) -> tuple[str, Path, Path, Path, Path]:
        s = state.settings
        home = Path(s["home"])
        return s["key"], home, Path(s["docroot"]), home / "run", home / "log"

    # -- the interface ----------------------------------------------------------------

    def provision(self, state: ProvisionState) -> WordPressLogin:
        """Make (or finish making) the site and start its daemons; the admin's login."""
        self.plan(state, port=None)
        key, home, docroot, rundir, logdir = self._paths(state)
        url = f"http://127.0.0.1:{state.settings['port']}"
        if not system_user_exists(key):
            user = ["useradd", "--system", "--user-group", "--no-create-home"]
            user += ["--home-dir", str(home), "--shell", "/usr/sbin/nologin", key]
            run(user, what="creating the system user")
            state.step("system user")
        self._docroot(key, home, docroot, rundir, logdir)
        state.step("docroot")
        self.mariadb.create(key, key, state.secrets["db_password"])
        state.step("database")
        config = docroot / "wp-config.php"
        if not config.is_file():
            host = f"{self.mariadb.host}:{self.mariadb.port}"
            text = wp_config(
                database=key, user=key, password=state.secrets["db_password"], host=host, url=url
            )
            config.write_text(text, encoding="utf-8")
            config.chmod(0o640)
            shutil.chown(config, key, key)
        login = self._install(state, docroot, url)
        state.step("wordpress installed")
        self._daemons(state, key, home, docroot, rundir, logdir)
        _wait_ready(url, logdir)
        state.step("serving")
        return login

    def install_theme(self, state: ProvisionState, zip_data: bytes, slug: str) -> None:
        """Unpack the theme into the site's themes and switch to it (WordPress's own PHP)."""
        key, _home, docroot, rundir, _logdir = self._paths(state)
        archive = rundir / f"{slug}.zip"
        archive.write_bytes(zip_data)
        shutil.chown(archive, key, key)
        try:
            self._php(key, docroot, ACTIVATE_THEME, str(archive), slug, what="activating the theme")
        finally:
            archive.unlink(missing_ok=True)
        state.step("theme active")

    def start(self, state: ProvisionState) -> bool:
        """Start the site's PHP-FPM and nginx if they are not running; wait until it answers."""
        key, home, docroot, rundir, logdir = self._paths(state)
        self._daemons(state, key, home, docroot, rundir, logdir)
        _wait_ready(f"http://127.0.0.1:{state.settings['port']}", logdir)
        return True

    def teardown(self, state: ProvisionState) -> None:
        """Stop the daemons, drop the database and its user, remove the files and the user."""
        if "key" not in state.settings:
            return
        key, home, _docroot, rundir, _logdir = self._paths(state)
        stop_daemon(rundir / "nginx.pid", "nginx")
        stop_daemon(rundir / "php-fpm.pid", "php-fpm")
        self.mariadb.drop(key, key)
        if home.exists():
            shutil.rmtree(home)
        if system_user_exists(key):
            run(["userdel", key], what="removing the system user")
        if _group_exists(key):
            run(["groupdel", key], what="removing the system group")

    # -- steps ------------------------------------------------------------------------

    def _docroot(self, key: str, home: Path, docroot: Path, rundir: Path, logdir: Path) -> None:
        if not (WORDPRESS_DIR / "wp-settings.php").is_file():
            raise ProvisionError(
                f"Debian's wordpress package is not installed ({WORDPRESS_DIR})",
                hint="`sudo make hosting-deps`",
            )
        self.root.mkdir(parents=True, exist_ok=True, mode=0o755)
        home.mkdir(mode=0o755, exist_ok=True)
        for directory in (rundir, logdir):
            directory.mkdir(exist_ok=True)
            shutil.chown(directory, key, key)
        if not (docroot / "wp-settings.php").is_file():
            # A full copy: through symlinks PHP would load Debian's own wp-config.php.
            partial = home / "docroot.partial"
            if partial.exists():
                shutil.rmtree(partial)
            run(["cp", "-aL", str(WORDPRESS_DIR), str(partial)], what="copying WordPress")
            (partial / "wp-config.php").unlink(missing_ok=True)
            run(["chown", "-R", f"{key}:{key}", str(partial)], what="handing the docroot over")
            partial.chmod(0o750)
            if docroot.exists():
                shutil.rmtree(docroot)
            partial.rename(docroot)

    def _install(self, state: ProvisionState, docroot: Path, url: str) -> WordPressLogin:
        if state.settings.get("installed") and "app_password" in state.secrets:
            return WordPressLogin(url, "presswright", state.secrets["app_password"])
        args = {
            "title": state.settings.get("title") or state.name,
            "admin": "presswright",
            "email": "admin@example.com",
            "password": state.secrets["admin_password"],
            "public": bool(state.settings.get("public", True)),
        }
        out = self._php(
            state.settings["key"], docroot, INSTALL, json.dumps(args), what="installing WordPress"
        )
        made = json.loads(out.strip().splitlines()[-1])
        state.secrets["app_password"] = made["app_password"]
        state.settings["installed"] = True
        return WordPressLogin(url=url, username=made["user"], app_password=made["app_password"])

    def _php(self, user: str, docroot: Path, script: str, *args: str, what: str) -> str:
        with tempfile.NamedTemporaryFile("w", suffix=".php", delete=False) as handle:
            handle.write(script)
        path = Path(handle.name)
        path.chmod(0o644)
        try:
            return run(
                ["runuser", "-u", user, "--", "php", "-d", "display_errors=stderr",
                 "-d", "error_reporting=E_ERROR", str(path), *args],
                cwd=docroot, what=what,
            )  # fmt: skip
        finally:
            path.unlink(missing_ok=True)

    def _daemons(
        self, state: ProvisionState, key: str, home: Path, docroot: Path, rundir: Path, logdir: Path
    ) -> None:
        values = {
            "user": key, "run": rundir, "log": logdir, "home": home, "docroot": docroot,
            "port": state.settings["port"],
        }  # fmt: skip
        fpm_conf, nginx_conf = home / "php-fpm.conf", home / "nginx.conf"
        fpm_conf.write_text(_FPM.format(**values), encoding="utf-8")
        nginx_conf.write_text(_NGINX.format(**values), encoding="utf-8")
        if not daemon_alive(rundir / "php-fpm.pid", "php-fpm"):
            run([_php_fpm(), "--fpm-config", str(fpm_conf)], what="starting PHP-FPM")
        nginx = [
            "nginx",
            "-c",
            str(nginx_conf),
            "-p",
            str(home),
            "-e",
            str(logdir / "nginx-error.log"),
        ]
        run([*nginx, "-t", "-q"], what="checking the nginx server block")
        if daemon_alive(rundir / "nginx.pid", "nginx"):
            run([*nginx, "-s", "reload"], what="reloading nginx")
        else:
            require_free_port(int(state.settings["port"]))
            run(nginx, what="starting nginx")


def _php_fpm() -> str:
    """Debian's PHP-FPM binary (named after its PHP version, e.g. php-fpm8.2)."""
    found = shutil.which("php-fpm") or next(iter(sorted(Path("/usr/sbin").glob("php-fpm*"))), None)
    if found is None:
        raise ProvisionError("PHP-FPM is not installed", hint="`sudo make hosting-deps`")
    return str(found)


def _group_exists(name: str) -> bool:
    try:
        grp.getgrnam(name)
    except KeyError:
        return False
    return True


def _wait_ready(url: str, logdir: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    last = ""
    while time.monotonic() < deadline:
        try:
            response = httpx.get(f"{url}/wp-json/", timeout=10)
            if response.status_code == 200 and "wp/v2" in response.json().get("namespaces", []):
                return
            last = f"HTTP {response.status_code}"
        except (httpx.HTTPError, ValueError) as error:
            last = str(error)
        time.sleep(0.2)
    log = logdir / "nginx-error.log"
    tail = log.read_text(errors="replace")[-800:] if log.is_file() else ""
    raise ProvisionError(f"the site at {url} did not answer /wp-json/ in time ({last}) {tail}")
