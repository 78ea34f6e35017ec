"""The plugin end to end: installed from its ZIP into the real WordPress, against a real server.

The tests run in file order on one installation (package fixtures): settings refused, then
saved and tested; refusals; an article generated through the plugin's REST routes and saved as
a block draft; the rate limit; the key never sent; and last, uninstalling leaves nothing.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.browser.studio_fakes import EN_KEYWORD, EN_TOPIC
from tests.plugin.conftest import PLUGIN_ID, Presswright
from tests.plugin.site import WpSession, run_php
from tests.wordpress.wordpress_site import RunningWordPress, free_port

NS = "/presswright/v1"
# The site owner's choices a real site would make with Rank Math active and a strict limit for
# authors (the plugin's own filters), and every PHP notice logged: a must-use plugin of the test.
_TEST_MU_PLUGIN = """<?php
// Every notice and deprecation is logged (to php-errors.log: never displayed) while these run.
error_reporting(E_ALL);
add_filter('presswright_seo_plugin', function () { return 'rankmath'; });
add_filter('presswright_rate_limit', function ($limit, $type, $user_id) {
    $user = get_userdata($user_id);
    return ($user && $user->user_login === 'author' && $type === 'generate') ? 1 : $limit;
}, 10, 3);
add_action('presswright_brand_trained', function ($profile) {
    update_option('pw_test_brand_trained', $profile['name']);
});
"""


@pytest.fixture(scope="module")
def site_filters(wordpress: RunningWordPress) -> Iterator[None]:
    """The test's must-use plugin, removed after the module."""
    path = wordpress.docroot / "wp-content/mu-plugins/presswright-plugin-test-filters.php"
    path.write_text(_TEST_MU_PLUGIN, encoding="utf-8")
    yield
    path.unlink()


def _as_author(
    wordpress: RunningWordPress, method: str, route: str, **options: Any
) -> httpx.Response:
    return httpx.request(
        method,
        f"{wordpress.url}/wp-json{route}",
        auth=(wordpress.author.login, wordpress.author.app_password),
        timeout=60,
        **options,
    )


def test_activation_creates_the_log_table(wordpress: RunningWordPress, plugin: Path) -> None:
    found = run_php(
        wordpress,
        "global $wpdb; $t = $wpdb->prefix . 'presswright_logs';"
        "echo json_encode(['table' => $wpdb->get_var(\"SHOW TABLES LIKE '$t'\"),"
        " 'columns' => $wpdb->get_col(\"SHOW COLUMNS FROM $t\"),"
        " 'version' => get_option('presswright_db_version')]);",
    )
    assert found["table"] == "wp_presswright_logs"
    assert found["columns"] == [
        "id", "user_id", "type", "target", "tokens", "latency_ms", "status", "error", "created_at",
    ]  # fmt: skip
    assert found["version"] == "1"


def test_settings_refuse_a_bad_url_a_wrong_key_and_a_server_that_is_down(
    admin_session: WpSession, presswright: Presswright
) -> None:
    before = admin_session.rest("GET", f"{NS}/settings").json()
    bad_url = admin_session.rest(
        "POST", f"{NS}/settings", json={"server_url": "ftp://example.com", "api_key": "pw_x"}
    )
    assert bad_url.status_code == 400, bad_url.text
    assert "http or https" in bad_url.json()["message"]

    wrong_key = admin_session.rest(
        "POST", f"{NS}/settings", json={"server_url": presswright.url, "api_key": "pw_wrong"}
    )
    assert wrong_key.status_code == 502, wrong_key.text
    assert "refused the API key" in wrong_key.json()["message"]

    down = f"http://127.0.0.1:{free_port()}"
    no_server = admin_session.rest(
        "POST", f"{NS}/settings", json={"server_url": down, "api_key": presswright.api_key}
    )
    assert no_server.status_code == 502, no_server.text
    assert f"at {down} did not answer" in no_server.json()["message"]

    after = admin_session.rest("GET", f"{NS}/settings").json()
    assert after["server_url"] == before["server_url"]  # nothing half-saved
    assert after["api_key_set"] == before["api_key_set"]


def test_settings_saved_encrypted_and_the_connection_tested(
    admin_session: WpSession, presswright: Presswright, wordpress: RunningWordPress
) -> None:
    saved = admin_session.rest(
        "POST",
        f"{NS}/settings",
        json={"server_url": presswright.url + "/", "api_key": presswright.api_key},
    )
    assert saved.status_code == 200, saved.text
    body = saved.json()
    assert body["server_url"] == presswright.url
    assert body["api_key_set"] is True and body["api_key_readable"] is True
    assert body["connection"]["ok"] is True and body["connection"]["workspace"]
    assert "api_key" not in body

    stored = run_php(wordpress, "echo json_encode(get_option('presswright_api_key'));")
    assert presswright.api_key not in stored
    # nonce (24 bytes) + ciphertext (the key + a 16-byte tag)
    assert len(base64.b64decode(stored)) == 24 + len(presswright.api_key) + 16

    tested = admin_session.rest("POST", f"{NS}/settings/test")
    assert tested.status_code == 200, tested.text
    assert tested.json()["ok"] is True and "@" in tested.json()["user"]

    # A new save without a key keeps the stored one.
    kept = admin_session.rest("POST", f"{NS}/settings", json={"server_url": presswright.url})
    assert kept.status_code == 200, kept.text
    assert kept.json()["api_key_set"] is True

    page = admin_session.page("options-general.php?page=presswright-settings")
    assert 'id="presswright-settings"' in page
    assert "build/settings.js" in page


def test_a_failed_connection_test_shows_an_admin_notice_until_one_succeeds(
    admin_session: WpSession, presswright: Presswright, wordpress: RunningWordPress
) -> None:
    down = f"http://127.0.0.1:{free_port()}"
    run_php(wordpress, f"update_option('presswright_server_url', '{down}'); echo 'true';")
    try:
        failed = admin_session.rest("POST", f"{NS}/settings/test")
        assert failed.status_code == 502, failed.text
        page = admin_session.page("index.php")
        assert f"The Presswright server at {down} did not answer" in page
        assert "notice-error" in page
    finally:
        run_php(
            wordpress, f"update_option('presswright_server_url', '{presswright.url}'); echo 'true';"
        )
    assert admin_session.rest("POST", f"{NS}/settings/test").status_code == 200
    assert "did not answer" not in admin_session.page("index.php")


def test_every_route_refuses_users_without_the_capability_or_the_nonce(
    admin_session: WpSession, subscriber_session: WpSession, wordpress: RunningWordPress
) -> None:
    brief = {"topic": EN_TOPIC, "keywords": [EN_KEYWORD]}
    for method, route, body in (
        ("GET", f"{NS}/settings", None),
        ("POST", f"{NS}/settings/test", None),
        ("GET", f"{NS}/brand-profiles", None),
        ("GET", f"{NS}/usage", None),
        ("POST", f"{NS}/articles", brief),
        ("POST", f"{NS}/drafts", {"document_id": "6f1c0d3e-0000-4000-8000-000000000000"}),
    ):
        refused = subscriber_session.rest(method, route, json=body)
        assert refused.status_code == 403, (route, refused.text)
        assert refused.json()["code"] == "rest_forbidden"

    for route in (f"{NS}/settings", f"{NS}/settings/test"):  # an author writes but does not manage
        refused = _as_author(wordpress, "POST", route, json={"server_url": "http://x.example"})
        assert refused.status_code == 403, refused.text

    # A cookie without the nonce is no login at all for REST; a forged nonce is refused.
    no_nonce = admin_session.rest("GET", f"{NS}/settings", nonce=False)
    assert no_nonce.status_code == 401 and no_nonce.json()["code"] == "rest_forbidden"
    forged = admin_session.client.get(
        f"/wp-json{NS}/settings", headers={"X-WP-Nonce": "0123456789"}
    )
    assert forged.status_code == 403 and forged.json()["code"] == "rest_cookie_invalid_nonce"


def test_a_brand_profile_is_stored_on_the_server_by_an_administrator(
    admin_session: WpSession,
    subscriber_session: WpSession,
    wordpress: RunningWordPress,
    site_filters: None,
) -> None:
    profile = {"name": "Plugin bakery", "tone": "warm <b>and</b> direct",
               "banned_words": ["cheap"], "custom_instructions": "Short sentences."}  # fmt: skip
    refused = _as_author(wordpress, "POST", f"{NS}/brand-profiles", json=profile)
    assert refused.status_code == 403, refused.text
    made = admin_session.rest("POST", f"{NS}/brand-profiles", json=profile)
    assert made.status_code == 201, made.text
    assert made.json()["name"] == "Plugin bakery" and made.json()["id"]
    again = admin_session.rest("POST", f"{NS}/brand-profiles", json=profile)
    assert again.status_code == 409, again.text  # the server's conflict, said in its words
    listed = _as_author(wordpress, "GET", f"{NS}/brand-profiles")
    assert listed.status_code == 200 and "Plugin bakery" in {p["name"] for p in listed.json()}
    fired = run_php(
        wordpress,
        "echo json_encode(get_option('pw_test_brand_trained'));"
        " delete_option('pw_test_brand_trained');",
    )
    assert fired == "Plugin bakery"


def _category(wordpress: RunningWordPress, name: str) -> int:
    made = httpx.post(
        f"{wordpress.url}/wp-json/wp/v2/categories",
        auth=(wordpress.admin.login, wordpress.admin.app_password),
        json={"name": name},
        timeout=30,
    )
    if made.status_code == 400 and made.json()["code"] == "term_exists":
        return int(made.json()["data"]["term_id"])
    made.raise_for_status()
    return int(made.json()["id"])


def test_an_article_is_generated_and_saved_as_a_block_draft(
    admin_session: WpSession,
    wordpress: RunningWordPress,
    users: dict[str, int],
    site_filters: None,
) -> None:
    studio = admin_session.page("admin.php?page=presswright")
    assert 'id="presswright-studio"' in studio and "build/studio.js" in studio
    profiles = admin_session.rest("GET", f"{NS}/brand-profiles")
    assert profiles.status_code == 200 and isinstance(profiles.json(), list), profiles.text

    category = _category(wordpress, "Plugin bread")
    # Hostile form input: the tags are gone before the brief leaves WordPress.
    started = admin_session.rest(
        "POST",
        f"{NS}/articles",
        json={"topic": f"{EN_TOPIC}<script>alert(1)</script>", "keywords": [EN_KEYWORD],
              "tone": "friendly", "length": "short", "language": "en"},
    )  # fmt: skip
    assert started.status_code == 202, started.text
    run = started.json()
    assert run["execution_id"] and run["document_id"]

    deadline = time.monotonic() + 120
    seen_progress = []
    while run["status"] != "completed":
        assert run["status"] not in ("failed", "stopped"), run
        assert time.monotonic() < deadline, f"the run did not complete: {run}"
        time.sleep(0.5)
        polled = admin_session.rest("GET", f"{NS}/executions/{started.json()['execution_id']}")
        assert polled.status_code == 200, polled.text
        run = polled.json()
        seen_progress.append(run["progress"])
    assert seen_progress[-1] == 100 and run["nodes"]

    read = admin_session.rest("GET", f"{NS}/articles/{started.json()['document_id']}")
    assert read.status_code == 200, read.text
    article = read.json()
    assert article["title"] and article["seo_title"] and article["meta_desc"]
    assert article["blocks"].lstrip().startswith("<!-- wp:")
    assert "<!-- wp:" not in article["preview_html"] and "<p>" in article["preview_html"]

    drafted = admin_session.rest(
        "POST",
        f"{NS}/drafts",
        json={"document_id": article["document_id"], "categories": [category]},
    )
    assert drafted.status_code == 201, drafted.text
    post_id = drafted.json()["post_id"]

    post = wordpress.rest("GET", f"/wp/v2/posts/{post_id}", params={"context": "edit"}).json()
    assert post["status"] == "draft"
    assert post["author"] == users["pw_admin"]
    assert post["content"]["raw"] == article["blocks"]
    assert post["title"]["raw"] == article["title"]
    assert post["excerpt"]["raw"] == article["excerpt"]
    assert post["slug"] == article["slug"]
    assert category in post["categories"]
    tags = wordpress.rest(
        "GET", "/wp/v2/tags", params={"include": ",".join(map(str, post["tags"]))}
    )
    assert EN_KEYWORD in {tag["name"] for tag in tags.json()}
    assert post["meta"]["rank_math_title"] == article["seo_title"]
    assert post["meta"]["rank_math_description"] == article["meta_desc"]
    assert "<script" not in post["content"]["raw"]

    # Every block is a real block (no freeform HTML between them), as the editor will see it.
    blocks = run_php(
        wordpress,
        f"$p = get_post({post_id}); $names = array();"
        " foreach (parse_blocks($p->post_content) as $b) {"
        "  if ($b['blockName'] !== null || trim($b['innerHTML']) !== '')"
        "   $names[] = $b['blockName']; }"
        " echo json_encode($names);",
    )
    assert blocks and None not in blocks and "core/heading" in blocks and "core/paragraph" in blocks

    rows = run_php(
        wordpress,
        "global $wpdb; echo json_encode($wpdb->get_results("
        '"SELECT user_id, type, target, status, latency_ms FROM {$wpdb->prefix}presswright_logs'
        ' ORDER BY id", ARRAY_A));',
    )
    mine = [row for row in rows if int(row["user_id"]) == users["pw_admin"]]
    assert any(row["type"] == "article" and row["status"] == "ok" for row in mine)
    assert any(
        row["type"] == "draft" and row["status"] == "ok" and row["target"] == f"post:{post_id}"
        for row in mine
    )
    assert any(row["type"] == "connection" and row["status"] == "error" for row in mine)

    usage = admin_session.rest("GET", f"{NS}/usage", params={"days": 1})
    assert usage.status_code == 200, usage.text
    by_type = {row["type"]: row for row in usage.json() if row["user_id"] == users["pw_admin"]}
    assert by_type["draft"]["calls"] >= 1 and by_type["draft"]["errors"] == 0
    assert by_type["connection"]["errors"] >= 2 and by_type["article"]["calls"] >= 1
    refused = _as_author(wordpress, "GET", f"{NS}/usage")
    assert refused.status_code == 403, refused.text


def test_generation_is_limited_per_user(
    wordpress: RunningWordPress, site_filters: None, plugin: Path
) -> None:
    brief = {"topic": EN_TOPIC, "keywords": [EN_KEYWORD], "length": "short"}
    first = _as_author(wordpress, "POST", f"{NS}/articles", json=brief)
    assert first.status_code == 202, first.text
    second = _as_author(wordpress, "POST", f"{NS}/articles", json=brief)
    assert second.status_code == 429, second.text
    assert second.json()["code"] == "presswright_rate_limited"
    limited = run_php(
        wordpress,
        'global $wpdb; echo json_encode($wpdb->get_var("SELECT COUNT(*) FROM'
        " {$wpdb->prefix}presswright_logs WHERE status = 'limited'\"));",
    )
    assert int(limited) >= 1


def test_the_api_key_is_in_no_response_or_page(
    admin_session: WpSession, subscriber_session: WpSession, presswright: Presswright
) -> None:
    admin_session.page("admin.php?page=presswright")
    admin_session.page("options-general.php?page=presswright-settings")
    admin_session.page("index.php")
    admin_session.rest("GET", f"{NS}/settings")
    seen = admin_session.seen + subscriber_session.seen
    assert len(seen) > 10
    assert not [text[:200] for text in seen if presswright.api_key in text]


HOSTILE_BLOCKS = (
    '<!-- wp:paragraph -->\n<p onclick="steal()">Bread<script>alert(1)</script>'
    ' <a href="javascript:alert(2)">more</a> <img src=x onerror="alert(3)"></p>\n'
    '<!-- /wp:paragraph -->\n\n<!-- wp:html -->\n<iframe src="https://evil.example"></iframe>'
    "<div><b>unclosed\n<!-- /wp:html -->"
)


def test_hostile_markup_never_reaches_a_draft_even_for_an_administrator(
    wordpress: RunningWordPress, users: dict[str, int], plugin: Path
) -> None:
    # The article as the server could send it if a model misbehaved; an administrator has
    # unfiltered_html, so WordPress itself would keep all of it.
    article = {
        "document_id": "6f1c0d3e-0000-4000-8000-000000000001",
        "title": 'Bread <script>alert("t")</script>',
        "excerpt": "<b onmouseover=alert(4)>Short</b>",
        "slug": "hostile-bread",
        "seo_title": "SEO",
        "meta_desc": "Meta",
        "keywords": ["bread<script>"],
        "blocks": HOSTILE_BLOCKS,
    }
    stored = run_php(
        wordpress,
        f"wp_set_current_user({users['pw_admin']});"
        " $unfiltered = current_user_can('unfiltered_html');"
        f" $id = presswright_create_draft(json_decode({json.dumps(json.dumps(article))}, true),"
        " array()); $p = get_post($id); wp_delete_post($id, true);"
        " echo json_encode(array('unfiltered' => $unfiltered, 'content' => $p->post_content,"
        " 'title' => $p->post_title, 'excerpt' => $p->post_excerpt));",
    )
    assert stored["unfiltered"] is True
    saved = stored["content"] + stored["title"] + stored["excerpt"]
    for hostile in ("<script", "onclick", "onerror", "onmouseover", "javascript:", "<iframe"):
        assert hostile not in saved.lower(), (hostile, saved)
    assert "Bread" in stored["content"] and "<!-- wp:paragraph -->" in stored["content"]


def test_no_php_notice_or_warning_came_from_the_plugin(
    wordpress: RunningWordPress, site_filters: None
) -> None:
    log = wordpress.log.parent / "php-errors.log"
    lines = log.read_text(errors="replace").splitlines() if log.is_file() else []
    assert not [line for line in lines if "/plugins/presswright/" in line]


def test_deactivating_and_uninstalling_leave_no_option_or_table(
    wordpress: RunningWordPress, plugin: Path
) -> None:
    wordpress.rest("POST", f"/wp/v2/plugins/{PLUGIN_ID}", json={"status": "inactive"})
    left = run_php(wordpress, "echo json_encode(get_option('presswright_server_url'));")
    assert left  # deactivation keeps the settings; only uninstalling removes them
    wordpress.rest("DELETE", f"/wp/v2/plugins/{PLUGIN_ID}")
    found = run_php(
        wordpress,
        "global $wpdb; echo json_encode(['options' => $wpdb->get_col(\"SELECT option_name FROM"
        " $wpdb->options WHERE option_name LIKE '%presswright%'\"),"
        " 'table' => $wpdb->get_var(\"SHOW TABLES LIKE '{$wpdb->prefix}presswright_logs'\")]);",
    )
    assert found == {"options": [], "table": None}
    assert not plugin.exists()
