"""JSON-LD built from article fields, FAQ extraction from the body, and JSON-LD validation."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from presswright.content.models import ContentData, SeoMeta
from presswright.content.schema_ld import (
    HEADLINE_MAX,
    build_article_ld,
    extract_faq,
    ld_problems,
)

BODY = (
    "<p>Cold brew coffee is brewed with cold water over twelve to eighteen hours, which"
    " gives a smooth, low-acid cup that keeps in the fridge for a week.</p>"
    "<h2>What you need</h2><p>A large jar, a coarse grinder and a fine filter.</p>"
    "<h2>Frequently asked questions</h2>"
    "<h3>How strong should cold brew be?</h3>"
    "<p>Start with one part coffee to eight parts water.</p><p>Dilute it to taste.</p>"
    "<h3>Can I heat cold brew?</h3><p>Yes, warm it gently; it stays less bitter.</p>"
    "<h2>Storing it</h2><h3>How long does it keep?</h3><p>About a week in the fridge.</p>"
)


def article(**changes: Any) -> ContentData:
    fields: dict[str, Any] = {
        "language": "en",
        "title": "Cold Brew Coffee at Home: A Simple Guide",
        "excerpt": "How to make smooth cold brew coffee at home.",
        "outline": ["What you need", "Frequently asked questions", "Storing it"],
        "body_html": BODY,
        "meta": SeoMeta(
            seo_title="Cold Brew Coffee at Home",
            meta_desc="Make cold brew coffee at home with a jar and a filter.",
            slug="cold-brew-coffee-at-home",
        ),
        "schema_ld_json": {},
        "keywords": ["cold brew coffee", "cold brew"],
    }
    fields.update(changes)
    return ContentData(**fields)


def test_extracts_questions_and_answers_of_the_faq_section_only() -> None:
    assert extract_faq(BODY) == [
        (
            "How strong should cold brew be?",
            "Start with one part coffee to eight parts water. Dilute it to taste.",
        ),
        ("Can I heat cold brew?", "Yes, warm it gently; it stays less bitter."),
    ]


@pytest.mark.parametrize(
    "heading",
    [
        "FAQ",
        "FAQs",
        "Frequently Asked Questions",
        "FAQ: cold brew",
        "Häufig gestellte Fragen",
        "Preguntas frecuentes",
        "Questions fréquentes",
        "Domande frequenti",
        "سوالات متداول",
        "الأسئلة الشائعة",
        "よくある質問",
        "자주 묻는 질문",
        "常见问题",
    ],
)
def test_faq_headings_in_every_language(heading: str) -> None:
    body = f"<h2>{heading}</h2><h3>Q?</h3><p>A.</p>"
    assert extract_faq(body) == [("Q?", "A.")]


@pytest.mark.parametrize(
    "body",
    [
        "<h2>Storing it</h2><h3>How long does it keep?</h3><p>A week.</p>",
        "<h2>Faqir's coffee</h2><h3>Who is he?</h3><p>A barista.</p>",
        "<h3>Frequently asked questions</h3><h4>Q?</h4><p>A.</p>",
        "<h2>FAQ</h2><p>No questions here.</p>",
    ],
)
def test_no_faq_section(body: str) -> None:
    assert extract_faq(body) == []


def test_builds_article_and_faq_from_fields() -> None:
    data = article()
    ld = build_article_ld(data, faq=extract_faq(data.body_html), published="2025-03-01")
    assert ld["@context"] == "https://schema.org"
    node, faq = ld["@graph"]
    assert node == {
        "@type": "Article",
        "headline": data.title,
        "description": data.meta.meta_desc,
        "inLanguage": "en",
        "keywords": "cold brew coffee, cold brew",
        "articleSection": data.outline,
        "wordCount": 88,
        "datePublished": "2025-03-01",
    }
    assert faq["@type"] == "FAQPage"
    assert [q["name"] for q in faq["mainEntity"]] == [
        "How strong should cold brew be?",
        "Can I heat cold brew?",
    ]
    assert faq["mainEntity"][1]["acceptedAnswer"] == {
        "@type": "Answer",
        "text": "Yes, warm it gently; it stays less bitter.",
    }
    assert ld_problems(ld) == []


def test_no_faq_node_without_faq() -> None:
    ld = build_article_ld(article())
    assert [node["@type"] for node in ld["@graph"]] == ["Article"]


def test_long_title_is_cut_to_a_headline_at_a_word() -> None:
    title = "How to make cold brew coffee at home " * 5
    ld = build_article_ld(article(title=title))
    headline = ld["@graph"][0]["headline"]
    assert len(headline) <= HEADLINE_MAX
    assert headline.endswith("…")
    # The cut falls between two words of the title, never inside one.
    assert title.startswith(headline[:-1])
    assert title[len(headline) - 1] == " "
    assert ld_problems(ld) == []


def rules(ld: object) -> list[tuple[str, str]]:
    return [(v.field, v.rule) for v in ld_problems(ld)]


def test_not_json_serializable() -> None:
    ld = build_article_ld(article())
    ld["@graph"][0]["wordCount"] = math.nan
    assert rules(ld) == [("schema_ld_json", "ld_not_json")]
    ld["@graph"][0]["wordCount"] = ("a", "tuple")
    assert rules(ld) == [("schema_ld_json", "ld_not_json")]
    assert rules({1: "int key"}) == [("schema_ld_json", "ld_not_json")]


def test_wrong_shape_and_context() -> None:
    assert rules("an article") == [("schema_ld_json", "ld_shape")]
    ld = build_article_ld(article())
    ld["@context"] = "https://example.com"
    assert rules(ld) == [("schema_ld_json.@context", "ld_context")]


def test_missing_article() -> None:
    ld = {"@context": "https://schema.org", "@graph": [{"@type": "WebPage", "name": "x"}]}
    assert rules(ld) == [("schema_ld_json", "ld_article_missing")]


@pytest.mark.parametrize("key", ["headline", "description", "inLanguage"])
def test_article_required_property(key: str) -> None:
    ld = build_article_ld(article())
    del ld["@graph"][0][key]
    assert rules(ld) == [(f"schema_ld_json.@graph[0].{key}", "ld_article_property")]


def test_headline_length() -> None:
    ld = build_article_ld(article())
    ld["@graph"][0]["headline"] = "x" * (HEADLINE_MAX + 1)
    assert rules(ld) == [("schema_ld_json.@graph[0].headline", "ld_headline_length")]


def test_faq_page_problems() -> None:
    data = article()
    ld = build_article_ld(data, faq=extract_faq(data.body_html))
    faq = ld["@graph"][1]
    faq["mainEntity"][0]["acceptedAnswer"]["text"] = " "
    del faq["mainEntity"][1]["name"]
    assert rules(ld) == [
        ("schema_ld_json.@graph[1].mainEntity[0].acceptedAnswer.text", "ld_faq_question"),
        ("schema_ld_json.@graph[1].mainEntity[1].name", "ld_faq_question"),
    ]
    faq["mainEntity"] = []
    assert rules(ld) == [("schema_ld_json.@graph[1].mainEntity", "ld_faq_empty")]


def test_single_node_form_is_accepted() -> None:
    node = build_article_ld(article())["@graph"][0]
    assert ld_problems({"@context": "https://schema.org", **node}) == []


def test_round_trips_through_json() -> None:
    data = article()
    ld = build_article_ld(data, faq=extract_faq(data.body_html))
    assert json.loads(json.dumps(ld)) == ld
