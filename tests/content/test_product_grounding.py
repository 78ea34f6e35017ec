"""A feature bullet or short-description sentence must be about the product (its facts)."""

from __future__ import annotations

import pytest

from presswright.content.grounding import fact_terms, facts_in_language, supported
from presswright.content.models import LANGUAGES, ProductCopy, ProductFacts
from presswright.content.quality_fields import product_quality_problems
from presswright.content.rules import check_product
from presswright.content.violations import failure_hint
from tests.content.grounding_corpus import CASES, Case

_CLAIMS = [
    (case, text, want, min_terms)
    for case in CASES
    for texts, want, min_terms in (
        (case.good, True, 1),
        (case.bad, False, 1),
        (case.good_short, True, 2),
        (case.bad_short, False, 2),
    )
    for text in texts
]


def test_the_corpus_covers_every_language_with_good_and_bad_claims() -> None:
    languages = {case.facts.get("language", "en") for case in CASES}
    assert languages == set(LANGUAGES)
    for language in languages:
        cases = [case for case in CASES if case.facts.get("language", "en") == language]
        assert sum(len(case.good) for case in cases) >= 5, language
        assert sum(len(case.bad) for case in cases) >= 3, language


@pytest.mark.parametrize(
    ("case", "text", "want", "min_terms"),
    _CLAIMS,
    ids=[f"{case.name}-{'good' if want else 'bad'}-{i}" for i, (case, _, want, _) in
         enumerate(_CLAIMS)],
)  # fmt: skip
def test_a_claim_is_supported_when_it_shares_a_word_with_the_facts(
    case: Case, text: str, want: bool, min_terms: int
) -> None:
    facts = ProductFacts.model_validate(case.facts)
    assert facts_in_language(facts)
    judged = supported(text, fact_terms(facts), min_terms=min_terms)
    if want:
        assert judged is not False, f"good claim flagged: {text!r}"
    else:
        assert judged is False, f"off-topic claim passed: {text!r}"


def _walnut_copy(**changes: object) -> ProductCopy:
    values: dict[str, object] = {
        "title": "Walnut cutting board, end grain",
        "short_description": "A walnut cutting board for daily chopping and serving.",
        "long_description_html": "<p>Cut from solid American walnut and oiled by hand, this"
        " end-grain board is kind to knives and has a juice groove on one side.</p>",
        "feature_bullets": ["Solid end-grain walnut", "Deep juice groove", "Non-slip feet"],
        "tags": ["cutting board", "walnut"],
        "image_alt_text": "A walnut cutting board on a kitchen counter",
        "meta": {"seo_title": "Walnut cutting board, end grain", "meta_desc": "x" * 130,
                 "slug": "walnut-cutting-board"},
        "keywords": ["cutting board"],
    }  # fmt: skip
    return ProductCopy.model_validate({**values, **changes})


_WALNUT = ProductFacts(
    name="Walnut cutting board",
    category="Home & Kitchen",
    attributes={"Material": "American black walnut", "Size": "30 × 45 cm"},  # noqa: RUF001
    features=["juice groove", "non-slip feet"],
    keywords=["cutting board"],
)


def test_the_reviewed_claim_is_a_violation_naming_the_bullet() -> None:
    copy = _walnut_copy(
        feature_bullets=["Solid end-grain walnut", "Makes your home smell amazing"],
        short_description="A walnut cutting board for daily chopping. It will make your home"
        " smell amazing.",
    )
    found = [p for p in product_quality_problems(copy, _WALNUT) if p.rule == "claim_unsupported"]
    assert [p.field for p in found] == ["feature_bullets[1]", "short_description"]
    assert "'Makes your home smell amazing'" in found[0].message
    assert "(such as juice groove; non-slip feet;" in found[0].message  # what would do
    assert "It will make your home smell amazing." in found[1].message
    assert found[0] in check_product(copy, _WALNUT)


def test_grounded_copy_has_no_unsupported_claim() -> None:
    rules = {problem.rule for problem in check_product(_walnut_copy(), _WALNUT)}
    assert "claim_unsupported" not in rules


def test_a_vague_bullet_is_reported_once_as_vague() -> None:
    copy = _walnut_copy(feature_bullets=["WOW!", "Deep juice groove"])
    rules = [p.rule for p in product_quality_problems(copy, _WALNUT) if p.field.startswith("f")]
    assert rules == ["feature_bullet_vague"]


def test_facts_in_another_language_are_not_compared_word_for_word() -> None:
    facts = _WALNUT.model_copy(update={"language": "fr"})
    copy = _walnut_copy(language="fr", feature_bullets=["Bois de noyer massif"])
    assert not facts_in_language(facts)
    assert "claim_unsupported" not in {p.rule for p in product_quality_problems(copy, facts)}
    japanese = _WALNUT.model_copy(update={"language": "ja"})
    assert not facts_in_language(japanese)


def test_an_unsupported_claim_is_one_a_fresh_draw_may_fix() -> None:
    copy = _walnut_copy(feature_bullets=["Makes your home smell amazing"])
    found = [p for p in check_product(copy, _WALNUT) if p.rule == "claim_unsupported"]
    assert found and "a retry draws fresh samples" in failure_hint(found)
