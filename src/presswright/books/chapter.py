"""The chapter writer: one chapter, scene by scene (or section by section), to its length.

A small model writes a hundred words or so per answer, so a chapter is written by asking
again and again. Each call asks for the next part of the current scene (fiction) or
section (non-fiction), given the bible's essentials, the chapter's goal and beat, where
the story stands before the chapter (the outline's planned end states of the three chapters
before it, and every death it plans before it: chapters are written in parallel, so the
text of earlier chapters may not exist yet) and the end of the text written so far. The
beats share the target: a scene ends when the chapter reaches its share, the chapter when
it reaches its target within the tolerance (±25% by default) or a call cap.

Every paragraph passes the prose gate (:mod:`presswright.books.prose`) or is dropped; a
call that brings no usable paragraph is drawn again with a fresh sample, and a chapter
whose calls keep failing fails with every reason (never gibberish in a book). A paragraph
that would carry the chapter past its target's upper bound is not added. Once written, the
chapter's summary, end state and deaths are asked for; when that answer is unusable, the
outline's plan for the chapter stands in for it, and the record says so.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from presswright.books.drafts import ChapterSummary, ScenePart
from presswright.books.prompts import (
    BookContext,
    PartRequest,
    clip,
    part_prompt,
    summary_prompt,
)
from presswright.books.prose import paragraph_problems, tidy_paragraph
from presswright.books.wordcount import CHARACTER_LANGUAGES, count_words
from presswright.content.quality import text_problems
from presswright.errors import ContentContractError, StructuredOutputError
from presswright.llm.types import Completion, GenerationParams

__all__ = ["ChapterPlan", "WriterSettings", "WrittenChapter", "write_chapter"]

Complete = Callable[..., Awaitable[Any]]
Spend = Callable[[Completion], None]


@dataclass(frozen=True)
class ChapterPlan:
    """One chapter as the outline plans it, with its length target."""

    number: int
    count: int
    title: str
    goal: str
    beats: tuple[str, ...]
    planned_end: str
    earlier: str  # the planned end states of the chapters just before ("" for the first)
    target: int
    notes: tuple[str, ...] = ()  # facts to keep to: planned deaths, issues of an earlier draft


@dataclass(frozen=True)
class WriterSettings:
    """How hard a chapter writer tries."""

    words_per_call: int = 200
    tolerance: float = 0.25
    max_calls: int | None = None  # None: four times the calls the target needs, plus two a beat
    failures_in_a_row: int = 4
    temperature: float | None = None
    # How much of the text so far a part's prompt quotes; 0 quotes none (the packaged model
    # copies what it is shown instead of continuing it).
    context_chars: int = 320
    sample: int = 0  # first draw of the writer's calls (a rewrite starts elsewhere)

    def call_cap(self, target: int, beats: int) -> int:
        """The most model calls one chapter may make for its parts."""
        if self.max_calls is not None:
            return self.max_calls
        return 4 * math.ceil(target / self.words_per_call) + 2 * beats


@dataclass
class WrittenChapter:
    """A chapter's blocks (as the book model's JSON) and what it took to write them."""

    blocks: list[dict[str, str]] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    words: int = 0
    calls: int = 0
    redraws: int = 0
    dropped: int = 0
    summary: str = ""
    end_state: str = ""
    deaths: list[str] = field(default_factory=list)
    summary_from: str = "model"
    models: set[str] = field(default_factory=set)

    def text(self) -> str:
        """The chapter's prose, paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)


def _scenes(plan: ChapterPlan, settings: WriterSettings) -> list[str]:
    """The beats grouped so that each scene has room for at least half a call's words."""
    room = max(1, plan.target // max(1, settings.words_per_call // 2))
    beats = list(plan.beats)
    if len(beats) <= room:
        return beats
    size = math.ceil(len(beats) / room)
    return ["; ".join(beats[i : i + size]) for i in range(0, len(beats), size)]


def _max_tokens(words: int, language: str) -> int:
    """Tokens to allow for a part of about ``words`` units, with room for the JSON."""
    per_unit = 1.3 if language in CHARACTER_LANGUAGES else 1.8
    return max(160, min(1200, int(words * per_unit * 1.5) + 60))


async def write_chapter(
    complete: Complete,
    *,
    book: BookContext,
    plan: ChapterPlan,
    system: str,
    model: str | None,
    settings: WriterSettings,
    spend: Spend,
    deaths_of: frozenset[str] = frozenset(),
) -> WrittenChapter:
    """Write one chapter to its target length; raise ContentContractError if it cannot.

    ``deaths_of`` are the names a summary may report as dead (the bible's characters).
    """
    writer = _Writer(complete, book, plan, system, model, settings, spend)
    scenes = _scenes(plan, settings)
    cap = settings.call_cap(plan.target, len(scenes))
    for index, scene in enumerate(scenes):
        share = plan.target * (index + 1) / len(scenes)
        if book.fiction:
            writer.separator = {"kind": "scene_break"} if index else None
        else:
            writer.separator = {"kind": "subheading", "text": _heading(scene)}
        first = True
        while (first or writer.done.words < share * 0.97) and writer.done.calls < cap:
            added = await writer.part(scene, share)
            first = first and not added
            if writer.full:
                break
        if writer.full or writer.done.calls >= cap or writer.done.words >= plan.target * 0.97:
            break
    written = writer.done
    if not written.paragraphs:
        raise ContentContractError(
            f"chapter {plan.number} ({plan.title!r})",
            [f"no usable paragraph in {written.calls} calls", *writer.failures],
            hint="raise the call cap, resume to draw again, or use a larger model",
        )
    await writer.summarise(deaths_of)
    return written


class _Writer:
    """The state of one chapter being written: what is done, and why parts were refused."""

    def __init__(
        self,
        complete: Complete,
        book: BookContext,
        plan: ChapterPlan,
        system: str,
        model: str | None,
        settings: WriterSettings,
        spend: Spend,
    ) -> None:
        self.complete, self.book, self.plan = complete, book, plan
        self.system, self.model, self.settings, self.spend = system, model, settings, spend
        self.done = WrittenChapter()
        self.brief = " ".join([book.title, *book.terms])
        self.high = plan.target * (1 + settings.tolerance * 0.6)
        self.separator: dict[str, str] | None = None  # put before the scene's first paragraph
        self.failures: list[str] = []
        self.in_a_row = 0
        self.full = False

    async def part(self, scene: str, share: float) -> bool:
        """Ask for the next part of ``scene``; whether a paragraph of it was added."""
        done = self.done
        request = PartRequest(
            number=self.plan.number,
            count=self.plan.count,
            chapter_title=self.plan.title,
            goal=self.plan.goal,
            beat=scene,
            earlier=self.plan.earlier if not done.paragraphs else "",
            so_far=self._so_far(),
            words=max(40, min(self.settings.words_per_call, int(share - done.words))),
            notes=self.plan.notes,
        )
        prompt = part_prompt(self.book, request)
        done.calls += 1
        try:
            result = await self.complete(
                prompt,
                model=self.model,
                system=self.system,
                schema=ScenePart,
                params=GenerationParams(
                    temperature=self.settings.temperature,
                    max_tokens=_max_tokens(request.words, self.book.language),
                    language=self.book.language,
                    verbatim=self.book.terms,
                    sample=self.settings.sample + done.calls - 1,
                ),
            )
        except StructuredOutputError as error:
            reasons = [f"the answer did not match the schema: {error.message}"]
        else:
            self.spend(result)
            done.models.add(f"{result.provider}:{result.model}")
            before = done.words
            reasons = self._admit(ScenePart.model_validate(result.parsed), prompt)
            if done.words > before or self.full:
                self.in_a_row = 0
                return done.words > before
        done.redraws += 1
        self.in_a_row += 1
        self.failures = reasons or self.failures
        if self.in_a_row >= self.settings.failures_in_a_row:
            raise ContentContractError(
                f"chapter {self.plan.number} ({self.plan.title!r})",
                [f"{self.in_a_row} parts in a row had no usable paragraph", *self.failures],
                hint="the model did not write readable text in the language asked; resume"
                " or regenerate the chapter to draw again, or use a larger model",
            )
        return False

    def _so_far(self) -> str:
        """The end of the chapter so far, as much as the settings let a prompt quote."""
        if not self.done.paragraphs or not self.settings.context_chars:
            return ""
        return clip(self.done.paragraphs[-1], self.settings.context_chars, tail=True)

    def _admit(self, part: ScenePart, prompt: str) -> list[str]:
        """Add the part's paragraphs that pass the gate and fit; the reasons for the others.

        Sets ``full`` when a paragraph would carry the chapter past its upper bound.
        """
        done, language = self.done, self.book.language
        reasons: list[str] = []
        for raw in part.paragraphs:
            text = tidy_paragraph(raw, (self.plan.title, self.book.title))
            if not text:
                done.dropped += 1
                reasons.append(f"{raw[:60]!r}... has no full sentence")
                continue
            problems = paragraph_problems(
                text, language=language, brief=self.brief, prompt=prompt, earlier=done.paragraphs
            )
            if problems:
                done.dropped += 1
                reasons.append(f"{text[:60]!r}...: {problems[0]}")
                continue
            words = count_words(text, language)
            if done.paragraphs and done.words + words > self.high:
                self.full = True
                break
            if self.separator is not None:
                done.blocks.append(self.separator)
                self.separator = None
            done.paragraphs.append(text)
            done.blocks.append({"kind": "paragraph", "text": text})
            done.words += words
        return reasons

    async def summarise(self, deaths_of: frozenset[str]) -> None:
        """Ask for the chapter's summary, end state and deaths; the outline's plan if unusable."""
        done, book, plan = self.done, self.book, self.plan
        try:
            result = await self.complete(
                summary_prompt(book, plan.title, plan.number, done.text()),
                model=self.model,
                system=self.system,
                schema=ChapterSummary,
                params=GenerationParams(
                    temperature=self.settings.temperature,
                    max_tokens=500,
                    language=book.language,
                    verbatim=book.terms,
                    sample=self.settings.sample,
                ),
            )
        except StructuredOutputError:
            result = None
        if result is not None:
            self.spend(result)
            summary = ChapterSummary.model_validate(result.parsed)
            texts = (summary.summary, summary.end_state)
            if not any(text_problems("summary", t, book.language, brief=self.brief) for t in texts):
                done.summary, done.end_state = summary.summary.strip(), summary.end_state.strip()
                known = {name.casefold(): name for name in deaths_of}
                named = {name.strip().casefold() for name in summary.deaths}
                done.deaths = sorted(known[name] for name in named if name in known)
                return
        done.summary, done.end_state = plan.goal, plan.planned_end
        done.summary_from = "outline"


def _heading(scene: str) -> str:
    """A section heading from a beat: its first clause, at most 120 characters."""
    head = scene.split(";")[0].strip().rstrip(".:")
    return head if len(head) <= 120 else head[:117].rstrip() + "…"
