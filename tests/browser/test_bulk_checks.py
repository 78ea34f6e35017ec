"""The Bulk Generator asks the server's dry run before Start: its row errors are the server's."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Studio, assert_accessible, sign_in

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


# A European spreadsheet's export: a byte-order mark, semicolons, decimal commas, CRLF, and
# headers in French and German, one with spaces around it and a currency sign.
EUROPEAN = (
    "\ufeffNom du produit;Kategorie; Price (€) ;Mots-clés;colour\r\n"
    "Tablier en lin;Textiles de cuisine;24,90;tablier|lin;bleu\r\n"
    "Planche en chêne;Ustensiles;39,00;planche;brun\r\n"
).encode()


def test_foreign_and_odd_headers_are_matched_by_the_server(page: Page, studio: Studio) -> None:
    sign_in(page, studio, path="/bulk")
    main = page.get_by_role("main")
    main.locator("input[type=file]").set_input_files(
        files=[{"name": "produits.csv", "mimeType": "text/csv", "buffer": EUROPEAN}]
    )

    expect(main.get_by_text(re.compile(r"produits\.csv: 2 rows, 5 columns"))).to_be_visible()
    # The server's matching, in the languages of its alias table; the screen has none.
    expect(main.get_by_text(re.compile(r"in English, German, French or Spanish"))).to_be_visible()
    expected = {
        "Name": "Nom du produit",
        "Category": "Kategorie",
        "Price": "Price (€)",
        "Keywords": "Mots-clés",
        "Audience": "Not used",
    }
    for field, column in expected.items():
        select = main.get_by_role("combobox", name=re.compile(rf"^{field}\b"))
        expect(select).to_have_text(column)
    expect(main.get_by_text("All 2 rows are ready.")).to_be_visible()
    expect(main.get_by_text(re.compile(r"Columns no field uses: colour\."))).to_be_visible()
    preview = main.get_by_role("table").filter(has_text="as the fields will get them")
    expect(preview.get_by_role("row", name=re.compile(r"Tablier en lin .*24,90"))).to_be_visible()
    assert_accessible(page, "the bulk generator matching foreign headers (light)")

    # A match changed by hand is the user's: the server's check follows it.
    main.get_by_role("combobox", name=re.compile(r"^Keywords\b")).click()
    page.get_by_role("option", name="Not used").click()
    expect(
        main.get_by_text(re.compile(r"Columns no field uses: Mots-clés, colour\."))
    ).to_be_visible()
    expect(main.get_by_role("button", name="Start 2 products")).to_be_enabled()
