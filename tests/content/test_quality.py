"""The quality gate on corpora: no false alarm on good text, every bad sample caught by its rule."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from presswright.content.quality import (
    THRESHOLDS,
    TextKind,
    instruction_texts,
    repetition_problems,
    text_problems,
)

CORPUS = Path(__file__).parent / "corpus"
LANGUAGES = ("en", "fa", "ar", "de", "es", "fr", "it", "ja", "ko", "zh")


def _good(language: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((CORPUS / "good" / f"{language}.yaml").read_text())
    return data


def _good_cases() -> list[tuple[str, TextKind, str]]:
    cases: list[tuple[str, TextKind, str]] = []
    for language in LANGUAGES:
        data = _good(language)
        for key, kind in (("prose", "prose"), ("meta_desc", "prose"), ("short", "short")):
            cases += [(language, kind, text) for text in data[key]]
        cases += [(language, "slug", slug) for slug in data["slug"]]
    return cases


BAD: list[dict[str, Any]] = yaml.safe_load((CORPUS / "bad" / "samples.yaml").read_text())


def test_the_good_corpus_covers_every_language_and_kind() -> None:
    for language in LANGUAGES:
        data = _good(language)
        assert data["language"] == language
        assert len(data["prose"]) >= 11
        assert len(data["meta_desc"]) == 3
        assert len(data["short"]) >= 13
        assert len(data["slug"]) == 3


@pytest.mark.parametrize("task_talk", [False, True], ids=["article", "product"])
@pytest.mark.parametrize(("language", "kind", "text"), _good_cases())
def test_good_text_passes(language: str, kind: TextKind, text: str, task_talk: bool) -> None:
    # The product reading (task_talk) is stricter: good copy passes it too.
    data = _good(language)
    problems = text_problems(
        "field",
        text,
        language,
        kind=kind,
        allowed_urls=data["allowed_urls"],
        brief=data["brief"],
        task_talk=task_talk,
    )
    assert problems == []


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (language, text)
        for language in LANGUAGES
        for text in _good(language).get("article_prose", [])
    ],
)
def test_an_article_may_talk_about_writing_but_product_copy_may_not(
    language: str, text: str
) -> None:
    data = _good(language)
    assert text_problems("field", text, language, brief=data["brief"]) == []
    problems = text_problems("field", text, language, brief=data["brief"], task_talk=True)
    assert {problem.rule for problem in problems} == {"quality_prompt_leak"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_good_document_has_no_repetition(language: str) -> None:
    data = _good(language)
    assert repetition_problems("body_html", data["prose"]) == []
    assert repetition_problems("feature_bullets", data["short"]) == []


@pytest.mark.parametrize(
    "case", BAD, ids=[f"{c['rule']}-{c['language']}-{i}" for i, c in enumerate(BAD)]
)
def test_bad_text_is_caught_by_its_rule(case: dict[str, Any]) -> None:
    if case["kind"] == "document":
        problems = repetition_problems("body_html", case["parts"])
    else:
        problems = text_problems(
            "field",
            case["text"],
            case["language"],
            kind=case["kind"],
            task_talk=case.get("task_talk", False),
        )
    assert case["rule"] in {problem.rule for problem in problems}, problems
    assert all(problem.field in {"field", "body_html"} for problem in problems)


def test_the_bad_corpus_covers_every_rule() -> None:
    rules = {case["rule"] for case in BAD}
    assert rules == {
        "quality_language",
        "quality_words",
        "quality_junk",
        "quality_repetition",
        "quality_prompt_leak",
        "quality_unfinished",
        "quality_chatter",
        "slug_words",
    }


def test_messages_say_what_is_wrong_and_how_to_fix_it() -> None:
    problems = text_problems("meta.meta_desc", "Keywords to use: linen apron.", "en")
    assert [problem.rule for problem in problems] == ["quality_prompt_leak"]
    assert "'keywords to use' is a label from the prompt" in problems[0].message
    assert "write the content itself" in problems[0].message


def test_brief_words_are_words_and_never_leaks() -> None:
    text = "Florbing Crantle Vexamood"
    assert "quality_words" in {p.rule for p in text_problems("title", text, "en", kind="short")}
    assert text_problems("title", text, "en", kind="short", brief="Florbing Crantle Vexamood") == []
    leak = "Write three frequently asked questions with short answers."
    assert text_problems("faq", leak, "en", brief="")
    assert text_problems("faq", leak, "en", brief=leak) == []


def test_a_url_the_brief_gave_is_allowed() -> None:
    text = "Read the full guide at https://greenpatch.example/guides/raised-beds before you start."
    assert {p.rule for p in text_problems("body_html", text, "en")} == {"quality_junk"}
    allowed = ["https://greenpatch.example/guides/raised-beds"]
    assert text_problems("body_html", text, "en", allowed_urls=allowed) == []


def test_instruction_texts_are_gathered_from_every_prompt() -> None:
    texts = instruction_texts()
    assert "One short email every Friday." in texts  # the retired pattern example
    assert "Answer with the JSON object asked for and nothing else." in texts  # voice.guidance
    assert any("Your previous answer broke these rules:" in text for text in texts)  # repairs
    assert any(text.startswith("Write three frequently asked questions") for text in texts)
    assert not any("{{" in text for text in texts)


def test_thresholds_are_frozen() -> None:
    with pytest.raises(AttributeError):
        THRESHOLDS.prose_min_word_share = 0.1  # type: ignore[misc]


def test_a_part_that_copies_another_part_is_caught() -> None:
    from presswright.content.rules import check_article, check_product
    from tests.content.samples import english_article, product_copy, product_facts

    copy = product_copy()
    paragraph = (
        "Two hatches at the bottom let you take out finished compost while fresh waste keeps"
        " going in at the top, and the mesh base stops rodents."
    )
    pasted = copy.model_copy(
        update={
            "feature_bullets": [*copy.feature_bullets, paragraph],
            "image_alt_text": copy.short_description[:120],
        }
    )
    found = {(v.field, v.rule) for v in check_product(pasted, product_facts())}
    assert ("feature_bullets[4]", "quality_repetition") in found
    assert check_product(copy, product_facts()) == []

    article = english_article()
    title_again = article.model_copy(
        update={"body_html": article.body_html + f"<p>{article.title}.</p>"}
    )
    problems = check_article(title_again)
    assert any(
        v.rule == "quality_repetition" and "repeats the title" in v.message for v in problems
    ), problems


def test_a_heading_padded_with_a_few_words_is_no_paragraph() -> None:
    from presswright.content.quality_repeats import copied_fields

    heading = "2. The cost of switching the business model"
    padded = f"{heading} - what it actually is."
    found = copied_fields([("h", "the heading", heading), ("p", "paragraph 3", padded)])
    assert [(v.field, v.rule) for v in found] == [("p", "quality_repetition")]
    written = (
        f"{heading} is lower than most bakers expect, once the first year of new suppliers,"
        " bags and labels is behind them."
    )
    assert copied_fields([("h", "the heading", heading), ("p", "paragraph 3", written)]) == []


def test_a_length_the_product_facts_give_is_a_fact_not_a_leak() -> None:
    # A personalised product: the shop's facts give the engraving length.
    brief = "Engraved oak board\nEngraving: max 20 characters"
    text = "Engrave a name of up to 20 characters on the back of the board."
    assert text_problems("field", text, "en", brief=brief, task_talk=True) == []
    unrelated = "Engrave a name of up to 60 characters on the back of the board."
    rules = {p.rule for p in text_problems("field", unrelated, "en", brief=brief, task_talk=True)}
    assert rules == {"quality_prompt_leak"}
