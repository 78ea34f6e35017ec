"""The execution monitor: a run's nodes go live on the canvas; the inspector shows each one."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Studio, assert_accessible, screenshot, set_theme, sign_in
from tests.browser.studio_fakes import EN_KEYWORD, EN_TOPIC


def test_follow_a_run_live_and_inspect_a_node(page: Page, studio: Studio) -> None:
    with studio.api() as api:
        started = api.post(
            "/content/generate", json={"topic": EN_TOPIC, "keywords": [EN_KEYWORD], "wait": 0}
        )
    assert started.status_code == 202, started.text
    execution = started.json()["execution_id"]

    sign_in(page, studio, path=f"/executions/{execution}")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="article", level=1)).to_be_visible()
    canvas = main.get_by_role("region", name="Canvas")
    # Each node's state follows the run live, until the last node has finished.
    expect(canvas.get_by_role("group", name=re.compile(r"^Node outline, llm, "))).to_be_visible()
    done = canvas.get_by_role("group", name="Node article, article_finish, completed")
    expect(done).to_be_visible(timeout=60_000)
    expect(canvas.get_by_role("group", name="Node faq, llm, skipped")).to_be_visible()
    expect(main.get_by_role("progressbar", name="Progress")).to_have_attribute(
        "aria-valuenow", "100"
    )

    main.get_by_role("region", name="Nodes").get_by_role("button", name="outline").click()
    inspector = main.get_by_role("complementary", name="Node inspector")
    expect(inspector.get_by_role("heading", name="outline completed")).to_be_visible()
    expect(inspector.get_by_role("tabpanel", name="Output")).to_contain_text(
        '"title": "Sourdough bread at home"'
    )
    expect(inspector.get_by_text("Tokens in / out")).to_be_visible()
    # What the model was sent: the prompt with the brief filled in.
    inspector.get_by_role("tab", name="Inputs").click()
    rendered = inspector.get_by_role("region", name="As rendered")
    expect(rendered.get_by_label("prompt of outline, as rendered")).to_contain_text(
        f"Plan an article in English about: {EN_TOPIC}"
    )
    assert_accessible(page, "the node inspector's inputs")
    inspector.get_by_role("tab", name="Output").click()
    screenshot(page, "execution-monitor")
    assert_accessible(page, "the execution monitor (light)")
    set_theme(page, "dark")
    assert_accessible(page, "the execution monitor (dark)")


def test_the_execution_list_filters_by_status(page: Page, studio: Studio) -> None:
    with studio.api() as api:
        done = api.post(
            "/content/generate", json={"topic": EN_TOPIC, "keywords": [EN_KEYWORD], "wait": 60}
        )
    assert done.status_code == 200, done.text
    sign_in(page, studio, path="/executions")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Executions", level=1)).to_be_visible()
    expect(main.locator(f'a[href="/executions/{done.json()["execution_id"]}"]')).to_be_visible()
    main.get_by_label("Status").select_option("completed")
    main.get_by_role("button", name="Filter", exact=True).click()
    expect(page).to_have_url(re.compile(r"status=completed"))
    listed = main.get_by_role("link", name=re.compile(r"^article, completed, started "))
    expect(listed.first).to_be_visible()
    others = re.compile(r", (failed|running|queued), ")
    expect(main.get_by_role("link", name=others)).to_have_count(0)
    screenshot(page, "executions")
    assert_accessible(page, "the execution list (light)")
    set_theme(page, "dark")
    assert_accessible(page, "the execution list (dark)")
