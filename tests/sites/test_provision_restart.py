"""After a reboot: the session's locally provisioned site is started again by start-all.

Its nginx and PHP-FPM are stopped as a reboot would leave them (the site no longer answers);
``start_hosted_sites`` starts them from the record and the site answers its REST API again.
Sites that run elsewhere (ssh, digitalocean) are left to their own server.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from presswright.sites.provision import start_hosted_sites
from presswright.sites.provision.system import stop_daemon
from tests.sites.provisioned import Provisioned


@pytest.mark.timeout(180)
def test_the_daemons_of_an_active_site_start_again(provisioned: Provisioned) -> None:
    rundir = Path(provisioned.hosted.settings["docroot"]).parent / "run"
    assert httpx.get(f"{provisioned.url}/wp-json/", timeout=10).status_code == 200
    stop_daemon(rundir / "nginx.pid", "nginx")
    stop_daemon(rundir / "php-fpm.pid", "php-fpm")
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{provisioned.url}/wp-json/", timeout=5)

    outcome = start_hosted_sites(provisioned.instance, tenant_id=provisioned.tenant_id)
    assert outcome == {"session-site": "started"}
    answer = httpx.get(f"{provisioned.url}/wp-json/", timeout=10)
    assert answer.status_code == 200 and "wp/v2" in answer.json()["namespaces"]
    # Running it again with the daemons up changes nothing.
    assert start_hosted_sites(provisioned.instance, tenant_id=provisioned.tenant_id) == {
        "session-site": "started"
    }
