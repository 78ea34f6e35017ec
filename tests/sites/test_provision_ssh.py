"""The ssh provisioner against an OpenSSH server this test starts on loopback.

The server (its own sshd_config on a free port, a throwaway host key, a user key allowed
for root) reaches the session's locally provisioned WordPress on the same machine: the ssh
provisioner uploads another site's theme there, activates it with WordPress's own PHP (as
the WordPress files' owner) and deploys that site over REST. A wrong key and a changed host
key are refused; the key is stored sealed.
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from presswright.sites.provision import (
    ProvisionError,
    ProvisionInputError,
    ProvisionRequest,
    provision_site,
    start_record,
)
from presswright.sites.provision.records import get_hosted
from presswright.sites.provision.system import free_port
from presswright.sites.theme import theme_slug
from tests.documents.conftest import make_workspace
from tests.sites.provisioned import Provisioned
from tests.sites.stored_sites import stored_site

SSHD = Path("/usr/sbin/sshd")


@dataclass(frozen=True)
class SshServer:
    """A running sshd on loopback and the private key it lets root in with."""

    port: int
    key: str
    other_key: str


def _keygen(path: Path) -> str:
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(path)], check=True, timeout=30
    )
    return path.read_text()


@pytest.fixture(scope="module")
def ssh_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SshServer]:
    """sshd on a free loopback port (root by key only), stopped after the module."""
    if not SSHD.is_file():
        pytest.fail("the OpenSSH server is missing: run `make install-dev`")
    workdir = tmp_path_factory.mktemp("sshd")
    _keygen(workdir / "host_key")
    key = _keygen(workdir / "user_key")
    other_key = _keygen(workdir / "other_key")
    (workdir / "authorized_keys").write_text((workdir / "user_key.pub").read_text())
    port = free_port()
    config = workdir / "sshd_config"
    config.write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {workdir / 'host_key'}\n"
        f"PidFile {workdir / 'sshd.pid'}\nAuthorizedKeysFile {workdir / 'authorized_keys'}\n"
        "PermitRootLogin prohibit-password\nPasswordAuthentication no\n"
        "KbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n"
        "Subsystem sftp internal-sftp\n"
    )
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege separation directory
    log = (workdir / "sshd.log").open("wb")
    process = subprocess.Popen([str(SSHD), "-D", "-e", "-f", str(config)], stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 20
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"sshd did not start: {(workdir / 'sshd.log').read_text()}")
            time.sleep(0.05)
        yield SshServer(port=port, key=key, other_key=other_key)
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def _request(
    provisioned: Provisioned, server: SshServer, site_id: object, **extra: object
) -> ProvisionRequest:
    values: dict[str, object] = {
        "name": "over-ssh",
        "provisioner": "ssh",
        "site_id": site_id,
        "host": "127.0.0.1",
        "ssh_port": server.port,
        "ssh_user": "root",
        "ssh_key": SecretStr(server.key),
        "wp_path": provisioned.hosted.settings["docroot"],
        "wp_url": provisioned.url,
        "wp_user": "presswright",
        "wp_app_password": SecretStr(provisioned.secrets()["app_password"]),
    }
    values.update(extra)
    return ProvisionRequest.model_validate(values)


def test_ssh_installs_the_theme_and_deploys(
    provisioned: Provisioned, ssh_server: SshServer
) -> None:
    instance = provisioned.instance
    tenant, _ = make_workspace(instance)
    site_id = stored_site(instance, tenant, title="Harbour Books")
    record = start_record(
        instance, tenant_id=tenant, request=_request(provisioned, ssh_server, site_id)
    )
    started = time.monotonic()
    done = asyncio.run(provision_site(instance, tenant_id=tenant, ref=record.id))
    seconds = time.monotonic() - started
    assert done.status == "active", done.error
    assert done.step == "deployed"
    assert seconds < 60
    slug = theme_slug("Harbour Books")
    front = httpx.get(f"{provisioned.url}/", timeout=30)
    assert f"/wp-content/themes/{slug}/" in front.text
    theme_dir = Path(provisioned.hosted.settings["docroot"]) / "wp-content/themes" / slug
    assert theme_dir.owner() == provisioned.key  # installed as the files' owner, not root
    with instance.database.tenant_session(tenant) as session:
        row = get_hosted(session, record.id)
        assert "PRIVATE KEY" not in row.secrets_encrypted
        assert row.settings["host_key"].startswith("ssh-ed25519 ")
    # The host key is pinned: a server answering with another key is refused.
    with instance.database.tenant_session(tenant) as session:
        row = get_hosted(session, record.id)
        row.settings = {**row.settings, "host_key": "ssh-ed25519 AAAAnotthekey"}
    with pytest.raises(ProvisionError, match=r"host key of \[127\.0\.0\.1\]:\d+ changed"):
        asyncio.run(provision_site(instance, tenant_id=tenant, ref=record.id))


def test_a_key_the_server_does_not_know_is_refused(
    provisioned: Provisioned, ssh_server: SshServer
) -> None:
    instance = provisioned.instance
    tenant, _ = make_workspace(instance)
    site_id = stored_site(instance, tenant)
    request = _request(
        provisioned, ssh_server, site_id, name="wrong-key", ssh_key=SecretStr(ssh_server.other_key)
    )
    record = start_record(instance, tenant_id=tenant, request=request)
    with pytest.raises(ProvisionInputError, match="refused 'root'"):
        asyncio.run(provision_site(instance, tenant_id=tenant, ref=record.id))
    with instance.database.tenant_session(tenant) as session:
        row = get_hosted(session, record.id)
        assert row.status == "failed"
        assert "refused 'root'" in (row.error or "")


def test_ssh_without_credentials_is_refused(provisioned: Provisioned) -> None:
    instance = provisioned.instance
    tenant, _ = make_workspace(instance)
    request = ProvisionRequest(
        name="no-key", provisioner="ssh", site_id=stored_site(instance, tenant), host="127.0.0.1"
    )
    with pytest.raises(ProvisionInputError, match=r"ssh_user.*ssh_password or ssh_key"):
        start_record(instance, tenant_id=tenant, request=request)
