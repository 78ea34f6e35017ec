"""The Library: search the workspace's documents, open one, see its versions and their diff."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    EDITED_EXCERPT,
    Articles,
    Studio,
    assert_accessible,
    screenshot,
    set_theme,
    sign_in,
)


def test_search_a_document_and_compare_its_versions(
    page: Page, studio: Studio, articles: Articles
) -> None:
    sign_in(page, studio, path="/library")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Library", level=1)).to_be_visible()
    main.get_by_role("searchbox", name="Search").fill("sourdough")
    results = main.get_by_role("table")
    english = results.locator(f'a[href="/library/{articles.english}"]')
    expect(english).to_have_text("Sourdough bread at home")
    # The search narrows the list: the Arabic article does not mention the English word.
    expect(results.get_by_role("link", name=re.compile("خبز"))).to_have_count(0)
    screenshot(page, "library")
    assert_accessible(page, "the library (light)")

    english.click()
    expect(page).to_have_url(re.compile(f"/library/{articles.english}$"))
    expect(main.get_by_role("heading", name="Sourdough bread at home", level=1)).to_be_visible()
    expect(main.get_by_text(EDITED_EXCERPT)).to_be_visible()

    main.get_by_role("tab", name="Compare").click()
    diff = main.get_by_role("tabpanel")
    expect(
        diff.get_by_text(re.compile(r"1 field changed, 3 words added, 0 removed"))
    ).to_be_visible()
    expect(diff.get_by_role("region", name=re.compile(r"^Excerpt"))).to_contain_text("practical")
    assert_accessible(page, "a document's version diff (light)")
    set_theme(page, "dark")
    assert_accessible(page, "a document's version diff (dark)")
    set_theme(page, "light")

    main.get_by_role("tab", name="Versions (2)").click()
    versions = main.get_by_role("tabpanel")
    expect(
        versions.get_by_role("row", name=re.compile(r"^2 current Edited by hand"))
    ).to_be_visible()
    versions.get_by_role("button", name=re.compile(r"^Show version 1\b")).click()
    # The button says where version 1 is shown: the Content tab, with the generated excerpt.
    expect(main.get_by_role("tab", name="Content")).to_have_attribute("aria-selected", "true")
    expect(main.get_by_text("A patient guide to sourdough at home.")).to_be_visible()


def test_an_arabic_document_reads_right_to_left(
    page: Page, studio: Studio, articles: Articles
) -> None:
    sign_in(page, studio, path=f"/library/{articles.arabic}")
    main = page.get_by_role("main")
    heading = main.get_by_role("heading", name="خبز العجين المخمر في المنزل", level=1)
    expect(heading).to_be_visible()
    # The Arabic content is laid out right to left, the studio around it is not.
    expect(main.locator('[dir="rtl"]').first).to_be_visible()
    expect(page.locator("html")).not_to_have_attribute("dir", "rtl")
    assert_accessible(page, "an Arabic document (light)")
    set_theme(page, "dark")
    assert_accessible(page, "an Arabic document (dark)")


def test_the_library_list_in_dark(page: Page, studio: Studio, articles: Articles) -> None:
    sign_in(page, studio, path="/library")
    expect(page.get_by_role("main").get_by_role("table")).to_be_visible()
    set_theme(page, "dark")
    assert_accessible(page, "the library (dark)")
