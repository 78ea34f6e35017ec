"""The Product Writer's result: download the saved copy, and write it again as a new version."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect

from tests.browser.conftest import Studio, assert_accessible, set_theme, sign_in

PRODUCT = "Walnut serving tray"
TITLE = f"{PRODUCT} for everyday use"  # what the fake provider writes for it
RESULT_TIMEOUT_MS = 60_000


def _download(page: Page, button: str, folder: Path) -> Path:
    with page.expect_download() as started:
        page.get_by_role("main").get_by_role("button", name=button, exact=True).click()
    download = started.value
    saved = folder / download.suggested_filename
    download.save_as(saved)
    return saved


def test_product_copy_is_downloaded_then_written_again_as_a_new_version(
    page: Page, studio: Studio, tmp_path: Path
) -> None:
    sign_in(page, studio, path="/products")
    main = page.get_by_role("main")
    facts = main.get_by_role("form", name="Product facts")
    facts.get_by_label("Product name").fill(PRODUCT)
    facts.get_by_label("Category").fill("Kitchen tools")
    facts.get_by_role("button", name="Write product copy").click()
    expect(main.get_by_text("Version 1 of the product copy")).to_be_visible(
        timeout=RESULT_TIMEOUT_MS
    )
    assert_accessible(page, "product copy with its actions (light)")
    set_theme(page, "dark")
    assert_accessible(page, "product copy with its actions (dark)")
    set_theme(page, "light")

    # The saved version, in each format offered for product copy (no Gutenberg blocks).
    expect(main.get_by_role("button", name="Gutenberg blocks")).to_have_count(0)
    markdown = _download(page, "Markdown", tmp_path)
    assert markdown.suffix == ".md", markdown.name
    assert markdown.read_text(encoding="utf-8").startswith(f"# {TITLE}\n")
    data = json.loads(_download(page, "JSON", tmp_path).read_text(encoding="utf-8"))
    assert (data["title"], data["feature_bullets"][0]) == (TITLE, f"{PRODUCT} in durable materials")
    html = _download(page, "HTML page", tmp_path)
    assert html.suffix == ".html" and f"<h1>{TITLE}</h1>" in html.read_text(encoding="utf-8")

    # Write the copy again: the new run's progress is shown, then its copy as version 2.
    regenerate = main.get_by_role("form", name="Regenerate a part")
    expect(regenerate).to_contain_text("All the copy")
    regenerate.get_by_role("button", name="Regenerate all the copy").click()
    steps = main.get_by_role("list", name="Steps")
    expect(steps).to_contain_text("Write the copy")
    expect(main.get_by_role("progressbar", name="Run progress")).to_be_visible()
    expect(main.get_by_text("Version 2 of the product copy")).to_be_visible(
        timeout=RESULT_TIMEOUT_MS
    )
    expect(main.get_by_text(re.compile(r"^The saved version 2\b"))).to_be_visible()

    query = parse_qs(urlparse(page.url).query)
    document, execution = query["doc"][0], query["run"][0]
    with studio.api() as api:
        versions = api.get(f"/documents/{document}/versions").json()
        run = api.get(f"/executions/{execution}").json()
    assert [v["version"] for v in versions] == [1, 2], versions
    assert run["status"] == "completed", run
    # The download is of the new version now.
    assert _download(page, "Markdown", tmp_path).name.endswith("-v2.md")
