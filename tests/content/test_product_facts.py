"""Product facts as shops export them: HTML entities are decoded before any copy is written."""

from __future__ import annotations

from presswright.content.models import ProductFacts


def test_html_entities_in_exported_facts_are_decoded() -> None:
    facts = ProductFacts.model_validate(
        {
            "name": "Insulated Bottle 750ml &ndash; Matte Black",
            "category": "Kitchen &gt; Drinkware",
            "attributes": {"Size &amp; weight": "7 &times; 26 cm, 390&nbsp;g"},
            "features": ["keeps drinks cold for 24&#8239;h"],
            "keywords": ["steel &amp; glass bottle"],
        }
    )
    assert facts.name == "Insulated Bottle 750ml \u2013 Matte Black"
    assert facts.category == "Kitchen > Drinkware"
    assert facts.attributes == {"Size & weight": "7 \u00d7 26 cm, 390\u00a0g"}
    assert facts.features == ["keeps drinks cold for 24\u202fh"]
    assert facts.keywords == ["steel & glass bottle"]
