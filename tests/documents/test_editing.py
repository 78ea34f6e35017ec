"""Checking content without storing it, the contract's limits as data, and refused edits
that name every broken rule (presswright.documents.editing)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from presswright.bootstrap import Instance
from presswright.content.models import META_DESC_MAX, META_DESC_MIN, SEO_TITLE_MAX
from presswright.content.rules import TAGS_MAX, TITLE_MAX, check_article_json
from presswright.documents.editing import (
    MalformedContentError,
    RefusedEditError,
    check_content,
    content_contract,
    edit_document,
)
from presswright.documents.outcome import store_version
from presswright.errors import ContentContractError
from presswright.store.documents import claim_version, create_document
from tests.content.samples import english_article, product_copy
from tests.documents.conftest import make_workspace
from tests.store.test_pattern_templates import hero_spec

# Two characters over SEO_TITLE_MAX, in words (a run of one letter breaks quality rules too).
LONG_SEO_TITLE = "Home Composting for Beginners: Bins, Browns, Greens and Smells"


def article_json(**changes: Any) -> dict[str, Any]:
    return english_article(**changes).model_dump(mode="json", exclude_none=True)


def product_json(**changes: Any) -> dict[str, Any]:
    return product_copy(**changes).model_dump(mode="json", exclude_none=True)


def rules(document: dict[str, Any], kind: Any = "article", **options: Any) -> list[tuple[str, str]]:
    checked = check_content(kind, document, **options)
    assert checked.ok is (not checked.errors)
    return [(error.field, error.rule) for error in checked.errors]


def test_valid_content_passes_and_breaks_are_the_rules_own() -> None:
    assert len(LONG_SEO_TITLE) == SEO_TITLE_MAX + 2
    assert rules(article_json()) == []
    assert rules(product_json(), "product") == []
    long_title = article_json()
    long_title["meta"]["seo_title"] = LONG_SEO_TITLE
    assert rules(long_title) == [("meta.seo_title", "seo_title_length")]
    # The very violations `presswright check article` reports for the same JSON.
    assert check_content("article", long_title).errors == check_article_json(long_title)
    short_alt = product_json(image_alt_text="Bin")
    assert ("image_alt_text", "image_alt_text_length") in rules(short_alt, "product")


def test_keywords_and_language_are_those_asked_for() -> None:
    placed = rules(article_json(), keywords=["sourdough starter"])
    assert ("meta.meta_desc", "keyword_in_title_or_meta_desc") in placed
    assert ("body_html", "keyword_in_first_paragraph") in placed
    assert rules(article_json(), language="en") == []
    assert rules(article_json(), language="de") == [("language", "language_mismatch")]


def test_a_pattern_is_checked_as_its_spec() -> None:
    assert rules({"spec": hero_spec(), "markup": "<!-- -->"}, "pattern", language="en") == []
    broken = hero_spec()
    broken["blocks"][0]["type"] = "marquee"
    assert rules({"spec": broken}, "pattern")
    with pytest.raises(MalformedContentError) as missing:
        check_content("pattern", {"markup": "<p>x</p>"})
    assert [(p.field, p.rule) for p in missing.value.problems] == [("spec", "shape")]


def test_a_document_of_another_shape_is_refused_with_its_fields() -> None:
    document = article_json()
    del document["meta"]
    document["subtitle"] = "not a field"
    with pytest.raises(MalformedContentError) as refused:
        check_content("article", document)
    assert {(p.field, p.rule) for p in refused.value.problems} == {
        ("meta", "shape"),
        ("subtitle", "shape"),
    }
    assert isinstance(refused.value, ContentContractError)
    with pytest.raises(MalformedContentError):
        check_content("product", article_json())
    many_tags = product_json()
    many_tags["tags"] = [f"tag {n}" for n in range(TAGS_MAX + 1)]
    with pytest.raises(MalformedContentError) as tags:
        check_content("product", many_tags)
    assert [(p.field, p.rule) for p in tags.value.problems] == [("tags", "shape")]


def test_the_contract_limits_are_the_rules_constants() -> None:
    contract = content_contract()
    article = {limit.field: limit for limit in contract.article.limits}
    assert (article["meta.meta_desc"].min, article["meta.meta_desc"].max) == (
        META_DESC_MIN,
        META_DESC_MAX,
    )
    assert article["title"].max == TITLE_MAX
    product = {limit.field: limit for limit in contract.product.limits}
    assert (product["tags"].max, product["short_description"].unit) == (TAGS_MAX, "words")
    assert [rule.rule for rule in contract.product.keyword_placement] == [
        "keyword_in_title_or_meta_desc",
        "keyword_in_short_description",
    ]
    assert {language.code for language in contract.languages if language.direction == "rtl"} == {
        "ar",
        "fa",
    }
    assert contract.brief.keywords_max == 10 and contract.slug.max_bytes == 200
    # Each limit names a rule the checks report when it is broken.
    too_long = article_json()
    too_long["excerpt"] = "A practical guide to composting at home. " * 8
    assert len(too_long["excerpt"].strip()) > article["excerpt"].max
    assert ("excerpt", article["excerpt"].rule) in rules(too_long)


def _stored_article(instance: Instance) -> tuple[uuid.UUID, uuid.UUID]:
    tenant, _ = make_workspace(instance)
    with instance.database.tenant_session(tenant) as session:
        document = create_document(
            session, kind="article", title="Composting", language="en", execution_id=None,
            created_by=None, status="ready",
        )  # fmt: skip
        assert claim_version(session, document_id=document.id, base_version=0)
        store_version(
            session, document, 1, article_json(), source="edited", execution_id=None,
            generation=None, author=None,
        )  # fmt: skip
        return tenant, document.id


def test_a_refused_edit_names_each_broken_rule(instance: Instance) -> None:
    tenant, document_id = _stored_article(instance)
    broken = article_json()
    broken["meta"]["seo_title"] = LONG_SEO_TITLE
    broken["body_html"] += "<script>alert(1)</script>"
    with pytest.raises(RefusedEditError) as refused:
        edit_document(
            instance, tenant_id=tenant, document_id=document_id, base_version=1,
            content=broken, author=None,
        )  # fmt: skip
    found = {(p.field, p.rule) for p in refused.value.problems}
    assert {("meta.seo_title", "seo_title_length"), ("body_html", "body_sanitized")} <= found
    assert "breaks" in str(refused.value) and "after repairs" not in str(refused.value)
    assert "meta.seo_title:" in str(refused.value)
    assert refused.value.violations == [str(problem) for problem in refused.value.problems]
    version = edit_document(
        instance, tenant_id=tenant, document_id=document_id, base_version=1,
        content=article_json(excerpt="A short guide to composting at home."), author=None,
    )  # fmt: skip
    assert version == 2
