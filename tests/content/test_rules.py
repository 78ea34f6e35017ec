"""Every contract rule: a valid article passes, and each break is named by field and rule id."""

from __future__ import annotations

from typing import Any

import pytest

from presswright.content.models import Heading, InternalLink, SeoMeta, SiteLink
from presswright.content.rules import (
    check_article,
    check_article_json,
    check_product,
    check_product_json,
    contains_keyword,
)
from presswright.content.schema_ld import build_article_ld
from presswright.content.violations import Violation
from tests.content.samples import (
    EN_BODY,
    english_article,
    english_request,
    japanese_article,
    japanese_request,
    product_copy,
    product_facts,
)

MULCH_LINK = InternalLink(anchor="mulching with finished compost", url="/guides/mulching")
RAISED_LINK = InternalLink(
    anchor="guide to raised beds", url="https://greenpatch.example/guides/raised-beds"
)


def pairs(violations: list[Violation]) -> list[tuple[str, str]]:
    return [(violation.field, violation.rule) for violation in violations]


def article_rules(**changes: Any) -> list[tuple[str, str]]:
    return pairs(check_article(english_article(**changes), english_request()))


def meta(**changes: str) -> SeoMeta:
    return english_article().meta.model_copy(update=changes)


def test_valid_english_article_passes() -> None:
    assert check_article(english_article(), english_request()) == []
    assert check_article(english_article()) == []


def test_valid_japanese_article_passes() -> None:
    assert check_article(japanese_article(), japanese_request()) == []


def test_title_length() -> None:
    # The JSON-LD headline is the title, so an empty title leaves it empty too.
    assert article_rules(title="  ") == [
        ("title", "title_length"),
        ("schema_ld_json.@graph[0].headline", "ld_article_property"),
    ]
    long_title = "Home composting, " + "step by step and season by season, " * 6 + "explained"
    assert article_rules(title=long_title) == [("title", "title_length")]


def test_excerpt_length() -> None:
    excerpt = (
        "A practical guide to home composting for small gardens and balconies: how to choose"
        " a compost bin that fits the space you have, which kitchen scraps and garden"
        " trimmings to add and which to keep out, how to balance greens and browns, how"
        " often to turn the heap, and what to do when it smells sour or stays cold all winter."
    )
    assert len(excerpt) > 300
    assert article_rules(excerpt=excerpt) == [("excerpt", "excerpt_length")]


def test_seo_title_length() -> None:
    title = "Home Composting for Beginners: Bins, Browns, Greens and Smells"
    assert len(title) == 62
    violations = check_article(english_article(meta=meta(seo_title=title)))
    assert pairs(violations) == [("meta.seo_title", "seo_title_length")]
    assert "62 characters" in violations[0].message
    assert "at most 60" in violations[0].message


@pytest.mark.parametrize(
    ("description", "advice"),
    [
        ("Learn home composting with a simple compost bin.", "lengthen it to at least 140"),
        (
            "Learn home composting with a simple compost bin: what to add, how to balance"
            " greens and browns, how to fix a smelly heap, and how to use the compost in your"
            " beds.",
            "shorten it to at most 160",
        ),
    ],
)
def test_meta_desc_length(description: str, advice: str) -> None:
    violations = check_article(english_article(meta=meta(meta_desc=description)))
    assert pairs(violations) == [("meta.meta_desc", "meta_desc_length")]
    assert advice in violations[0].message


def test_slug() -> None:
    violations = check_article(english_article(meta=meta(slug="Home_Composting")))
    assert pairs(violations) == [("meta.slug", "slug")]
    assert "home-composting" in violations[0].message


def test_keyword_in_title_or_meta_desc() -> None:
    request = english_request(keywords=["home composting", "food waste"])
    violations = check_article(english_article(), request)
    assert pairs(violations) == [("meta.meta_desc", "keyword_in_title_or_meta_desc")]
    assert "'food waste'" in violations[0].message


def test_keyword_in_first_paragraph() -> None:
    request = english_request(keywords=["greens and browns"])
    violations = check_article(english_article(), request)
    assert pairs(violations) == [("body_html", "keyword_in_first_paragraph")]
    assert "'greens and browns'" in violations[0].message


def test_data_keywords_are_used_without_a_request() -> None:
    data = english_article(keywords=["greens and browns"])
    assert pairs(check_article(data)) == [("body_html", "keyword_in_first_paragraph")]


@pytest.mark.parametrize(
    ("text", "keyword", "found"),
    [
        ("Pick a Compost\n  Bin today", "compost bin", True),
        ("Tumblers versus static bins", "bin", False),
        ("Start composting", "compost", False),
        ("home-composting tips", "composting", True),
        ("家庭でのコンポストは簡単です", "コンポスト", True),
        ("راهنمای كمپوست خانگی", "کمپوست", True),
        # One apostrophe: the brief's ' and the text's typographic \u2019, either way round.
        ("Welcome to Rosa\u2019s Bakery", "Rosa's Bakery", True),
        ("Welcome to Rosa's Bakery", "Rosa\u2019s Bakery", True),
        ("Welcome to Rosas Bakery", "Rosa's Bakery", False),
    ],
)
def test_keyword_matching(text: str, keyword: str, found: bool) -> None:
    assert contains_keyword(text, keyword) is found


def test_headings_match() -> None:
    headings = [Heading(level=2, text="Choosing a bin")]
    violations = check_article(english_article(headings=headings))
    assert pairs(violations) == [("headings", "headings_match")]
    assert "h2 'Choosing a compost bin'" in violations[0].message


def test_heading_h1() -> None:
    body = "<h1>Home composting</h1>" + EN_BODY
    assert article_rules(body_html=body) == [("body_html", "heading_h1")]


def test_heading_first_level() -> None:
    body = EN_BODY.replace("<h2>Choosing a compost bin</h2>", "<h3>Choosing a compost bin</h3>")
    assert article_rules(body_html=body) == [("body_html", "heading_first_level")]


def test_heading_skip() -> None:
    body = EN_BODY.replace("<h3>Tumblers versus static bins</h3>", "<h4>Tumblers</h4>")
    violations = check_article(english_article(body_html=body))
    assert pairs(violations) == [("body_html", "heading_skip")]
    assert "make it an h3" in violations[0].message


def test_going_up_several_levels_is_fine() -> None:
    body = EN_BODY.replace(
        "<h2>Balancing greens and browns</h2>",
        "<h4>Turning the tumbler</h4><p>Turn it daily.</p><h2>Balancing greens and browns</h2>",
    )
    assert article_rules(body_html=body) == []


def test_body_sanitized() -> None:
    body = EN_BODY + '<iframe src="https://ads.example/frame"></iframe>'
    assert article_rules(body_html=body) == [("body_html", "body_sanitized")]


def test_body_empty() -> None:
    assert ("body_html", "body_empty") in article_rules(body_html="<p> </p>")


def test_internal_link_in_body() -> None:
    worms = InternalLink(anchor="worm farm", url="https://greenpatch.example/guides/worm-farms")
    links = [RAISED_LINK, MULCH_LINK, worms]
    assert article_rules(internal_links=links) == [
        ("internal_links[2].url", "internal_link_in_body")
    ]


def test_internal_link_anchor() -> None:
    links = [RAISED_LINK.model_copy(update={"anchor": "raised beds"}), MULCH_LINK]
    violations = check_article(english_article(internal_links=links))
    assert pairs(violations) == [("internal_links[0].anchor", "internal_link_anchor")]
    assert "'guide to raised beds'" in violations[0].message


def test_internal_link_site_index() -> None:
    request = english_request(site_index=[SiteLink(title="Raised beds", url=RAISED_LINK.url)])
    violations = check_article(english_article(), request)
    assert pairs(violations) == [("internal_links[1].url", "internal_link_site_index")]


def test_internal_link_duplicate() -> None:
    links = [RAISED_LINK, MULCH_LINK, RAISED_LINK]
    assert article_rules(internal_links=links) == [
        ("internal_links[2].url", "internal_link_duplicate")
    ]


def test_ld_required_property() -> None:
    data = english_article()
    del data.schema_ld_json["@graph"][0]["description"]
    assert pairs(check_article(data)) == [
        ("schema_ld_json.@graph[0].description", "ld_article_property")
    ]


def test_ld_language() -> None:
    data = english_article()
    data.schema_ld_json["@graph"][0]["inLanguage"] = "de"
    assert pairs(check_article(data)) == [("schema_ld_json.@graph[0].inLanguage", "ld_language")]


def test_ld_faq_missing_while_body_has_faq() -> None:
    data = english_article()
    data = data.model_copy(update={"schema_ld_json": build_article_ld(data)})
    violations = check_article(data)
    assert pairs(violations) == [("schema_ld_json", "ld_faq_match")]
    assert "add a FAQPage" in violations[0].message


def test_ld_faq_present_while_body_has_none() -> None:
    body = EN_BODY.split("<h2>Frequently asked questions</h2>")[0]
    data = english_article(body_html=body, outline=["Choosing a compost bin", "Balancing"])
    ld = build_article_ld(data, faq=[("Is compost safe?", "Yes, when it is finished.")])
    data = data.model_copy(update={"schema_ld_json": ld})
    assert pairs(check_article(data)) == [("schema_ld_json", "ld_faq_match")]


def test_language_mismatch_with_request() -> None:
    request = english_request(language="de")
    assert pairs(check_article(english_article(), request)) == [
        ("language", "language_mismatch"),
        ("body_html", "language_detected"),
    ]


def test_language_detected() -> None:
    data = japanese_article(language="zh")
    violations = check_article(data)
    assert pairs(violations)[0] == ("body_html", "language_detected")
    assert "Japanese (ja), not Chinese (zh)" in violations[0].message
    # The quality gate judges each field too: Japanese prose is not Chinese text.
    assert ("excerpt", "quality_language") in pairs(violations)
    assert ("meta.meta_desc", "quality_language") in pairs(violations)
    assert ("body_html", "quality_language") not in pairs(violations)  # said once, above


def test_outline_empty() -> None:
    data = english_article().model_copy(update={"outline": []})
    assert pairs(check_article(data)) == [("outline", "outline_empty")]


def test_outline_entry_empty() -> None:
    outline = ["Choosing a compost bin", " ", "Frequently asked questions"]
    assert article_rules(outline=outline) == [("outline[1]", "outline_entry_empty")]


def test_article_json_valid_and_rules() -> None:
    raw = english_article().model_dump(mode="json")
    assert check_article_json(raw) == []
    raw["meta"]["seo_title"] = "Home Composting for Beginners: Bins, Browns, Greens and Smell"
    assert pairs(check_article_json(raw)) == [("meta.seo_title", "seo_title_length")]


def test_article_json_shape() -> None:
    raw = english_article().model_dump(mode="json")
    del raw["meta"]["slug"]
    raw["outline"][1] = 7
    raw["author"] = "model"
    violations = check_article_json(raw)
    assert sorted(pairs(violations)) == [
        ("author", "shape"),
        ("meta.slug", "shape"),
        ("outline[1]", "shape"),
    ]
    assert any("is missing; add it" in v.message for v in violations)
    assert pairs(check_article_json([1, 2])) == [("(document)", "shape")]


# -- products -------------------------------------------------------------------------


def product_rules(**changes: Any) -> list[tuple[str, str]]:
    return pairs(check_product(product_copy(**changes), product_facts()))


def product_meta(**changes: str) -> SeoMeta:
    return product_copy().meta.model_copy(update=changes)


def test_valid_product_passes() -> None:
    assert check_product(product_copy(), product_facts()) == []
    assert check_product(product_copy()) == []


def test_product_title_length() -> None:
    assert product_rules(title=" ") == [("title", "title_length")]


def test_short_description_length() -> None:
    text = product_copy().short_description + (
        " Its ventilated lid keeps the rain out, two hatches at the bottom let you take out"
        " finished compost while fresh waste goes in at the top, and a rodent mesh base keeps"
        " mice away from the heap all year."
    )
    assert product_rules(short_description=text) == [
        ("short_description", "short_description_length")
    ]
    assert ("short_description", "short_description_length") in product_rules(
        short_description="  "
    )


def test_long_description_sanitized_and_empty() -> None:
    html = product_copy().long_description_html + "<script>track()</script>"
    assert product_rules(long_description_html=html) == [
        ("long_description_html", "long_description_sanitized")
    ]
    assert product_rules(long_description_html="<p></p>") == [
        ("long_description_html", "long_description_empty")
    ]


def test_feature_bullet_empty() -> None:
    bullets = ["300 litre capacity", ""]
    assert product_rules(feature_bullets=bullets) == [
        ("feature_bullets[1]", "feature_bullet_empty")
    ]


def test_product_meta_rules() -> None:
    changed = product_meta(
        seo_title="Greenpatch 300 L Compost Bin with Ventilated Lid and Two Hatches",
        meta_desc="A compost bin for garden compost.",
        slug="Compost Bin",
    )
    assert product_rules(meta=changed) == [
        ("meta.seo_title", "seo_title_length"),
        ("meta.meta_desc", "meta_desc_length"),
        ("meta.slug", "slug"),
    ]


def test_product_keywords() -> None:
    facts = product_facts(keywords=["kitchen waste", "hot composting"])
    assert pairs(check_product(product_copy(), facts)) == [
        ("short_description", "keyword_in_short_description"),
        ("meta.meta_desc", "keyword_in_title_or_meta_desc"),
        ("short_description", "keyword_in_short_description"),
    ]


def test_tags() -> None:
    assert product_rules(tags=["garden", " "]) == [("tags[1]", "tag_empty")]
    assert product_rules(tags=["garden", "Garden"]) == [("tags[1]", "tag_duplicate")]
    data = product_copy().model_copy(update={"tags": [f"tag {n}" for n in range(21)]})
    assert pairs(check_product(data)) == [("tags", "tags_count")]


def test_image_alt_text_length() -> None:
    assert product_rules(image_alt_text="bin") == [("image_alt_text", "image_alt_text_length")]
    assert product_rules(image_alt_text="compost bin " * 11) == [
        ("image_alt_text", "image_alt_text_length")
    ]


def test_product_language() -> None:
    assert pairs(check_product(product_copy(), product_facts(language="it"))) == [
        ("language", "language_mismatch"),
        ("long_description_html", "language_detected"),
    ]
    # Too short to judge: a German shop may describe a product in a few English words.
    short = product_copy(long_description_html="<p>Compost bin, 300 L.</p>", language="de")
    fields = {v.field for v in check_product(short, product_facts(language="de"))}
    assert "long_description_html" not in fields


def test_product_json() -> None:
    raw = product_copy().model_dump(mode="json")
    assert check_product_json(raw) == []
    raw["tags"] = []
    assert pairs(check_product_json(raw)) == [("tags", "shape")]
