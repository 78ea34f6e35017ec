"""Media Forge's "make more from it": more like the picked picture, and an edit by prompt.

The serve and the loopback image server (with its edit and variation routes) are
``test_media``'s; the pictures the studio shows are real PNGs the browser decodes, and the
server's record shows what the studio's runs sent.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.browser.media_fakes import PROMPT
from tests.browser.test_media import (  # noqa: F401 - the fixtures are used by name
    MediaStudio,
    _add_image_provider,
    _decoded,
    media,
    media_page,
)


def test_more_like_this_and_an_edit_start_runs_that_show_the_new_pictures(
    media_page: Page,  # noqa: F811 - test_media's fixture
    media: MediaStudio,  # noqa: F811 - test_media's fixture
) -> None:
    page = media_page
    _add_image_provider(media)
    with media.studio.api() as api:
        started = api.post("/images", json={"prompt": PROMPT, "size": "512x512"})
        assert started.status_code == 202, started.text
        first_run = started.json()["execution_id"]
    sign_in(page, media.studio, f"/media?run={first_run}")
    expect(page.get_by_role("radiogroup", name="The picture")).to_be_visible(timeout=60_000)
    card = page.get_by_role("form", name="Edit the picture")
    expect(card).to_be_visible()
    assert_accessible(page, "Media Forge's make-more card")

    page.get_by_role("button", name="More like this").click()
    expect(page).not_to_have_url(re.compile(f"run={first_run}"))
    group = page.get_by_role("radiogroup", name="2 variations")
    expect(group).to_be_visible(timeout=60_000)
    for index in range(2):
        _decoded(page, group.get_by_role("radio").nth(index).get_by_role("img"))
    asked = [r for r in media.images.requests if r.path == "/v1/images/variations"]
    assert len(asked) == 2 and all("prompt" not in r.body for r in asked), asked
    expect(page.get_by_role("link", name="the picture it was made from")).to_be_visible()
    screenshot(page, "media-more-like-this")

    edit = page.get_by_role("form", name="Edit the picture")
    wanted = f"{PROMPT}, with a green door"
    edit.get_by_label("What to change").fill(wanted)
    edit.get_by_role("button", name="Edit").click()
    expect(page.get_by_role("radiogroup", name="The picture")).to_be_visible(timeout=60_000)
    edits = [r for r in media.images.requests if r.path == "/v1/images/edits"]
    assert [r.body["prompt"] for r in edits] == [wanted]
    expect(page.get_by_text("Edit of")).to_be_visible()
    assert_accessible(page, "an edited picture")
