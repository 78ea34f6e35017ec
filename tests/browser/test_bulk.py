"""The Bulk Generator: a CSV is checked row by row before anything is spent, then run."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Studio, assert_accessible, screenshot, set_theme, sign_in

BROKEN = (
    b"name,category,features\n"
    b"Linen apron,Kitchen textiles,two deep pockets|adjustable straps\n"
    b",Kitchen textiles,a row without a name\n"
    b"Oak cutting board,Kitchen tools,end grain|juice groove\n"
)
GOOD = (
    b"name,category,features\n"
    b"Linen apron,Kitchen textiles,two deep pockets|adjustable straps\n"
    b"Oak cutting board,Kitchen tools,end grain|juice groove\n"
)


def _upload(page: Page, name: str, content: bytes) -> None:
    page.get_by_role("main").locator("input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content}]
    )


def test_a_row_error_is_shown_before_start_then_a_good_file_runs(
    page: Page, studio: Studio
) -> None:
    sign_in(page, studio, path="/bulk")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Bulk Generator", level=1)).to_be_visible()
    assert_accessible(page, "the bulk generator, empty (light)")

    _upload(page, "products.csv", BROKEN)
    expect(main.get_by_text(re.compile(r"products\.csv: 3 rows, 3 columns"))).to_be_visible()
    problems = main.get_by_role("alert").filter(has_text=re.compile(r"1 problem in 1 row"))
    expect(problems).to_be_visible()
    expect(problems).to_contain_text(re.compile(r"Row 2, Name"))
    start = main.get_by_role("button", name=re.compile(r"^Start \d+ products$"))
    expect(start).to_be_disabled()
    screenshot(page, "bulk")
    assert_accessible(page, "the bulk generator with a row error (light)")
    set_theme(page, "dark")
    assert_accessible(page, "the bulk generator with a row error (dark)")
    set_theme(page, "light")

    _upload(page, "products.csv", GOOD)
    expect(main.get_by_text("All 2 rows are ready.")).to_be_visible()
    start = main.get_by_role("button", name="Start 2 products")
    expect(start).to_be_enabled()
    start.click()
    # The job view: a progress bar and a live table of items, each finished in turn.
    expect(main.get_by_role("progressbar").first).to_be_visible()
    items = main.get_by_role("table").last
    expect(items.get_by_role("row", name=re.compile(r"Linen apron"))).to_be_visible(timeout=60_000)
    expect(main.get_by_text(re.compile(r"\bcompleted\b", re.IGNORECASE)).first).to_be_visible(
        timeout=60_000
    )
    assert_accessible(page, "a bulk job (light)")
