"""Reading pattern briefs: sections, counts and language, in the ten supported languages."""

# Briefs and text in ten languages: their punctuation may look like ASCII.
# ruff: noqa: RUF001

from __future__ import annotations

from typing import Any

import pytest

from presswright.content.pattern_archetypes import ARCHETYPES, build_skeleton
from presswright.content.pattern_asks import unmet_asks
from presswright.content.pattern_brief import brief_language, read_brief
from presswright.content.pattern_slots import fill_skeleton, group_schema, slot_pattern

TABLE: list[tuple[str, str, dict[str, Any]]] = [
    ("A pricing section with three columns and a call-to-action button for a yoga studio", "en",
     {"archetype": "pricing", "columns": 3, "buttons": 1}),
    ("FAQ with four questions for a bike repair shop", "en", {"archetype": "faq", "questions": 4}),
    ("Three customer testimonials side by side for a dentist", "en",
     {"archetype": "testimonials", "testimonials": 3, "side_by_side": True}),
    ("Meet the team of four at our architecture office", "en", {"archetype": "team", "members": 4}),
    ("A hero with two buttons for a coffee roastery", "en", {"archetype": "hero", "buttons": 2}),
    ("A gallery of 6 images for a wedding photographer", "en",
     {"archetype": "gallery", "images": 6}),
    ("A 4-column feature grid for a project management app", "en",
     {"archetype": "features", "columns": 4}),
    ("Hero with a call to action for a small bakery", "en", {"archetype": "hero"}),
    ("Contact section for a law firm", "en", {"archetype": "contact"}),
    ("Six cards about our services", "en", {"archetype": "features", "items": 6}),
    ("A hero with two buttons, then a pricing table with 3 plans", "en",
     {"archetype": "hero", "buttons": 2, "tiers": 3,
      "sections": [{"archetype": "hero", "buttons": 2}, {"archetype": "pricing", "tiers": 3}]}),
    ("Dreispaltige Preistabelle für ein Fitnessstudio", "de",
     {"archetype": "pricing", "columns": 3}),
    ("Team mit vier Mitgliedern und zwei Buttons", "de",
     {"archetype": "team", "members": 4, "buttons": 2}),
    ("Una galería de seis imágenes para un fotógrafo", "es", {"archetype": "gallery", "images": 6}),
    ("Sección de precios con tres columnas y un botón", "es",
     {"archetype": "pricing", "columns": 3, "buttons": 1}),
    ("Une FAQ avec quatre questions pour une boulangerie", "fr",
     {"archetype": "faq", "questions": 4}),
    ("Trois témoignages côte à côte pour un dentiste", "fr",
     {"archetype": "testimonials", "testimonials": 3, "side_by_side": True}),
    ("Tre testimonianze affiancate per un ristorante", "it",
     {"archetype": "testimonials", "testimonials": 3, "side_by_side": True}),
    ("Una sezione prezzi con due pulsanti", "it", {"archetype": "pricing", "buttons": 2}),
    ("よくある質問を4つ、自転車店向け", "ja", {"archetype": "faq", "questions": 4}),
    ("ヨガスタジオの料金表、3つのカラム", "ja", {"archetype": "pricing", "columns": 3}),
    ("瑜伽馆的价格表，三列，一个按钮", "zh", {"archetype": "pricing", "columns": 3, "buttons": 1}),
    ("团队介绍，四位成员", "zh", {"archetype": "team", "members": 4}),
    ("요가 스튜디오를 위한 세 개의 열이 있는 가격표와 버튼 하나", "ko",
     {"archetype": "pricing", "columns": 3, "buttons": 1}),
    ("사진 6장 갤러리", "ko", {"archetype": "gallery", "images": 6}),
    ("جدول أسعار بثلاثة أعمدة وزر لاستوديو يوغا", "ar",
     {"archetype": "pricing", "columns": 3, "buttons": 1}),
    ("قسم رئيسي مع زرين", "ar", {"archetype": "hero", "buttons": 2}),
    ("جدول قیمت با سه ستون و یک دکمه برای استودیو یوگا", "fa",
     {"archetype": "pricing", "columns": 3, "buttons": 1}),
    ("سؤالات متداول با چهار سؤال", "fa", {"archetype": "faq", "questions": 4}),
    ("A timeline of our bakery's history", "en", {"archetype": "text"}),
]  # fmt: skip


@pytest.mark.parametrize(("description", "language", "asks"), TABLE)
def test_a_brief_is_read_into_its_asks(
    description: str, language: str, asks: dict[str, Any]
) -> None:
    assert brief_language(description) == language
    reading = read_brief(description, language)
    assert reading.asks() == asks
    assert reading.matched is (asks["archetype"] != "text")


@pytest.mark.parametrize(("description", "language", "asks"), TABLE)
def test_the_skeleton_of_every_brief_holds_its_asks(
    description: str, language: str, asks: dict[str, Any]
) -> None:
    skeleton = build_skeleton(read_brief(description, language).sections)
    values = {slot: "Words" for slot in skeleton.kinds()}
    spec = fill_skeleton(skeleton, values, language)
    assert unmet_asks(spec, asks) == []
    # The check is not vacuous: one count more is reported.
    counted = next((k for k in ("columns", "buttons", "questions", "images") if k in asks), None)
    if counted and "sections" not in asks:
        assert unmet_asks(spec, {**asks, counted: asks[counted] + 1}) != []


def test_an_explicit_language_wins_and_short_briefs_fall_back_by_script_then_english() -> None:
    assert brief_language("Pricing table", "fr") == "fr"
    assert brief_language("よくある質問") == "ja"
    assert brief_language("价格表") == "zh"
    assert brief_language("가격표") == "ko"
    assert brief_language("گالری") == "fa"
    assert brief_language("معرض صور") == "ar"
    assert brief_language("Hero") == "en"
    assert brief_language("12345") == "en"


def test_every_archetype_has_a_skeleton_with_text_slots_only() -> None:
    assert len(ARCHETYPES) >= 10
    for name in ARCHETYPES:
        from presswright.content.pattern_brief import Section

        skeleton = build_skeleton([Section(name, 0)])
        assert skeleton.groups, name
        for group in skeleton.groups:
            schema = group_schema(group, "en")
            assert schema["required"] == [slot.key for slot in group.slots]


def test_price_slots_admit_prices_of_the_language_only() -> None:
    import re

    pattern = slot_pattern("price", "en")
    assert pattern is not None
    assert re.match(pattern, "$29/month") and re.match(pattern, "29 €/year")
    assert not re.match(pattern, "Twenty dollars") and not re.match(pattern, "$29/Monat")
    german = slot_pattern("price", "de")
    assert german is not None and re.match(german, "29 €/Monat")
