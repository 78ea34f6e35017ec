"""`presswright site deploy` as a job, against the real WordPress of the test session.

The command runs the deploy job in its own process, prints each finished step with the job's
progress on stderr and ends on one line: the result on stdout, or the failure on stderr with
exit code 1 (an Author account lacks the rights a whole-site deploy needs).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from presswright.bootstrap import cli_workspace, open_instance
from presswright.publish.wordpress.sites import SiteConnect, connect_site
from presswright.settings import Settings
from tests.cli.test_site_commands import env, scripted
from tests.sites.stored_sites import stored_site
from tests.wordpress.wordpress_site import RunningWordPress

__all__ = ["env"]

STEP = re.compile(r"^\s+(\d+)%  (.+)$")
SETTINGS = ("title", "description", "show_on_front", "page_on_front", "page_for_posts")


@pytest.fixture
def restored(wordpress: RunningWordPress) -> Iterator[list[tuple[str, int]]]:
    """Puts the settings and global styles back; deletes the (route, id) items listed."""
    before = wordpress.rest("GET", "/wp/v2/settings").json()
    theme = wordpress.rest("GET", "/wp/v2/themes", params={"status": "active"}).json()[0]
    href = theme["_links"]["wp:user-global-styles"][0]["href"]
    route = "/wp/v2/global-styles/" + href.rstrip("/").rsplit("/", 1)[-1]
    styles = wordpress.rest("GET", route, params={"context": "edit"}).json()
    made: list[tuple[str, int]] = []
    try:
        yield made
    finally:
        wordpress.rest("POST", "/wp/v2/settings", json={k: before[k] for k in SETTINGS})
        wordpress.rest(
            "POST",
            route,
            json={"settings": styles.get("settings") or {}, "styles": styles.get("styles") or {}},
        )
        for route, item_id in made:
            wordpress.rest("DELETE", f"/wp/v2/{route}/{item_id}", params={"force": "true"})


def _connected(home: str, wordpress: RunningWordPress, *, author: bool) -> tuple[str, str, str]:
    """A stored one-page site and a WordPress connection in the CLI's home: (site, name, url)."""
    instance = open_instance(Settings(home=Path(home)))
    try:
        tenant = cli_workspace(instance).tenant_id
        site_id = stored_site(instance, tenant)
        account = wordpress.author if author else wordpress.admin
        data = SiteConnect(
            url=wordpress.url,
            username=account.login,
            app_password=account.app_password,
            name="author-site" if author else "admin-site",
        )
        site = asyncio.run(connect_site(instance, tenant_id=tenant, data=data)).site
        return str(site_id), site.name, site.url
    finally:
        instance.database.dispose()


@pytest.mark.timeout(300)
def test_a_deploy_shows_each_step_and_ends_on_one_line(
    env: dict[str, str],
    tmp_path: Path,
    wordpress: RunningWordPress,
    restored: list[tuple[str, int]],
) -> None:
    site_id, name, url = _connected(env["PRESSWRIGHT_HOME"], wordpress, author=False)

    first = scripted("site", "deploy", site_id, "--to", name, env=env, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    steps = [STEP.match(line) for line in first.stderr.splitlines()]
    shown = [(int(m.group(1)), m.group(2)) for m in steps if m]
    percents = [percent for percent, _ in shown]
    assert percents == sorted(percents) and percents[-1] == 100, first.stderr
    lines = [line for _, line in shown]
    assert lines[0].startswith(f"account {wordpress.admin.login!r} may deploy")
    assert any(line.startswith("page 1 of 1 'home': created") for line in lines), lines
    for step in ("settings: front page", "navigation menu", "plugins: ", "deployed version 1"):
        assert any(line.startswith(step) for line in lines), (step, lines)
    assert first.stdout.strip() == f"deployed version 1 to {name} ({url}): 1 pages, 1 created"
    found = wordpress.rest("GET", "/wp/v2/pages", params={"slug": "home", "status": "any"}).json()
    restored += [("pages", page["id"]) for page in found]
    menus = wordpress.rest("GET", "/wp/v2/navigation", params={"status": "any"}).json()
    restored += [("navigation", m["id"]) for m in menus if m["slug"].startswith("presswright-")]

    again = scripted("site", "deploy", site_id, "--to", name, env=env, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == f"deployed version 1 to {name} ({url}): 1 pages, 1 updated"
    homes = wordpress.rest("GET", "/wp/v2/pages", params={"slug": "home", "status": "any"})
    assert len(homes.json()) == 1


@pytest.mark.timeout(300)
def test_a_refused_deploy_is_one_line_and_exit_1(
    env: dict[str, str], tmp_path: Path, wordpress: RunningWordPress
) -> None:
    site_id, name, _ = _connected(env["PRESSWRIGHT_HOME"], wordpress, author=True)
    refused = scripted("site", "deploy", site_id, "--to", name, env=env, cwd=tmp_path)
    assert refused.returncode == 1
    last = refused.stderr.strip().splitlines()[-1]
    assert last.startswith("error: deploy job ") and " failed: " in last
    assert "manage_options" in last and "presswright run resume" in last
    assert "Traceback" not in refused.stderr and refused.stdout == ""
