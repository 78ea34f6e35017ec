"""The plugin's Bulk Generator against the real WordPress and a real `presswright serve`.

Jobs are started through the plugin's REST routes as the screen starts them (cookie + nonce),
run on the server's bulk queue with the fake provider, and followed to their report. The
fake writes articles in English and Arabic only: a row asking for German fails for real in
the server's run, which gives the report a failed item to retry.
"""

from __future__ import annotations

import socket
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.browser.studio_fakes import EN_KEYWORD, EN_TOPIC
from tests.plugin.conftest import Presswright
from tests.plugin.ready import NS, clear_rate_limits, connected_plugin
from tests.plugin.site import WpSession, run_php
from tests.wordpress.wordpress_site import RunningWordPress

HOSTILE = ("<script", "onerror=", "onclick=", "javascript:", "<iframe")


@pytest.fixture(scope="module", autouse=True)
def connected(
    wordpress: RunningWordPress, admin_session: WpSession, presswright: Presswright
) -> Iterator[None]:
    """The plugin active and connected for every test of the module; the generations made
    here spend no rate limit of the tests before or after it (they share the administrator)."""
    connected_plugin(wordpress, admin_session, presswright)
    clear_rate_limits(wordpress)
    yield
    clear_rate_limits(wordpress)


def _follow(session: WpSession, job_id: str, deadline_s: float = 120) -> dict[str, Any]:
    """Polls the plugin's job route until the job has ended; the last answer."""
    deadline = time.monotonic() + deadline_s
    while True:
        answer = session.rest("GET", f"{NS}/bulk/{job_id}")
        assert answer.status_code == 200, answer.text
        job: dict[str, Any] = answer.json()
        if job["status"] in ("completed", "failed", "cancelled"):
            return job
        assert time.monotonic() < deadline, f"the job did not end: {job}"
        time.sleep(0.5)


def _logs(wordpress: RunningWordPress, user_id: int) -> list[dict[str, str]]:
    rows = run_php(
        wordpress,
        "global $wpdb; echo json_encode($wpdb->get_results("
        '"SELECT user_id, type, target, status, error FROM {$wpdb->prefix}presswright_logs'
        ' ORDER BY id", ARRAY_A));',
    )
    return [row for row in rows if int(row["user_id"]) == user_id]


def test_bulk_routes_refuse_users_without_the_capability(
    subscriber_session: WpSession, admin_session: WpSession, wordpress: RunningWordPress
) -> None:
    job = str(uuid.uuid4())
    for method, route, body in (
        ("POST", f"{NS}/bulk", {"source": "posts", "ids": [1]}),
        ("GET", f"{NS}/bulk/{job}", None),
        ("POST", f"{NS}/bulk/{job}/retry", None),
        ("POST", f"{NS}/bulk/{job}/save", None),
    ):
        refused = subscriber_session.rest(method, route, json=body)
        assert refused.status_code == 403, (route, refused.text)
        assert refused.json()["code"] == "rest_forbidden"
    no_nonce = admin_session.rest("POST", f"{NS}/bulk", nonce=False, json={"source": "posts"})
    assert no_nonce.status_code == 401, no_nonce.text
    # A job id this site never started is nobody's here.
    unknown = admin_session.rest("GET", f"{NS}/bulk/{job}")
    assert unknown.status_code == 404 and "started from this site" in unknown.json()["message"]
    # An author may not turn another user's post into a job.
    author = httpx.post(
        f"{wordpress.url}/wp-json{NS}/bulk",
        auth=(wordpress.author.login, wordpress.author.app_password),
        json={"source": "posts", "ids": [_post(wordpress, EN_TOPIC)]},
        timeout=60,
    )
    assert author.status_code == 403, author.text


def test_bad_input_is_refused_with_a_message_naming_the_fix(admin_session: WpSession) -> None:
    nothing = admin_session.rest("POST", f"{NS}/bulk", json={"source": "posts", "ids": []})
    assert nothing.status_code == 400 and "Choose at least one" in nothing.json()["message"]
    bad_source = admin_session.rest("POST", f"{NS}/bulk", json={"source": "pages"})
    assert bad_source.status_code == 400 and bad_source.json()["code"] == "rest_invalid_param"
    empty = admin_session.rest("POST", f"{NS}/bulk", json={"source": "csv", "csv": "topic\n"})
    assert empty.status_code == 400 and "first line names the columns" in empty.json()["message"]
    # The server's own check of the rows (a product without its category), in its words.
    no_category = admin_session.rest(
        "POST", f"{NS}/bulk", json={"source": "csv", "kind": "product", "csv": "name\nApron\n"}
    )
    assert no_category.status_code == 422, no_category.text
    assert "category" in no_category.json()["message"]


def _post(wordpress: RunningWordPress, title: str) -> int:
    made = wordpress.rest(
        "POST", "/wp/v2/posts", json={"title": title, "status": "publish", "content": "Old text."}
    )
    post_id = int(made.json()["id"])
    # Removed with the plugin's drafts at the end of the package.
    run_php(
        wordpress,
        f"update_post_meta({post_id}, '_presswright_document_id', 'bulk-test'); echo 'true';",
    )
    return post_id


def test_a_csv_job_runs_to_its_report_and_its_failed_item_is_retried(
    admin_session: WpSession, wordpress: RunningWordPress, users: dict[str, int]
) -> None:
    csv = (
        "topic,keywords,language\n"
        f'"{EN_TOPIC}",{EN_KEYWORD},en\n'
        f'"{EN_TOPIC} in a cold kitchen",{EN_KEYWORD},de\n'
        f'"<script>alert(1)</script>{EN_TOPIC} for beginners",'
        f'"<img src=x onerror=alert(2)>{EN_KEYWORD}",en\n'
    )
    started = admin_session.rest(
        "POST", f"{NS}/bulk", json={"source": "csv", "kind": "article", "csv": csv}
    )
    assert started.status_code == 202, started.text
    job_id = started.json()["id"]
    assert started.json()["total"] == 3

    job = _follow(admin_session, job_id)
    assert job["status"] == "failed", job
    assert (job["succeeded"], job["failed"], job["total"]) == (2, 1, 3)
    by_row = {item["row"]: item for item in job["items"]}
    assert by_row[2]["status"] == "failed" and by_row[2]["error"]
    assert by_row[1]["status"] in ("succeeded", "reused") and by_row[1]["title"]
    assert by_row[3]["label"] == f"{EN_TOPIC} for beginners"  # tags gone before it left
    for hostile in HOSTILE:
        assert hostile not in str(job["items"]).lower()

    retried = admin_session.rest("POST", f"{NS}/bulk/{job_id}/retry")
    assert retried.status_code == 202, retried.text
    assert retried.json()["status"] in ("queued", "running") and retried.json()["remaining"] == 1
    again = _follow(admin_session, job_id)
    # The fake still writes no German: the retried item fails again, the others are kept.
    assert (again["succeeded"], again["failed"]) == (2, 1)
    assert {i["row"]: i["status"] for i in again["items"]}[1] in ("succeeded", "reused")

    rows = _logs(wordpress, users["pw_admin"])
    assert any(r["type"] == "bulk" and r["status"] == "ok" for r in rows)
    assert any(r["type"] == "bulk_retry" and r["status"] == "ok" for r in rows)
    # Each ending with failed items is logged once (presswright_generation_failed fires with it).
    ended = [r for r in rows if r["target"] == f"bulk:{job_id}" and r["status"] == "failed"]
    assert len(ended) == 2 and "1 failed items" in ended[0]["error"], ended

    saved = admin_session.rest("POST", f"{NS}/bulk/{job_id}/save")
    assert saved.status_code == 200, saved.text
    assert {s["row"] for s in saved.json()["saved"]} == {1, 3}
    for draft in saved.json()["saved"]:
        post = wordpress.rest(
            "GET", f"/wp/v2/posts/{draft['post_id']}", params={"context": "edit"}
        ).json()
        assert post["status"] == "draft" and post["author"] == users["pw_admin"]
        assert post["content"]["raw"].lstrip().startswith("<!-- wp:")
        stored = (post["content"]["raw"] + post["title"]["raw"] + post["excerpt"]["raw"]).lower()
        for hostile in HOSTILE:
            assert hostile not in stored
    # Saving again saves nothing twice.
    twice = admin_session.rest("POST", f"{NS}/bulk/{job_id}/save")
    assert twice.status_code == 200 and twice.json()["saved"] == []


def test_posts_become_an_article_job_and_the_screen_is_there(
    admin_session: WpSession, wordpress: RunningWordPress
) -> None:
    page = admin_session.page("admin.php?page=presswright-bulk")
    assert 'id="presswright-bulk"' in page and "build/bulk.js" in page
    ids = [_post(wordpress, f"{EN_TOPIC} <b onclick=x()>with rye</b>")]
    started = admin_session.rest("POST", f"{NS}/bulk", json={"source": "posts", "ids": ids})
    assert started.status_code == 202, started.text
    job = _follow(admin_session, started.json()["id"])
    assert job["status"] == "completed" and job["source"] == "posts", job
    assert job["items"][0]["label"] == f"{EN_TOPIC} with rye"
    assert job["items"][0]["target"] == ids[0]
    # Retrying a job with nothing failed is the server's 409, said in its words.
    nothing = admin_session.rest("POST", f"{NS}/bulk/{job['id']}/retry")
    assert nothing.status_code == 409 and "nothing to retry" in nothing.json()["message"]


def test_the_server_down_is_a_clear_error_and_nothing_is_started(
    admin_session: WpSession, wordpress: RunningWordPress, presswright: Presswright
) -> None:
    run_php(wordpress, "update_option('presswright_server_url', 'http://127.0.0.1:9'); echo 1;")
    try:
        down = admin_session.rest(
            "POST", f"{NS}/bulk", json={"source": "csv", "kind": "article", "csv": "topic\nx\n"}
        )
        assert down.status_code == 502, down.text
        assert "did not answer" in down.json()["message"]
    finally:
        run_php(wordpress, f"update_option('presswright_server_url', '{presswright.url}'); echo 1;")


def test_a_revoked_key_and_a_timeout_are_clear_errors(
    admin_session: WpSession, wordpress: RunningWordPress, presswright: Presswright
) -> None:
    body = {"source": "csv", "kind": "article", "csv": f'topic\n"{EN_TOPIC}"\n'}
    # The key as stored by the settings screen, but one the server does not know (revoked).
    run_php(
        wordpress,
        "update_option('presswright_api_key', presswright_seal('pw_revoked_key_0000')); echo 1;",
    )
    # A server that takes the connection and never answers, with the request timeout at 1 s.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    timeout_filter = wordpress.docroot / "wp-content/mu-plugins/presswright-bulk-timeout.php"
    try:
        revoked = admin_session.rest("POST", f"{NS}/bulk", json=body)
        assert revoked.status_code == 502, revoked.text
        assert "refused the API key (401)" in revoked.json()["message"]
        assert "Create a new key" in revoked.json()["message"]

        connected_plugin(wordpress, admin_session, presswright)
        port = silent.getsockname()[1]
        timeout_filter.write_text(
            "<?php add_filter('presswright_api_request_args', function ($args) {"
            " $args['timeout'] = 1; return $args; });",
            encoding="utf-8",
        )
        silent_url = f"http://127.0.0.1:{port}"
        run_php(wordpress, f"update_option('presswright_server_url', '{silent_url}'); echo 1;")
        timed_out = admin_session.rest("POST", f"{NS}/bulk", json=body)
        assert timed_out.status_code == 502, timed_out.text
        assert "did not answer" in timed_out.json()["message"]
        assert "timed out" in timed_out.json()["message"].lower()
    finally:
        silent.close()
        timeout_filter.unlink(missing_ok=True)
        connected_plugin(wordpress, admin_session, presswright)
