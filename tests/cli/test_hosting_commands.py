"""`presswright hosting provision|status|start-all|teardown`, run as a user runs it (as root).

A stored site of the CLI's workspace is provisioned with ``local`` by the real command line,
listed, and torn down; bad input is one readable line.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from presswright.bootstrap import cli_workspace, initialize, open_instance
from presswright.settings import Settings
from tests.cli.test_setup_commands import assert_one_line_error, run
from tests.sites.provisioned import missing_provisioning
from tests.sites.stored_sites import stored_site


@pytest.fixture
def home(tmp_path: Path) -> tuple[dict[str, str], str]:
    """An initialised home, and the id of a stored site of its CLI workspace."""
    settings = Settings(home=tmp_path / "home")
    initialize(settings)
    instance = open_instance(settings)
    site_id = stored_site(instance, cli_workspace(instance).tenant_id)
    instance.database.dispose()
    return {"PRESSWRIGHT_HOME": str(settings.home)}, str(site_id)


@pytest.mark.timeout(240)
def test_provision_status_and_teardown(home: tuple[dict[str, str], str]) -> None:
    problem = missing_provisioning()
    if problem is not None:
        pytest.fail(problem)
    env, site_id = home
    done = run("hosting", "provision", "cli-site", "--site", site_id, env=env)
    assert done.returncode == 0, done.stderr
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("cli-site: active at http://127.0.0.1:"), done.stdout
    url = last.split(" at ", 1)[1].split()[0]
    assert "deployed" in done.stdout
    assert httpx.get(f"{url}/", timeout=30).status_code == 200
    again = run("hosting", "start-all", env=env)  # as at boot; its daemons run: nothing breaks
    assert again.returncode == 0 and again.stdout.strip() == "cli-site: started", again.stderr
    listed = run("hosting", "status", env=env)
    assert listed.returncode == 0 and "cli-site" in listed.stdout and url in listed.stdout
    removed = run("hosting", "teardown", "cli-site", env=env)
    assert removed.returncode == 0 and removed.stdout.strip() == "removed cli-site"
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/", timeout=5)
    assert_one_line_error(run("hosting", "status", "cli-site", env=env), "no provisioned site")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["Bad Name"], "name: String should match pattern"),
        (["ok-name", "--with", "ssh", "--host", "127.0.0.1"], "needs ssh_user"),
        (["ok-name", "--with", "digitalocean"], "needs a DigitalOcean API token"),
        (
            [
                "ok-name",
                "--with",
                "digitalocean",
                "--do-token",
                "x",
                "--do-api-url",
                "http://127.0.0.1:9",
            ],
            "DigitalOcean could not be reached for GET /v2/account",
        ),
    ],
)
def test_bad_input_is_one_readable_line(
    home: tuple[dict[str, str], str], args: list[str], needle: str
) -> None:
    env, site_id = home
    assert_one_line_error(run("hosting", "provision", *args, "--site", site_id, env=env), needle)
