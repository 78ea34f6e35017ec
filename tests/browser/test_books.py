"""Books: a short book briefed in the studio, written live chapter by chapter, then edited,
downloaded as EPUB and read in the page (the fake provider's lighthouse story)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect

from tests.browser.conftest import Studio, assert_accessible, screenshot, set_theme, sign_in

BOOK_TIMEOUT_MS = 120_000
EDITED = "Mara opened the logbook and wrote down every ship she had seen that winter."


def _books(studio: Studio) -> int:
    with studio.api() as api:
        listed = api.get("/books")
        assert listed.status_code == 200, listed.text
        return int(listed.json()["total"])


def test_a_short_book_is_written_edited_downloaded_and_read(
    page: Page, studio: Studio, tmp_path: Path
) -> None:
    sign_in(page, studio, path="/books")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Books", exact=True)).to_be_visible()
    listed = main.get_by_text("No books yet").or_(main.get_by_role("list", name="Books"))
    expect(listed).to_be_visible()
    before = _books(studio)
    main.get_by_role("link", name="New book").click()
    form = main.get_by_role("form", name="Book brief")
    form.get_by_label("Genre", exact=True).fill("sea adventure for young readers")

    # A limit the form knows is shown next to its field; the server's per-chapter limit above
    # the button (it names no single field).
    form.get_by_label("Chapters", exact=True).fill("0")
    form.get_by_role("button", name="Write the book").click()
    expect(form.get_by_text("Give 1 to 60 chapters.")).to_be_visible()
    form.get_by_label("Length in words").fill("500")
    form.get_by_label("Chapters", exact=True).fill("4")
    form.get_by_role("button", name="Write the book").click()
    expect(form.get_by_text(re.compile(r"under the limit of 150 words a chapter"))).to_be_visible()
    assert _books(studio) == before
    assert_accessible(page, "book brief with problems (light)")

    # A double click starts one run.
    form.get_by_label("Chapters", exact=True).fill("2")
    form.get_by_label("Author", exact=True).fill("Ada Writer")
    form.get_by_role("button", name="Write the book").dblclick()
    progress = main.get_by_role("region", name="Chapter progress")
    expect(progress).to_contain_text("Chapter 1")
    expect(progress).to_contain_text("Chapter 2")
    expect(main.get_by_role("progressbar", name="Run progress")).to_be_visible()
    expect(main.get_by_role("heading", name="Record")).to_be_visible(timeout=BOOK_TIMEOUT_MS)
    assert _books(studio) == before + 1
    expect(main.get_by_text("The Lighthouse Keeper's Daughter")).to_be_visible()
    expect(main.get_by_text(re.compile(r"of 500 words"))).to_be_visible()
    table = main.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(3)
    assert_accessible(page, "book view (light)")
    set_theme(page, "dark")
    assert_accessible(page, "book view (dark)")
    set_theme(page, "light")

    # Edit chapter 1: saved as version 2.
    main.get_by_role("button", name="Edit chapter 1").click()
    editor = main.get_by_role("form", name="Edit chapter 1")
    text = editor.get_by_label("Chapter text")
    expect(text).to_have_value(re.compile(r"\w+"))
    text.fill(EDITED + "\n\n* * *\n\nThe lamp burned until the morning came over the bay.")
    editor.get_by_role("button", name="Save chapter").click()
    expect(main.get_by_text(re.compile(r"^Saved as version 2: chapter 1 has"))).to_be_visible()
    expect(editor.get_by_label("Chapter text")).to_have_value(re.compile("^" + EDITED))
    expect(main.get_by_text("Version 2; a format not exported yet")).to_be_visible()

    # The EPUB of version 2 is a zip with the edited text.
    with page.expect_download() as started:
        main.get_by_role("button", name="EPUB", exact=True).click()
    saved = tmp_path / started.value.suggested_filename
    started.value.save_as(saved)
    assert saved.suffix == ".epub", saved.name
    assert zipfile.is_zipfile(saved)
    with zipfile.ZipFile(saved) as epub:
        assert epub.read("mimetype") == b"application/epub+zip"
        pages = "".join(
            epub.read(name).decode("utf-8") for name in epub.namelist() if name.endswith("html")
        )
    assert EDITED in pages

    # Chapter 2 written again: its run followed live, then version 3.
    main.get_by_role("button", name="Regenerate chapter 2").click()
    expect(main.get_by_role("region", name="Chapter progress")).to_be_visible()
    expect(main.get_by_text("Version 3; a format not exported yet")).to_be_visible(
        timeout=BOOK_TIMEOUT_MS
    )
    expect(main.get_by_role("region", name="Chapter progress")).to_have_count(0)

    # The reader: chapter 1 as edited, then chapter 2 from the chapter navigation.
    main.get_by_role("tab", name="Reader").click()
    reader = main.get_by_role("article", name="Reader")
    expect(reader).to_contain_text(EDITED)
    expect(reader.get_by_label("Scene break")).to_be_visible()
    navigation = main.get_by_role("navigation", name="Chapters of the book")
    navigation.get_by_role("button", name=re.compile(r"^2\. ")).click()
    expect(reader.get_by_role("heading", level=3)).to_have_text(re.compile(r"^2\. "))
    expect(reader).not_to_contain_text(EDITED)
    assert reader.get_attribute("dir") == "ltr"
    assert_accessible(page, "book reader (light)")
    screenshot(page, "books-reader")
    set_theme(page, "dark")
    assert_accessible(page, "book reader (dark)")


def test_the_outline_review_is_opened_from_the_book_run(page: Page, studio: Studio) -> None:
    sign_in(page, studio, path="/books/new")
    main = page.get_by_role("main")
    form = main.get_by_role("form", name="Book brief")
    form.get_by_label("Genre", exact=True).fill("lighthouse mystery")
    form.get_by_label("Length in words").fill("500")
    form.get_by_label("Chapters", exact=True).fill("2")
    form.get_by_role("switch", name=re.compile("review and approve the outline")).click()
    form.get_by_role("button", name="Write the book").click()
    expect(main.get_by_role("heading", name="The outline waits for your review")).to_be_visible(
        timeout=BOOK_TIMEOUT_MS
    )
    assert_accessible(page, "book run paused for the outline review (light)")
    execution = parse_qs(urlparse(page.url).query)["run"][0]
    main.get_by_role("link", name="Open the outline review").click()
    expect(page).to_have_url(re.compile(rf"/executions/{re.escape(execution)}$"))
    with studio.api() as api:
        run = api.get(f"/executions/{execution}").json()
    assert run["status"] == "paused", run
