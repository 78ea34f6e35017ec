"""The Patterns and Media Forge screens in Chromium, used by ``test_browser_screens.py`` (so
the module's one browser is reused).

Patterns: a pattern generated on the screen and added as an unsynced pattern is found in the
block editor's inserter, and its stored blocks parse as valid blocks in the editor. Media
Forge: the shared test server has no image provider, so generating shows the server's fix in
an error notice (the way to a picture is tested over REST in test_patterns_media.py).
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.plugin.site import run_php
from tests.wordpress.wordpress_site import RunningWordPress

__all__ = [
    "LIBRARY_TEMPLATE",
    "check_the_media_forge_notice",
    "check_the_patterns_screen",
    "forget_rate_limits",
]

TITLE = "Bakery hero from the screen"
LIBRARY_TITLE = "Bakery call to action from the library"
# A template stored on the server by the test before the screen is opened. Not a cover: the
# server renders core/cover in the WordPress 6.2+ order (<img> before the overlay <span>),
# which the Debian WordPress 6.1 editor flags as invalid (test_patterns_media.py checks that a
# cover template is stored as the server rendered it).
LIBRARY_TEMPLATE = {
    "name": "plugin-screen-call-to-action",
    "spec": {
        "title": "Bakery call to action",
        "category": "call-to-action",
        "blocks": [
            {"type": "heading", "level": 2, "text": "Fresh every morning"},
            {"type": "paragraph", "text": "Sourdough, rye and seeded loaves from 7 am."},
            {
                "type": "buttons",
                "inner": [{"type": "button", "text": "Order now", "url": "/order"}],
            },
        ],
    },
}
# Every block of a stored pattern (inner ones too) as the editor parses it.
_VALID = """async (title) => {
    const found = await wp.apiFetch({path: '/wp/v2/blocks?context=edit&search=' +
        encodeURIComponent(title)});
    const all = (blocks) => blocks.flatMap((b) => [b, ...all(b.innerBlocks)]);
    return all(wp.blocks.parse(found[0].content.raw))
        .map((b) => ({name: b.name, valid: b.isValid}));
}"""
_DELETE = """async (title) => {
    const path = '/wp/v2/blocks?search=' + encodeURIComponent(title);
    for (const block of await wp.apiFetch({path})) {
        await wp.apiFetch({path: '/wp/v2/blocks/' + block.id + '?force=true', method: 'DELETE'});
    }
}"""


def check_the_patterns_screen(page: Page, site_url: str) -> None:
    """Generate a pattern on the screen and add it unsynced, add a library template too; both
    are found in the editor's inserter and parse there as valid blocks."""
    page.goto(f"{site_url}/wp-admin/admin.php?page=presswright-patterns")
    expect(page.get_by_text("Template library")).to_be_visible()
    page.get_by_label("What the pattern shows").fill(
        "Hero with a call to action for a small bakery"
    )
    page.get_by_role("button", name="Generate pattern").click()
    add = page.get_by_role("button", name="Add to my patterns")
    expect(add).to_be_visible(timeout=120_000)
    expect(page.locator(".presswright-pattern-preview").first).to_be_visible()
    page.get_by_label("Pattern title").fill(TITLE)
    expect(page.get_by_label("Not synced: each use is a copy to edit")).to_be_checked()
    add.click()
    expect(page.locator(".components-notice", has_text=f'Pattern "{TITLE}" saved')).to_be_visible()

    template = page.locator(".presswright-template", has_text=LIBRARY_TEMPLATE["name"])
    expect(template.get_by_text("Fresh every morning")).to_be_visible()
    template.get_by_role("button", name="Use this template").click()
    template.get_by_label("Pattern title").fill(LIBRARY_TITLE)
    template.get_by_label("Synced: one copy, the same everywhere").check()
    template.get_by_role("button", name="Add to my patterns").click()
    saved = page.locator(".components-notice", has_text=f'Pattern "{LIBRARY_TITLE}" saved')
    expect(saved).to_be_visible()

    page.goto(f"{site_url}/wp-admin/post-new.php")
    page.wait_for_function(
        "() => window.wp && wp.data && wp.data.select('core/editor')"
        " && wp.data.select('core/editor').getCurrentPostId()",
        timeout=60_000,
    )
    page.evaluate(
        "() => wp.data.select('core/edit-post').isFeatureActive('welcomeGuide')"
        " && wp.data.dispatch('core/edit-post').toggleFeature('welcomeGuide')"
    )
    page.get_by_role("button", name="Toggle block inserter").click()
    search = page.get_by_placeholder("Search").first
    for title in (TITLE, LIBRARY_TITLE):
        search.fill(title)
        expect(page.get_by_role("option", name=title).first).to_be_visible()
        blocks = page.evaluate(_VALID, title)
        assert blocks and all(block["valid"] for block in blocks), (title, blocks)
        page.evaluate(_DELETE, title)  # the session's WordPress keeps no pattern of this test
    assert "core/buttons" in {block["name"] for block in blocks}


def check_the_media_forge_notice(page: Page, site_url: str) -> None:
    """Without an image provider on the server, the screen says so and names the fix."""
    page.goto(f"{site_url}/wp-admin/admin.php?page=presswright-media")
    page.get_by_label("Prompt").fill("A red lighthouse on a rocky coast at dawn")
    page.get_by_role("button", name="Generate pictures").click()
    notice = page.locator(".components-notice", has_text="No image provider is configured")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("providers add")
    expect(page.locator(".presswright-media-grid img")).to_have_count(0)


def forget_rate_limits(wordpress: RunningWordPress) -> None:
    """Clears the plugin's per-user rate-limit counters, so the generations a test made do not
    spend the budget of the tests after it (they share the administrator and its minute)."""
    run_php(
        wordpress,
        'global $wpdb; $wpdb->query("DELETE FROM $wpdb->options'
        " WHERE option_name LIKE '%transient%presswright_rl%'\"); wp_cache_flush(); echo 1;",
    )
