"""The local provisioner, on this machine: a site provisioned once for the session.

It answers over HTTP on its own loopback port with the generated theme active and the
deployed pages; its PHP and nginx workers run as its own system user; its database user
reaches its own database and nothing else; a provision whose daemons died is resumed;
bad names and a port in use are refused before anything is made. The site is public (no
noindex) and holds only its own pages, each printing its meta description from its excerpt
unless an SEO plugin is loaded; a provision with ``public=False`` stays noindex.
"""

from __future__ import annotations

import asyncio
import pwd
import re
import stat
import subprocess
import uuid
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from presswright.publish.wordpress.sites import SITE_CONNECTIONS
from presswright.sites.provision import (
    ProvisionError,
    ProvisionInputError,
    ProvisionRequest,
    list_hosted,
    provision_site,
    start_record,
    teardown_site,
)
from presswright.sites.provision.records import get_hosted
from presswright.sites.provision.system import MariaDB, stop_daemon
from presswright.sites.theme import theme_slug
from tests.sites.provisioned import Provisioned


def _process_users(marker: str) -> dict[str, set[str]]:
    """The users running the nginx and PHP-FPM processes whose command line has ``marker``."""
    listing = subprocess.run(
        ["ps", "-eo", "user:32,args"], capture_output=True, text=True, check=True
    ).stdout
    users: dict[str, set[str]] = {}
    for line in listing.splitlines()[1:]:
        user, _, args = line.strip().partition(" ")
        if marker in args and ("nginx" in args or "php-fpm" in args):
            kind = "worker" if ("worker" in args or "pool" in args) else "master"
            users.setdefault(kind, set()).add(user)
    return users


def test_the_site_answers_with_its_theme_and_pages(provisioned: Provisioned) -> None:
    front = httpx.get(f"{provisioned.url}/", timeout=30)
    assert front.status_code == 200, front.text[:500]
    slug = theme_slug("Rosa's Bakery")
    assert f"/wp-content/themes/{slug}/" in front.text
    assert "Fresh sourdough bread every day" in front.text
    password = provisioned.secrets()["app_password"]
    themes = httpx.get(
        f"{provisioned.url}/wp-json/wp/v2/themes",
        params={"status": "active"},
        auth=("presswright", password),
        timeout=30,
    )
    assert themes.status_code == 200, themes.text
    assert [theme["stylesheet"] for theme in themes.json()] == [slug]
    pages = httpx.get(
        f"{provisioned.url}/wp-json/wp/v2/pages", params={"slug": "home"}, timeout=30
    ).json()
    assert [page["slug"] for page in pages] == ["home"]
    assert provisioned.hosted.status == "active"
    assert provisioned.hosted.step == "deployed"


def test_it_runs_as_its_own_system_user(provisioned: Provisioned) -> None:
    key = provisioned.key
    assert pwd.getpwnam(key).pw_shell == "/usr/sbin/nologin"
    users = _process_users(key)
    assert users["worker"] == {key}, users  # nginx workers and the PHP-FPM pool
    docroot = Path(provisioned.hosted.settings["docroot"])
    info = docroot.stat()
    assert pwd.getpwuid(info.st_uid).pw_name == key
    assert stat.S_IMODE(info.st_mode) == 0o750
    config = (docroot / "wp-config.php").stat()
    assert stat.S_IMODE(config.st_mode) == 0o640


def test_its_database_user_reaches_only_its_database(provisioned: Provisioned) -> None:
    key = provisioned.key
    login = (key, provisioned.secrets()["db_password"])
    mariadb = MariaDB()
    other = f"pw_other_{uuid.uuid4().hex[:8]}"
    mariadb.execute(f"CREATE DATABASE `{other}`", f"CREATE TABLE `{other}`.secrets (v TEXT)")
    try:
        seen = set(mariadb.execute("SHOW DATABASES", as_user=login).split())
        assert seen == {key, "information_schema"}
        own = f"SELECT COUNT(*) FROM `{key}`.wp_posts"  # noqa: S608 - names the test made
        assert mariadb.execute(own, as_user=login).strip()
        for statement in (
            f"SELECT * FROM `{other}`.secrets",  # noqa: S608 - names the test made
            "SELECT User FROM mysql.user",
            f"CREATE DATABASE `{other}_more`",
        ):
            with pytest.raises(ProvisionError, match="denied"):
                mariadb.execute(statement, as_user=login)
    finally:
        mariadb.execute(f"DROP DATABASE IF EXISTS `{other}`")


def test_a_provision_whose_daemons_died_resumes(provisioned: Provisioned) -> None:
    home = Path(provisioned.hosted.settings["docroot"]).parent
    stop_daemon(home / "run/nginx.pid", "nginx")
    stop_daemon(home / "run/php-fpm.pid", "php-fpm")
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{provisioned.url}/", timeout=5)
    again = asyncio.run(
        provision_site(provisioned.instance, tenant_id=provisioned.tenant_id, ref="session-site")
    )
    assert again.status == "active"
    assert again.url == provisioned.url
    assert httpx.get(f"{provisioned.url}/", timeout=30).status_code == 200
    # Deploying again updated the page: still one page of that slug, no duplicate.
    pages = httpx.get(
        f"{provisioned.url}/wp-json/wp/v2/pages", params={"slug": "home"}, timeout=30
    ).json()
    assert len(pages) == 1


def test_a_provision_that_died_after_connecting_resumes(provisioned: Provisioned) -> None:
    """The connection was stored but not yet recorded: it is made again, not refused."""
    instance, tenant = provisioned.instance, provisioned.tenant_id
    with instance.database.tenant_session(tenant) as session:
        row = get_hosted(session, provisioned.hosted.id)
        row.wordpress_site_id, row.status, row.step = None, "provisioning", "theme active"
    again = asyncio.run(provision_site(instance, tenant_id=tenant, ref="session-site"))
    assert again.status == "active", again.error
    assert again.wordpress_site_id is not None
    connections = SITE_CONNECTIONS.listed(instance, tenant_id=tenant)
    assert [(c.name, c.id) for c in connections] == [
        ("hosted-session-site", again.wordpress_site_id)
    ]
    pages = httpx.get(
        f"{provisioned.url}/wp-json/wp/v2/pages", params={"slug": "home"}, timeout=30
    ).json()
    assert len(pages) == 1


@pytest.mark.parametrize("name", ["Bad Name", "a", "../etc", "x" * 41, "trailing-", "1st"])
def test_a_name_that_is_not_a_safe_slug_is_refused(name: str) -> None:
    with pytest.raises(ValidationError, match="name"):
        ProvisionRequest(name=name, site_id=uuid.uuid4())


def test_a_port_in_use_is_refused_before_anything_is_made(provisioned: Provisioned) -> None:
    port = int(provisioned.hosted.settings["port"])
    request = ProvisionRequest(name="taken-port", site_id=provisioned.site_id, port=port)
    with pytest.raises(ProvisionInputError, match=f"port {port} on 127.0.0.1 is in use"):
        start_record(provisioned.instance, tenant_id=provisioned.tenant_id, request=request)
    names = [
        item.name for item in list_hosted(provisioned.instance, tenant_id=provisioned.tenant_id)
    ]
    assert names == ["session-site"]


DESCRIPTION = "Fresh sourdough bread baked every morning in Leeds by a family bakery."
META = f'<meta name="description" content="{DESCRIPTION}" />'


def test_the_site_is_public_with_only_its_own_pages(provisioned: Provisioned) -> None:
    """Indexable (blog_public 1), and WordPress's sample page, post and comment are gone."""
    front = httpx.get(f"{provisioned.url}/", timeout=30)
    assert front.status_code == 200
    assert "noindex" not in front.text and "nofollow" not in front.text
    assert front.text.count(META) == 1  # the deployed page's excerpt, printed by the theme
    rest = f"{provisioned.url}/wp-json/wp/v2"
    assert [p["slug"] for p in httpx.get(f"{rest}/pages", timeout=30).json()] == ["home"]
    assert httpx.get(f"{rest}/posts", timeout=30).json() == []
    assert httpx.get(f"{rest}/comments", timeout=30).json() == []
    # wp_robots adds max-image-preview:large only when blog_public is 1.
    assert "<meta name='robots' content='max-image-preview:large' />" in front.text
    home = httpx.get(
        f"{rest}/pages",
        params={"slug": "home", "context": "edit"},
        auth=("presswright", provisioned.secrets()["app_password"]),
        timeout=30,
    ).json()
    assert home[0]["excerpt"]["raw"] == DESCRIPTION


def test_an_seo_plugin_prints_the_description_instead(provisioned: Provisioned) -> None:
    """With Yoast SEO or Rank Math loaded (their version constant), the theme prints none."""
    mu = Path(provisioned.hosted.settings["docroot"]) / "wp-content/mu-plugins"
    made = not mu.exists()
    mu.mkdir(mode=0o755, exist_ok=True)
    for constant in ("WPSEO_VERSION", "RANK_MATH_VERSION"):
        plugin = mu / "seo-plugin-loaded.php"
        plugin.write_text(f"<?php\ndefine('{constant}', '99.0');\n", encoding="utf-8")
        plugin.chmod(0o644)
        try:
            front = httpx.get(f"{provisioned.url}/", timeout=30)
            assert front.status_code == 200
            assert 'name="description"' not in front.text, constant
        finally:
            plugin.unlink()
    if made:
        mu.rmdir()
    assert httpx.get(f"{provisioned.url}/", timeout=30).text.count(META) == 1


def test_a_private_provision_stays_noindex(provisioned: Provisioned) -> None:
    """``public=False`` (staging): WordPress says noindex on every page."""
    instance, tenant = provisioned.instance, provisioned.tenant_id
    request = ProvisionRequest(name="private-site", site_id=provisioned.site_id, public=False)
    record = start_record(instance, tenant_id=tenant, request=request)
    assert record.settings["public"] is False
    try:
        done = asyncio.run(provision_site(instance, tenant_id=tenant, ref=record.id))
        assert done.status == "active", done.error
        assert done.url is not None
        front = httpx.get(f"{done.url}/", timeout=30)
        assert front.status_code == 200
        assert re.search(r'<meta name=.robots. content=.[^"\']*noindex', front.text)
        assert front.text.count(META) == 1
    finally:
        teardown_site(instance, tenant_id=tenant, ref=record.id)
