"""Media Forge in the studio: real pictures from an OpenAI-compatible image server on loopback.

No image provider: the screen says so with the fix. With one stored (over the API, as a user
adds one): a prompt makes two variations shown side by side (real PNG bytes, decoded by the
browser), the picked one's alt text is held to the alt text rules (a refused text shows the
rule under the field, a good one is saved as a new version), the picture downloads as the
stored WebP, goes to the Media Library of the session's real WordPress with its alt text
(read back from /wp/v2/media), and shows in the library with a thumbnail and its alt text.
"""

from __future__ import annotations

import io
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    _CSP_LISTENER,
    ACTION_TIMEOUT_MS,
    HERE,
    VIEWPORT,
    PageWatch,
    Studio,
    _clean_env,
    _credentials,
    _ensure_built,
    _free_port,
    _wait_until_serving,
    assert_accessible,
    screenshot,
    set_theme,
    sign_in,
)
from tests.browser.media_fakes import ALT_TEXTS, AR_PROMPT, EDITED_ALT, PROMPT, REFUSED_ALT
from tests.images.edit_servers import edit_server
from tests.images.image_servers import ImageServer
from tests.wordpress.wordpress_site import RunningWordPress

GENERATIONS = "/v1/images/generations"


@dataclass(frozen=True)
class MediaStudio:
    studio: Studio
    images: ImageServer


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MediaStudio]:
    """A serve of its own (see media_fakes.py) and the image server it will be pointed at."""
    _ensure_built()
    root = tmp_path_factory.mktemp("media-studio")
    home = root / "home"
    env = _clean_env(home)
    init = subprocess.run(
        [sys.executable, "-m", "presswright", "init"],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert init.returncode == 0, init.stdout + init.stderr
    found = _credentials(home / "first-run-credentials.txt")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = root / "serve.log"
    # The server with the edit and variation routes too (Media Forge's "make more").
    with edit_server() as images, log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, str(HERE / "media_fakes.py"), "--port", str(port)],
            env=env,
            cwd=root,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_serving(process, base, log)
            studio = Studio(base, home, found["email"], found["password"], found["api_key"], log)
            yield MediaStudio(studio, images)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def media_page(browser: Browser, media: MediaStudio, watch: PageWatch) -> Iterator[Page]:
    """A page of a fresh context on the media studio; problems on it fail the test."""
    context = browser.new_context(
        base_url=media.studio.base_url,
        viewport=VIEWPORT,
        color_scheme="light",
        reduced_motion="reduce",
        locale="en-US",
        timezone_id="UTC",
        accept_downloads=True,
    )
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.add_init_script(_CSP_LISTENER)
    context.on("page", watch.watch)
    page = context.new_page()
    yield page
    context.close()
    problems = watch.problems()
    assert not problems, "the page reported problems:\n" + "\n".join(problems)


def _decoded(page: Page, image: object) -> None:
    """The <img> shows a picture the browser decoded (not a broken or empty one)."""
    expect(image).to_be_visible()  # type: ignore[arg-type]
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0",
        arg=image.element_handle(),  # type: ignore[attr-defined]
    )


def _add_image_provider(media: MediaStudio) -> None:
    """Store the loopback server as an OpenAI-compatible image provider, as a user adds one."""
    with media.studio.api() as api:
        if any(p["name"] == "pictures" for p in api.get("/providers").json()):
            return
        added = api.post(
            "/providers",
            json={
                "name": "pictures",
                "kind": "openai-compatible",
                "base_url": f"{media.images.base_url}/v1",
                "api_key": "sk-loopback",
                "models": ["sd-loop"],
            },
        )
        assert added.status_code == 201, added.text


def test_media_forge_without_then_with_an_image_provider(
    media_page: Page, media: MediaStudio, wordpress: RunningWordPress
) -> None:
    page = media_page
    studio = media.studio
    sign_in(page, studio, "/media")
    expect(page.get_by_role("heading", name="Media Forge", level=1)).to_be_visible()

    # No image provider: the fix, and no stand-in picture.
    region = page.get_by_role("region", name="No image provider is configured")
    expect(region).to_be_visible()
    expect(region).to_contain_text("presswright providers add openai --kind openai --api-key-stdin")
    settings = region.get_by_role("link", name="Settings → Providers")
    expect(settings).to_have_attribute("href", "/settings")
    expect(page.locator("main img")).to_have_count(0)
    assert_accessible(page, "Media Forge without an image provider")
    screenshot(page, "media-no-provider")

    _add_image_provider(media)
    with studio.api() as api:
        site = api.post(
            "/wordpress/sites",
            json={
                "name": "media-blog",
                "url": wordpress.url,
                "username": wordpress.author.login,
                "application_password": wordpress.author.app_password,
            },
        )
        assert site.status_code == 201, site.text

    page.reload()
    form = page.get_by_role("form", name="New pictures")
    form.get_by_label("Prompt").fill(PROMPT)
    form.get_by_role("combobox", name="Size").click()
    page.get_by_role("option", name=re.compile(r"^512 \u00d7 512")).click()
    form.get_by_label("Variations").fill("2")
    assert_accessible(page, "Media Forge's form")
    form.get_by_role("button", name="Make pictures").click()

    # The run live, then the two variations side by side.
    expect(page).to_have_url(re.compile(r"/media\?run="))
    group = page.get_by_role("radiogroup", name="2 variations")
    expect(group).to_be_visible(timeout=60_000)
    variations = group.get_by_role("radio")
    expect(variations).to_have_count(2)
    for index in range(2):
        _decoded(page, variations.nth(index).get_by_role("img"))
    calls = [r for r in media.images.requests if r.path == GENERATIONS]
    assert len(calls) == 2, calls  # a compatible server makes one picture a call
    assert all(call.body["prompt"] == PROMPT and call.body["size"] == "512x512" for call in calls)
    boxes = [variations.nth(index).bounding_box() for index in range(2)]
    assert boxes[0] and boxes[1] and abs(boxes[0]["y"] - boxes[1]["y"]) < 2, boxes  # side by side
    expect(variations.nth(0)).to_have_attribute("aria-checked", "true")

    # Pick the second with the keyboard, as a radio group is used.
    variations.nth(0).focus()
    page.keyboard.press("ArrowRight")
    expect(variations.nth(1)).to_have_attribute("aria-checked", "true")
    expect(variations.nth(1)).to_be_focused()
    picked = re.search(r"pick=([0-9a-f-]+)", page.url)
    assert picked, page.url
    image_id = picked.group(1)

    # The alt text written with the picture; a refused edit shows the rule under the field.
    alt = page.get_by_role("textbox", name="Alt text")
    expect(alt).to_have_value(re.compile(r"^Red lighthouse on dark rocks"))
    expect(page.get_by_text("written from the prompt, not from the picture")).to_be_visible()
    _decoded(page, page.get_by_role("img", name=re.compile(r"^Red lighthouse on dark rocks")).last)
    assert_accessible(page, "Media Forge's variations")
    screenshot(page, "media-variations")

    alt.fill(REFUSED_ALT)
    page.get_by_role("button", name="Save alt text").click()
    refusal = page.get_by_role("alert").filter(has_text="Not saved")
    expect(refusal).to_contain_text(re.compile(r"image of", re.IGNORECASE))
    expect(alt).to_have_attribute("aria-invalid", "true")
    refusal_id = refusal.get_attribute("id")
    assert refusal_id and refusal_id in (alt.get_attribute("aria-describedby") or "")
    assert_accessible(page, "a refused alt text")
    screenshot(page, "media-alt-text-rules")
    alt.fill(EDITED_ALT)
    page.get_by_role("button", name="Save alt text").click()
    expect(page.get_by_role("status").filter(has_text="Saved as version 2")).to_be_visible()
    with studio.api() as api:
        stored = api.get(f"/images/{image_id}").json()
    assert stored["image"]["alt_text"] == EDITED_ALT
    assert stored["image"]["alt_source"] == "person"

    # Download: the stored main file, a WebP the size of the picture.
    with page.expect_download() as caught:
        page.get_by_role("button", name="Download", exact=True).click()
    data = Path(caught.value.path()).read_bytes()
    with Image.open(io.BytesIO(data)) as picture:
        assert picture.format == "WEBP"
        assert picture.size == (stored["image"]["width"], stored["image"]["height"])
    expect(page.get_by_text(re.compile(r"^Saved as .+\.webp\.$"))).to_be_visible()

    # To the session WordPress's Media Library, with the alt text as saved.
    send = page.get_by_role("form", name="Send to a Media Library")
    expect(send.get_by_role("combobox", name="WordPress site")).to_contain_text("media-blog")
    send.get_by_role("button", name="Send to the Media Library").click()
    sent = page.get_by_role("status").filter(has_text="Media Library as item #")
    expect(sent).to_contain_text("Uploaded to media-blog", timeout=30_000)
    media_id = int(re.search(r"item #(\d+)", sent.inner_text()).group(1))  # type: ignore[union-attr]
    item = wordpress.rest("GET", f"/wp/v2/media/{media_id}", params={"context": "edit"}).json()
    assert item["alt_text"] == EDITED_ALT, item["alt_text"]
    send.get_by_role("button", name="Send to the Media Library").click()
    expect(sent).to_contain_text("Already in media-blog")

    set_theme(page, "dark")
    assert_accessible(page, "Media Forge's variations, dark")
    set_theme(page, "light")

    # The library: a thumbnail with the alt text, and the picture with its download.
    page.goto("/library?kind=image")
    rows = page.get_by_role("row").filter(has=page.get_by_role("img"))
    expect(rows).to_have_count(2)
    thumb = page.get_by_role("img", name=EDITED_ALT)
    _decoded(page, thumb)
    expect(page.get_by_text(f"Alt text: {EDITED_ALT}")).to_be_visible()
    assert_accessible(page, "the library's images")
    screenshot(page, "media-library")
    page.goto(f"/library/{image_id}")
    _decoded(page, page.get_by_role("img", name=EDITED_ALT))
    assert_accessible(page, "an image in the library")
    screenshot(page, "media-library-image")
    with page.expect_download() as again:
        page.get_by_role("button", name="Download the picture").click()
    assert Path(again.value.path()).read_bytes() == data
    # Its record exports as JSON only (an image has no HTML, Markdown or blocks of its own).
    page.get_by_role("button", name="Export").click()
    expect(page.get_by_role("menuitem")).to_have_text(["JSON"])
    page.keyboard.press("Escape")


def test_arabic_alt_text_is_written_and_edited_right_to_left(
    media_page: Page, media: MediaStudio
) -> None:
    page = media_page
    _add_image_provider(media)
    sign_in(page, media.studio, "/media")
    form = page.get_by_role("form", name="New pictures")
    form.get_by_label("Prompt").fill(AR_PROMPT)
    form.get_by_label("Variations").fill("1")
    form.get_by_role("combobox", name="Language").click()
    page.get_by_role("option", name="Arabic").click()
    context = form.get_by_label("Goes with (for the alt text)")
    expect(context).to_have_attribute("dir", "rtl")
    form.get_by_role("button", name="Make pictures").click()

    group = page.get_by_role("radiogroup", name="The picture")
    expect(group).to_be_visible(timeout=60_000)
    expect(group.get_by_role("radio")).to_have_count(1)
    alt = page.get_by_role("textbox", name="Alt text")
    expect(alt).to_have_value(ALT_TEXTS[AR_PROMPT])
    expect(alt).to_have_attribute("dir", "rtl")
    expect(alt).to_have_attribute("lang", "ar")
    assert alt.evaluate("(el) => getComputedStyle(el).direction") == "rtl"
    # Written again (here from the prompt: the text model cannot see pictures), as a new version.
    alt.fill("مسودة لم تحفظ")
    page.get_by_role("button", name="Write it again").click()
    expect(alt).to_have_value(ALT_TEXTS[AR_PROMPT])
    with media.studio.api() as api:
        made = api.get("/images", params={"q": AR_PROMPT}).json()["items"]
    assert [item["version"] for item in made] == [2], made
    assert made[0]["image"]["alt_source"] == "prompt"
    _decoded(page, page.get_by_role("img", name=ALT_TEXTS[AR_PROMPT]).last)
    set_theme(page, "dark")
    assert_accessible(page, "an Arabic picture's alt text (dark)")
    screenshot(page, "media-arabic-dark")
