"""``digitalocean``: a new droplet running WordPress, made through DigitalOcean's API v2.

Steps, each recorded so a provision that died resumes (and nothing is made twice):

1. an SSH key pair made here (ed25519; the private key sealed in the record like every
   secret), its public half added to the account (``POST /v2/account/keys``; found again by
   its text if a run died after adding it);
2. the droplet (``POST /v2/droplets``: region, size, image, the key, the tag
   ``presswright-<name>``, and a cloud-init ``user_data`` that installs nginx, PHP-FPM,
   MariaDB and Debian's ``wordpress`` package and serves a full copy of it on port 80); a
   droplet made by a run that died before recording it is found again by its tag;
3. ``GET /v2/droplets/{id}`` polled until it is ``active`` with a public IPv4;
4. over SSH as root with the key (the ``ssh`` provisioner's code, host key pinned on first
   use): wait for cloud-init, make the database and its user, write ``wp-config.php``,
   install WordPress and make an administrator's application password with WordPress's own
   PHP (the same script as the ``local`` provisioner).

The theme is then installed over SSH as the ``ssh`` provisioner does. Tear-down destroys the
droplet (``DELETE /v2/droplets/{id}``) and removes the key from the account. The API token
is stored sealed. The site is served over plain HTTP on the droplet's address (DNS and TLS
are not made: Cloudflare is not built), so ``wp-config.php`` allows application passwords
without HTTPS, as the local provisioner does.
"""

from __future__ import annotations

import io
import json
import secrets
import shlex
import time
from collections.abc import Callable
from typing import Any

import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from presswright.sites.provision.base import ProvisionError, ProvisionState, WordPressLogin
from presswright.sites.provision.digitalocean_api import (
    DEFAULT_API_URL,
    DigitalOceanAPI,
    DigitalOceanInputError,
    public_ipv4,
)
from presswright.sites.provision.ssh import SshProvisioner
from presswright.sites.provision.wordpress_php import INSTALL, wp_config

__all__ = ["DigitalOceanProvisioner", "cloud_init"]

WP_PATH = "/var/www/wordpress"
READY_TIMEOUT = 600.0  # a droplet is usually active within a minute or two

_NGINX_SITE = r"""server {
    listen 80 default_server;
    listen [::]:80 default_server;
    server_name _;
    root /var/www/wordpress;
    index index.php;
    client_max_body_size 32m;
    server_tokens off;
    location / { try_files $uri $uri/ /index.php?$args; }
    location ~ /\. { deny all; }
    location ~ \.php$ {
        include snippets/fastcgi-php.conf;
        fastcgi_pass unix:/run/php/php-fpm.sock;
    }
}
"""


def cloud_init() -> str:
    """The droplet's ``user_data``: the packages WordPress needs and its web server."""
    site = "\n".join("      " + line for line in _NGINX_SITE.splitlines())
    return f"""#cloud-config
package_update: true
packages: [nginx, php-fpm, php-mysql, php-curl, php-gd, php-xml, php-mbstring, php-intl,
           mariadb-server, wordpress]
write_files:
  - path: /etc/nginx/sites-available/wordpress
    permissions: "0644"
    content: |
{site}
runcmd:
  # A full copy: with symlinks PHP resolves Debian's own wp-config.php (/etc/wordpress).
  - [sh, -c, "test -d {WP_PATH} || cp -aL /usr/share/wordpress {WP_PATH}"]
  - [chown, -R, "www-data:www-data", {WP_PATH}]
  - [rm, -f, /etc/nginx/sites-enabled/default]
  - [ln, -sf, /etc/nginx/sites-available/wordpress, /etc/nginx/sites-enabled/wordpress]
  - [systemctl, enable, --now, mariadb, nginx]
  - [systemctl, reload, nginx]
"""


def _key_pair(comment: str) -> tuple[str, str]:
    """A new ed25519 key pair: (private key in OpenSSH format, public key line)."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.OpenSSH,
        serialization.NoEncryption(),
    ).decode()
    public = key.public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    )
    return private, f"{public.decode()} {comment}"


def _same_key(a: str, b: str) -> bool:
    return a.split()[:2] == b.split()[:2]


class DigitalOceanProvisioner(SshProvisioner):
    """A new droplet with WordPress, finished over SSH; destroyed on tear-down."""

    kind = "digitalocean"

    def __init__(
        self,
        *,
        transport: httpx.BaseTransport | None = None,
        poll_interval: float = 5.0,
        ready_timeout: float = READY_TIMEOUT,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._transport, self._sleep = transport, sleep
        self._poll, self._ready_timeout = poll_interval, ready_timeout

    def _api(self, state: ProvisionState) -> DigitalOceanAPI:
        token = state.secrets.get("do_token")
        if not token:
            raise DigitalOceanInputError(
                "the digitalocean provisioner needs a DigitalOcean API token",
                hint="give do_token (a personal access token with write scope)",
                field="do_token",
            )
        return DigitalOceanAPI(
            token,
            base_url=state.settings.get("api_url") or DEFAULT_API_URL,
            transport=self._transport,
            sleep=self._sleep,
        )

    def _tag(self, state: ProvisionState) -> str:
        return f"presswright-{state.name}"

    def plan(self, state: ProvisionState, *, port: int | None = None) -> None:
        """Check the token works and the account may make one more droplet."""
        with self._api(state) as api:
            account = api.account()
            limit = account.get("droplet_limit")
            if account.get("status") not in (None, "active"):
                raise DigitalOceanInputError(
                    f"the DigitalOcean account is {account.get('status')}:"
                    f" {account.get('status_message') or 'it cannot make droplets'}",
                    hint="settle the account in DigitalOcean's control panel",
                    field="do_token",
                )
            if isinstance(limit, int) and not api.droplets(tag=self._tag(state)):
                count = len(api.droplets())
                if count >= limit:
                    raise DigitalOceanInputError(
                        f"the DigitalOcean account already has {count} droplet(s), its limit"
                        f" is {limit}",
                        hint="destroy a droplet, or ask DigitalOcean for a higher limit",
                        field="provisioner",
                    )

    def _ssh_key(self, api: DigitalOceanAPI, state: ProvisionState) -> int:
        if "ssh_key" not in state.secrets:
            private, public = _key_pair(f"presswright-{state.name}")
            state.secrets["ssh_key"], state.settings["ssh_public_key"] = private, public
            state.step("ssh key made")
        if "do_ssh_key_id" not in state.settings:
            public = state.settings["ssh_public_key"]
            found = next((k for k in api.ssh_keys() if _same_key(k["public_key"], public)), None)
            key = found or api.add_ssh_key(f"presswright-{state.name}", public)
            state.settings["do_ssh_key_id"] = int(key["id"])
            state.step("ssh key added to DigitalOcean")
        return int(state.settings["do_ssh_key_id"])

    def _droplet(self, api: DigitalOceanAPI, state: ProvisionState, key_id: int) -> int:
        if "droplet_id" not in state.settings:
            tagged = api.droplets(tag=self._tag(state))
            made = (
                tagged[0]
                if tagged
                else api.create_droplet(
                    {
                        "name": state.name,
                        "region": state.settings["region"],
                        "size": state.settings["size"],
                        "image": state.settings["image"],
                        "ssh_keys": [key_id],
                        "user_data": cloud_init(),
                        "tags": [self._tag(state)],
                        "monitoring": False,
                        "ipv6": False,
                    }
                )
            )
            state.settings["droplet_id"] = int(made["id"])
            state.step(f"droplet {made['id']} created")
        return int(state.settings["droplet_id"])

    def _address(self, api: DigitalOceanAPI, state: ProvisionState, droplet_id: int) -> str:
        deadline = time.monotonic() + self._ready_timeout
        while True:
            droplet = api.droplet(droplet_id)
            if droplet is None:
                raise ProvisionError(
                    f"the droplet {droplet_id} is gone from DigitalOcean",
                    hint="tear this site down and provision it again",
                )
            address = public_ipv4(droplet)
            if droplet.get("status") == "active" and address:
                if state.settings.get("host") != address:
                    state.settings["host"] = address
                    state.step(f"droplet active at {address}")
                return address
            if time.monotonic() >= deadline:
                raise ProvisionError(
                    f"the droplet {droplet_id} was not active with a public IPv4 after"
                    f" {self._ready_timeout:.0f} s (status {droplet.get('status')})",
                    hint="provision again to keep waiting, or tear it down",
                )
            self._sleep(self._poll)

    def make_droplet(self, state: ProvisionState) -> str:
        """The key, the droplet, its public IPv4 (resuming after what is recorded)."""
        with self._api(state) as api:
            key_id = self._ssh_key(api, state)
            droplet_id = self._droplet(api, state, key_id)
            return self._address(api, state, droplet_id)

    def finish_over_ssh(self, state: ProvisionState) -> WordPressLogin:
        """Database, ``wp-config.php``, WordPress's install and an application password."""
        s = state.settings
        s.setdefault("ssh_user", "root")
        s.setdefault("wp_path", WP_PATH)
        s["wp_url"] = f"http://{s['host']}" + (f":{s['http_port']}" if s.get("http_port") else "")
        s.setdefault("wp_user", "presswright")
        state.secrets.setdefault("db_password", secrets.token_urlsafe(24))
        state.secrets.setdefault("wp_admin_password", secrets.token_urlsafe(24))
        path = shlex.quote(s["wp_path"])
        config = wp_config(
            database="wordpress", user="wordpress", password=state.secrets["db_password"],
            host="localhost", url=s["wp_url"],
        )  # fmt: skip
        sql = (
            "CREATE DATABASE IF NOT EXISTS wordpress;"
            " CREATE USER IF NOT EXISTS 'wordpress'@'localhost';"
            f" ALTER USER 'wordpress'@'localhost' IDENTIFIED BY '{state.secrets['db_password']}';"
            " GRANT ALL PRIVILEGES ON wordpress.* TO 'wordpress'@'localhost';"
        )
        args = {
            "title": state.name, "admin": s["wp_user"], "email": f"admin@{s['host']}",
            "password": state.secrets["wp_admin_password"], "public": bool(s.get("public", True)),
        }  # fmt: skip
        with self._connect(state) as client:
            state.step("connected over ssh")
            self._run(client, "cloud-init status --wait >/dev/null", what="waiting for cloud-init")
            self._run(client, f"mariadb -e {shlex.quote(sql)}", what="making the database")
            # A fresh directory outside the docroot that www-data may read.
            upload = self._run(
                client, 'd=$(mktemp -d) && chmod 755 "$d" && echo "$d"', what="making a directory"
            ).strip()
            script = f"{upload}/install.php"
            sftp = client.open_sftp()
            try:
                sftp.putfo(io.BytesIO(config.encode()), f"{s['wp_path']}/wp-config.php")
                sftp.putfo(io.BytesIO(INSTALL.encode()), script)
                sftp.chmod(script, 0o644)
            finally:
                sftp.close()
            try:
                answer = self._run(
                    client,
                    f"cd {path} && chown www-data:www-data wp-config.php && chmod 640 wp-config.php"
                    " && runuser -u www-data -- php -d display_errors=stderr"
                    f" -d error_reporting=E_ERROR {shlex.quote(script)}"
                    f" {shlex.quote(json.dumps(args))}",
                    what="installing WordPress",
                )
            finally:
                self._run(client, f"rm -rf {shlex.quote(upload)}", what="removing the upload")
        login: dict[str, Any] = json.loads(answer.strip().splitlines()[-1])
        state.secrets["wp_app_password"] = str(login["app_password"])
        state.step("wordpress installed")
        return WordPressLogin(
            url=s["wp_url"], username=str(login["user"]), app_password=str(login["app_password"])
        )

    def provision(self, state: ProvisionState) -> WordPressLogin:
        """A droplet with WordPress installed; the administrator's application password."""
        self.make_droplet(state)
        return self.finish_over_ssh(state)

    def teardown(self, state: ProvisionState) -> None:
        """Destroy the droplet and remove the SSH key from the account."""
        if not state.secrets.get("do_token"):
            return
        with self._api(state) as api:
            droplet_id = state.settings.get("droplet_id")
            if droplet_id is None:
                found = api.droplets(tag=self._tag(state))
                droplet_id = found[0]["id"] if found else None
            if droplet_id is not None:
                api.delete_droplet(int(droplet_id))
            if state.settings.get("do_ssh_key_id") is not None:
                api.delete_ssh_key(int(state.settings["do_ssh_key_id"]))
