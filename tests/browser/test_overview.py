"""The dashboard, usage and the Product Writer screens, and the shell's theme menu (the pattern
designer has its own, test_patterns.py)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    Articles,
    Studio,
    assert_accessible,
    screenshot,
    set_theme,
    sign_in,
)


def test_the_dashboard_shows_recent_work_and_usage(
    page: Page, studio: Studio, articles: Articles
) -> None:
    sign_in(page, studio)
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    recent = main.get_by_role("region", name="Recent documents")
    english = re.compile(r"^Sourdough bread at home ")
    expect(recent.get_by_role("link", name=english).first).to_be_visible()
    runs = main.get_by_role("region", name="Recent runs")
    expect(
        runs.get_by_role("link", name=re.compile(r"^article .* completed$")).first
    ).to_be_visible()
    usage = main.get_by_role("region", name="Usage, last 30 days")
    # The chart is drawn (loaded on demand), with its figures as a table for everyone.
    expect(usage.get_by_role("img", name=re.compile(r"^Tokens per day by model"))).to_be_visible()
    expect(usage.get_by_text("Tokens per day as a table")).to_be_attached()
    quick = main.get_by_role("region", name="Quick actions")
    expect(quick.get_by_role("link", name=re.compile(r"^Write an article"))).to_have_attribute(
        "href", "/studio"
    )
    screenshot(page, "dashboard")
    assert_accessible(page, "the dashboard (light)")
    set_theme(page, "dark")
    assert_accessible(page, "the dashboard (dark)")


def test_usage_by_day_model_and_member(page: Page, studio: Studio, articles: Articles) -> None:
    sign_in(page, studio, path="/usage")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Usage", level=1)).to_be_visible()
    calls = main.get_by_role("definition").first
    expect(calls).not_to_have_text("0")
    expect(main.get_by_role("region", name="Per day, by model")).to_be_visible()
    breakdown = main.get_by_role("region", name="Breakdown")
    breakdown.get_by_role("tab", name="By model").click()
    expect(breakdown.get_by_role("tabpanel", name="By model")).to_contain_text("fake")
    with page.expect_download() as exported:
        breakdown.get_by_role("button", name="Export CSV").click()
    assert exported.value.suggested_filename.endswith(".csv")
    screenshot(page, "usage")
    assert_accessible(page, "usage (light)")
    set_theme(page, "dark")
    assert_accessible(page, "usage (dark)")


def test_the_product_writer_writes_copy_from_facts(page: Page, studio: Studio) -> None:
    sign_in(page, studio, path="/products")
    main = page.get_by_role("main")
    facts = main.get_by_role("form", name="Product facts")
    expect(facts).to_be_visible()
    assert_accessible(page, "the product writer (light)")
    facts.get_by_label("Product name").fill("Linen apron")
    facts.get_by_label("Category").fill("Kitchen textiles")
    facts.get_by_label("Features").fill("two deep pockets\nadjustable straps")
    facts.get_by_role("button", name="Write product copy").click()
    expect(main.get_by_text("Linen apron for everyday use").first).to_be_visible(timeout=60_000)
    expect(main.locator("iframe[sandbox='']").first).to_be_attached()
    screenshot(page, "product-writer")
    assert_accessible(page, "product copy (light)")
    set_theme(page, "dark")
    assert_accessible(page, "product copy (dark)")


def test_the_theme_menu_switches_and_remembers(page: Page, studio: Studio) -> None:
    sign_in(page, studio)
    html = page.locator("html")
    expect(html).not_to_have_class(re.compile(r"\bdark\b"))
    page.get_by_role("button", name=re.compile(r"^Theme: ")).click()
    page.get_by_role("menuitemradio", name="Dark").click()
    expect(html).to_have_class(re.compile(r"\bdark\b"))
    expect(page.get_by_role("menu")).to_have_count(0)
    # The choice is kept for the next visit, whatever the system prefers.
    page.reload()
    expect(page.get_by_role("button", name="Theme: dark. Change theme")).to_be_visible()
    expect(html).to_have_class(re.compile(r"\bdark\b"))
    assert_accessible(page, "the dashboard, dark chosen in the menu")
