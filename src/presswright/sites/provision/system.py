"""What the local provisioner drives on this machine: commands, users, MariaDB, ports, daemons."""

from __future__ import annotations

import os
import pwd
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from presswright.sites.provision.base import ProvisionError, ProvisionInputError

__all__ = [
    "MariaDB",
    "daemon_alive",
    "port_in_use",
    "run",
    "stop_daemon",
    "system_user_exists",
]

INSTALL_HINT = "install the packages the local provisioner needs: `sudo make hosting-deps`"


def run(args: list[str], *, what: str, cwd: Path | None = None, timeout: float = 300) -> str:
    """Run a command; its output, or ProvisionError naming ``what`` failed and why."""
    try:
        done = subprocess.run(  # noqa: S603 - our own argument lists, no shell
            args, cwd=cwd, capture_output=True, text=True, check=False, timeout=timeout
        )
    except FileNotFoundError:
        raise ProvisionError(f"{what}: {args[0]} is not installed", hint=INSTALL_HINT) from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip()[-1500:]
        raise ProvisionError(f"{what} failed: {detail or f'exit code {done.returncode}'}")
    return done.stdout


def system_user_exists(name: str) -> bool:
    """Whether a system user of that name exists."""
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    """Whether something accepts connections on ``host:port``."""
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex((host, port)) == 0


def free_port() -> int:
    """A loopback TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _pid(pidfile: Path) -> int | None:
    try:
        return int(pidfile.read_text().strip())
    except (OSError, ValueError):
        return None


def daemon_alive(pidfile: Path, program: str) -> bool:
    """Whether the pid in ``pidfile`` is a live process of ``program`` (not a reused pid)."""
    pid = _pid(pidfile)
    if pid is None:
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return program.encode() in cmdline


def stop_daemon(pidfile: Path, program: str, timeout: float = 15) -> None:
    """Stop the daemon of ``pidfile`` (TERM, then KILL) and wait until it is gone."""
    pid = _pid(pidfile)
    if pid is None or not daemon_alive(pidfile, program):
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not daemon_alive(pidfile, program):
                return
            time.sleep(0.05)
    raise ProvisionError(f"{program} (pid {pid}) did not stop")


def _quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


@dataclass(frozen=True)
class MariaDB:
    """The MariaDB server databases are made on, as an account that may create them."""

    host: str = "127.0.0.1"
    port: int = 3306
    user: str = "root"
    password: str = ""

    def execute(self, *statements: str, as_user: tuple[str, str] | None = None) -> str:
        """Run SQL statements with the ``mysql`` client; tab-separated output."""
        user, password = as_user or (self.user, self.password)
        env = {**os.environ, "MYSQL_PWD": password}
        try:
            command = ["mysql", "--protocol=TCP", "-h", self.host, "-P", str(self.port)]
            command += ["-u", user, "--batch", "--skip-column-names", "-e", ";\n".join(statements)]
            done = subprocess.run(  # noqa: S603 - our own statements (names we made), no shell
                command, capture_output=True, text=True, check=False, timeout=60, env=env
            )
        except FileNotFoundError:
            raise ProvisionError("the mysql client is not installed", hint=INSTALL_HINT) from None
        if done.returncode != 0:
            raise ProvisionError(
                f"MariaDB at {self.host}:{self.port} refused a statement as {user}:"
                f" {done.stderr.strip()}",
                hint="start the MariaDB server, or give the provisioner an account that may"
                " create databases and users",
            )
        return done.stdout

    def create(self, database: str, user: str, password: str) -> None:
        """The database and its own user (from loopback) with grants on that database only."""
        statements = [f"CREATE DATABASE IF NOT EXISTS `{database}` CHARACTER SET utf8mb4"]
        for host in ("127.0.0.1", "localhost"):
            account = f"{_quote(user)}@{_quote(host)}"
            statements += [
                f"CREATE USER IF NOT EXISTS {account} IDENTIFIED BY {_quote(password)}",
                f"ALTER USER {account} IDENTIFIED BY {_quote(password)}",
                f"GRANT ALL PRIVILEGES ON `{database}`.* TO {account}",
            ]
        self.execute(*statements)

    def drop(self, database: str, user: str) -> None:
        """Drop the database and its user (nothing happens for ones already gone)."""
        self.execute(
            f"DROP DATABASE IF EXISTS `{database}`",
            f"DROP USER IF EXISTS {_quote(user)}@'127.0.0.1'",
            f"DROP USER IF EXISTS {_quote(user)}@'localhost'",
        )

    def exists(self, database: str, user: str) -> tuple[bool, bool]:
        """Whether the database and the user exist."""
        schemata = "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = "
        users = "SELECT COUNT(*) FROM mysql.user WHERE User = "
        found = self.execute(schemata + _quote(database), users + _quote(user)).split()
        return found[0] != "0", found[1] != "0"


def require_free_port(port: int) -> None:
    """Refuse a port something already listens on."""
    if port_in_use(port):
        raise ProvisionInputError(
            f"port {port} on 127.0.0.1 is in use",
            hint="choose another port, or leave it out to get a free one",
            field="port",
        )
