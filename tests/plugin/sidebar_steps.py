"""The block-editor sidebar in Chromium: typed text survives editor changes; a generated article
lands in the editor as valid blocks.

Used by ``test_browser_screens.py`` (so the module's one browser is reused). A sidebar the
plugin had before lost what was typed when the editor re-rendered it; here text is typed,
then the post's title is edited, a block is inserted, the sidebar is closed and opened again,
and the typed text must still be in its fields.
"""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from tests.browser.studio_fakes import EN_KEYWORD, EN_TOPIC

__all__ = ["SIDEBAR", "check_the_sidebar"]

SIDEBAR = "presswright-sidebar/presswright-sidebar"
EDITOR_TIMEOUT_MS = 60_000

_READY = (
    "() => window.wp && wp.data && wp.data.select('core/editor')"
    " && wp.data.select('core/editor').getCurrentPostId()"
    " && wp.data.select('core/edit-post')"
)
_NO_GUIDE = (
    "() => { const edit = wp.data.select('core/edit-post');"
    " if (edit.isFeatureActive('welcomeGuide'))"
    " wp.data.dispatch('core/edit-post').toggleFeature('welcomeGuide'); }"
)
_EDITOR_CHANGES = (
    "() => { wp.data.dispatch('core/editor').editPost({title: 'My own title'});"
    " wp.data.dispatch('core/block-editor').insertBlocks("
    "  wp.blocks.createBlock('core/paragraph', {content: 'Written by hand.'})); }"
)
_BLOCKS = (
    "() => wp.data.select('core/block-editor').getBlocks()"
    ".map((b) => ({name: b.name, valid: b.isValid, text: b.attributes.content || ''}))"
)

_REPLACED = (
    "() => { const blocks = wp.data.select('core/block-editor').getBlocks();"
    " return blocks.length > 0"
    " && blocks.every((b) => (b.attributes.content || '') !== 'Written by hand.'); }"
)


def _sidebar(page: Page) -> Locator:
    return page.locator(".interface-complementary-area", has_text="Write with Presswright")


def _toggle_sidebar(page: Page, open_it: bool) -> None:
    action = f"openGeneralSidebar('{SIDEBAR}')" if open_it else "closeGeneralSidebar()"
    page.evaluate(f"() => wp.data.dispatch('core/edit-post').{action}")


def check_the_sidebar(page: Page, site_url: str) -> None:
    """Type, change the editor, check the text is kept; then generate into the editor."""
    page.goto(f"{site_url}/wp-admin/post-new.php")
    page.wait_for_function(_READY, timeout=EDITOR_TIMEOUT_MS)
    page.evaluate(_NO_GUIDE)
    # The sidebar is reachable from the editor's header as a pinned plugin item.
    page.get_by_role("button", name="Presswright", exact=True).first.click()
    sidebar = _sidebar(page)
    expect(sidebar).to_be_visible()

    topic = sidebar.get_by_label("Topic")
    topic.press_sequentially(EN_TOPIC, delay=5)
    page.evaluate(_EDITOR_CHANGES)  # the editor's state changes under the sidebar
    expect(topic).to_have_value(EN_TOPIC)
    keywords = sidebar.get_by_label("Keywords")
    keywords.press_sequentially(EN_KEYWORD, delay=5)  # typed after the change, too
    page.evaluate("() => wp.data.dispatch('core/editor').editPost({excerpt: 'An excerpt.'})")
    _toggle_sidebar(page, open_it=False)
    expect(sidebar).to_have_count(0)
    _toggle_sidebar(page, open_it=True)
    sidebar = _sidebar(page)
    expect(sidebar.get_by_label("Topic")).to_have_value(EN_TOPIC)
    expect(sidebar.get_by_label("Keywords")).to_have_value(EN_KEYWORD)

    sidebar.get_by_role("button", name="Generate into the editor").click()
    expect(sidebar.get_by_text("blocks added to the post")).to_be_visible(timeout=120_000)
    blocks = page.evaluate(_BLOCKS)
    assert len(blocks) > 3, blocks
    assert all(block["valid"] for block in blocks), blocks
    assert blocks[0]["text"] == "Written by hand."  # added after the content, not over it
    assert {"core/heading", "core/paragraph"} <= {block["name"] for block in blocks}
    title = page.evaluate("() => wp.data.select('core/editor').getEditedPostAttribute('title')")
    assert title == "My own title"  # a title of the user's own is kept
    expect(sidebar.get_by_label("Topic")).to_have_value(EN_TOPIC)

    # Improve: the post is rewritten in place, its title replaced by the article's.
    sidebar.get_by_label("Replace the content (improve this post)").check()
    sidebar.get_by_role("button", name="Generate into the editor").click()
    page.wait_for_function(_REPLACED, timeout=120_000)
    expect(sidebar.get_by_text("blocks added to the post")).to_be_visible(timeout=120_000)
    blocks = page.evaluate(_BLOCKS)
    assert blocks and all(block["valid"] for block in blocks), blocks
    title = page.evaluate("() => wp.data.select('core/editor').getEditedPostAttribute('title')")
    assert title and title != "My own title"
