"""Product copy that never names the product, or bullets that state nothing, is refused."""

from __future__ import annotations

from presswright.content.models import ProductCopy, ProductFacts
from presswright.content.quality_fields import product_quality_problems


def _rules(copy: ProductCopy, facts: ProductFacts) -> set[str]:
    return {problem.rule for problem in product_quality_problems(copy, facts)}


def test_hype_that_never_names_the_product_is_refused() -> None:
    facts = ProductFacts(
        name="Walnut cutting board", category="Kitchen", keywords=["cutting board"]
    )
    base = {
        "short_description": "A walnut cutting board for daily chopping.",
        "long_description_html": "<p>Cut from solid walnut, oiled by hand.</p>",
        "feature_bullets": ["WOW!", "The Best Product Ever"],
        "tags": ["kitchen"],
        "image_alt_text": "A walnut cutting board on a counter",
        "meta": {"seo_title": "The Best Product Ever", "meta_desc": "x" * 130, "slug": "best"},
        "keywords": ["cutting board"],
        "language": "en",
    }
    rules = _rules(ProductCopy.model_validate({**base, "title": "The Best Product Ever"}), facts)
    assert {"title_off_topic", "feature_bullet_vague"} <= rules
    named = ProductCopy.model_validate(
        {**base, "title": "Walnut cutting board", "feature_bullets": ["Solid end-grain walnut"]}
    )
    assert not {"title_off_topic", "feature_bullet_vague"} & _rules(named, facts)
