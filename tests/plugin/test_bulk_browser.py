"""The Bulk Generator screen in Debian's Chromium: a CSV uploaded, the job followed to its
report, the failed item retried, the succeeded ones saved as drafts; and the server being
down shown as a notice that says what to do."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.browser.studio_fakes import EN_KEYWORD, EN_TOPIC
from tests.plugin.conftest import PASSWORD, Presswright
from tests.plugin.ready import clear_rate_limits, connected_plugin
from tests.plugin.site import WpSession, run_php
from tests.wordpress.wordpress_site import RunningWordPress

CHROMIUM = Path("/usr/bin/chromium")
TIMEOUT_MS = 20_000
CSV = (
    "topic,keywords,language\n"
    f'"{EN_TOPIC} on a Sunday",{EN_KEYWORD},en\n'
    f'"{EN_TOPIC} in a small oven",{EN_KEYWORD},de\n'
).encode()


@pytest.fixture(scope="module")
def page(
    wordpress: RunningWordPress,
    admin_session: WpSession,
    presswright: Presswright,
    users: dict[str, int],
) -> Iterator[tuple[Page, list[str]]]:
    """A logged-in administrator's page on a connected plugin, and its uncaught errors."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (Debian's chromium)")
    connected_plugin(wordpress, admin_session, presswright)
    clear_rate_limits(wordpress)  # the tests share the administrator and its minute
    with sync_playwright() as driver:
        browser: Browser = driver.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--disable-gpu", "--disable-dev-shm-usage"],
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        opened = context.new_page()
        errors: list[str] = []
        opened.on("pageerror", lambda error: errors.append(str(error)))
        opened.goto(f"{wordpress.url}/wp-login.php")
        opened.fill("#user_login", "pw_admin")
        opened.fill("#user_pass", PASSWORD)
        opened.click("#wp-submit")
        opened.wait_for_url("**/wp-admin/**")
        yield opened, errors
        context.close()
        browser.close()
    clear_rate_limits(wordpress)


def test_a_csv_job_from_upload_to_report_retry_and_drafts(
    page: tuple[Page, list[str]], wordpress: RunningWordPress
) -> None:
    tab, errors = page
    tab.goto(f"{wordpress.url}/wp-admin/admin.php?page=presswright-bulk")
    tab.get_by_label("An uploaded CSV").check()
    tab.get_by_label("Each row is").select_option("article")
    tab.locator("#presswright-bulk input[type=file]").set_input_files(
        files=[{"name": "articles.csv", "mimeType": "text/csv", "buffer": CSV}]
    )
    expect(tab.get_by_text("articles.csv")).to_be_visible()
    tab.get_by_role("button", name="Start the job").click()

    report = tab.locator("table.presswright-bulk-report")
    expect(tab.get_by_text(re.compile(r"2 of 2 done, 1 failed \(failed\)"))).to_be_visible(
        timeout=120_000
    )
    expect(report.get_by_role("row", name=re.compile("on a Sunday"))).to_contain_text("succeeded")
    expect(report.get_by_role("row", name=re.compile("in a small oven"))).to_contain_text("failed")
    assert tab.locator("progress").get_attribute("value") == "2"

    # The button is hidden from the click until the retried job has ended again.
    with tab.expect_response(lambda r: "retry" in r.url and r.request.method == "POST") as sent:
        tab.get_by_role("button", name="Retry failed").click()
    assert sent.value.status == 202
    expect(tab.get_by_role("button", name="Retry failed")).to_be_visible(timeout=120_000)
    expect(tab.get_by_text(re.compile(r"2 of 2 done, 1 failed"))).to_be_visible()

    tab.get_by_role("button", name="Create drafts").click()
    saved = report.get_by_role("row", name=re.compile("on a Sunday"))
    expect(saved).to_contain_text(re.compile(r"#\d+"), timeout=60_000)
    post_id = int(re.findall(r"#(\d+)", saved.inner_text())[0])
    post = wordpress.rest("GET", f"/wp/v2/posts/{post_id}", params={"context": "edit"}).json()
    assert post["status"] == "draft" and post["content"]["raw"].startswith("<!-- wp:")

    # The job is in the address: a reload shows its report again, with what was saved.
    assert "job=" in tab.url
    tab.reload()
    expect(tab.get_by_text(re.compile(r"2 of 2 done, 1 failed \(failed\)"))).to_be_visible()
    expect(report.get_by_role("row", name=re.compile("on a Sunday"))).to_contain_text(f"#{post_id}")
    tab.get_by_role("button", name="Start another job").click()
    assert "job=" not in tab.url
    expect(tab.get_by_role("button", name="Start the job")).to_be_disabled()
    assert not errors, errors


def test_the_server_down_is_a_notice_that_says_what_to_do(
    page: tuple[Page, list[str]], wordpress: RunningWordPress, presswright: Presswright
) -> None:
    tab, errors = page
    run_php(wordpress, "update_option('presswright_server_url', 'http://127.0.0.1:9'); echo 1;")
    try:
        tab.goto(f"{wordpress.url}/wp-admin/admin.php?page=presswright-bulk")
        tab.get_by_label("An uploaded CSV").check()
        tab.locator("#presswright-bulk input[type=file]").set_input_files(
            files=[{"name": "articles.csv", "mimeType": "text/csv", "buffer": CSV}]
        )
        tab.get_by_role("button", name="Start the job").click()
        notice = tab.locator(".components-notice", has_text="did not answer")
        expect(notice).to_be_visible(timeout=TIMEOUT_MS)
        expect(notice).to_contain_text("Check the URL and that the server is running")
    finally:
        run_php(wordpress, f"update_option('presswright_server_url', '{presswright.url}'); echo 1;")
    assert not errors, errors
