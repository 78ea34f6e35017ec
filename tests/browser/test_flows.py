"""Flows: a shipped template on the canvas, copied, edited, and validated with problems pinned."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from tests.browser.conftest import Studio, assert_accessible, screenshot, set_theme, sign_in


def test_open_a_template_on_the_canvas_and_validate_an_edit(page: Page, studio: Studio) -> None:
    sign_in(page, studio, path="/flows")
    main = page.get_by_role("main")
    templates = main.get_by_role("region", name="Templates")
    expect(templates.get_by_role("heading", name="article")).to_be_visible()
    assert_accessible(page, "the flows list (light)")
    set_theme(page, "dark")
    assert_accessible(page, "the flows list (dark)")
    set_theme(page, "light")

    templates.get_by_role("link", name="View template article").click()
    canvas = main.get_by_role("region", name="Canvas")
    # Every node of the article flow is on the canvas, and the template checks clean.
    for node in ("brief", "outline", "sections", "intro", "seo", "article"):
        expect(canvas.get_by_role("group", name=re.compile(f"^Node {node}, type "))).to_be_visible()
    branch = canvas.get_by_role("group", name="Edge from wants_faq to faq when true")
    expect(branch).to_be_attached()
    expect(main.get_by_role("status").filter(has_text="No problems")).to_be_visible()
    screenshot(page, "flows")
    assert_accessible(page, "a template on the canvas (light)")
    set_theme(page, "dark")
    assert_accessible(page, "a template on the canvas (dark)")
    set_theme(page, "light")

    main.get_by_role("button", name="Copy to workspace").click()
    dialog = page.get_by_role("dialog", name="Copy article to this workspace")
    name = f"my-article-{uuid.uuid4().hex[:6]}"
    dialog.get_by_label("Name").fill(name)
    dialog.get_by_role("button", name="Copy and open").click()
    expect(main.get_by_role("heading", name=name, level=1)).to_be_visible()
    expect(main.get_by_role("status").filter(has_text="No problems")).to_be_visible()

    # An edit that breaks the flow: the outline's prompt emptied. The server's check (made
    # as the flow is edited, without saving) pins the problem on that node.
    inspector = main.get_by_role("complementary", name="Inspector")
    inspector.get_by_role("button", name="outline llm").click()
    expect(inspector.get_by_role("heading", name="outline", level=2)).to_be_visible()
    inspector.get_by_label("Prompt").fill("")
    pinned = re.compile(r"^Node outline, type llm, \d+ problems?$")
    flagged = canvas.get_by_role("group", name=pinned)
    expect(flagged).to_be_visible()
    expect(main.get_by_role("heading", name=re.compile(r"problems? to fix before"))).to_be_visible()

    inspector.get_by_label("Prompt").fill("Plan an article about: {{ inputs.topic }}")
    expect(canvas.get_by_role("group", name="Node outline, type llm")).to_be_visible()
    expect(main.get_by_role("status").filter(has_text="No problems")).to_be_visible()
    expect(main.get_by_role("button", name="Save version")).to_be_enabled()
    assert_accessible(page, "the flow editor (light)")
    set_theme(page, "dark")
    assert_accessible(page, "the flow editor (dark)")
