"""The Bulk Generator asks the server's dry run before Start: its row errors are the server's."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Studio, sign_in

# Only the server knows this workspace's brand profiles: the screen has no rule of its own.
UNKNOWN_BRAND = (
    b"Product,category,brand_profile\n"
    b"Linen apron,Kitchen textiles,\n"
    b"Oak cutting board,Kitchen tools,Nowhere Brand\n"
)

FIXED = (
    b"Product,category,colour\n"
    b"Linen apron,Kitchen textiles,blue\n"
    b"Oak cutting board,Kitchen tools,brown\n"
)


def test_a_row_only_the_server_can_judge_is_shown_before_start(page: Page, studio: Studio) -> None:
    sign_in(page, studio, path="/bulk")
    main = page.get_by_role("main")
    main.locator("input[type=file]").set_input_files(
        files=[{"name": "brands.csv", "mimeType": "text/csv", "buffer": UNKNOWN_BRAND}]
    )

    problems = main.get_by_role("alert").filter(has_text=re.compile(r"1 problem in 1 row"))
    expect(problems).to_be_visible()
    expect(problems).to_contain_text(
        "Row 2, Brand profile: no brand profile named 'Nowhere Brand' in this workspace"
    )
    expect(main.get_by_role("button", name="Start 2 products")).to_be_disabled()

    # The fixed file: the server checks it again, every row passes, and it says what it ignores.
    main.locator("input[type=file]").set_input_files(
        files=[{"name": "brands.csv", "mimeType": "text/csv", "buffer": FIXED}]
    )
    expect(main.get_by_text("All 2 rows are ready.")).to_be_visible()
    expect(main.get_by_text(re.compile(r"Columns no field uses: colour\."))).to_be_visible()
    expect(main.get_by_role("button", name="Start 2 products")).to_be_enabled()
