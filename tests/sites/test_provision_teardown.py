"""Tearing the session's provisioned site down leaves nothing of it on this machine.

Runs after the other provisioning tests (file order): it removes the session's site.
"""

from __future__ import annotations

import grp
import pwd
from pathlib import Path

import httpx
import pytest

from presswright.errors import NotFoundError
from presswright.publish.wordpress.sites import SITE_CONNECTIONS
from presswright.sites.provision import hosted_status, teardown_site
from presswright.sites.provision.system import MariaDB
from tests.sites.provisioned import Provisioned


def test_teardown_leaves_nothing(provisioned: Provisioned) -> None:
    key = provisioned.key
    home = Path(provisioned.hosted.settings["docroot"]).parent
    instance, tenant = provisioned.instance, provisioned.tenant_id
    assert home.is_dir()
    assert teardown_site(instance, tenant_id=tenant, ref=provisioned.hosted.id) == "session-site"
    assert not home.exists()
    with pytest.raises(KeyError):
        pwd.getpwnam(key)
    with pytest.raises(KeyError):
        grp.getgrnam(key)
    assert MariaDB().exists(key, key) == (False, False)
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{provisioned.url}/", timeout=5)
    assert not any(key in line for line in _processes())
    with pytest.raises(NotFoundError):
        hosted_status(instance, tenant_id=tenant, ref=provisioned.hosted.id)
    assert SITE_CONNECTIONS.listed(instance, tenant_id=tenant) == []


def _processes() -> list[str]:
    lines = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                lines.append((proc / "cmdline").read_bytes().decode(errors="replace"))
            except OSError:
                continue
    return lines
