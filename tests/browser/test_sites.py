"""Sites: a bakery's site briefed in the studio's wizard (a refused brief shows the API's
message next to its field), its plan reviewed, edited and approved, its pages written live,
previewed in a sandboxed frame, one page written again, and the block theme downloaded as a
ZIP (the fake provider answers as tests/sites' scripted model). Then a site deployed from its
screen to the session's real WordPress (tests/sites/test_deploy.py checks what WordPress
holds after a deploy): its progress, then each deployed page shown live as WordPress serves
it, in a sandboxed frame of the studio's origin (tests/api/test_site_preview_routes.py checks
that page's policy), and a WordPress that stops answering said in words, not a broken frame."""

from __future__ import annotations

import contextlib
import html
import re
import socket
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    SCREENSHOTS,
    Studio,
    assert_accessible,
    screenshot,
    set_theme,
    sign_in,
)
from tests.sites.test_deploy import restored  # noqa: F401 - the fixture putting WordPress back
from tests.waiting import wait_until
from tests.wordpress.wordpress_site import RunningWordPress

SITE_TIMEOUT_MS = 120_000
DEPLOY_TIMEOUT_MS = 120_000
BUSINESS = "Rosa's Bakery"
PURPOSE = "Tell visitors the story of the family and the ovens behind the bakery."


def _sites(studio: Studio) -> int:
    with studio.api() as api:
        listed = api.get("/sites")
        assert listed.status_code == 200, listed.text
        return int(listed.json()["total"])


def test_a_site_is_briefed_planned_written_previewed_regenerated_and_downloaded(
    page: Page, studio: Studio, tmp_path: Path
) -> None:
    sign_in(page, studio, path="/sites")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Sites", exact=True)).to_be_visible()
    expect(
        main.get_by_text("No sites yet").or_(main.get_by_role("list", name="Sites"))
    ).to_be_visible()
    before = _sites(studio)
    main.get_by_role("link", name="New site").click()
    form = main.get_by_role("form", name="Site wizard")
    form.get_by_label("Business name").fill(BUSINESS)
    form.get_by_label("Type of business").fill("bakery")
    form.get_by_label("Goals").fill("more visitors to the shop\norders for cakes")
    form.get_by_label("Style words").fill("warm, friendly")
    form.get_by_label("Email").fill("hello@rosas-bakery.example")

    # A Persian site's texts are typed right to left; back to English for this one.
    description = form.get_by_label("Description")
    form.get_by_role("combobox", name="Language").click()
    page.get_by_role("option", name="Persian").click()
    expect(description).to_have_attribute("dir", "rtl")
    expect(form.get_by_label("Pages wanted")).to_have_attribute("dir", "rtl")
    form.get_by_role("combobox", name="Language").click()
    page.get_by_role("option", name="English").click()
    expect(description).to_have_attribute("dir", "ltr")

    # The server refuses a description under 10 characters: its message shows next to the field.
    description.fill("Bread")
    form.get_by_role("button", name="Build the site").click()
    expect(description).to_have_accessible_description(re.compile(r"at least 10 characters"))
    expect(description).to_have_attribute("aria-invalid", "true")
    assert _sites(studio) == before
    assert_accessible(page, "site wizard with a problem (light)")
    screenshot(page, "sites-wizard")

    description.fill("A family bakery in Leeds baking sourdough bread and cakes since 1982.")
    form.get_by_role("button", name="Build the site").click()

    # The plan waits for review: the About page's purpose is edited, then approved.
    review = main.get_by_role("form", name="Plan review")
    expect(review).to_be_visible(timeout=SITE_TIMEOUT_MS)
    assert _sites(studio) == before + 1
    pages = review.get_by_role("list", name="Pages of the plan").get_by_role("listitem")
    expect(pages).to_have_count(4)
    expect(review.get_by_label("Search phrase of Home")).to_have_value("fresh sourdough bread")
    review.get_by_label("Purpose of About").fill(PURPOSE)
    expect(review.get_by_text("1 change to the plan")).to_be_visible()
    assert_accessible(page, "plan review (light)")
    screenshot(page, "sites-plan")
    review.get_by_role("button", name="Approve with my edits").click()

    # The pages are written live; the job reaches 100 with every page done and a log.
    expect(main.get_by_role("heading", name="The site is generated")).to_be_visible(
        timeout=SITE_TIMEOUT_MS
    )
    progress = main.get_by_role("region", name="Page progress")
    expect(progress).to_contain_text("Pages: 4 of 4 written")
    expect(main.get_by_text("100%")).to_be_visible()
    main.get_by_text(re.compile(r"^Log \(\d+ lines\)$")).click()  # folded once the job settled
    log = main.get_by_role("list", name="Job log")
    expect(log).to_contain_text("page 2 of 4: About: completed")

    # The pages: search fields of each, and the preview of the front page in a sandboxed frame.
    expect(main.get_by_role("tab", name="Home")).to_have_attribute("aria-selected", "true")
    frame = main.locator('iframe[title="Preview of the page Home"]')
    expect(frame).to_have_attribute("sandbox", "")
    expect(frame.content_frame.get_by_role("heading", level=1)).to_be_visible(timeout=30_000)
    expect(frame.content_frame.locator("body")).to_contain_text("fresh sourdough bread")
    main.get_by_role("tab", name="About").click()
    about = main.locator('iframe[title="Preview of the page About"]')
    expect(about.content_frame.get_by_role("heading", level=1)).to_be_visible(timeout=30_000)
    expect(main.get_by_text("version 1", exact=False)).to_be_visible()

    # The design: the palette and every contrast ratio at AA.
    ratios = main.get_by_role("table", name="Contrast ratios")
    expect(ratios.get_by_role("row").nth(1)).to_be_visible()
    expect(ratios.get_by_text("fails")).to_have_count(0)
    assert_accessible(page, "site view (light)")
    set_theme(page, "dark")
    assert_accessible(page, "site view (dark)")
    set_theme(page, "light")

    # One page written again: a new job, then version 2 (the others kept).
    main.get_by_role("button", name="Write About again").click()
    expect(main.get_by_text(re.compile(r"version 2\b"))).to_be_visible(timeout=SITE_TIMEOUT_MS)
    expect(main.get_by_role("heading", name="The site is generated")).to_be_visible()

    # The block theme as a ZIP WordPress installs.
    with page.expect_download() as started:
        main.get_by_role("button", name="Download the theme ZIP").click()
    saved = tmp_path / started.value.suggested_filename
    started.value.save_as(saved)
    assert saved.suffix == ".zip", saved.name
    with zipfile.ZipFile(saved) as theme:
        names = theme.namelist()
    assert any(name.endswith("/theme.json") for name in names), names
    assert any(name.endswith("/style.css") for name in names), names
    assert any(name.endswith("templates/front-page.html") for name in names), names

    # The list shows the site as a draft (made, not deployed).
    page.get_by_role("navigation").get_by_role("link", name="Sites").click()
    row = main.get_by_role("list", name="Sites").get_by_role("listitem").filter(has_text=BUSINESS)
    expect(row.first).to_contain_text("draft")

    # Opened from the list, the site shows its pages first (no job is followed).
    row.first.get_by_role("link", name=BUSINESS).click()
    expect(main.get_by_role("heading", name="Pages", exact=True)).to_be_visible()
    expect(main.get_by_role("heading", name="The site is generated")).to_have_count(0)
    home = main.locator('iframe[title="Preview of the page Home"]')
    expect(home.content_frame.get_by_role("heading", level=1)).to_be_visible(timeout=30_000)
    screenshot(page, "sites-site")


LIVE_SITE = "live-bakery"
SETTLED = ("completed", "failed", "cancelled", "paused")
LIVE_BRIEF = {
    "business_name": BUSINESS,
    "business_type": "bakery",
    "description": "A family bakery in Leeds baking sourdough bread and cakes since 1982.",
    "pages": ["Home", "About", "Contact"],
    "style_words": ["warm", "friendly"],
    "language": "en",
}


def _generated_site(studio: Studio, wordpress: RunningWordPress) -> tuple[str, dict[str, Any]]:
    """The session's WordPress connected as its administrator, and a site generated over the
    API (the fake provider writes it): (the connection's id, the site as the API shows it)."""
    with studio.api() as api:
        connected = api.post(
            "/wordpress/sites",
            json={
                "name": LIVE_SITE,
                "url": wordpress.url,
                "username": wordpress.admin.login,
                "application_password": wordpress.admin.app_password,
            },
        )
        assert connected.status_code == 201, connected.text
        started = api.post("/sites/generate", json=LIVE_BRIEF)
        assert started.status_code == 202, started.text
        job_id, site_id = started.json()["job_id"], started.json()["site_id"]

        def settled() -> dict[str, Any] | None:
            job: dict[str, Any] = api.get(f"/jobs/{job_id}").json()
            return job if job["status"] in SETTLED else None

        job = wait_until(
            settled, timeout=SITE_TIMEOUT_MS / 1000, interval=0.5, message="the site job ran on"
        )
        assert job is not None and job["status"] == "completed", job
        site = api.get(f"/sites/{site_id}").json()
        return str(connected.json()["site"]["id"]), site


def live_screenshot(page: Page, screen: str) -> None:
    """The viewport scrolled to the live site's card (at the foot of the screen)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    card = page.get_by_role("main").get_by_text("Live site", exact=True)
    card.evaluate("(title) => title.scrollIntoView({block: 'start'})")
    page.mouse.move(1, 1)
    page.screenshot(path=str(SCREENSHOTS / f"{screen}.png"), animations="disabled", caret="hide")


@pytest.mark.timeout(420)
def test_a_site_deployed_to_wordpress_is_shown_live_page_by_page(
    page: Page,
    studio: Studio,
    wordpress: RunningWordPress,
    restored: list[int],  # noqa: F811
) -> None:
    connection, site = _generated_site(studio, wordpress)
    try:
        sign_in(page, studio, path=f"/sites/{site['id']}")
        main = page.get_by_role("main")
        home, about = site["pages"][0], site["pages"][1]

        # Not deployed yet: said so, with the block preview of the front page instead.
        expect(main.get_by_text("Not deployed yet")).to_be_visible()
        blocks = main.locator('iframe[title="Block preview of the page Home (not deployed)"]')
        expect(blocks.content_frame.get_by_role("heading", level=1)).to_have_text(home["h1"])
        live_screenshot(page, "sites-live-not-deployed")

        # The deploy to the session's WordPress: its progress while it runs, then done.
        deploy = main.get_by_role("button", name="Deploy", exact=True)
        expect(main.get_by_role("combobox", name="WordPress site")).to_contain_text(LIVE_SITE)
        deploy.click()
        expect(main.get_by_role("progressbar", name="Deploy progress")).to_be_visible()
        expect(main.get_by_text(f"Deployed version 1 to {LIVE_SITE}", exact=True)).to_be_visible(
            timeout=DEPLOY_TIMEOUT_MS
        )
        log = main.get_by_role("list", name="Deploy log")
        expect(log.get_by_role("listitem").last).to_have_text(
            re.compile(rf"^deployed version 1 to {LIVE_SITE}\b")
        )
        expect(main.get_by_role("progressbar", name="Deploy progress")).to_have_count(0)
        menu = re.search(r"navigation menu (\d+)", log.inner_text())
        assert menu, log.inner_text()
        restored += [int(menu.group(1))] + [
            int(item["id"])
            for item in wordpress.rest(
                "GET", "/wp/v2/pages", params={"slug": "home,about,contact", "per_page": 10}
            ).json()
        ]
        expect(main.get_by_text(f"deployed to {LIVE_SITE}")).to_be_visible()

        # The front page as WordPress serves it, in its theme, read through the API's origin.
        settings = wordpress.rest("GET", "/wp/v2/settings").json()
        # WordPress keeps the title and tagline as HTML text (esc_html).
        title = html.unescape(f"{settings['title']} \u2013 {settings['description']}")
        frame = main.locator(f'iframe[title="Live page {title} on {LIVE_SITE}"]')
        expect(frame).to_have_attribute("sandbox", "allow-popups allow-popups-to-escape-sandbox")
        shown = frame.content_frame
        expect(shown.get_by_role("heading", level=1, name=home["h1"])).to_be_visible()
        inner = frame.element_handle().content_frame()
        assert inner is not None and inner.title() == title
        assert inner.url.startswith(f"{studio.base_url}/api/v1/sites/{site['id']}/live-preview/")
        # WordPress's own stylesheets and fonts came in (no CSP refusal: the watch checks).
        font = inner.evaluate("() => getComputedStyle(document.body).fontFamily")
        assert "serif" not in font.split(",")[0], font
        expect(main.get_by_text("Not deployed yet")).to_have_count(0)
        open_link = main.get_by_role("link", name=f"Open on {LIVE_SITE}")
        expect(open_link).to_have_attribute("href", f"{wordpress.url}/")
        assert_accessible(page, "site view with the live site")
        live_screenshot(page, "sites-live")

        # Another page of the site, picked by name.
        main.get_by_role("combobox", name="Page").click()
        page.get_by_role("option", name="About").click()
        about_frame = main.locator('iframe[title^="Live page About"]')
        expect(
            about_frame.content_frame.get_by_role("heading", level=1, name=about["h1"])
        ).to_be_visible()
        expect(open_link).to_have_attribute("href", re.compile(rf"^{re.escape(wordpress.url)}/"))
        set_theme(page, "dark")
        assert_accessible(page, "site view with the live site (dark)")
        live_screenshot(page, "sites-live-dark")
        set_theme(page, "light")

        # WordPress stops answering (the connection's address, in the server's own database,
        # is now a port nothing listens on): the card says so in words, and shows no frame.
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
        with contextlib.closing(sqlite3.connect(studio.home / "presswright.db")) as db, db:
            db.execute("UPDATE wordpress_sites SET url = ? WHERE name = ?", (closed, LIVE_SITE))
        page.reload()
        failure = main.get_by_role("alert").filter(has_text="WordPress does not answer")
        expect(failure).to_contain_text(f"cannot reach WordPress at {closed}")
        expect(failure.get_by_role("button", name="Try again")).to_be_visible()
        expect(main.locator('iframe[title^="Live page"]')).to_have_count(0)
        assert_accessible(page, "site view, WordPress not answering")
        live_screenshot(page, "sites-live-unreachable")
    finally:
        with studio.api() as api:
            assert api.delete(f"/wordpress/sites/{connection}").status_code in (200, 204)
