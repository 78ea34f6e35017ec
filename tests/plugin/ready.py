"""The plugin installed, active and connected to the served Presswright, whatever ran before.

``test_plugin.py`` ends by uninstalling the plugin (its options go with it); a module that
runs after it, or alone, calls :func:`connected_plugin` first. The package's ``plugin``
fixture removes whatever is installed at the end of the package, so nothing is left behind.
"""

from __future__ import annotations

import zipfile

import httpx

from tests.plugin.conftest import PLUGIN_ID, Presswright, _built_zip
from tests.plugin.site import WpSession, run_php
from tests.wordpress.wordpress_site import RunningWordPress

NS = "/presswright/v1"


def connected_plugin(
    wordpress: RunningWordPress, admin: WpSession, presswright: Presswright
) -> None:
    """Install (from the built ZIP) and activate the plugin if needed, then save its settings."""
    auth = (wordpress.admin.login, wordpress.admin.app_password)
    state = httpx.get(f"{wordpress.url}/wp-json/wp/v2/plugins/{PLUGIN_ID}", auth=auth, timeout=30)
    if state.status_code != 200:
        with zipfile.ZipFile(_built_zip()) as archive:
            archive.extractall(wordpress.docroot / "wp-content" / "plugins")
    if state.status_code != 200 or state.json()["status"] != "active":
        wordpress.rest("POST", f"/wp/v2/plugins/{PLUGIN_ID}", json={"status": "active"})
    settings = {"server_url": presswright.url, "api_key": presswright.api_key}
    saved = admin.rest("POST", f"{NS}/settings", json=settings)
    assert saved.status_code == 200, saved.text


def clear_rate_limits(wordpress: RunningWordPress) -> None:
    """Forget the plugin's per-user rate-limit counters: the plugin's test modules share the
    administrator and its minute, so one module's generations must not spend another's."""
    run_php(
        wordpress,
        'global $wpdb; $wpdb->query("DELETE FROM $wpdb->options'
        " WHERE option_name LIKE '%transient%presswright_rl%'\"); wp_cache_flush(); echo 1;",
    )
