"""The pattern designer and the template library: styled previews in sandboxed frames, categories.

A preview is a page of its own (``/api/v1/previews/<token>``) under a policy with no script
at all, in an ``<iframe sandbox="">``: these tests read its computed styles through the
DevTools protocol (which the frame's sandbox does not govern) to see the block theme's
layout applied, while the studio around it keeps its strict policy (the page watch fails a
test on any violation).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Frame, Locator, Page, Route, expect

from tests.browser.conftest import (
    PageWatch,
    Studio,
    assert_accessible,
    screenshot,
    set_theme,
    sign_in,
)
from tests.content.test_pattern_flow import GOOD

PREVIEW_URL = re.compile(r"^/api/v1/previews/[A-Za-z0-9_-]{43}$")
# The pictures the fake designer's patterns point at (cdn.example.com does not resolve here):
# a warm gradient, so the cover and the media look as they would with a photograph.
LOAVES_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800" viewBox="0 0 1200 800">'
    '<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">'
    '<stop offset="0" stop-color="#d9a066"/><stop offset="1" stop-color="#6b3e1f"/>'
    '</linearGradient></defs><rect width="1200" height="800" fill="url(#g)"/>'
    '<ellipse cx="600" cy="470" rx="330" ry="150" fill="#8a5a2b"/>'
    '<ellipse cx="600" cy="440" rx="300" ry="120" fill="#b9793d"/></svg>'
)


class PreviewWatch(PageWatch):
    """The page watch, knowing one more refusal that is the policy at work: the preview
    frame's sandbox refusing Playwright's init script (offered to every frame)."""

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and re.match(
            r"Blocked script execution in '[^']*/api/v1/previews/", message.text
        ):
            self.preview_blocked.append(message.text)
            return
        super()._console(message)


@pytest.fixture
def watch() -> PageWatch:
    return PreviewWatch()


@pytest.fixture
def pictures(page: Page) -> None:
    """Answer the patterns' image URLs with a picture, in every frame of the page."""

    def answer(route: Route) -> None:
        route.fulfill(status=200, content_type="image/svg+xml", body=LOAVES_SVG)

    page.route("https://cdn.example.com/**", answer)


def preview_frame(frame_element: Locator) -> Frame:
    """The document of a preview iframe once its stylesheet is applied."""
    expect(frame_element).to_have_attribute("sandbox", "")
    expect(frame_element).to_have_attribute("src", PREVIEW_URL)
    handle = frame_element.element_handle()
    frame = handle.content_frame()
    assert frame is not None
    frame.wait_for_load_state("load")
    # The stylesheet is the page's only one, from this origin, linked and applied.
    frame.wait_for_function(
        "() => document.styleSheets.length === 1"
        " && getComputedStyle(document.querySelector('.wp-site-blocks')).paddingTop !== '0px'"
    )
    return frame


def style(frame: Frame, selector: str, *properties: str) -> dict[str, Any]:
    """Computed style values and the box of the first element matching ``selector``."""
    found: dict[str, Any] = frame.evaluate(
        """([selector, properties]) => {
          const element = document.querySelector(selector);
          if (!element) return null;
          const computed = getComputedStyle(element);
          const box = element.getBoundingClientRect();
          const values = {x: box.x, y: box.y, width: box.width, height: box.height};
          for (const name of properties) values[name] = computed.getPropertyValue(name);
          return values;
        }""",
        [selector, list(properties)],
    )
    assert found is not None, f"no {selector} in the preview"
    return found


def test_the_designer_previews_a_pattern_styled_and_safely(
    page: Page, studio: Studio, pictures: None
) -> None:
    sign_in(page, studio, path="/patterns")
    main = page.get_by_role("main")
    brief = main.get_by_role("form", name="Pattern brief")
    expect(brief).to_be_visible()
    assert_accessible(page, "the pattern designer (light)")
    brief.get_by_label("Description").fill(
        "A timeline of our bakery's history, from the first oven to today"
    )
    brief.get_by_role("button", name="Design pattern").click()
    expect(main.get_by_role("heading", name="Bakery hero", level=2)).to_be_visible(timeout=60_000)

    # The server's page, by URL, in a frame that runs nothing.
    frame = preview_frame(main.get_by_role("tabpanel", name="Preview").locator("iframe"))
    assert frame.evaluate("() => document.documentElement.outerHTML").count("<script") == 0
    assert frame.evaluate("() => [document.documentElement.lang, document.dir]") == ["en", "ltr"]
    # Columns stand side by side, as on a page of a block theme.
    columns = style(frame, ".wp-block-columns", "display", "flex-wrap")
    assert (columns["display"], columns["flex-wrap"]) == ("flex", "nowrap")
    first = style(frame, ".wp-block-column:nth-child(1)")
    second = style(frame, ".wp-block-column:nth-child(2)")
    assert first["y"] == second["y"] and second["x"] > first["x"] + first["width"] - 1
    assert first["width"] > 200 and abs(first["width"] - second["width"]) < 2
    # A button has the theme's colours (a light button on the dark cover).
    button = style(frame, ".wp-block-button__link", "background-color", "color", "border-radius")
    assert button["background-color"] == "rgb(255, 255, 255)"
    assert button["color"] == "rgb(27, 27, 31)"
    assert button["border-radius"] == "9999px"
    buttons = style(frame, ".wp-block-buttons", "display")
    assert buttons["display"] == "flex"
    # The cover: a picture behind a half-dark overlay, its words in white above both.
    cover = style(frame, ".wp-block-cover", "min-height", "position")
    assert (cover["min-height"], cover["position"]) == ("430px", "relative")
    overlay = style(frame, ".wp-block-cover__background", "opacity", "position")
    assert (overlay["opacity"], overlay["position"]) == ("0.5", "absolute")
    picture = style(frame, ".wp-block-cover__image-background", "object-fit")
    assert picture["object-fit"] == "cover" and picture["width"] == cover["width"]
    assert (
        frame.evaluate(
            "() => document.querySelector('.wp-block-cover__image-background').naturalWidth"
        )
        == 1200
    )
    heading = style(frame, ".wp-block-cover h1", "color")
    assert heading["color"] == "rgb(255, 255, 255)"
    # Media and text: the picture beside the words.
    media = style(frame, ".wp-block-media-text", "display")
    assert media["display"] == "grid"
    assert (
        style(frame, ".wp-block-media-text__content")["x"]
        > style(frame, ".wp-block-media-text__media")["x"]
    )
    # Inline styles of the markup apply in the frame (the spacer's height), not the studio.
    assert style(frame, ".wp-block-spacer")["height"] == 100

    main.get_by_role("tab", name="Block markup").click()
    expect(main.get_by_role("tabpanel", name="Block markup")).to_contain_text("<!-- wp:")
    main.get_by_role("tab", name="Preview").click()
    preview_frame(main.get_by_role("tabpanel", name="Preview").locator("iframe"))
    saving = main.get_by_role("form", name="Save to the template library")
    expect(saving.get_by_label("Template name")).to_have_value("bakery-hero")
    # The category offers WordPress's own and any the library uses.
    listed = saving.get_by_label("Template category").get_attribute("list")
    options = page.locator(f'datalist[id="{listed}"] option')
    expect(options.first).to_be_attached()
    offered = options.evaluate_all("(all) => all.map((option) => option.value)")
    assert {"banner", "call-to-action", "header", "footer", "testimonials"} <= set(offered)
    screenshot(page, "pattern-designer")
    assert_accessible(page, "a designed pattern (light)")
    set_theme(page, "dark")
    assert_accessible(page, "a designed pattern (dark)")


def _template(studio: Studio, name: str, category: str, spec: dict[str, Any]) -> dict[str, Any]:
    with studio.api() as api:
        made = api.post("/templates", json={"name": name, "category": category, "spec": spec})
        assert made.status_code == 201, made.text
        return made.json()  # type: ignore[no-any-return]


def test_the_library_filters_by_category_previews_copies_and_deletes(
    page: Page, studio: Studio, pictures: None
) -> None:
    run = uuid.uuid4().hex[:6]
    hero = _template(studio, f"hero-{run}", f"banner-{run}", GOOD)
    closing = {
        "title": "Order today",
        "category": "call-to-action",
        "blocks": [
            {"type": "heading", "text": "Bread for the weekend?"},
            {"type": "buttons", "inner": [{"type": "button", "text": "Order", "url": "/order"}]},
        ],
    }
    cta = _template(studio, f"cta-{run}", f"cta-{run}", closing)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(page, studio, path="/patterns?tab=library")
    main = page.get_by_role("main")
    templates = main.get_by_role("list", name="Templates")
    expect(templates.get_by_role("heading", name=hero["name"])).to_be_visible()
    expect(templates.get_by_role("heading", name=cta["name"])).to_be_visible()

    # Filter by category: only that category's templates are listed.
    main.get_by_role("combobox", name="Category").click()
    page.get_by_role("option", name=f"cta-{run} (1)").click()
    expect(templates.get_by_role("listitem")).to_have_count(1)
    expect(templates.get_by_role("heading", name=cta["name"])).to_be_visible()
    expect(templates.get_by_role("heading", name=hero["name"])).to_have_count(0)
    assert_accessible(page, "the template library, one category (light)")

    # Each card shows its template rendered; the thumbnail is a picture, not a place to tab to.
    thumbnail = templates.locator("iframe")
    frame = preview_frame(thumbnail)
    expect(templates.locator("[inert]")).to_have_count(1)
    assert style(frame, ".wp-block-button__link", "background-color")["background-color"] == (
        "rgb(27, 27, 31)"
    )

    # Copy the markup: what lands on the clipboard is the template's block markup.
    templates.get_by_role("button", name=f"Copy markup of {cta['name']}").click()
    expect(page.get_by_text("Block markup copied").first).to_be_visible()
    assert page.evaluate("() => navigator.clipboard.readText()") == cta["markup"]

    # The banner, previewed full size in a dialog, right to left in Arabic.
    main.get_by_role("combobox", name="Category").click()
    page.get_by_role("option", name=f"banner-{run} (1)").click()
    main.get_by_role("combobox", name="Preview language").click()
    page.get_by_role("option", name="Arabic").click()
    templates.get_by_role("button", name=f"Preview {hero['name']}").click()
    dialog = page.get_by_role("dialog", name="Bakery hero")
    frame = preview_frame(dialog.locator("iframe"))
    assert frame.evaluate("() => [document.documentElement.lang, document.dir]") == ["ar", "rtl"]
    first = style(frame, ".wp-block-column:nth-child(1)")
    second = style(frame, ".wp-block-column:nth-child(2)")
    # Right to left: the first column stands on the right, beside the second.
    assert first["y"] == second["y"] and first["x"] > second["x"] + second["width"] - 1
    assert_accessible(page, "a template's preview (light)")
    dialog.get_by_role("button", name="Close").click()

    # Delete, after confirming; the category, now empty, leaves the filter.
    templates.get_by_role("button", name=f"Delete {hero['name']}").click()
    confirm = page.get_by_role("dialog", name=f"Delete “{hero['name']}”?")
    confirm.get_by_role("button", name="Keep it").click()
    expect(templates.get_by_role("heading", name=hero["name"])).to_be_visible()
    templates.get_by_role("button", name=f"Delete {hero['name']}").click()
    confirm.get_by_role("button", name="Delete", exact=True).click()
    expect(page.get_by_text(f"Deleted “{hero['name']}”").first).to_be_visible()
    expect(main.get_by_role("combobox", name="Category")).to_contain_text("All categories")
    expect(templates.get_by_role("heading", name=hero["name"])).to_have_count(0)
    expect(templates.get_by_role("heading", name=cta["name"])).to_be_visible()
    with studio.api() as api:
        assert api.get(f"/templates/{hero['id']}").status_code == 404
    set_theme(page, "dark")
    assert_accessible(page, "the template library (dark)")


def test_the_library_says_when_it_cannot_load(page: Page, studio: Studio) -> None:
    def refuse(route: Route) -> None:
        route.fulfill(
            status=503,
            content_type="application/problem+json",
            body='{"type":"urn:presswright:problem:storage-unavailable","title":"Service'
            ' Unavailable","status":503,"detail":"the database cannot be reached",'
            '"instance":"/api/v1/templates"}',
        )

    page.route(re.compile(r"/api/v1/templates(\?.*)?$"), refuse)
    sign_in(page, studio, path="/patterns?tab=library")
    main = page.get_by_role("main")
    alert = main.get_by_role("alert").filter(has_text="The template library could not be loaded")
    expect(alert).to_contain_text("the database cannot be reached", timeout=30_000)
    page.unroute(re.compile(r"/api/v1/templates(\?.*)?$"))
    alert.get_by_role("button", name="Try again").click()
    expect(
        main.get_by_role("list", name="Templates").or_(
            main.get_by_text("The template library is empty")
        )
    ).to_be_visible()
    assert_accessible(page, "the template library after an error (light)")
