"""The book flow on the durable engine with the shipped fake provider.

A scripted author (``flow_fakes.FakeAuthor``) answers every step; tests break one thing at a
time and check what the engine keeps: a 30-chapter book end to end, a failed chapter that
leaves the book incomplete until a resume, one chapter regenerated alone, an outline
review, a non-fiction book, and bad briefs refused with a message naming the limit.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from presswright.books.brief import BookBrief
from presswright.books.flow import book_flow, book_from_outputs
from presswright.books.model import Paragraph, SceneBreak, Subheading
from presswright.books.wordcount import count_words
from presswright.flows import operations as ops
from presswright.flows.problems import FlowValidationError
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from tests.books.flow_fakes import FakeAuthor
from tests.flows.engine_harness import Engine, engine  # noqa: F401 - the fixture

# Orchestration does not depend on the storage backend: SQLite only, to keep these fast.
pytestmark = pytest.mark.parametrize("backend", ["sqlite"])


@pytest.fixture
def author(engine: Engine) -> Iterator[FakeAuthor]:  # noqa: F811
    FakeProvider.scripts.clear()
    script = FakeProvider.scripts["fake"] = FakeScript()
    fake = FakeAuthor()
    script.add(*[fake] * 5000)
    with engine.instance.database.tenant_session(engine.tenant_id) as session:
        create_provider_config(
            session,
            data=ProviderConfigCreate(name="fake", kind="fake"),
            box=engine.instance.secretbox,
        )
    yield fake
    FakeProvider.scripts.clear()


def inputs(**brief: Any) -> dict[str, Any]:
    values = {"subject": "a sea adventure", "author": "Ada Writer", **brief}
    return BookBrief.model_validate(values).flow_inputs(model="fake:test")


def attempts(engine: Engine, execution_id: str) -> dict[str, int]:  # noqa: F811
    return {node: len(rows) for node, rows in engine.rows(execution_id).items()}


@pytest.mark.timeout(120)
def test_a_thirty_chapter_book_runs_end_to_end(engine: Engine, author: FakeAuthor) -> None:  # noqa: F811
    execution_id, status = asyncio.run(
        engine.run(book_flow(), inputs(chapters=30, target_words=9_000))
    )
    assert status.status == "completed", status.error
    book, record = book_from_outputs(status.outputs)

    assert [chapter.number for chapter in book.chapters] == list(range(1, 31))
    assert book.meta.title == "The Lighthouse Keeper's Daughter"
    assert (book.meta.author, book.meta.language, book.meta.kind) == ("Ada Writer", "en", "fiction")
    assert [entry.term for entry in book.glossary] == ["Lantern room"]
    # Every chapter reached its length and the record counts it by the one rule.
    assert record.unit == "words" and record.target == 9_000
    assert len(record.chapters) == 30
    for chapter, measured in zip(book.chapters, record.chapters, strict=True):
        text = " ".join(b.text for b in chapter.blocks if isinstance(b, Paragraph))
        assert measured.words == count_words(text, "en")
        assert measured.target == 300
        assert measured.within_tolerance, measured
        assert measured.score >= 80, measured
        # Scenes are separated by scene breaks, never opened or closed by one.
        assert isinstance(chapter.blocks[0], Paragraph)
        assert isinstance(chapter.blocks[-1], Paragraph)
    assert record.chapters_within_tolerance == 30
    assert record.words == sum(chapter.words for chapter in record.chapters)
    assert record.score >= 90 and record.mean_chapter_score >= 90
    assert record.models == ["fake:test"]
    assert record.continuity.found == 0 and record.continuity.fixed == 0
    # One model call plans, five outline six chapters each; each chapter is written part by
    # part, then summed up and checked once.
    assert (author.steps["architect"], author.steps["outline"]) == (1, 5)
    assert author.steps["summary"] == author.steps["check"] == 30
    assert author.steps["part"] >= 60  # ~90 words a part: several parts per chapter
    counts = attempts(engine, execution_id)
    assert all(counts[f"chapters[{i}]"] == 1 for i in range(30))
    assert counts["outline_review"] == counts["book_review"] == 1  # both recorded as skipped
    assert engine.node_status(execution_id)["outline_review"] == "skipped"


@pytest.mark.timeout(120)
def test_a_failed_chapter_leaves_the_book_incomplete_and_resume_finishes_it(
    engine: Engine,  # noqa: F811
    author: FakeAuthor,
) -> None:
    author.fail_chapters = {3}

    async def scenario() -> None:
        execution_id, failed = await engine.run(book_flow(), inputs(chapters=6, target_words=1_800))
        assert failed.status == "failed"
        assert "chapter 3" in str(failed.error) and "no usable paragraph" in str(failed.error)
        rows = engine.rows(execution_id)
        assert [row.status for row in rows["chapters[2]"]] == ["failed", "failed"]  # and retry
        assert all(rows[f"chapters[{i}]"][-1].status == "completed" for i in (0, 1, 3, 4, 5))
        status = engine.node_status(execution_id)
        assert status["chapters"] == "failed"
        assert status["continuity"] == "pending" and status["book"] == "pending"
        written = {n: author.parts_of[n] for n in (1, 2, 4, 5, 6)}

        author.fail_chapters.clear()
        await ops.resume(
            engine.instance,
            tenant_id=engine.tenant_id,
            execution_id=execution_id,
            runtime=engine.runtime,
        )
        final = await engine.wait(execution_id)
        assert final.status == "completed", final.error
        # The finished chapters were kept: no part of theirs was asked for again.
        assert {n: author.parts_of[n] for n in (1, 2, 4, 5, 6)} == written
        counts = attempts(engine, execution_id)
        assert all(counts[f"chapters[{i}]"] == 1 for i in (0, 1, 3, 4, 5))
        assert counts["chapters[2]"] == 3  # the first attempt, its retry, the resume
        book, record = book_from_outputs(final.outputs)
        assert len(book.chapters) == 6 and record.chapters_within_tolerance == 6

    asyncio.run(scenario())


@pytest.mark.timeout(120)
def test_regenerating_one_chapter_reruns_it_and_the_steps_after_it_only(
    engine: Engine,  # noqa: F811
    author: FakeAuthor,
) -> None:
    async def scenario() -> None:
        execution_id, first = await engine.run(book_flow(), inputs(chapters=5, target_words=1_500))
        assert first.status == "completed", first.error
        before, _ = book_from_outputs(first.outputs)
        parts = dict(author.parts_of)
        steps = dict(author.steps)

        await ops.regenerate(
            engine.instance,
            tenant_id=engine.tenant_id,
            execution_id=execution_id,
            node_id="chapters[2]",
            runtime=engine.runtime,
        )
        again = await engine.wait(execution_id)
        assert again.status == "completed", again.error
        after, record = book_from_outputs(again.outputs)

        # Only chapter 3 was written again; the bible, the outline and the other chapters
        # were reused. The continuity pass reads every chapter again (chapter 3 may now
        # contradict the others) and the compile makes the new book.
        assert {n: author.parts_of[n] - parts.get(n, 0) for n in range(1, 6) if n != 3} == {
            1: 0, 2: 0, 4: 0, 5: 0,
        }  # fmt: skip
        assert author.parts_of[3] > parts[3]
        assert (author.steps["architect"], author.steps["outline"]) == (1, 1)
        assert author.steps["summary"] - steps["summary"] == 1
        counts = attempts(engine, execution_id)
        assert counts["chapters[2]"] == 2
        assert all(counts[f"chapters[{i}]"] == 1 for i in (0, 1, 3, 4))
        assert (counts["brief"], counts["architect"], counts["outline"]) == (1, 1, 1)
        assert (counts["continuity"], counts["book"], counts["export"]) == (2, 2, 2)
        # The continuity pass asked the model about chapter 3 only: the other chapters' text
        # and facts did not change, so their kept answers were reused.
        assert author.steps["check"] - steps["check"] == 1
        assert (again.outputs["export"]["version"], first.outputs["export"]["version"]) == (2, 1)
        exported = {f["format"] for f in again.outputs["export"]["formats"]}
        assert exported == {"epub", "pdf", "docx", "html", "md", "cover"}
        # A fresh draw: chapter 3 reads differently, the others are the very same.
        assert after.chapters[2] != before.chapters[2]
        assert [after.chapters[i] for i in (0, 1, 3, 4)] == [
            before.chapters[i] for i in (0, 1, 3, 4)
        ]
        assert after.meta.identifier == before.meta.identifier  # the same book, re-exported
        assert record.chapters[2].within_tolerance

    asyncio.run(scenario())


@pytest.mark.timeout(120)
def test_the_outline_waits_for_review_and_an_edit_reaches_the_chapters(
    engine: Engine,  # noqa: F811
    author: FakeAuthor,
) -> None:
    async def scenario() -> None:
        execution_id, paused = await engine.run(
            book_flow(), inputs(chapters=2, target_words=600, review_outline=True)
        )
        assert paused.status == "paused"
        assert author.steps["part"] == 0  # nothing is written before the outline is approved
        outline = next(run for run in engine.rows(execution_id)["outline_review"]).output
        outline["chapters"][0]["title"] = "A Title the Reviewer Chose"
        ops.approve(
            engine.instance, tenant_id=engine.tenant_id, execution_id=execution_id, edits=outline
        )
        final = await engine.wait(execution_id)
        assert final.status == "completed", final.error
        book, _ = book_from_outputs(final.outputs)
        assert book.chapters[0].title == "A Title the Reviewer Chose"

    asyncio.run(scenario())


@pytest.mark.timeout(120)
def test_a_nonfiction_book_is_written_section_by_section(
    engine: Engine,  # noqa: F811
    author: FakeAuthor,
) -> None:
    author.kind = "nonfiction"
    brief = inputs(
        kind="nonfiction",
        subject="tides",
        chapters=2,
        target_words=1_000,
        learning_goals=["read a tide table"],
    )
    _, status = asyncio.run(engine.run(book_flow(), brief))
    assert status.status == "completed", status.error
    book, record = book_from_outputs(status.outputs)
    assert book.meta.kind == "nonfiction"
    assert [entry.term for entry in book.glossary] == ["Spring tide"]
    assert "Readers will learn: read a tide table." in author.prompts["architect"][0]
    for chapter in book.chapters:
        assert isinstance(chapter.blocks[0], Subheading)  # each section opens with its heading
        assert not any(isinstance(block, SceneBreak) for block in chapter.blocks)
    assert record.chapters_within_tolerance == 2


@pytest.mark.parametrize(
    ("bad", "limit"),
    [
        ({"chapters": 0}, "0 is less than the minimum of 1"),
        ({"target_words": 10_000_000}, "10000000 is greater than the maximum of 300000"),
        ({"language": "xx"}, "'xx' is not one of ['en', 'fa', 'ar', 'de'"),
    ],
)
def test_the_flow_refuses_a_bad_brief_before_it_runs(
    engine: Engine,  # noqa: F811
    bad: dict[str, Any],
    limit: str,
) -> None:
    with pytest.raises(FlowValidationError, match=r"input '\w+'") as refused:
        asyncio.run(engine.start(book_flow(), {"subject": "a sea adventure", **bad}))
    assert limit in str(refused.value)


@pytest.mark.timeout(60)
def test_a_brief_past_the_per_chapter_limit_fails_its_first_step(
    engine: Engine,  # noqa: F811
    author: FakeAuthor,
) -> None:
    _, status = asyncio.run(
        engine.run(book_flow(), {"subject": "a sea adventure", "chapters": 60, "target_words": 600})
    )
    assert status.status == "failed"
    assert "node 'brief' failed: the book brief is refused" in str(status.error)
    assert "under the limit of 150 words a chapter" in str(status.error)
    assert author.steps["architect"] == 0


@pytest.mark.timeout(120)
def test_a_chinese_book_is_measured_in_characters(
    engine: Engine,  # noqa: F811
    author: FakeAuthor,
) -> None:
    author.language = "zh"
    _, status = asyncio.run(
        engine.run(book_flow(), inputs(language="zh", chapters=2, target_words=1_000))
    )
    assert status.status == "completed", status.error
    book, record = book_from_outputs(status.outputs)
    assert (book.meta.language, book.meta.title) == ("zh", "守塔人的女儿")
    assert record.unit == "characters" and record.target == 1_000
    for chapter, measured in zip(book.chapters, record.chapters, strict=True):
        text = "".join(b.text for b in chapter.blocks if isinstance(b, Paragraph))
        # Every character of this prose is a Han character but the full stops.
        assert measured.words == len(text) - text.count("。") == count_words(text, "zh")
        assert measured.within_tolerance and measured.target == 500
    assert "about 200 characters" in author.prompts["part"][0]


@pytest.mark.timeout(300)
def test_a_sixty_chapter_outline_is_asked_for_in_batches(
    engine: Engine,  # noqa: F811
    author: FakeAuthor,
) -> None:
    _, status = asyncio.run(engine.run(book_flow(), inputs(chapters=60, target_words=9_000)))
    assert status.status == "completed", status.error
    book, record = book_from_outputs(status.outputs)

    # Ten calls of six chapters, each small enough for the packaged model's context.
    assert author.outline_batches == [(first, first + 5) for first in range(1, 61, 6)]
    prompts = author.prompts["outline"]
    assert "Outline chapters 1 to 6 of its 60 chapters in order" in prompts[0]
    assert "outlined already" not in prompts[0]
    # Each later batch goes on from the batch before it: its titles and end states.
    for first, prompt in zip(range(7, 61, 6), prompts[1:], strict=True):
        assert f"Outline chapters {first} to {first + 5} of its 60 chapters" in prompt
        assert f"Its chapters {first - 6} to {first - 1}, outlined already:" in prompt
        assert f"{first - 1}. The " in prompt and f"after part {first - 1}." in prompt
        assert f"after part {first - 7}." not in prompt  # only the batch before
        assert len(prompt) < 2_000
    # One outline of 60 chapters in reading order reached the chapters.
    assert [chapter.number for chapter in book.chapters] == list(range(1, 61))
    assert book.chapters[59].title == "The First Tide of Part 60"
    assert len(record.chapters) == 60 and record.chapters_within_tolerance == 60


def test_a_short_book_is_outlined_in_one_call_and_an_uneven_one_in_even_batches(
    engine: Engine,  # noqa: F811
    author: FakeAuthor,
) -> None:
    _, status = asyncio.run(engine.run(book_flow(), inputs(chapters=6, target_words=1_800)))
    assert status.status == "completed", status.error
    assert author.outline_batches == [(1, 6)]
    assert "Outline its 6 chapters in order" in author.prompts["outline"][0]
    _, status = asyncio.run(engine.run(book_flow(), inputs(chapters=7, target_words=2_100)))
    assert status.status == "completed", status.error
    assert author.outline_batches[1:] == [(1, 4), (5, 7)]  # not six and one
