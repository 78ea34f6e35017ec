"""The preview page: layout classes from block comments, sanitized HTML, language and direction."""

from __future__ import annotations

import pytest

from presswright.content.block_preview import preview_page, preview_stylesheet, rendered_blocks
from presswright.content.blocks import render_pattern
from tests.content.test_pattern_flow import GOOD


def test_layout_classes_follow_each_blocks_comment() -> None:
    markup = (
        '<!-- wp:group {"layout":{"type":"flex","orientation":"vertical",'
        '"justifyContent":"right","flexWrap":"nowrap"}} -->\n'
        '<div class="wp-block-group"><!-- wp:paragraph -->\n<p>One</p>\n<!-- /wp:paragraph -->'
        "</div>\n<!-- /wp:group -->\n\n"
        '<!-- wp:group {"layout":{"type":"constrained"}} -->\n<section class=\'wp-block-group x\'>'
        "</section>\n<!-- /wp:group -->\n\n"
        '<!-- wp:buttons {"layout":{"justifyContent":"space-between"}} -->\n<div>'
        "</div>\n<!-- /wp:buttons -->\n\n"
        '<!-- wp:core/group {"layout":{"type":"default"}} -->\n<div class="wp-block-group">'
        "</div>\n<!-- /wp:core/group -->"
    )
    html = rendered_blocks(markup)
    assert (
        '<div class="wp-block-group is-layout-flex is-content-justification-right is-vertical'
        ' is-nowrap">\n<p>One</p>\n</div>'
    ) in html
    assert '<section class="wp-block-group x is-layout-constrained"></section>' in html
    assert '<div class="is-layout-flex is-content-justification-space-between"></div>' in html
    assert '<div class="wp-block-group is-layout-flow"></div>' in html
    assert "<!--" not in html


def test_what_a_comment_cannot_add() -> None:
    # Unknown values add nothing, a cover keeps its own element free of layout classes,
    # and a broken or self-closing comment is passed over.
    markup = (
        '<!-- wp:group {"layout":{"type":"flex\\" onclick=\\"x","justifyContent":"<b>"}} -->'
        '<div class="wp-block-group"></div><!-- /wp:group -->'
        '<!-- wp:cover {"layout":{"type":"constrained"}} --><div class="wp-block-cover"></div>'
        '<!-- /wp:cover --><!-- wp:group {"layout":{"type":"flex"} -->'
        '<div class="a"></div><!-- /wp:group -->'
        '<!-- wp:spacer {"layout":{"type":"flex"}} /--><div class="b"></div>'
    )
    html = rendered_blocks(markup)
    assert html == (
        '<div class="wp-block-group"></div><div class="wp-block-cover"></div>'
        '<div class="a"></div><div class="b"></div>'
    )


def test_every_block_of_a_pattern_survives_sanitizing() -> None:
    html = rendered_blocks(render_pattern(GOOD))
    for name in (
        "wp-block-cover",
        "wp-block-cover__image-background",
        "wp-block-cover__background",
        "wp-block-cover__inner-container",
        "wp-block-buttons",
        "wp-block-button__link",
        "wp-block-columns",
        "wp-block-column",
        "wp-block-media-text",
        "wp-block-group is-layout-constrained",
        "wp-block-quote",
        "wp-block-separator",
        "wp-block-table",
        "wp-block-spacer",
    ):
        assert f'class="{name}' in html or f" {name}" in html, name
    assert 'style="height:100px"' in html
    assert 'data-object-fit="cover"' in html


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("fa", "rtl"), ("ja", "ltr")])
def test_the_page_says_its_language_and_direction(language: str, direction: str) -> None:
    page = preview_page(
        "<p>x</p>", language=language, title='A "hero" & <more>', stylesheet_url="/s.css?a=1&b=2"
    )
    assert f'<html lang="{language}" dir="{direction}">' in page
    assert "<title>A &quot;hero&quot; &amp; &lt;more&gt;</title>" in page
    assert '<link rel="stylesheet" href="/s.css?a=1&amp;b=2">' in page


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language 'xx'"):
        preview_page("<p>x</p>", language="xx", title="t", stylesheet_url="/s.css")


def test_the_stylesheet_covers_the_classes_the_renderer_emits() -> None:
    css = preview_stylesheet().decode("utf-8")
    html = rendered_blocks(render_pattern(GOOD))
    emitted = {
        name for value in html.split('class="')[1:] for name in value.split('"', 1)[0].split()
    }
    # Styled through their element (h1-h6) or the link class beside them.
    emitted -= {"wp-block-heading", "wp-element-button"}
    missing = sorted(name for name in emitted if f".{name}" not in css)
    assert not missing, f"no rule for {missing}"
    # No @import, url() or expression: nothing but rules, nothing fetched.
    assert "@import" not in css and "url(" not in css and "expression(" not in css
