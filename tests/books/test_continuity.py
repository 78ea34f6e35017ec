"""The continuity pass: its deterministic rules in the ten languages, and the pass in the flow.

In the flow (fake provider), a character who died in chapter 2 speaks in chapter 4's first
draft: the pass flags it, writes chapter 4 again with the death as a fact to keep to, and
records the issue as found and fixed. A model finding is kept only when both its quotes are
found word for word.
"""

# Prose in Chinese, Japanese, Arabic and Persian uses characters that look like ASCII ones.
# ruff: noqa: RUF001

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from typing import Any

import pytest

from presswright.books.brief import BookBrief
from presswright.books.continuity_rules import dead_speaking, name_issues
from presswright.books.flow import book_flow, book_from_outputs
from presswright.books.model import Paragraph
from presswright.flows import operations as ops
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from tests.books.flow_fakes import FakeAuthor
from tests.flows.engine_harness import Engine, engine  # noqa: F401 - the fixture

# --- the rules ------------------------------------------------------------------------------

DEAD_SPEAKING = [
    ("en", "Tom", '"Light the lamp," Tom said quietly.'),
    ("en", "Tom", '"Go now," said Tom.'),
    ("en", "Tom", 'Tom: "I am still here."'),
    ("de", "Tom", "„Zünde die Lampe an“, sagte Tom leise."),
    ("es", "Tom", "—Enciende la lámpara —dijo Tom."),
    ("fr", "Tom", "« Allume la lampe », murmura Tom."),
    ("it", "Tom", "«Accendi la lampada», disse Tom."),
    ("fa", "تام", "تام گفت که چراغ را روشن کن."),
    ("ar", "توم", "قال توم: أشعلي المصباح."),
    ("ko", "톰", "톰은 조용히 말했다. 등불을 켜라."),
    ("ja", "トム", "トムは静かに言った。「灯りをつけろ。」"),
    ("zh", "汤姆", "汤姆笑着说：“点灯吧。”"),
]


@pytest.mark.parametrize(("language", "name", "sentence"), DEAD_SPEAKING)
def test_a_dead_character_speaking_is_flagged_in_every_language(
    language: str, name: str, sentence: str
) -> None:
    issues = dead_speaking(
        4, ["The night was cold.", sentence], {name: (2, "the outline")}, language
    )
    assert [(issue.kind, issue.severity, issue.key) for issue in issues] == [
        ("dead_character", "error", f"dead:{name}")
    ]
    assert issues[0].quote in sentence and name in issues[0].quote  # the sentence it speaks in
    assert "died in chapter 2 (the outline)" in issues[0].detail
    assert f"{name} died in chapter 2" in issues[0].note


@pytest.mark.parametrize(
    "sentence",
    [
        "Mara said Tom was brave.",  # Tom is spoken of, not speaking
        "Tom had said the sea would take him.",  # remembered speech
        "Tom, Mara said, would have loved the storm.",
        "Mara remembered Tom and the lamp.",
    ],
)
def test_speech_about_the_dead_is_not_speech_by_them(sentence: str) -> None:
    assert dead_speaking(4, [sentence], {"Tom": (2, "x")}, "en") == []


def test_the_dead_may_speak_before_they_die() -> None:
    assert dead_speaking(2, ['"Go," said Tom.'], {"Tom": (2, "x")}, "en") == []
    assert dead_speaking(1, ['"Go," said Tom.'], {"Tom": (2, "x")}, "en") == []


def test_misspelt_names_are_errors_and_unknown_names_warnings() -> None:
    paragraphs = [
        "Marra climbed the tower. At noon she saw Elias by the water, and Elias waved.",
        "Later Mara met the keeper near Gull Rock. The Harbour was calm and Tomas slept.",
    ]
    issues = name_issues(3, paragraphs, ["Mara", "Tom", "Gull Rock"], "en")
    found = {(issue.severity, issue.quote) for issue in issues}
    assert ("error", "Marra") in found  # one letter off "Mara", same first letter
    assert ("warning", "Elias") in found  # twice, not at a sentence's start, not in the bible
    # Tomas is 2 letters from Tom (the limit for short names is 1); Harbour is a common word.
    assert not {quote for _, quote in found} & {"Tomas", "Harbour", "Later", "Mara", "Gull"}
    assert (
        next(i for i in issues if i.quote == "Marra").note == "The name is spelt Mara, never Marra."
    )


def test_a_bible_name_as_written_is_no_issue_in_uncased_scripts() -> None:
    # Their misspelt variants: tests/books/test_name_lexicon.py.
    for language in ("fa", "ar", "ja", "ko", "zh"):
        assert name_issues(1, ["مارا به فانوس رفت."], ["مارا"], language) == []


# --- the pass in the flow --------------------------------------------------------------------

pytestmark_flow = pytest.mark.parametrize("backend", ["sqlite"])


@pytest.fixture
def author(engine: Engine) -> Iterator[FakeAuthor]:  # noqa: F811
    FakeProvider.scripts.clear()
    script = FakeProvider.scripts["fake"] = FakeScript()
    fake = FakeAuthor()
    script.add(*[fake] * 3000)
    with engine.instance.database.tenant_session(engine.tenant_id) as session:
        create_provider_config(
            session,
            data=ProviderConfigCreate(name="fake", kind="fake"),
            box=engine.instance.secretbox,
        )
    yield fake
    FakeProvider.scripts.clear()


def run_book(engine: Engine, **brief: Any) -> Any:  # noqa: F811
    values = {"subject": "a sea adventure", "chapters": 5, "target_words": 1_500, **brief}
    inputs = BookBrief.model_validate(values).flow_inputs(model="fake:test")
    _, status = asyncio.run(engine.run(book_flow(), inputs))
    assert status.status == "completed", status.error
    return status


@pytestmark_flow
@pytest.mark.timeout(120)
def test_a_dead_character_speaking_is_found_and_the_rewrite_fixes_it(
    engine: Engine,  # noqa: F811
    author: FakeAuthor,
) -> None:
    author.deaths = {2: ["Tom"]}
    author.speaker = {4: "Tom"}
    status = run_book(engine)
    book, record = book_from_outputs(status.outputs)
    continuity = status.outputs["book"]["record"]["continuity"]

    dead = [issue for issue in continuity["issues"] if issue["kind"] == "dead_character"]
    assert len(dead) == 1
    assert dead[0]["chapter"] == 4 and dead[0]["fixed"] is True
    assert "Tom died in chapter 2" in dead[0]["detail"] and "Tom said softly" in dead[0]["quote"]
    assert (record.continuity.found, record.continuity.fixed) == (1, 1)
    assert record.continuity.rewritten == [4] and record.continuity.errors_left == 0
    chapter_4 = record.chapters[3]
    assert chapter_4.rewritten and (chapter_4.issues_found, chapter_4.issues_fixed) == (1, 1)
    assert chapter_4.within_tolerance
    # Every chapter after the death was told it (the outline plans it), yet chapter 4's first
    # draft had Tom speak; the rewrite was told the issue, and chapter 4 no longer has him.
    later = [p for p in author.prompts["part"] if re.search(r"part of chapter [345] of", p)]
    assert later and all("Keep to these facts: Tom died in chapter 2." in p for p in later)
    rewrites = [p for p in author.prompts["part"] if "is dead and never speaks" in p]
    assert rewrites and all("part of chapter 4 of" in p for p in rewrites)
    text = " ".join(b.text for b in book.chapters[3].blocks if isinstance(b, Paragraph))
    assert "Tom said" not in text
    assert not any(r.rewritten for r in record.chapters if r.number != 4)


@pytestmark_flow
@pytest.mark.timeout(180)
def test_a_regenerate_elsewhere_keeps_the_rewrite_and_the_checks_of_unchanged_chapters(
    engine: Engine,  # noqa: F811
    author: FakeAuthor,
) -> None:
    author.deaths = {2: ["Tom"]}
    author.speaker = {4: "Tom"}  # chapter 4 is written again by the first pass

    async def scenario() -> None:
        values = {"subject": "a sea adventure", "chapters": 5, "target_words": 1_500}
        inputs = BookBrief.model_validate(values).flow_inputs(model="fake:test")
        execution_id, first = await engine.run(book_flow(), inputs)
        assert first.status == "completed", first.error
        before, _ = book_from_outputs(first.outputs)
        parts, checks = dict(author.parts_of), author.steps["check"]

        await ops.regenerate(
            engine.instance,
            tenant_id=engine.tenant_id,
            execution_id=execution_id,
            node_id="chapters[0]",
            runtime=engine.runtime,
        )
        again = await engine.wait(execution_id)
        assert again.status == "completed", again.error
        after, record = book_from_outputs(again.outputs)
        # Chapter 4 read the same facts: its rewrite is kept, not written a third time.
        assert author.parts_of[4] == parts[4] and after.chapters[3] == before.chapters[3]
        assert record.continuity.rewritten == [4]
        assert (record.continuity.found, record.continuity.fixed) == (1, 1)
        # The model was asked about chapter 1 only.
        assert author.steps["check"] - checks == 1
        assert after.chapters[0] != before.chapters[0]

    asyncio.run(scenario())


@pytestmark_flow
@pytest.mark.timeout(120)
def test_model_findings_count_only_with_both_quotes_found(
    engine: Engine,  # noqa: F811
    author: FakeAuthor,
) -> None:
    claim = "The lamp failed for the first time in early June."
    author.contradiction = {3: (claim, "The lamp fails in December.")}
    author.invent_findings = True  # an extra finding in every answer, quoting nothing real
    status = run_book(engine)
    _, record = book_from_outputs(status.outputs)
    issues = record.continuity.issues
    assert [(i.chapter, i.kind, i.source, i.fixed) for i in issues] == [
        (3, "timeline", "model", True)
    ]
    assert issues[0].quote == claim and "The lamp fails in December." in issues[0].detail
    assert record.continuity.rewritten == [3]
    assert author.steps["check"] == 5 + 1  # each chapter once, the rewrite once more
