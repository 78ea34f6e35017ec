"""``ssh``: deploy to an existing WordPress on a server the person names, over SSH (paramiko).

The server's host key is trusted on first use and kept in the record; a later connection to
a different key is refused. The theme ZIP is uploaded with SFTP and installed and activated
with WP-CLI when the server has it (``wp theme install --force --activate``), otherwise with
WordPress's own PHP (the same script the local provisioner runs), as the owner of the
WordPress directory when the SSH account is root. The deploy then goes over the REST API with
the application password the person gave. Tear-down forgets the server; nothing on it is
removed (Presswright did not make it).
"""

from __future__ import annotations

import base64
import io
import shlex
from collections.abc import Iterator
from contextlib import contextmanager

import paramiko

from presswright.sites.provision.base import (
    Provisioner,
    ProvisionError,
    ProvisionInputError,
    ProvisionState,
    WordPressLogin,
)
from presswright.sites.provision.wordpress_php import ACTIVATE_THEME

__all__ = ["SshProvisioner"]

CONNECT_TIMEOUT = 15.0
COMMAND_TIMEOUT = 300.0


def _private_key(text: str) -> paramiko.PKey:
    for kind in (paramiko.Ed25519Key, paramiko.ECDSAKey, paramiko.RSAKey):
        try:
            return kind.from_private_key(io.StringIO(text))
        except (paramiko.SSHException, ValueError):
            continue
    raise ProvisionInputError(
        "the SSH key is not a private key paramiko reads (ed25519, ECDSA or RSA, unencrypted)",
        hint="give the private key file's text, e.g. the content of ~/.ssh/id_ed25519",
    )


class _PinnedHostKey(paramiko.MissingHostKeyPolicy):
    """Trust the first host key seen (kept in the record), refuse any other later."""

    def __init__(self, state: ProvisionState) -> None:
        self.state = state

    def missing_host_key(
        self, client: paramiko.SSHClient, hostname: str, key: paramiko.PKey
    ) -> None:
        seen = f"{key.get_name()} {key.get_base64()}"
        pinned = self.state.settings.get("host_key")
        if pinned is None:
            self.state.settings["host_key"] = seen
        elif pinned != seen:
            raise ProvisionError(
                f"the host key of {hostname} changed since the first connection",
                hint="check the server; if it was rebuilt, tear this site down and provision again",
            )


class SshProvisioner(Provisioner):
    """A WordPress the person already runs, reached over SSH."""

    kind = "ssh"

    @contextmanager
    def _connect(self, state: ProvisionState) -> Iterator[paramiko.SSHClient]:
        s = state.settings
        client = paramiko.SSHClient()
        client.set_missing_host_key_policy(_PinnedHostKey(state))
        key = state.secrets.get("ssh_key")
        try:
            client.connect(
                s["host"], port=int(s["ssh_port"]), username=s["ssh_user"],
                password=state.secrets.get("ssh_password"),
                pkey=_private_key(key) if key else None,
                timeout=CONNECT_TIMEOUT, banner_timeout=CONNECT_TIMEOUT,
                auth_timeout=CONNECT_TIMEOUT, allow_agent=False, look_for_keys=False,
            )  # fmt: skip
        except paramiko.AuthenticationException:
            client.close()
            raise ProvisionInputError(
                f"the server {s['host']}:{s['ssh_port']} refused {s['ssh_user']!r}"
                " (key or password)",
                hint="check the SSH user and its key or password",
            ) from None
        except (OSError, paramiko.SSHException) as error:
            client.close()
            if isinstance(error, ProvisionError):
                raise
            raise ProvisionInputError(
                f"no SSH server answered at {s['host']}:{s['ssh_port']}: {error}",
                hint="check the host name and SSH port, and that the server is up",
            ) from None
        try:
            yield client
        finally:
            client.close()

    @staticmethod
    def _run(client: paramiko.SSHClient, command: str, *, what: str) -> str:
        _in, out, err = client.exec_command(command, timeout=COMMAND_TIMEOUT)
        status = out.channel.recv_exit_status()
        text = out.read().decode(errors="replace")
        if status != 0:
            detail = err.read().decode(errors="replace").strip()[-1500:] or text[-1500:]
            raise ProvisionError(f"{what} on the server failed (exit {status}): {detail}")
        return text

    def provision(self, state: ProvisionState) -> WordPressLogin:
        """Check the server holds a WordPress at ``wp_path`` and has PHP; the given login."""
        path = shlex.quote(state.settings["wp_path"])
        with self._connect(state) as client:
            state.step("connected over ssh")
            self._run(
                client,
                f"test -f {path}/wp-load.php || {{ echo 'no wp-load.php in {path}' >&2; exit 1; }};"
                " command -v php >/dev/null || { echo 'php is not installed' >&2; exit 1; }",
                what="finding WordPress",
            )
        state.step("wordpress found")
        return WordPressLogin(
            url=state.settings["wp_url"],
            username=state.settings["wp_user"],
            app_password=state.secrets["wp_app_password"],
        )

    def install_theme(self, state: ProvisionState, zip_data: bytes, slug: str) -> None:
        """Upload the ZIP, install and activate it (WP-CLI, or WordPress's PHP), clean up."""
        path = shlex.quote(state.settings["wp_path"])
        with self._connect(state) as client:
            # A fresh directory of the SSH account's, readable by the WordPress files' owner.
            upload = self._run(
                client, 'd=$(mktemp -d) && chmod 755 "$d" && echo "$d"', what="making a directory"
            ).strip()
            archive, script = f"{upload}/{slug}.zip", f"{upload}/activate-theme.php"
            sftp = client.open_sftp()
            try:
                sftp.putfo(io.BytesIO(zip_data), archive)
                sftp.putfo(io.BytesIO(ACTIVATE_THEME.encode()), script)
                for name in (archive, script):
                    sftp.chmod(name, 0o644)
            finally:
                sftp.close()
            as_owner = 'run=; if [ "$(id -u)" = 0 ]; then run="runuser -u $(stat -c %U .) --"; fi;'
            command = (
                f"cd {path} && {as_owner} if command -v wp >/dev/null; then"
                f" $run wp theme install {shlex.quote(archive)} --force --activate;"
                " else $run php -d display_errors=stderr -d error_reporting=E_ERROR"
                f" {shlex.quote(script)} {shlex.quote(archive)} {shlex.quote(slug)}; fi"
            )
            try:
                self._run(client, command, what="installing the theme")
            finally:
                self._run(client, f"rm -rf {shlex.quote(upload)}", what="removing the upload")
        state.step("theme active")

    def teardown(self, state: ProvisionState) -> None:
        """Nothing on the server is removed: Presswright did not make it."""


def host_key_fingerprint(state: ProvisionState) -> str | None:
    """The pinned host key's SHA-256 fingerprint as ``ssh-keygen -l`` prints it, if any."""
    pinned = state.settings.get("host_key")
    if not pinned:
        return None
    import hashlib

    digest = hashlib.sha256(base64.b64decode(pinned.split()[1])).digest()
    return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")
