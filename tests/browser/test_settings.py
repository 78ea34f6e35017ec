"""Settings: its tabs, and an API key that is shown once, works, and is never shown again."""

from __future__ import annotations

import re
import uuid

import httpx
from playwright.sync_api import Page, expect

from tests.browser.conftest import Studio, assert_accessible, screenshot, set_theme, sign_in


def test_settings_tabs_are_accessible(page: Page, studio: Studio) -> None:
    sign_in(page, studio, path="/settings")
    main = page.get_by_role("main")
    tabs = main.get_by_role("tablist", name="Settings")
    expect(tabs).to_be_visible()
    # The fake provider the tests run on is listed; keys are never shown in full.
    expect(main.get_by_role("row", name=re.compile(r"^fake fake"))).to_be_visible()
    screenshot(page, "settings")
    names = [
        tabs.get_by_role("tab").nth(i).inner_text() for i in range(tabs.get_by_role("tab").count())
    ]
    for name in names:
        tabs.get_by_role("tab", name=name).click()
        expect(main.get_by_role("tabpanel", name=name)).to_be_visible()
        panel = main.get_by_role("tabpanel", name=name)
        # Judged once loaded: no skeleton saying it is loading is left.
        expect(panel.get_by_role("status").filter(has_text=re.compile("Loading"))).to_have_count(0)
        for theme in ("light", "dark"):
            set_theme(page, theme)
            assert_accessible(page, f"settings, {name} ({theme})")
        set_theme(page, "light")


def test_an_api_key_is_shown_once(page: Page, studio: Studio) -> None:
    sign_in(page, studio, path="/settings")
    main = page.get_by_role("main")
    main.get_by_role("tab", name="API keys").click()
    panel = main.get_by_role("tabpanel", name="API keys")
    panel.get_by_role("button", name="Create API key").first.click()
    dialog = page.get_by_role("dialog", name="Create an API key")
    name = f"browser-{uuid.uuid4().hex[:6]}"
    dialog.get_by_label("Name").fill(name)
    dialog.get_by_role("button", name="Create key").click()

    shown = page.get_by_role("dialog", name="Copy the key now")
    expect(shown).to_contain_text("This is the only time it is shown")
    field = shown.get_by_label(f"API key “{name}”")
    expect(field).to_have_value(re.compile(r".{20,}"))
    key = field.input_value()
    assert_accessible(page, "the new API key dialog")
    # The key works against the API...
    me = httpx.get(f"{studio.base_url}/api/v1/me", headers={"X-API-Key": key}, timeout=10)
    assert me.status_code == 200, me.text
    shown.get_by_role("button", name="I stored it").click()
    expect(shown).to_have_count(0)
    # ...and once the dialog is closed it is nowhere on the page, only its first characters.
    row = panel.get_by_role("row", name=re.compile(f"^{name} "))
    expect(row).to_be_visible()
    assert key not in page.content()
    page.reload()
    main.get_by_role("tab", name="API keys").click()
    expect(main.get_by_role("row", name=re.compile(f"^{name} "))).to_be_visible()
    assert key not in page.content()
