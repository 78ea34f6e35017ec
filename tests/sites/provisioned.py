"""One site provisioned by the local provisioner for the whole test session.

Its own instance (a temporary home), a workspace, a stored one-page site, provisioned with
``local`` on a free loopback port; torn down at the end of the session if a test has not
done it already. Fails (never skips) when this machine cannot provision: not root, or the
Debian packages missing (`make install-dev`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from presswright.bootstrap import Instance, open_instance
from presswright.errors import NotFoundError
from presswright.settings import Settings
from presswright.sites.provision import (
    HostedSitePublic,
    ProvisionRequest,
    provision_site,
    start_record,
    teardown_site,
)
from presswright.sites.provision.records import get_hosted, open_hosted_secrets
from tests.documents.conftest import make_workspace
from tests.sites.stored_sites import stored_site

__all__ = ["Provisioned", "missing_provisioning", "provisioned"]


@dataclass
class Provisioned:
    """The session's provisioned site and how long provisioning it took."""

    instance: Instance
    tenant_id: uuid.UUID
    site_id: uuid.UUID
    hosted: HostedSitePublic
    seconds: float

    @property
    def url(self) -> str:
        assert self.hosted.url is not None
        return self.hosted.url

    @property
    def key(self) -> str:
        return str(self.hosted.settings["system_user"])

    def secrets(self) -> dict[str, str]:
        """The record's decrypted secrets."""
        with self.instance.database.tenant_session(self.tenant_id) as session:
            return open_hosted_secrets(self.instance.secretbox, get_hosted(session, self.hosted.id))

    def teardown(self) -> None:
        """Tear the site down (nothing happens when a test did already)."""
        with contextlib.suppress(NotFoundError):
            teardown_site(self.instance, tenant_id=self.tenant_id, ref=self.hosted.id)


def missing_provisioning() -> str | None:
    """Why a local provision cannot run here, with the fix; None when it can."""
    if os.geteuid() != 0:
        return "the local provisioner needs root (system users, grants, daemons)"
    for program in ("nginx", "mysql", "php", "useradd"):
        if shutil.which(program) is None:
            return f"{program} is missing: run `make install-dev`"
    if not list(Path("/usr/sbin").glob("php-fpm*")):
        return "PHP-FPM is missing: run `make install-dev`"
    return None


@pytest.fixture(scope="session")
def provisioned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provisioned]:
    """A stored site provisioned with ``local`` (one per session)."""
    problem = missing_provisioning()
    if problem is not None:
        pytest.fail(problem)
    instance = open_instance(
        Settings(home=tmp_path_factory.mktemp("provision-home")), create_secret=True
    )
    tenant_id, _ = make_workspace(instance)
    site_id = stored_site(instance, tenant_id)
    request = ProvisionRequest(name="session-site", site_id=site_id)
    started = time.monotonic()
    record = start_record(instance, tenant_id=tenant_id, request=request)
    try:
        hosted = asyncio.run(provision_site(instance, tenant_id=tenant_id, ref=record.id))
        made = Provisioned(instance, tenant_id, site_id, hosted, time.monotonic() - started)
        yield made
    finally:
        with contextlib.suppress(NotFoundError):
            teardown_site(instance, tenant_id=tenant_id, ref=record.id)
        instance.database.dispose()
