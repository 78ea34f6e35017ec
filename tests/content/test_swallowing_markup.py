"""Nasty model output: markup that would swallow the rest of a body loses nothing it should keep.

Each sample opens something an HTML parser reads as raw text, a comment or CDATA, and is
followed by 25 paragraphs. After sanitizing, every one of those paragraphs is still there,
as a paragraph, and the swallowing markup (and the CSS or script it opened) is not. What
the sanitizer still cannot keep fails the contract by name instead of being published
shorter.
"""

from __future__ import annotations

import re

import pytest

from presswright.content.body_html import lost_words, read_body
from presswright.content.fixes import fix_article, fix_product
from presswright.content.models import ContentData, ContentRequest, ProductCopy, ProductFacts
from presswright.content.rules import check_article, check_product
from presswright.content.sanitize import is_sanitized, lost_text, sanitize_html
from presswright.content.swallowing_markup import defuse_swallowing_markup

PARAGRAPHS = [f"Paragraph number {n} says something true about tea." for n in range(1, 26)]
TAIL = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
INTRO = "<p>An honest introduction.</p>"

# (name, markup that opens before the 25 paragraphs, fragments that must not survive)
SWALLOWERS = [
    ("style", "<style>p { color: red }", ["<style", "color: red"]),
    ("upper-case STYLE", "<STYLE>P { COLOR: RED }", ["<style", "<STYLE", "COLOR"]),
    ("style with attributes", '<style type="text/css" media="all">b{}', ["<style", "b{}"]),
    ("style end without >", "<style>p { color: red }</style", ["<style", "</style", "color"]),
    ("nested style", "<style><style>p { margin: 0 }</style>", ["<style", "margin"]),
    ("script", "<script>alert(1)", ["<script", "alert"]),
    ("SCRIPT with src", '<SCRIPT SRC="https://evil.example/x.js">steal()', ["script", "steal"]),
    ("iframe", '<iframe src="https://evil.example">fallback', ["<iframe", "fallback"]),
    ("noscript", "<noscript>enable javascript", ["<noscript", "javascript"]),
    ("noembed", "<noembed>no embed", ["<noembed", "no embed"]),
    ("noframes", "<noframes>no frames", ["<noframes", "no frames"]),
    ("textarea", '<textarea rows="3">', ["<textarea"]),
    ("title", "<title>", ["<title"]),
    ("xmp", "<xmp>", ["<xmp"]),
    ("plaintext", "<plaintext>", ["<plaintext"]),
    ("template", "<template>", ["<template"]),
    ("comment", "<!-- draft note", ["<!--", "draft note"]),
    ("comment in a comment", "<!-- a <!-- b -->c<!-- d", ["<!--", "-->", " d"]),
    ("unclosed CDATA", "<![CDATA[", ["CDATA"]),
    ("style then comment", "<style>a{}<!-- x", ["<style", "<!--", "a{}"]),
    ("textarea in style", "<style><textarea>", ["<style", "<textarea"]),
]


def _paragraph_texts(html: str) -> list[str]:
    return list(read_body(html).paragraphs)


@pytest.mark.parametrize(
    ("opener", "gone"), [(s[1], s[2]) for s in SWALLOWERS], ids=[s[0] for s in SWALLOWERS]
)
def test_every_paragraph_after_unclosed_markup_survives(opener: str, gone: list[str]) -> None:
    body = INTRO + opener + TAIL
    clean = sanitize_html(body)
    paragraphs = _paragraph_texts(clean)
    assert paragraphs[0] == "An honest introduction."
    assert paragraphs[-25:] == PARAGRAPHS, clean
    for fragment in gone:
        assert fragment not in clean, (fragment, clean)
    assert lost_text(body) == []
    assert is_sanitized(clean)


def test_a_style_closed_after_the_body_does_not_take_the_body_with_it() -> None:
    body = INTRO + "<style>p { color: red }" + TAIL + "</style><p>After.</p>"
    clean = sanitize_html(body)
    assert _paragraph_texts(clean) == ["An honest introduction.", *PARAGRAPHS, "After."]
    assert "color" not in clean and "style" not in clean


@pytest.mark.parametrize("closer", ["</style>", "</STYLE >", "</style foo>", "</style/>"])
def test_a_closed_style_still_goes_with_its_css(closer: str) -> None:
    clean = sanitize_html(f"{INTRO}<style>p {{ color: red }}{closer}{TAIL}")
    assert _paragraph_texts(clean) == ["An honest introduction.", *PARAGRAPHS]
    assert "color" not in clean


def test_closed_comments_script_and_template_are_removed_as_before() -> None:
    body = "<p>a</p><!-- note --><script>x()</script><template><p>t</p></template><p>b</p>"
    assert sanitize_html(body) == "<p>a</p><p>b</p>"
    assert lost_text(body) == []


def test_cdata_becomes_its_text() -> None:
    assert sanitize_html("<p>a <![CDATA[1 < 2 & 3]]> b</p>") == "<p>a 1 &lt; 2 &amp; 3 b</p>"


def test_a_tag_in_an_attribute_value_is_not_markup() -> None:
    body = '<p title="<style>">one</p><p>two</p>'
    assert defuse_swallowing_markup(body) == body
    assert _paragraph_texts(sanitize_html(body)) == ["one", "two"]


def test_sanitizing_twice_changes_nothing_more() -> None:
    for _, opener, _ in SWALLOWERS:
        once = sanitize_html(INTRO + opener + TAIL)
        assert sanitize_html(once) == once, opener


# --- what still cannot be kept is named, and fails the contract ----------------------------


LOSING = [
    ('<p class="x>', "a quote left open", ["p", "class", "x", "Paragraph", "number", "1"]),
    ("<svg><text>Vector words</text></svg>", "svg text", ["Vector", "words"]),
    ("<math><mi>e</mi></math>", "mathml", ["e"]),
]


@pytest.mark.parametrize(
    ("markup", "lost"), [(m, w) for m, _, w in LOSING], ids=[i for _, i, _ in LOSING]
)
def test_lost_text_names_what_the_sanitizer_still_drops(markup: str, lost: list[str]) -> None:
    assert lost_text(INTRO + markup + TAIL)[: len(lost)] == lost


def test_lost_words_are_robust_to_entities_whitespace_and_moves() -> None:
    before = "<p>Caf&eacute; &amp; tea</p>\n\n<div>one   two</div>"
    after = "<p>Café &amp; tea</p><p>one two</p>"
    assert lost_words(before, after) == []
    assert sorted(lost_words("<p>一二三 four</p>", "<p>一三</p>")) == ["four", "二"]
    # Script, style and comments are no text a reader sees.
    assert lost_words("<p>a</p><script>b()</script><style>c{}</style><!-- d -->", "<p>a</p>") == []


def _article(body_html: str) -> ContentData:
    return ContentData.model_validate(
        {
            "language": "en",
            "title": "Tea",
            "excerpt": "About tea.",
            "outline": ["Tea"],
            "body_html": body_html,
            "meta": {"seo_title": "Tea", "meta_desc": "About tea.", "slug": "tea"},
            "headings": [],
            "internal_links": [],
            "schema_ld_json": {},
        }
    )


def test_an_article_that_would_lose_text_fails_the_contract_and_is_not_shortened() -> None:
    body = INTRO + '<p class="x>' + TAIL
    data = _article(body)
    rules = {(v.field, v.rule): v.message for v in check_article(data)}
    message = rules[("body_html", "body_text_lost")]
    assert "would drop" in message and "Paragraph" in message
    fixed = fix_article(data, ContentRequest(topic="All about tea", language="en"))
    assert fixed.body_html == body  # kept as written: the contract refuses it
    assert ("body_html", "body_text_lost") in {(v.field, v.rule) for v in check_article(fixed)}


def test_an_article_with_an_unclosed_style_is_fixed_without_losing_a_paragraph() -> None:
    data = _article(INTRO + "<style>p { color: red }" + TAIL)
    assert "body_text_lost" not in {v.rule for v in check_article(data)}
    fixed = fix_article(data, ContentRequest(topic="All about tea", language="en"))
    assert _paragraph_texts(fixed.body_html) == ["An honest introduction.", *PARAGRAPHS]
    assert {v.rule for v in check_article(fixed)}.isdisjoint({"body_sanitized", "body_text_lost"})


def test_a_product_description_that_would_lose_text_fails_the_contract() -> None:
    copy = ProductCopy.model_validate(
        {
            "language": "en",
            "title": "Teapot",
            "short_description": "A teapot.",
            "long_description_html": "<p>Pours well.</p><svg><text>Holds a litre</text></svg>",
            "feature_bullets": ["Pours well"],
            "meta": {"seo_title": "Teapot", "meta_desc": "A teapot.", "slug": "teapot"},
            "tags": ["teapot"],
            "image_alt_text": "A white teapot",
        }
    )
    assert "long_description_text_lost" in {v.rule for v in check_product(copy)}
    facts = ProductFacts.model_validate({"name": "Teapot", "category": "kitchen", "language": "en"})
    fixed = fix_product(copy, facts)
    assert fixed.long_description_html == copy.long_description_html
    assert re.search("Holds a litre", str(check_product(fixed)))
