"""Books: a short book briefed in the studio, written live chapter by chapter, then edited,
downloaded as EPUB and read in the page (the fake provider's lighthouse story); an outline
reviewed, edited and approved (or rejected) on the book's page; the chapters' continuity
issues read and the chapters approved on the book's page; an Arabic book laid out right to
left on its page, in its chapter editor and in the reader."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Locator, Page, expect

from tests.browser.book_fakes import AR_POOLS, AR_TITLE, CONTINUITY_AUDIENCE, CONTINUITY_CLAIM
from tests.browser.conftest import Studio, assert_accessible, screenshot, set_theme, sign_in
from tests.waiting import wait_until

BOOK_TIMEOUT_MS = 120_000
EDITED = "Mara opened the logbook and wrote down every ship she had seen that winter."
NEW_TITLE = "The Night the Lamp Went Out"
# The gaps between an element's text and its own left and right edges, in CSS pixels.
TEXT_GAPS = """(element) => {
  const range = document.createRange();
  range.selectNodeContents(element);
  const text = range.getBoundingClientRect();
  const box = element.getBoundingClientRect();
  return [text.left - box.left, box.right - text.right];
}"""


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
    expect(main.get_by_role("region", name="Chapter progress")).to_contain_text(
        "Chapter 2: The Third Tide of Part 2"
    )
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


def _brief(
    page: Page,
    genre: str,
    *,
    review: bool = False,
    language: str | None = None,
    review_book: bool = False,
    audience: str | None = None,
) -> None:
    """Fill the book brief (two chapters, 500 words) and start the book."""
    main = page.get_by_role("main")
    form = main.get_by_role("form", name="Book brief")
    form.get_by_label("Genre", exact=True).fill(genre)
    if audience is not None:
        form.get_by_label("Audience", exact=True).fill(audience)
    if language is not None:
        form.get_by_role("combobox", name="Language").click()
        page.get_by_role("option", name=language).click()
        expect(form.get_by_role("combobox", name="Language")).to_contain_text(language)
    form.get_by_label("Length in words").fill("500")
    form.get_by_label("Chapters", exact=True).fill("2")
    if review:
        form.get_by_role("switch", name=re.compile("review and approve the outline")).click()
    if review_book:
        form.get_by_role("switch", name=re.compile("read the continuity issues")).click()
    form.get_by_role("button", name="Write the book").click()


def _run_status(studio: Studio, execution: str) -> dict[str, object]:
    with studio.api() as api:
        answer = api.get(f"/executions/{execution}")
        assert answer.status_code == 200, answer.text
        return dict(answer.json())


def _continuity_passes(studio: Studio, execution: str) -> int:
    """How many times the run's continuity pass completed (once more per chapter rewritten)."""
    with studio.api() as api:
        detail = api.get(f"/executions/{execution}/detail")
        assert detail.status_code == 200, detail.text
        attempts = detail.json()["attempts"]
    return sum(1 for a in attempts if a["node_id"] == "continuity" and a["status"] == "completed")


def _right_to_left(locator: Locator, where: str, *, aligned: bool = True) -> None:
    """Laid out right to left: its direction is rtl and (``aligned``: when it is wider than
    its text) its text sits at its right edge."""
    assert locator.evaluate("(e) => getComputedStyle(e).direction") == "rtl", where
    if not aligned:
        return
    left, right = locator.evaluate(TEXT_GAPS)
    assert right < left, f"{where}: text {left:.0f} px from the left, {right:.0f} px from the right"


def _chapter_line(progress: Locator, number: int) -> Locator:
    """The line of chapter ``number`` in the run's chapter progress."""
    return progress.get_by_role("listitem").filter(has_text=f"Chapter {number}")


def test_the_outline_is_reviewed_edited_and_approved_on_the_book_page(
    page: Page, studio: Studio
) -> None:
    sign_in(page, studio, path="/books/new")
    main = page.get_by_role("main")
    _brief(page, "lighthouse mystery", review=True, review_book=True)
    expect(main.get_by_role("heading", name="The outline waits for your review")).to_be_visible(
        timeout=BOOK_TIMEOUT_MS
    )
    execution = parse_qs(urlparse(page.url).query)["run"][0]
    review = main.get_by_role("form", name="Outline review")
    chapters = review.get_by_role("list", name="Chapters of the outline")
    expect(chapters.get_by_role("listitem").filter(has_text="At its end")).to_have_count(2)
    expect(chapters).to_contain_text("Mara climbs the tower at dusk.")
    expect(chapters).to_contain_text("The lamp burns and the harbour is calm after part 2.")
    title = review.get_by_label("Title of chapter 1")
    expect(title).to_have_value("The Second Tide of Part 1")
    # The first run has no version yet, but each chapter is named from the outline (issue 18).
    progress = main.get_by_role("region", name="Chapter progress")
    expect(progress.locator('[data-state="pending"]')).to_have_count(2)
    expect(_chapter_line(progress, 1)).to_have_text("Chapter 1: The Second Tide of Part 1 pending")
    expect(_chapter_line(progress, 2)).to_have_text("Chapter 2: The Third Tide of Part 2 pending")
    assert_accessible(page, "outline review (light)")
    screenshot(page, "books-outline-review")
    set_theme(page, "dark")
    assert_accessible(page, "outline review (dark)")
    set_theme(page, "light")

    # A goal the outline cannot hold is refused in the form; the run still waits.
    goal = review.get_by_label("Goal of chapter 2")
    kept_goal = goal.input_value()
    goal.fill("Too short")
    review.get_by_role("button", name="Approve with my edits").click()
    expect(review.get_by_text("Give a goal of 10 to 300 characters.")).to_be_visible()
    assert _run_status(studio, execution)["status"] == "paused"

    # A new title for chapter 1, approved with a comment: the chapters are written from it.
    goal.fill(kept_goal)
    title.fill(NEW_TITLE)
    expect(review.get_by_role("status")).to_have_text("1 of 2 chapters edited")
    review.get_by_label("Comment (optional)").fill("a darker first chapter")
    review.get_by_role("button", name="Approve with my edits").click()
    expect(main.get_by_role("heading", name="Writing the book")).to_be_visible()
    expect(review).to_have_count(0)
    expect(progress.locator('[data-state="writing"]').first).to_be_visible(timeout=BOOK_TIMEOUT_MS)

    # Held at the chapters' review, still before the first version: each chapter is named
    # as reviewed and written with its length, and stays so when the page is loaded again.
    held = main.get_by_role("heading", name="The chapters wait for your review")
    expect(held).to_be_visible(timeout=BOOK_TIMEOUT_MS)
    written = re.compile(r"done, \d+ of 250 words$")
    expect(_chapter_line(progress, 1)).to_contain_text(f"Chapter 1: {NEW_TITLE} done")
    expect(_chapter_line(progress, 2)).to_contain_text("Chapter 2: The Third Tide of Part 2 done")
    page.reload()
    expect(held).to_be_visible()
    expect(progress.locator('[data-state="done"]')).to_have_count(2)
    expect(_chapter_line(progress, 1)).to_contain_text(f"Chapter 1: {NEW_TITLE} done")
    expect(_chapter_line(progress, 1)).to_have_text(written)
    expect(_chapter_line(progress, 2)).to_have_text(written)
    expect(main.get_by_role("heading", name="Record")).to_have_count(0)
    assert_accessible(page, "a book's chapters before its first version (light)")
    screenshot(page, "books-first-run-chapters")
    main.get_by_role("form", name="Book review").get_by_role(
        "button", name="Approve the chapters"
    ).click()
    expect(main.get_by_role("heading", name="Record")).to_be_visible(timeout=BOOK_TIMEOUT_MS)
    table = main.get_by_role("table")
    expect(table.get_by_role("row").nth(1)).to_contain_text(f"1. {NEW_TITLE}")
    expect(table.get_by_role("row").nth(2)).to_contain_text("2. The Third Tide of Part 2")
    assert _run_status(studio, execution)["status"] == "completed"


def test_the_chapters_continuity_issues_are_read_and_approved_on_the_book_page(
    page: Page, studio: Studio
) -> None:
    sign_in(page, studio, path="/books/new")
    main = page.get_by_role("main")
    _brief(page, "lighthouse chronicle", review_book=True, audience=CONTINUITY_AUDIENCE)
    expect(main.get_by_role("heading", name="The chapters wait for your review")).to_be_visible(
        timeout=BOOK_TIMEOUT_MS
    )
    execution = parse_qs(urlparse(page.url).query)["run"][0]
    review = main.get_by_role("form", name="Book review")
    expect(review.get_by_role("status")).to_have_text(
        "1 continuity issue flagged, 1 fixed by a rewrite, 0 errors left."
    )
    rows = review.get_by_role("table", name="Chapters under review").get_by_role("row")
    expect(rows).to_have_count(3)
    expect(rows.nth(2)).to_contain_text("2. The Third Tide of Part 2")
    issues = review.get_by_role("list", name="Continuity issues").get_by_role("listitem")
    expect(issues).to_have_count(1)
    expect(issues.first).to_contain_text("Chapter 2: Timeline")
    expect(issues.first).to_contain_text(CONTINUITY_CLAIM)
    expect(issues.first).to_contain_text("fixed by a rewrite")
    assert_accessible(page, "book review (light)")
    screenshot(page, "books-book-review")

    # Chapter 2 written again: the run is sent back, the chapter rewritten, checked again,
    # and the run comes back to this review.
    review.get_by_role("button", name="Write chapter 2 again").click()
    page.get_by_role("dialog").get_by_role("button", name="Write chapter 2 again").click()
    wait_until(
        lambda: _continuity_passes(studio, execution) == 2,
        timeout=BOOK_TIMEOUT_MS / 1000,
        interval=0.5,
        message="chapter 2 was not written and checked again",
    )
    expect(main.get_by_role("heading", name="The chapters wait for your review")).to_be_visible(
        timeout=BOOK_TIMEOUT_MS
    )
    review.get_by_role("button", name="Approve the chapters").click()
    expect(main.get_by_role("heading", name="Record")).to_be_visible(timeout=BOOK_TIMEOUT_MS)
    expect(review).to_have_count(0)
    assert _run_status(studio, execution)["status"] == "completed"


def test_a_rejected_outline_stops_the_book_with_the_reason(page: Page, studio: Studio) -> None:
    sign_in(page, studio, path="/books/new")
    main = page.get_by_role("main")
    _brief(page, "harbour mystery", review=True)
    review = main.get_by_role("form", name="Outline review")
    expect(review).to_be_visible(timeout=BOOK_TIMEOUT_MS)
    execution = parse_qs(urlparse(page.url).query)["run"][0]
    review.get_by_label("Comment (optional)").fill("The chapters repeat each other")
    review.get_by_role("button", name="Reject the outline").click()
    dialog = page.get_by_role("dialog", name="Reject the outline?")
    assert_accessible(page, "reject the outline, asked first (light)")
    dialog.get_by_role("button", name="Reject the outline").click()
    expect(main.get_by_role("heading", name="The book was not finished")).to_be_visible(
        timeout=BOOK_TIMEOUT_MS
    )
    expect(main.get_by_text("The chapters repeat each other").first).to_be_visible()
    status = _run_status(studio, execution)
    assert status["status"] == "failed", status
    assert (
        main.get_by_role("region", name="Chapter progress")
        .locator('[data-state="writing"], [data-state="done"]')
        .count()
        == 0
    )


def test_an_arabic_book_is_reviewed_edited_and_read_right_to_left(
    page: Page, studio: Studio
) -> None:
    sign_in(page, studio, path="/books/new")
    main = page.get_by_role("main")
    _brief(page, "مغامرة بحرية للصغار", language="Arabic", review=True)

    # The outline review: the chapter's plan is read and edited right to left.
    review = main.get_by_role("form", name="Outline review")
    expect(review).to_be_visible(timeout=BOOK_TIMEOUT_MS)
    for label in ("Title of chapter 1", "Goal of chapter 1"):
        expect(review.get_by_label(label)).to_have_attribute("dir", "rtl")
    beats = review.get_by_role("list", name="Chapters of the outline").locator("ol").first
    expect(beats).to_have_attribute("lang", "ar")
    _right_to_left(beats.get_by_role("listitem").first, "a scene of the outline")
    review.get_by_role("button", name="Approve the outline").click()
    expect(main.get_by_role("heading", name="Record")).to_be_visible(timeout=BOOK_TIMEOUT_MS)
    expect(page.locator("html")).not_to_have_attribute("dir", "rtl")  # the studio stays LTR

    # The book's page: its title and each chapter's title, right to left.
    heading = main.get_by_role("heading", name=AR_TITLE, level=2)
    expect(heading).to_be_visible()
    # The title sits in the studio's left-to-right header row, as wide as its text.
    _right_to_left(heading, "the book's title", aligned=False)
    cell = main.get_by_role("table").get_by_role("row").nth(1).get_by_role("cell").first
    expect(cell).to_contain_text("1. المد الأول")
    _right_to_left(cell, "a chapter's title in the table")
    assert_accessible(page, "an Arabic book (light)")

    # The chapter editor: its title and text are typed right to left.
    main.get_by_role("button", name="Edit chapter 1").click()
    editor = main.get_by_role("form", name="Edit chapter 1")
    for label in ("Chapter title", "Chapter text"):
        field = editor.get_by_label(label)
        expect(field).to_have_attribute("dir", "rtl")
        assert field.evaluate("(e) => getComputedStyle(e).direction") == "rtl", label
    opening = re.compile("^(" + "|".join(AR_POOLS[0]) + ")")  # who the story's sentences open with
    expect(editor.get_by_label("Chapter text")).to_have_value(opening)
    editor.get_by_role("button", name="Close").click()

    # The reader: the chapter navigation and the text, right to left, in Arabic.
    main.get_by_role("tab", name="Reader").click()
    reader = main.get_by_role("article", name="Reader")
    expect(reader).to_have_attribute("dir", "rtl")
    expect(reader).to_have_attribute("lang", "ar")
    chapter = reader.get_by_role("heading", level=3)
    expect(chapter).to_have_text("1. المد الأول")
    _right_to_left(chapter, "the reader's chapter heading")
    _right_to_left(reader.locator("p").first, "the reader's first paragraph")
    navigation = main.get_by_role("navigation", name="Chapters of the book")
    expect(navigation).to_have_attribute("dir", "rtl")
    # The navigation sits at the start of a right-to-left page: the right.
    nav_box, text_box = navigation.bounding_box(), reader.bounding_box()
    assert nav_box is not None and text_box is not None
    assert nav_box["x"] > text_box["x"] + text_box["width"] - 1, (nav_box, text_box)
    _right_to_left(navigation.get_by_role("button").first, "a chapter in the navigation")
    assert_accessible(page, "an Arabic book in the reader (light)")
    screenshot(page, "books-reader-arabic")
    set_theme(page, "dark")
    assert_accessible(page, "an Arabic book in the reader (dark)")
