"""Deterministic fixes: each repairs its violation, keeps what the model wrote, is idempotent."""

# Japanese prose uses full-width punctuation that looks like ASCII.
# ruff: noqa: RUF001

from __future__ import annotations

from typing import Any

import pytest

from presswright.content.body_html import read_body
from presswright.content.fixes import fix_article, fix_product, shorten
from presswright.content.models import META_DESC_MAX, META_DESC_MIN, ContentData, SeoMeta
from presswright.content.rules import check_article, check_product
from presswright.content.schema_ld import build_article_ld
from presswright.content.slugs import slug_problem
from tests.content.samples import (
    EN_BODY,
    english_article,
    english_request,
    japanese_article,
    japanese_request,
    product_copy,
    product_facts,
)

# Added to the short description to push it past its word limit, without repeating it.
LONGER = (
    " Its ventilated lid keeps the rain out, two hatches at the bottom let you take out"
    " finished compost while fresh waste goes in at the top, and a rodent mesh base keeps"
    " mice away from the heap all year."
)
LONG_SEO_TITLE = "Home Composting for Beginners: Bins, Browns, Greens and Smells Explained"


def rules(data: ContentData) -> list[str]:
    return [violation.rule for violation in check_article(data, english_request())]


def fixed(data: ContentData) -> ContentData:
    result = fix_article(data, english_request())
    assert fix_article(result, english_request()) == result, "the fix is not idempotent"
    return result


def with_meta(**changes: str) -> ContentData:
    return english_article(meta=english_article().meta.model_copy(update=changes))


def test_valid_articles_and_products_are_left_alone() -> None:
    for data, request in [
        (english_article(), english_request()),
        (japanese_article(), japanese_request()),
    ]:
        assert fix_article(data, request) == data
    assert fix_product(product_copy(), product_facts()) == product_copy()


def test_long_seo_title_is_cut_at_a_word() -> None:
    data = with_meta(seo_title=LONG_SEO_TITLE)
    assert rules(data) == ["seo_title_length"]
    after = fixed(data)
    assert rules(after) == []
    # Cut at a word, and never on a word no phrase ends on ("and").
    assert after.meta.seo_title == "Home Composting for Beginners: Bins, Browns, Greens"
    assert LONG_SEO_TITLE.startswith(after.meta.seo_title + " ")


def test_empty_seo_title_comes_from_the_title() -> None:
    data = with_meta(seo_title="   ")
    assert rules(data) == ["seo_title_length"]
    after = fixed(data)
    assert rules(after) == []
    assert after.meta.seo_title == "Home Composting for Beginners: Turn Kitchen Scraps into"


def test_japanese_seo_title_is_cut_at_a_character() -> None:
    title = "はじめての家庭用コンポスト入門：容器の選び方から生ごみの入れ方、においを防ぐコツ、"
    title += "堆肥ができるまでの期間まで、初心者向けにやさしく解説します"
    data = japanese_article(meta=japanese_article().meta.model_copy(update={"seo_title": title}))
    assert [v.rule for v in check_article(data, japanese_request())] == ["seo_title_length"]
    after = fix_article(data, japanese_request())
    assert check_article(after, japanese_request()) == []
    assert len(after.meta.seo_title) == 60
    assert title.startswith(after.meta.seo_title)


def test_long_meta_desc_is_cut_with_an_ellipsis() -> None:
    description = (
        "Learn home composting with a simple compost bin: what to add, how to balance greens"
        " and browns, how to fix a smelly heap, and how to use finished compost in your beds."
    )
    data = with_meta(meta_desc=description)
    assert rules(data) == ["meta_desc_length"]
    after = fixed(data)
    assert rules(after) == []
    assert after.meta.meta_desc.endswith("finished compost in…")
    assert description.startswith(after.meta.meta_desc[:-1])


def test_short_meta_desc_is_extended_with_sentences_already_written() -> None:
    data = with_meta(meta_desc="Home composting made simple with the right compost bin.")
    assert rules(data) == ["meta_desc_length"]
    after = fixed(data)
    assert rules(after) == []
    assert META_DESC_MIN <= len(after.meta.meta_desc) <= META_DESC_MAX
    # The excerpt's sentence follows, cut at a word: nothing new is claimed.
    assert after.meta.meta_desc.startswith(
        "Home composting made simple with the right compost bin. A practical beginner's guide"
    )
    assert after.meta.meta_desc.endswith("…")


def test_japanese_meta_desc_is_extended_without_spaces() -> None:
    short = "家庭でのコンポストの始め方を、容器選びからにおい対策まで順番に解説します。"
    meta = japanese_article().meta.model_copy(update={"meta_desc": short})
    excerpt = (
        "家庭でコンポストを始めたい人のために、容器の選び方とよくある疑問をまとめました。"
        "ベランダでも庭でも、今日から始められる手順を紹介します。"
    )
    data = japanese_article(meta=meta, excerpt=excerpt)
    request = japanese_request()
    assert [v.rule for v in check_article(data, request)] == ["meta_desc_length"]
    after = fix_article(data, request)
    assert check_article(after, request) == []
    assert " " not in after.meta.meta_desc
    assert fix_article(after, request) == after


def test_missing_keyword_is_prepended_to_the_meta_desc() -> None:
    description = (
        "Learn home composting: what to add, how to balance greens and browns, how to fix a"
        " smelly heap, and how long it takes to get crumbly soil for your beds."
    )
    data = with_meta(meta_desc=description)
    assert rules(data) == ["keyword_in_title_or_meta_desc"]
    after = fixed(data)
    assert rules(after) == []
    assert after.meta.meta_desc.startswith("Compost bin: Learn home composting: what to add")
    assert len(after.meta.meta_desc) <= META_DESC_MAX


def test_invalid_slug_is_made_from_the_seo_title() -> None:
    data = with_meta(slug="Home_Composting 101!")
    assert rules(data) == ["slug"]
    after = fixed(data)
    assert rules(after) == []
    assert after.meta.slug == "home-composting-for-beginners-a-practical-guide"


def test_headings_are_demoted_renumbered_and_relisted() -> None:
    body = "<h1>Home composting</h1>" + EN_BODY.replace(
        "<h3>Tumblers versus static bins</h3>", "<h5>Tumblers versus static bins</h5>"
    )
    data = english_article(body_html=body, headings=[])
    assert rules(data) == ["headings_match", "heading_h1", "heading_skip"]
    after = fixed(data)
    assert rules(after) == []
    levels = [(heading.level, heading.text) for heading in after.headings]
    # The h1 becomes a section of its own; the h5 sits one level below its h2.
    assert levels[:3] == [
        (2, "Home composting"),
        (2, "Choosing a compost bin"),
        (3, "Tumblers versus static bins"),
    ]
    assert "<h3>Tumblers versus static bins</h3>" in after.body_html


def test_an_empty_heading_is_refused_and_dropped_without_losing_a_word() -> None:
    # The packaged model wrote `<h2></h2>` between two sections of a sourdough article.
    body = EN_BODY.replace(
        "<h3>Tumblers versus static bins</h3>", "<h2></h2><h3> &nbsp;<br></h3>", 1
    )
    data = english_article(body_html=body, headings=[])
    assert rules(data) == ["headings_match", "heading_empty", "heading_empty"]
    after = fixed(data)
    assert rules(after) == []
    assert "<h2></h2>" not in after.body_html
    assert all(heading.text for heading in after.headings)
    assert read_body(after.body_html).paragraphs == read_body(data.body_html).paragraphs


def test_body_is_sanitized() -> None:
    body = EN_BODY.replace("<p>Tumblers", '<p onclick="track()">Tumblers')
    data = english_article(body_html=body + "<script>alert(1)</script>")
    assert rules(data) == ["body_sanitized"]
    after = fixed(data)
    assert rules(after) == []
    assert "onclick" not in after.body_html
    assert "script" not in after.body_html


def test_links_outside_the_site_index_are_unwrapped() -> None:
    invented = '<a href="/guides/compost-tea">compost tea</a>'
    external = '<a href="https://rhs.example/composting">the RHS</a>'
    body = EN_BODY.replace("closes the loop.", f"closes the loop, as {invented} and {external} do.")
    links = [*english_article().internal_links]
    links.append(links[0].model_copy(update={"url": "/guides/compost-tea", "anchor": "tea"}))
    data = english_article(body_html=body, internal_links=links)
    assert rules(data) == ["internal_link_anchor", "internal_link_site_index"]
    after = fixed(data)
    assert rules(after) == []
    assert "as compost tea and" in after.body_html  # the words stay, the link goes
    assert external in after.body_html  # other sites are not this contract's business
    assert [link.url for link in after.internal_links] == [
        "https://greenpatch.example/guides/raised-beds",
        "/guides/mulching",
    ]


def test_internal_links_are_rebuilt_from_the_body() -> None:
    data = english_article(internal_links=[])
    data = data.model_copy(update={"internal_links": english_article().internal_links[::-1] * 2})
    assert "internal_link_duplicate" in rules(data)
    after = fixed(data)
    assert rules(after) == []
    assert after.internal_links == english_article().internal_links


def test_json_ld_is_rebuilt() -> None:
    data = english_article()
    broken = build_article_ld(data)
    broken["@graph"][0]["inLanguage"] = "fr"
    data = data.model_copy(update={"schema_ld_json": broken})
    assert rules(data) == ["ld_language", "ld_faq_match"]
    after = fixed(data)
    assert rules(after) == []
    assert after.schema_ld_json == english_article().schema_ld_json


def test_keyword_missing_from_first_paragraph_is_not_invented() -> None:
    first = read_body(EN_BODY).paragraphs[0]
    body = EN_BODY.replace("With the right compost bin and", "With the right container and")
    data = english_article(body_html=body)
    assert rules(data) == ["keyword_in_first_paragraph"]
    after = fixed(data)
    assert rules(after) == ["keyword_in_first_paragraph"]
    assert read_body(after.body_html).paragraphs[0] != first
    assert after.body_html == data.body_html


def test_wrong_language_is_not_fixed() -> None:
    request = english_request(language="de")
    data = english_article()
    after = fix_article(data, request)
    assert [v.rule for v in check_article(after, request)] == [
        "language_mismatch",
        "language_detected",
    ]
    assert after.language == "en"
    assert after.body_html == data.body_html


def test_everything_at_once_is_idempotent() -> None:
    body = "<h1>Intro</h1>" + EN_BODY.replace("<h3>", "<h4>").replace("</h3>", "</h4>")
    body += '<p style="color:red" onmouseover="x()">See <a href="/nowhere">this</a>.</p>'
    data = english_article(
        body_html=body,
        headings=[],
        meta=SeoMeta(seo_title=LONG_SEO_TITLE, meta_desc="Composting.", slug="A B"),
        outline=["Choosing a compost bin", "", "Balancing greens and browns"],
    ).model_copy(update={"schema_ld_json": {"@type": "Article"}})
    assert len(rules(data)) >= 8
    after = fixed(data)
    assert rules(after) == []


# -- products -------------------------------------------------------------------------


def product_rules(**changes: Any) -> tuple[list[str], list[str]]:
    data = product_copy(**changes)
    after = fix_product(data, product_facts())
    assert fix_product(after, product_facts()) == after, "the fix is not idempotent"
    before_rules = [v.rule for v in check_product(data, product_facts())]
    return before_rules, [v.rule for v in check_product(after, product_facts())]


def test_product_meta_is_fixed() -> None:
    meta = SeoMeta(
        seo_title="Greenpatch 300 L Compost Bin with Ventilated Lid and Two Hatches",
        meta_desc="A compost bin for garden compost.",
        slug="Compost Bin",
    )
    assert product_rules(meta=meta) == (
        ["seo_title_length", "meta_desc_length", "slug"],
        [],
    )


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"short_description": product_copy().short_description + LONGER},
         "short_description_length"),
        ({"long_description_html": "<p onclick='x()'>" + "Holds 300 litres.</p>" * 2},
         "long_description_sanitized"),
        ({"feature_bullets": ["300 litre capacity", "  "]}, "feature_bullet_empty"),
        ({"tags": ["garden", "Garden"]}, "tag_duplicate"),
        ({"tags": ["garden", " "]}, "tag_empty"),
        ({"image_alt_text": "bin"}, "image_alt_text_length"),
        ({"image_alt_text": "Green compost bin on a lawn, " * 5 + "May"}, "image_alt_text_length"),
    ],
)  # fmt: skip
def test_product_fix(changes: dict[str, Any], rule: str) -> None:
    assert product_rules(**changes) == ([rule], [])


def test_a_paragraph_that_is_only_a_label_is_dropped_from_the_long_description() -> None:
    # What the packaged model wrote: the schema's field name as a paragraph of its own.
    body = product_copy().long_description_html
    before, after = product_rules(long_description_html=body + "<p>tags:</p>")
    assert before == ["quality_unfinished"] and after == []
    fixed = fix_product(product_copy(long_description_html=body + "<p>tags:</p>"), product_facts())
    assert fixed.long_description_html.rstrip() == body.rstrip()
    # A label with its text stays as written.
    kept = body + "<p>Care: rinse with water.</p>"
    assert (
        fix_product(product_copy(long_description_html=kept), product_facts()).long_description_html
        == kept
    )


def test_stray_punctuation_opening_the_descriptions_is_dropped() -> None:
    # What the packaged model wrote: a short description opening with ', ' and a paragraph
    # opening with '. '.
    copy = product_copy()
    short = ", " + copy.short_description
    body = copy.long_description_html.replace("<p>", "<p>. ", 1)
    before, after = product_rules(short_description=short, long_description_html=body)
    assert before.count("quality_junk") + before.count("quality_unfinished") >= 1
    assert after == []
    fixed = fix_product(
        product_copy(short_description=short, long_description_html=body), product_facts()
    )
    assert fixed.short_description == copy.short_description
    assert fixed.long_description_html == copy.long_description_html


def test_a_keyword_missing_from_the_short_description_is_named_up_front() -> None:
    short = "A sturdy bin that turns kitchen scraps into rich soil in a few months."
    before, after = product_rules(short_description=short)
    assert before == ["keyword_in_short_description", "keyword_in_short_description"]
    assert after == []
    fixed = fix_product(product_copy(short_description=short), product_facts())
    assert fixed.short_description.startswith("Compost bin, garden compost: A sturdy bin")


def test_long_short_description_keeps_whole_sentences() -> None:
    text = product_copy().short_description
    after = fix_product(product_copy(short_description=f"{text} {text} {text}"), product_facts())
    assert after.short_description == f"{text} {text}"


def test_product_language_is_not_fixed() -> None:
    facts = product_facts(language="it")
    after = fix_product(product_copy(), facts)
    assert [v.rule for v in check_product(after, facts)] == [
        "language_mismatch",
        "language_detected",
    ]


def test_shorten() -> None:
    assert shorten("Compost bins, explained", 14, "en") == "Compost bins"
    assert shorten("Compost bins, explained", 16, "en", ellipsis=True) == "Compost bins…"
    assert shorten("コンポスト入門ガイド", 5, "ja") == "コンポスト"
    assert shorten("Short", 60, "en") == "Short"
    assert slug_problem("home-composting", "en") is None


def test_an_seo_title_that_does_not_name_the_product_becomes_its_title() -> None:
    # As the packaged model wrote in French for "Linen bed sheets" ("Lien en ligne et
    # réglementairement sans nouveaux décennies."): a fluent title about nothing.
    meta = product_copy().meta.model_copy(
        update={"seo_title": "Online links and lawfully without new decades"}
    )
    before, after = product_rules(meta=meta)
    assert before == ["seo_title_off_topic"]
    assert after == []
    fixed = fix_product(product_copy(meta=meta), product_facts())
    assert fixed.meta.seo_title == "Greenpatch 300 L Compost Bin with Ventilated Lid"


def test_a_translated_seo_title_names_the_product_by_its_title() -> None:
    facts = product_facts(name="Linen bed sheets", keywords=[], language="fr")
    copy = product_copy(title="Draps en lin lavé à la pierre, lit double")
    meta = copy.meta.model_copy(update={"seo_title": "Draps en lin lavé | Maison"})
    rules = [v.rule for v in check_product(copy.model_copy(update={"meta": meta}), facts)]
    assert "seo_title_off_topic" not in rules
