"""The plugin's screens in Debian's Chromium: settings, then an article from the Content Studio
to a draft that opens in the block editor with no invalid block.

Runs before test_plugin.py (file order) on the same installation: that module's last test
uninstalls the plugin.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from tests.browser.studio_fakes import EN_KEYWORD, EN_TOPIC
from tests.plugin.conftest import PASSWORD, Presswright
from tests.plugin.screen_steps import (
    LIBRARY_TEMPLATE,
    check_the_media_forge_notice,
    check_the_patterns_screen,
    forget_rate_limits,
)
from tests.plugin.sidebar_steps import check_the_sidebar
from tests.plugin.site import WpSession
from tests.wordpress.wordpress_site import RunningWordPress

CHROMIUM = Path("/usr/bin/chromium")
TIMEOUT_MS = 20_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Debian Chromium (no browser is downloaded)."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (Debian's chromium)")
    with sync_playwright() as driver:
        launched = driver.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--disable-gpu", "--disable-dev-shm-usage"],
        )
        yield launched
        launched.close()


@pytest.fixture
def admin_page(
    browser: Browser, wordpress: RunningWordPress, plugin: Path, users: dict[str, int]
) -> Iterator[tuple[Page, list[str]]]:
    """A logged-in administrator's page, and the uncaught errors it raised."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{wordpress.url}/wp-login.php")
    page.fill("#user_login", "pw_admin")
    page.fill("#user_pass", PASSWORD)
    page.click("#wp-submit")
    page.wait_for_url("**/wp-admin/**")
    yield page, errors
    context.close()


def _notice(page: Page, text: str) -> Locator:
    """The screen's notice holding ``text`` (not the screen reader's copy of it)."""
    return page.locator(".components-notice", has_text=text)


def test_settings_then_an_article_to_a_draft_in_the_block_editor(
    admin_page: tuple[Page, list[str]], wordpress: RunningWordPress, presswright: Presswright
) -> None:
    page, errors = admin_page
    page.goto(f"{wordpress.url}/wp-admin/options-general.php?page=presswright-settings")
    expect(page.get_by_text("Presswright is not connected")).to_be_visible()
    page.get_by_label("Presswright server URL").fill(presswright.url)
    page.get_by_label("API key").fill(presswright.api_key)
    page.get_by_role("button", name="Save and connect").click()
    expect(_notice(page, "Saved and connected to workspace")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_label("API key")).to_have_value("")  # the key is not kept in the form
    page.get_by_role("button", name="Test connection").click()
    expect(_notice(page, "Connected: workspace")).to_be_visible(timeout=TIMEOUT_MS)

    page.goto(f"{wordpress.url}/wp-admin/admin.php?page=presswright")
    page.get_by_label("Topic").fill(EN_TOPIC)
    page.get_by_label("Keywords").fill(EN_KEYWORD)
    page.get_by_label("Length").select_option("short")
    page.get_by_role("button", name="Generate article").click()
    create = page.get_by_role("button", name="Create draft")
    expect(create).to_be_visible(timeout=120_000)
    expect(page.locator(".presswright-preview h2").first).to_be_visible()
    create.click()
    expect(_notice(page, "Draft created.")).to_be_visible(timeout=TIMEOUT_MS)

    page.get_by_role("link", name="Edit the draft").click()
    page.wait_for_function(
        "() => window.wp && wp.data && wp.data.select('core/block-editor')"
        " && wp.data.select('core/block-editor').getBlocks().length > 0",
        timeout=60_000,
    )
    blocks = page.evaluate(
        "() => wp.data.select('core/block-editor').getBlocks()"
        ".map((b) => ({name: b.name, valid: b.isValid}))"
    )
    assert blocks and all(block["valid"] for block in blocks), blocks
    assert {"core/heading", "core/paragraph"} <= {block["name"] for block in blocks}

    page.goto(f"{wordpress.url}/wp-admin/admin.php?page=presswright-usage")
    usage = page.locator("table.presswright-usage")
    expect(usage.get_by_role("cell", name="draft", exact=True)).to_be_visible(timeout=TIMEOUT_MS)
    expect(usage.get_by_role("cell", name="article", exact=True)).to_be_visible()
    assert not errors, errors


def test_the_block_editor_sidebar_keeps_typed_text_and_generates_valid_blocks(
    admin_page: tuple[Page, list[str]],
    wordpress: RunningWordPress,
    presswright: Presswright,
    admin_session: WpSession,
) -> None:
    connected = admin_session.rest(
        "POST",
        "/presswright/v1/settings",
        json={"server_url": presswright.url, "api_key": presswright.api_key},
    )
    assert connected.status_code == 200, connected.text
    page, errors = admin_page
    try:
        check_the_sidebar(page, wordpress.url)
    finally:
        forget_rate_limits(wordpress)
    assert not errors, errors


def test_the_patterns_and_media_forge_screens(
    admin_page: tuple[Page, list[str]],
    wordpress: RunningWordPress,
    presswright: Presswright,
    admin_session: WpSession,
) -> None:
    connected = admin_session.rest(
        "POST",
        "/presswright/v1/settings",
        json={"server_url": presswright.url, "api_key": presswright.api_key},
    )
    assert connected.status_code == 200, connected.text
    library = httpx.post(
        f"{presswright.url}/api/v1/templates",
        headers={"X-API-Key": presswright.api_key},
        json=LIBRARY_TEMPLATE,
        timeout=30,
    )
    assert library.status_code in (201, 409), library.text
    page, errors = admin_page
    try:
        check_the_patterns_screen(page, wordpress.url)
        check_the_media_forge_notice(page, wordpress.url)
    finally:
        forget_rate_limits(wordpress)
    assert not errors, errors
