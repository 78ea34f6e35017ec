"""The Content Studio: brief an article, watch it being written, check its SEO, download it.

Each article is written by the shipped fake provider (``studio_fakes``), slowed a little per
answer so the live progress is on the screen long enough to be seen.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import (
    PageWatch,
    Studio,
    assert_accessible,
    screenshot,
    set_theme,
    sign_in,
)
from tests.browser.studio_fakes import AR_KEYWORD, AR_TOPIC, EN_KEYWORD, EN_TOPIC

RESULT_TIMEOUT_MS = 60_000
AR_TITLE = "خبز العجين المخمر في المنزل"


def _article_runs(studio: Studio, since: datetime) -> int:
    """How many article runs were started since ``since``."""
    with studio.api() as api:
        answer = api.get(
            "/executions",
            params={"flow": "article", "limit": 1, "created_after": since.isoformat()},
        )
        assert answer.status_code == 200, answer.text
        return int(answer.json()["total"])


def _result(page: Page, title: str) -> Locator:
    heading = page.get_by_role("main").get_by_role("heading", name=title, level=2)
    expect(heading).to_be_visible(timeout=RESULT_TIMEOUT_MS)
    return heading


def test_generate_an_article_with_live_progress_seo_and_download(
    page: Page, studio: Studio, tmp_path: Path
) -> None:
    sign_in(page, studio, path="/studio")
    main = page.get_by_role("main")
    brief = main.get_by_role("form", name="Article brief")
    expect(brief).to_be_visible()
    assert_accessible(page, "the Content Studio brief (light)")
    screenshot(page, "content-studio")
    set_theme(page, "dark")
    assert_accessible(page, "the Content Studio brief (dark)")
    set_theme(page, "light")

    brief.get_by_label("Topic").fill(EN_TOPIC)
    brief.get_by_label("Keywords").fill(EN_KEYWORD)
    brief.get_by_role("button", name="Generate article").click()
    # Live progress, node by node, while the run goes on.
    steps = main.get_by_role("list", name="Steps")
    expect(steps).to_be_visible()
    expect(steps.get_by_role("listitem").first).to_be_visible()
    expect(steps).to_contain_text(re.compile(r"running|pending|queued"))
    expect(main.get_by_role("progressbar", name="Run progress")).to_be_visible()

    _result(page, "Sourdough bread at home")
    seo = main.get_by_role("region", name="Search snippet")
    expect(seo).to_contain_text("Sourdough bread at home: a patient baker's guide")
    expect(seo).to_contain_text(re.compile(r"48 / 60 characters"))
    expect(seo).to_contain_text(re.compile(r"140 / 140\u2013160 characters"))
    placement = main.get_by_role("region", name="Keyword placement")
    expect(placement).to_contain_text(EN_KEYWORD)
    expect(placement.get_by_text(re.compile(r"^Met: in the first paragraph"))).to_be_visible()
    outline = main.get_by_role("region", name="Headings outline")
    expect(outline).to_contain_text("Feeding the starter")
    ld = main.get_by_role("region", name="JSON-LD", exact=True)
    expect(ld).to_contain_text('"@type": "Article"')
    expect(main.get_by_role("region", name="Contract check")).to_contain_text(
        "meets every rule of the article contract"
    )
    # The article itself is previewed in a sandboxed frame (model output never runs here).
    frame = main.locator("iframe")
    expect(frame).to_have_attribute("sandbox", "")
    screenshot(page, "content-studio-result")
    assert_accessible(page, "the Content Studio result (light)")
    set_theme(page, "dark")
    assert_accessible(page, "the Content Studio result (dark)")
    set_theme(page, "light")

    with page.expect_download() as started:
        main.get_by_role("button", name="Markdown").click()
    download = started.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.suffix == ".md", download.suggested_filename
    markdown = saved.read_text(encoding="utf-8")
    assert markdown.startswith("# Sourdough bread at home\n"), markdown[:200]
    assert "## Feeding the starter" in markdown


def test_a_double_clicked_generate_starts_one_run(page: Page, studio: Studio) -> None:
    sign_in(page, studio, path="/studio")
    brief = page.get_by_role("form", name="Article brief")
    brief.get_by_label("Topic").fill(EN_TOPIC)
    brief.get_by_label("Keywords").fill(EN_KEYWORD)
    since = datetime.now(UTC)
    brief.get_by_role("button", name="Generate article").dblclick()
    _result(page, "Sourdough bread at home")
    assert _article_runs(studio, since) == 1


def test_an_arabic_article_is_written_and_shown_right_to_left(page: Page, studio: Studio) -> None:
    sign_in(page, studio, path="/studio")
    brief = page.get_by_role("form", name="Article brief")
    brief.get_by_label("Topic").fill(AR_TOPIC)
    brief.get_by_label("Keywords").fill(AR_KEYWORD)
    brief.get_by_role("combobox", name="Language").click()
    page.get_by_role("option", name="Arabic").click()
    expect(brief.get_by_role("combobox", name="Language")).to_contain_text("Arabic")
    # What is typed in Arabic is typed right to left.
    expect(brief.get_by_label("Topic")).to_have_attribute("dir", re.compile(r"rtl|auto"))
    brief.get_by_role("button", name="Generate article").click()
    _result(page, AR_TITLE)
    main = page.get_by_role("main")
    # The article is laid out right to left; the studio around it stays left to right.
    expect(main.locator('[dir="rtl"]', has_text=AR_TITLE).first).to_be_visible()
    expect(page.locator("html")).not_to_have_attribute("dir", "rtl")
    snippet = page.get_by_role("region", name="Search snippet")
    expect(snippet.locator('[dir="rtl"]').first).to_be_visible()
    assert_accessible(page, "an Arabic article in the Content Studio (light)")
    screenshot(page, "content-studio-arabic")
    set_theme(page, "dark")
    assert_accessible(page, "an Arabic article in the Content Studio (dark)")


def test_the_content_studio_with_the_keyboard_alone(page: Page, studio: Studio) -> None:
    sign_in(page, studio, path="/studio")
    expect(page.get_by_role("form", name="Article brief")).to_be_visible()
    _tab_to(page, "Topic")
    page.keyboard.type(EN_TOPIC)
    _tab_to(page, "Keywords")
    page.keyboard.type(EN_KEYWORD)
    _tab_to(page, "Generate article")
    page.keyboard.press("Enter")
    _result(page, "Sourdough bread at home")
    # The result's actions are reachable and work from the keyboard too.
    _tab_to(page, "Markdown")
    with page.expect_download() as started:
        page.keyboard.press("Enter")
    assert started.value.suggested_filename.endswith(".md")
    # Tabs take the focus once, on the selected tab; the arrow keys move between them.
    _tab_to(page, "Preview")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("tab", name="Edit")).to_have_attribute("aria-selected", "true")


_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return '';
  const labelled = el.labels && el.labels.length ? el.labels[0].innerText : '';
  return (el.getAttribute('aria-label') || labelled || el.innerText || '').trim();
}"""


def _tab_to(page: Page, name: str, limit: int = 80) -> None:
    """Press Tab until the control named ``name`` has the focus (visibly), or fail."""
    seen: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = str(page.evaluate(_FOCUSED))
        seen.append(focused)
        if focused == name:
            outline = page.evaluate(
                "() => { const s = getComputedStyle(document.activeElement);"
                " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }"
            )
            visible = (outline[0] != "none" and outline[1] != "0px") or outline[2] != "none"
            assert visible, f"{name!r} has the focus but shows no focus ring: {outline}"
            return
    raise AssertionError(f"Tab never reached {name!r}; the focus went through: {seen}")


def test_a_lost_connection_shows_stale_progress_and_resumes(
    page: Page, studio: Studio, watch: PageWatch
) -> None:
    sign_in(page, studio, path="/studio")
    brief = page.get_by_role("form", name="Article brief")
    brief.get_by_label("Topic").fill(EN_TOPIC)
    brief.get_by_label("Keywords").fill(EN_KEYWORD)
    # The live progress stream cannot be reached: the network drops it.
    watch.allow(r"net::ERR_(FAILED|INTERNET_DISCONNECTED|CONNECTION)")
    page.route("**/api/v1/executions/*/events*", lambda route: route.abort("internetdisconnected"))
    brief.get_by_role("button", name="Generate article").click()
    stale = page.get_by_role("status").filter(has_text="Connection lost")
    expect(stale.first).to_be_visible()
    # The connection comes back: the stream resumes and the finished article is shown.
    page.unroute("**/api/v1/executions/*/events*")
    _result(page, "Sourdough bread at home")
    expect(stale).to_have_count(0)


def test_one_section_is_written_again_alone(page: Page, studio: Studio) -> None:
    """Regenerate picks one section by its heading; only that item of the map runs again."""
    sign_in(page, studio, path="/studio")
    main = page.get_by_role("main")
    brief = main.get_by_role("form", name="Article brief")
    brief.get_by_label("Topic").fill(EN_TOPIC)
    brief.get_by_label("Keywords").fill(EN_KEYWORD)
    brief.get_by_role("button", name="Generate article").click()
    _result(page, "Sourdough bread at home")
    execution_id = re.search(r"[?&]run=([0-9a-f-]{36})", page.url)
    assert execution_id is not None, page.url

    form = main.get_by_role("form", name="Regenerate a part")
    form.get_by_label("Part to write again").click()
    page.get_by_role("option", name="Section 2: Mixing and folding").click()
    expect(form).to_contain_text("Only this section is written again")
    form.get_by_role("button", name="Regenerate section 2").click()
    # The run is followed again from the start, then the new version is shown.
    expect(main.get_by_role("list", name="Steps")).to_be_visible()
    _result(page, "Sourdough bread at home")
    expect(main.get_by_role("form", name="Regenerate a part")).to_be_visible()

    deadline = time.monotonic() + RESULT_TIMEOUT_MS / 1000
    with studio.api() as api:
        while True:
            detail = api.get(f"/executions/{execution_id[1]}/detail")
            assert detail.status_code == 200, detail.text
            body = detail.json()
            regenerated = any(a["generation"] == 1 for a in body["attempts"])
            if regenerated and body["status"] in ("completed", "failed", "cancelled"):
                break
            assert time.monotonic() < deadline, body["status"]
            time.sleep(0.2)
    assert body["status"] == "completed", body["status"]
    runs: dict[str, list[int]] = {}
    for attempt in body["attempts"]:
        runs.setdefault(attempt["node_id"], []).append(attempt["generation"])
    assert runs["sections[1]"] == [0, 1], runs
    assert runs["sections[0]"] == [0], runs
    assert runs["outline"] == [0], runs
    assert runs["sections"] == [0, 1], runs
    assert runs["article"] == [0, 1], runs
