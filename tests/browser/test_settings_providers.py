"""Settings, Providers: the Test button makes one real call and says how it went."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Studio, assert_accessible, sign_in


def test_testing_a_provider_calls_it_once_and_shows_the_answer(page: Page, studio: Studio) -> None:
    sign_in(page, studio, path="/settings")
    main = page.get_by_role("main")
    row = main.get_by_role("row", name=re.compile(r"^fake fake"))
    expect(row).to_be_visible()

    row.get_by_role("button", name="Test fake").click()

    expect(row).to_contain_text(re.compile(r"fake:test answered in \d+(\.\d)? m?s"), timeout=30_000)
    expect(row.get_by_role("button", name="Test again fake")).to_be_enabled()
    assert_accessible(page, "settings, a provider tested (light)")
