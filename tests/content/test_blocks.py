"""Block patterns: markup read back by WordPress's own parser; bad specs named by path."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from presswright.content.blocks import (
    SUPPORTED_BLOCKS,
    PatternSpec,
    render_pattern,
    validate_pattern,
)
from presswright.errors import InvalidPatternError, UserInputError
from tests.content.wordpress_php import freeform_or_invalid, parse_blocks

Tree = list[tuple[str | None, list[Any]]]

IMG = "https://cdn.example.com/bakery/loaves.jpg"


def pattern(*blocks: dict[str, Any]) -> dict[str, Any]:
    return {"title": "Test pattern", "category": "featured", "blocks": list(blocks)}


def tree(parsed: list[dict[str, Any]]) -> Tree:
    """Block names and nesting as WordPress parsed them, whitespace-only freeform left out."""
    return [
        (block["blockName"], tree(block["innerBlocks"]))
        for block in parsed
        if block["blockName"] is not None or block["innerHTML"].strip()
    ]


def expected_tree(blocks: list[dict[str, Any]]) -> Tree:
    """The tree a spec should become: lists gain list-item blocks, quote text a paragraph."""
    result: Tree = []
    for block in blocks:
        name = "core/" + block["type"].removeprefix("core/")
        children = expected_tree(block.get("inner", []))
        if name == "core/list":
            children = [("core/list-item", []) for _ in block["items"]]
        if name == "core/quote" and block.get("text"):
            children = [("core/paragraph", []), *children]
        result.append((name, children))
    return result


def flat_attrs(parsed: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """Every block's name and comment attributes, in document order."""
    found: list[tuple[str, dict[str, Any]]] = []
    for block in parsed:
        if block["blockName"] is not None:
            found.append((block["blockName"], block["attrs"]))
            found.extend(flat_attrs(block["innerBlocks"]))
    return found


def names(expected: Tree) -> set[str]:
    return {str(name) for name, children in expected} | {
        name for _, children in expected for name in names(children)
    }


def round_trip(spec: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """Render, parse with WordPress, and check the structure matches the spec exactly."""
    markup = render_pattern(spec)
    parsed = parse_blocks(markup)
    expected = expected_tree(spec["blocks"])
    assert freeform_or_invalid(parsed, names(expected)) == []
    assert tree(parsed) == expected
    return markup, parsed


# One case per supported block: the spec block, the attributes WordPress must read back for
# every block in document order, and a piece of the saved HTML.
SINGLE_BLOCKS: dict[str, tuple[dict[str, Any], list[tuple[str, dict[str, Any]]], str]] = {
    "paragraph": (
        {"type": "paragraph", "text": "Crust & crumb <daily>"},
        [("core/paragraph", {})],
        "<p>Crust &amp; crumb &lt;daily&gt;</p>",
    ),
    "heading": (
        {"type": "heading", "level": 4, "text": "Opening hours"},
        [("core/heading", {"level": 4})],
        '<h4 class="wp-block-heading">Opening hours</h4>',
    ),
    "list": (
        {"type": "list", "ordered": True, "items": ["Knead", "Proof", "Bake"]},
        [("core/list", {"ordered": True})] + [("core/list-item", {})] * 3,
        "<li>Proof</li>",
    ),
    "image": (
        {"type": "image", "url": IMG, "alt": 'Rye "loaves"', "caption": "Baked at 5am"},
        [("core/image", {})],
        f'<img src="{IMG}" alt="Rye &quot;loaves&quot;"/>'
        '<figcaption class="wp-element-caption">Baked at 5am</figcaption>',
    ),
    "quote": (
        {"type": "quote", "text": "Best bread in town.", "citation": "A regular"},
        [("core/quote", {}), ("core/paragraph", {})],
        "<cite>A regular</cite></blockquote>",
    ),
    "buttons": (
        {"type": "buttons", "inner": [{"type": "button", "text": "Order", "url": "#order"}]},
        [("core/buttons", {}), ("core/button", {})],
        '<div class="wp-block-buttons">',
    ),
    "button": (
        {
            "type": "buttons",
            "inner": [
                {"type": "button", "text": "Visit", "url": "https://example.com/?a=1&b=2"},
                {"type": "button", "text": "No link"},
            ],
        },
        [("core/buttons", {}), ("core/button", {}), ("core/button", {})],
        'href="https://example.com/?a=1&amp;b=2">Visit</a>',
    ),
    "columns": (
        {
            "type": "columns",
            "inner": [
                {"type": "column", "inner": [{"type": "paragraph", "text": "Left"}]},
                {"type": "column", "inner": [{"type": "paragraph", "text": "Right"}]},
            ],
        },
        [("core/columns", {})] + [("core/column", {}), ("core/paragraph", {})] * 2,
        '<div class="wp-block-columns">',
    ),
    "column": (
        {"type": "columns", "inner": [{"type": "column"}]},
        [("core/columns", {}), ("core/column", {})],
        '<div class="wp-block-column"></div>',
    ),
    "group": (
        {"type": "group", "inner": [{"type": "paragraph", "text": "Inside"}]},
        [("core/group", {"layout": {"type": "constrained"}}), ("core/paragraph", {})],
        '<div class="wp-block-group">',
    ),
    "cover": (
        {"type": "cover", "inner": [{"type": "heading", "level": 1, "text": "Hello"}]},
        [("core/cover", {"layout": {"type": "constrained"}}), ("core/heading", {"level": 1})],
        '<span aria-hidden="true" class="wp-block-cover__background has-background-dim-100'
        ' has-background-dim"></span><div class="wp-block-cover__inner-container">',
    ),
    "separator": (
        {"type": "separator"},
        [("core/separator", {})],
        '<hr class="wp-block-separator has-alpha-channel-opacity"/>',
    ),
    "spacer": (
        {"type": "spacer", "height": 48},
        [("core/spacer", {"height": "48px"})],
        '<div style="height:48px" aria-hidden="true" class="wp-block-spacer"></div>',
    ),
    "table": (
        {"type": "table", "head": ["Bread", "Price"], "rows": [["Rye", "4 €"], ["Spelt", "5 €"]]},
        [("core/table", {"hasFixedLayout": True})],
        "<thead><tr><th>Bread</th><th>Price</th></tr></thead><tbody><tr><td>Rye</td>",
    ),
    "media-text": (
        {
            "type": "media-text",
            "url": IMG,
            "alt": "Loaves",
            "inner": [{"type": "paragraph", "text": "Baked daily."}],
        },
        [("core/media-text", {"align": "wide", "mediaType": "image"}), ("core/paragraph", {})],
        f'<figure class="wp-block-media-text__media"><img src="{IMG}" alt="Loaves"/></figure>'
        '<div class="wp-block-media-text__content">',
    ),
}


def test_every_supported_block_has_a_round_trip_case() -> None:
    assert set(SINGLE_BLOCKS) == set(SUPPORTED_BLOCKS)


@pytest.mark.parametrize("name", list(SINGLE_BLOCKS))
def test_each_block_round_trips_through_wordpress(name: str) -> None:
    block, attrs, fragment = SINGLE_BLOCKS[name]
    markup, parsed = round_trip(pattern(block))
    assert flat_attrs(parsed) == attrs
    assert fragment in markup


@pytest.mark.parametrize("name", list(SINGLE_BLOCKS))
def test_each_block_round_trips_nested_in_a_group(name: str) -> None:
    block, attrs, _ = SINGLE_BLOCKS[name]
    _, parsed = round_trip(pattern({"type": "group", "inner": [copy.deepcopy(block)]}))
    assert flat_attrs(parsed) == [("core/group", {"layout": {"type": "constrained"}}), *attrs]


def test_markup_is_exactly_what_the_editor_saves() -> None:
    markup = render_pattern(
        pattern(
            {"type": "heading", "level": 3, "text": "Our breads"},
            {"type": "paragraph", "text": "Sourdough."},
            {"type": "buttons", "inner": [{"type": "button", "text": "Order", "url": "/order"}]},
        )
    )
    assert markup == (
        '<!-- wp:heading {"level":3} -->\n<h3 class="wp-block-heading">Our breads</h3>\n'
        "<!-- /wp:heading -->\n\n"
        "<!-- wp:paragraph -->\n<p>Sourdough.</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:buttons -->\n<div class="wp-block-buttons"><!-- wp:button -->\n'
        '<div class="wp-block-button"><a class="wp-block-button__link wp-element-button"'
        ' href="/order">Order</a></div>\n<!-- /wp:button --></div>\n<!-- /wp:buttons -->'
    )


def test_default_attributes_are_omitted() -> None:
    markup = render_pattern(
        pattern(
            {"type": "heading", "level": 2, "text": "Default level"},
            {"type": "spacer", "height": 100},
            {"type": "list", "ordered": False, "items": ["one"]},
        )
    )
    assert "<!-- wp:heading -->\n<h2" in markup
    assert "<!-- wp:spacer -->\n" in markup
    assert '<!-- wp:list -->\n<ul class="wp-block-list"><!-- wp:list-item -->' in markup


def test_comment_attributes_are_escaped_like_the_editor_and_read_back() -> None:
    url = 'https://cdn.example.com/a--b.jpg?x=1&y=<2>"3"'
    markup = render_pattern(pattern({"type": "cover", "url": url, "alt": "A", "dim": 30}))
    comment = markup.split("\n", 1)[0]
    assert "--" not in comment.removeprefix("<!--").removesuffix("-->")
    assert r"a\u002d\u002db.jpg?x=1\u0026y=\u003c2\u003e\u00223\u0022" in comment
    parsed = parse_blocks(markup)
    assert parsed[0]["attrs"]["url"] == url
    assert parsed[0]["attrs"]["dimRatio"] == 30
    assert 'src="https://cdn.example.com/a--b.jpg?x=1&amp;y=&lt;2&gt;&quot;3&quot;"' in markup


def test_bakery_hero_pattern() -> None:
    spec = pattern(
        {
            "type": "cover",
            "url": IMG,
            "alt": "Fresh loaves on a counter",
            "overlay_color": "#3b2416",
            "dim": 60,
            "inner": [
                {"type": "heading", "level": 1, "text": "Baked before sunrise"},
                {"type": "paragraph", "text": "Sourdough, rye & croissants.\nOpen 6-14."},
                {
                    "type": "buttons",
                    "inner": [
                        {"type": "button", "text": "Order for pickup", "url": "/order"},
                        {"type": "button", "text": "See the menu", "url": "#menu"},
                    ],
                },
            ],
        }
    )
    _, parsed = round_trip(spec)
    assert flat_attrs(parsed)[0] == (
        "core/cover",
        {
            "url": IMG,
            "dimRatio": 60,
            "customOverlayColor": "#3b2416",
            "isUserOverlayColor": True,
            "layout": {"type": "constrained"},
        },
    )
    cover_html = parsed[0]["innerContent"][0]
    assert cover_html.startswith(
        '\n<div class="wp-block-cover"><img class="wp-block-cover__image-background"'
        f' alt="Fresh loaves on a counter" src="{IMG}" data-object-fit="cover"/>'
        '<span aria-hidden="true" class="wp-block-cover__background has-background-dim-60'
        ' has-background-dim" style="background-color:#3b2416"></span>'
    )
    paragraph = parsed[0]["innerBlocks"][1]
    assert paragraph["innerHTML"] == "\n<p>Sourdough, rye &amp; croissants.<br>Open 6-14.</p>\n"


def test_columns_pattern_with_media_text() -> None:
    spec = pattern(
        {"type": "heading", "text": "Why our bread"},
        {
            "type": "columns",
            "inner": [
                {
                    "type": "column",
                    "inner": [
                        {
                            "type": "media-text",
                            "url": "/wp-content/uploads/oven.jpg",
                            "alt": "Stone oven",
                            "media_position": "right",
                            "inner": [
                                {"type": "heading", "level": 3, "text": "Stone oven"},
                                {"type": "paragraph", "text": "Fired with beech wood."},
                            ],
                        }
                    ],
                },
                {
                    "type": "column",
                    "inner": [
                        {"type": "image", "url": IMG, "alt": "Loaves"},
                        {"type": "list", "items": ["Flour", "Water", "Salt"]},
                        {
                            "type": "quote",
                            "citation": "Our baker",
                            "inner": [
                                {"type": "paragraph", "text": "Time is the secret."},
                            ],
                        },
                    ],
                },
            ],
        },
        {"type": "separator"},
        {"type": "spacer", "height": 24},
    )
    _, parsed = round_trip(spec)
    # the blank lines between top-level blocks parse as whitespace-only freeform blocks
    blocks = [block for block in parsed if block["blockName"] is not None]
    media = blocks[1]["innerBlocks"][0]["innerBlocks"][0]
    assert media["attrs"] == {"align": "wide", "mediaPosition": "right", "mediaType": "image"}
    assert media["innerContent"][0].startswith(
        '\n<div class="wp-block-media-text alignwide has-media-on-the-right is-stacked-on-mobile">'
        '<div class="wp-block-media-text__content">'
    )
    assert media["innerContent"][-1].startswith(
        '</div><figure class="wp-block-media-text__media">'
        '<img src="/wp-content/uploads/oven.jpg" alt="Stone oven"/></figure>'
    )


def test_table_pattern() -> None:
    spec = pattern(
        {"type": "heading", "level": 2, "text": "Prices"},
        {
            "type": "table",
            "head": ["Bread", "Weight", "Price"],
            "rows": [["Rye", "1 kg", "4.50"], ["Spelt & seeds", "750 g", "5.20"]],
            "caption": "Prices include VAT",
        },
    )
    _, parsed = round_trip(spec)
    assert parsed[-1]["innerHTML"] == (
        '\n<figure class="wp-block-table"><table class="has-fixed-layout"><thead><tr>'
        "<th>Bread</th><th>Weight</th><th>Price</th></tr></thead><tbody>"
        "<tr><td>Rye</td><td>1 kg</td><td>4.50</td></tr>"
        "<tr><td>Spelt &amp; seeds</td><td>750 g</td><td>5.20</td></tr></tbody></table>"
        '<figcaption class="wp-element-caption">Prices include VAT</figcaption></figure>\n'
    )


def test_core_prefix_and_pattern_spec_objects_are_accepted() -> None:
    plain = pattern({"type": "heading", "level": 3, "text": "Same"})
    prefixed = pattern({"type": "core/heading", "level": 3, "text": "Same"})
    assert render_pattern(prefixed) == render_pattern(plain)
    assert render_pattern(PatternSpec.model_validate(prefixed)) == render_pattern(plain)


def test_json_schema_lists_the_supported_blocks() -> None:
    schema = PatternSpec.model_json_schema()
    assert schema["required"] == ["title", "category", "blocks"]
    block = schema["$defs"]["Block"]
    assert block["properties"]["type"]["enum"] == list(SUPPORTED_BLOCKS)
    assert block["properties"]["inner"]["items"] == {"$ref": "#/$defs/Block"}


def test_freeform_check_catches_stray_html() -> None:
    parsed = parse_blocks(
        "<!-- wp:paragraph -->\n<p>ok</p>\n<!-- /wp:paragraph -->\n\n<div>stray</div>"
        "<!-- wp:acme/widget /-->"
    )
    problems = freeform_or_invalid(parsed, {"core/paragraph"})
    assert problems == [
        "blocks[1]: freeform HTML '<div>stray</div>'",
        "blocks[2]: unexpected block 'acme/widget'",
    ]


# One spec per kind of mistake: the rule id and the path that must be named.
INVALID: dict[str, tuple[list[dict[str, Any]], str, str]] = {
    "unknown block": (
        [{"type": "group", "inner": [{"type": "carousel", "text": "x"}]}],
        "unknown_block",
        "blocks[0].inner[0]",
    ),
    "button outside buttons": (
        [{"type": "group", "inner": [{"type": "button", "text": "Buy", "url": "/buy"}]}],
        "invalid_nesting",
        "blocks[0].inner[0]",
    ),
    "column outside columns": (
        [{"type": "paragraph", "text": "a"}, {"type": "column"}],
        "invalid_nesting",
        "blocks[1]",
    ),
    "paragraph inside columns": (
        [{"type": "columns", "inner": [{"type": "paragraph", "text": "a"}]}],
        "invalid_nesting",
        "blocks[0].inner[0]",
    ),
    "inner blocks on a paragraph": (
        [{"type": "paragraph", "text": "a", "inner": [{"type": "paragraph", "text": "b"}]}],
        "invalid_nesting",
        "blocks[0].inner",
    ),
    "empty buttons": ([{"type": "buttons", "inner": []}], "empty_container", "blocks[0].inner"),
    "bad heading level": (
        [{"type": "heading", "level": 7, "text": "Too deep"}],
        "bad_level",
        "blocks[0].level",
    ),
    "javascript url": (
        [
            {
                "type": "buttons",
                "inner": [{"type": "button", "text": "x", "url": "javascript:alert(1)"}],
            }
        ],
        "unsafe_url",
        "blocks[0].inner[0].url",
    ),
    "obfuscated javascript url": (
        [{"type": "image", "url": "java\tscript:alert(1)", "alt": "x"}],
        "unsafe_url",
        "blocks[0].url",
    ),
    "protocol-relative url": (
        [{"type": "image", "url": "//evil.example/x.png", "alt": "x"}],
        "unsafe_url",
        "blocks[0].url",
    ),
    "missing text": ([{"type": "heading", "level": 2}], "missing_field", "blocks[0].text"),
    "blank text": ([{"type": "paragraph", "text": "   "}], "missing_field", "blocks[0].text"),
    "missing alt": ([{"type": "image", "url": IMG}], "missing_field", "blocks[0].alt"),
    "wrong type": (
        [{"type": "heading", "level": "2", "text": "x"}],
        "invalid_field",
        "blocks[0].level",
    ),
    "unknown field": (
        [{"type": "paragraph", "text": "x", "style": "red"}],
        "unknown_field",
        "blocks[0].style",
    ),
    "field of another block": (
        [{"type": "paragraph", "text": "x", "items": ["a"]}],
        "unused_field",
        "blocks[0].items",
    ),
    "ragged table": (
        [{"type": "table", "rows": [["a", "b"], ["c"]]}],
        "bad_value",
        "blocks[0].rows",
    ),
    "bad overlay color": (
        [{"type": "cover", "overlay_color": "red; background:url(x)"}],
        "bad_value",
        "blocks[0].overlay_color",
    ),
}


@pytest.mark.parametrize("case", list(INVALID))
def test_invalid_specs_are_named_by_path(case: str) -> None:
    blocks, rule, path = INVALID[case]
    spec = pattern(*blocks)
    violations = validate_pattern(spec)
    assert (path, rule) in [(v.field, v.rule) for v in violations], violations
    with pytest.raises(InvalidPatternError) as raised:
        render_pattern(spec)
    assert f"{path}: " in str(raised.value)
    assert isinstance(raised.value, UserInputError)
    assert raised.value.hint and "buttons" in raised.value.hint


def test_every_problem_is_reported_at_once() -> None:
    spec = {
        "title": " ",
        "blocks": [
            {"type": "button", "text": "Buy"},
            {"type": "heading", "level": 0, "text": ""},
            {"type": "cover", "inner": [{"type": "slider"}]},
        ],
    }
    found = {(v.field, v.rule) for v in validate_pattern(spec)}
    assert found == {
        ("category", "missing_field"),
        ("title", "missing_field"),
        ("blocks[0]", "invalid_nesting"),
        ("blocks[1].level", "bad_level"),
        ("blocks[1].text", "missing_field"),
        ("blocks[2].inner[0]", "unknown_block"),
    }


def test_not_a_pattern_at_all() -> None:
    assert [(v.field, v.rule) for v in validate_pattern(["heading"])] == [
        ("pattern", "invalid_field")
    ]
    assert [(v.field, v.rule) for v in validate_pattern(pattern())] == [("blocks", "missing_field")]


def test_valid_specs_have_no_violations() -> None:
    for block, _, _ in SINGLE_BLOCKS.values():
        assert validate_pattern(pattern(block)) == []
