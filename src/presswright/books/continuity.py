"""``book_continuity``: a pass over the written chapters in reading order.

For each chapter, what the book established before it (the bible, the end states of the
chapters before it as they were written, who died where) is checked against the chapter:

1. the deterministic rules of :mod:`presswright.books.continuity_rules` (a dead character
   speaking; misspelt variants of bible names and names the bible does not list);
2. a model check (names, facts, timeline) whose findings must quote the chapter and the fact
   they contradict word for word: a finding whose quotes are not found is dropped, so a
   small model's invented contradictions cost nothing. An answer is kept per check prompt
   (:mod:`presswright.books.check_cache`): when the step runs again after a regenerate,
   chapters whose text and facts did not change reuse it.

A chapter with an error is written again once, inside this step, by the same chapter writer
with the issues as facts to keep to; the rewrite is kept when it has no more errors than
the first draft. Every issue is recorded, with whether the rewrite fixed it.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from presswright.books.chapter import write_chapter
from presswright.books.chapter_node import (
    BookChapterConfig,
    chapter_record,
    writer_settings,
)
from presswright.books.check_cache import (
    CACHE_KEY,
    CHAPTER_CACHE_KEY,
    KeptAnswers,
    check_key,
    earlier_output,
)
from presswright.books.continuity_rules import Issue, dead_speaking, name_issues
from presswright.books.drafts import ContinuityCheck, FictionBible, OutlineChapter
from presswright.books.plan import (
    Bible,
    book_context,
    brief_of,
    chapter_plan,
    character_names,
    outline_of,
    read_bible,
)
from presswright.books.prompts import BookContext, check_prompt
from presswright.errors import ContentContractError, StructuredOutputError, UserInputError
from presswright.flows.nodes.base import NodeContext, NodeOutcome, NodeType
from presswright.flows.nodes.profile import model_profile
from presswright.flows.records import input_hash
from presswright.llm.types import GenerationParams

__all__ = ["BookContinuityConfig", "BookContinuityNode", "paragraphs_of"]

CHAPTERS_STEP = "chapters"
REWRITE_SAMPLE = 1_000  # a rewrite draws samples of its own, never the first draft's again
CHECK_TOKENS = 500


class BookContinuityConfig(BaseModel):
    """Config of ``book_continuity``."""

    model_config = ConfigDict(extra="forbid")

    model_check: bool = Field(default=True, description="Also ask the model for contradictions.")
    rewrite: bool = Field(default=True, description="Write a chapter with errors again, once.")
    check_chars: int = Field(
        default=4_000, ge=500, le=50_000, description="Characters of a chapter the model reads."
    )
    writer: BookChapterConfig = Field(
        default_factory=BookChapterConfig,
        description="The chapter writer's settings for rewrites (keep them as the chapters'"
        " map child has them).",
    )


def paragraphs_of(record: dict[str, Any]) -> list[str]:
    """The paragraph texts of a chapter record."""
    return [str(b["text"]) for b in record.get("blocks", []) if b.get("kind") == "paragraph"]


def _folded(text: str) -> str:
    return " ".join(text.casefold().split()).strip(" \"'“”«»")


def _facts(
    bible: Bible, end_states: list[tuple[int, str]], dead: dict[str, tuple[int, str]]
) -> list[str]:
    """What the book established before a chapter, as lines a finding may quote."""
    facts: list[str] = []
    if isinstance(bible, FictionBible):
        facts += [f"{c.name}: {c.traits}" for c in bible.characters]
        facts += [f"{p.name}: {p.description}" for p in bible.places]
        facts += list(bible.timeline)
    else:
        facts += [f"{t.name}: {t.summary}" for t in bible.topics]
        facts += [f"{t.term}: {t.definition}" for t in bible.terms]
    facts += [f"End of chapter {number}: {state}" for number, state in end_states[-6:]]
    facts += [f"{name} died in chapter {chapter}." for name, (chapter, _) in sorted(dead.items())]
    return facts


class _Pass:
    """The continuity pass of one book, with what it costs."""

    def __init__(
        self, config: BookContinuityConfig, context: NodeContext, outcome: NodeOutcome
    ) -> None:
        self.config, self.context, self.outcome = config, context, outcome
        self.brief = brief_of(context.upstream)
        self.bible = read_bible(context.upstream)
        self.outline: list[OutlineChapter] = outline_of(context.upstream)
        self.book: BookContext = book_context(self.brief, self.bible)
        self.names = character_names(self.bible)
        self.model = context.inputs.get("model") or None
        self.model_checks = 0
        self.model_check_failures = 0
        self.cache = KeptAnswers()

    async def issues(
        self,
        record: dict[str, Any],
        dead: dict[str, tuple[int, str]],
        end_states: list[tuple[int, str]],
    ) -> list[Issue]:
        number, paragraphs = int(record["number"]), paragraphs_of(record)
        language = self.book.language
        found = dead_speaking(number, paragraphs, dead, language)
        names = [*self.names, *(p.name for p in getattr(self.bible, "places", []))]
        found += name_issues(number, paragraphs, names, language)
        if self.config.model_check:
            found += await self._model_issues(record, _facts(self.bible, end_states, dead), found)
        return found

    async def _model_issues(
        self, record: dict[str, Any], facts: list[str], known: list[Issue]
    ) -> list[Issue]:
        text = "\n\n".join(paragraphs_of(record))[: self.config.check_chars]
        prompt = check_prompt(self.book, int(record["number"]), str(record["title"]), facts, text)
        system = str(self.brief["system"])
        key = check_key(prompt, system=system, model=self.model, max_tokens=CHECK_TOKENS)
        answer = self.cache.get(key)
        if answer is None:
            self.model_checks += 1
            try:
                result = await self.context.complete(
                    prompt,
                    model=self.model,
                    system=system,
                    schema=ContinuityCheck,
                    params=GenerationParams(
                        temperature=0.0,
                        max_tokens=CHECK_TOKENS,
                        language=self.book.language,
                        verbatim=self.book.terms,
                    ),
                )
            except StructuredOutputError:
                self.model_check_failures += 1
                return []
            self.outcome.add_usage(result)
            answer = ContinuityCheck.model_validate(result.parsed).model_dump(mode="json")
            self.cache.put(key, answer)
        chapter_text, fact_texts = _folded(text), [_folded(fact) for fact in facts]
        quoted = {_folded(issue.quote) for issue in known}
        issues: list[Issue] = []
        for finding in ContinuityCheck.model_validate(answer).findings:
            quote, contradicts = _folded(finding.quote), _folded(finding.contradicts)
            if len(quote) < 8 or quote not in chapter_text or quote in quoted:
                continue  # not the chapter's words (or already reported): not evidence
            if len(contradicts) < 8 or not any(contradicts in fact for fact in fact_texts):
                continue
            quoted.add(quote)
            issues.append(
                Issue(
                    chapter=int(record["number"]),
                    kind=finding.kind,
                    severity="error",
                    detail=f"{finding.quote.strip()!r} contradicts {finding.contradicts.strip()!r}",
                    quote=finding.quote.strip(),
                    source="model",
                    key=f"model:{finding.kind}:{quote[:80]}",
                    note=f"Do not write that {finding.quote.strip()!r}: it contradicts"
                    f" {finding.contradicts.strip()!r}.",
                )
            )
        return issues

    async def chapter(
        self,
        record: dict[str, Any],
        dead: dict[str, tuple[int, str]],
        end_states: list[tuple[int, str]],
    ) -> dict[str, Any]:
        """One chapter checked (and written again once on an error): what the pass keeps."""
        first = await self.issues(record, dead, end_states)
        errors = [issue for issue in first if issue.severity == "error"]
        kept: dict[str, Any] = record
        later: list[Issue] = []
        fixed: set[str] = set()
        failure: str | None = None
        if errors and self.config.rewrite:
            try:
                again = await self.rewrite(record, errors)
            except ContentContractError as error:
                failure = str(error)
            else:
                second = await self.issues(again, dead, end_states)
                still = [issue for issue in second if issue.severity == "error"]
                if len(still) <= len(errors):
                    kept = again
                    fixed = {i.key for i in errors} - {i.key for i in still}
                    keys = {i.key for i in first}
                    later = [issue for issue in second if issue.key not in keys]
        issues = [issue.as_json(fixed=issue.key in fixed) for issue in first]
        issues += [issue.as_json() for issue in later]
        # The chapter as written is the step's input: only a rewrite is kept in full.
        return {
            "rewrite": kept if kept is not record else None,
            "issues_found": len(first) + len(later),
            "issues_fixed": len(fixed),
            "issues": issues,
            "failure": failure,
        }

    async def rewrite(self, record: dict[str, Any], errors: list[Issue]) -> dict[str, Any]:
        """The chapter written again with the errors as facts to keep to."""
        index = int(record["number"]) - 1
        notes = tuple(dict.fromkeys(issue.note for issue in errors))
        targets = list(self.brief["chapter_targets"])
        plan = chapter_plan(self.outline, index, targets, notes, characters=self.names)
        written = await write_chapter(
            self.context.complete,
            book=self.book,
            plan=plan,
            system=str(self.brief["system"]),
            model=self.model,
            settings=writer_settings(
                self.config.writer,
                profile=model_profile(self.context, self.model),
                sample=REWRITE_SAMPLE,
            ),
            spend=self.outcome.add_usage,
            deaths_of=self.names,
        )
        return chapter_record(
            plan, written, tolerance=self.config.writer.tolerance, unit=str(self.brief["unit"])
        )


def _chapters(upstream: dict[str, Any], expected: int) -> list[dict[str, Any]]:
    chapters = upstream.get(CHAPTERS_STEP)
    if not isinstance(chapters, list) or not all(isinstance(c, dict) for c in chapters):
        raise UserInputError(
            "the book flow has no written chapters (a map step called 'chapters' before this one)",
            hint="keep the shipped step id 'chapters', or copy the book template again",
        )
    numbers = sorted(int(chapter.get("number", 0)) for chapter in chapters)
    if numbers != list(range(1, expected + 1)):
        missing = sorted(set(range(1, expected + 1)) - set(numbers))
        raise UserInputError(
            f"the book has {len(chapters)} of its {expected} chapters (missing: {missing})",
            hint="resume or regenerate the chapters that failed",
        )
    return sorted(chapters, key=lambda chapter: int(chapter["number"]))


class BookContinuityNode(NodeType):
    """Checks the chapters in reading order and rewrites an offending chapter once."""

    name = "book_continuity"
    Config = BookContinuityConfig
    description = (
        "Check the chapters in reading order for contradictions (dead characters speaking,"
        " names, facts, timeline) and write an offending chapter again once."
    )

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        assert isinstance(config, BookContinuityConfig)
        outcome = NodeOutcome(output=None)
        check = _Pass(config, context, outcome)
        earlier = await earlier_output(context)
        check.cache = KeptAnswers(earlier.get(CACHE_KEY))
        results = KeptAnswers(earlier.get(CHAPTER_CACHE_KEY))
        chapters = _chapters(context.upstream, len(check.outline))
        dead: dict[str, tuple[int, str]] = {}
        end_states: list[tuple[int, str]] = []
        final: list[dict[str, Any]] = []
        listed: list[dict[str, object]] = []
        rewritten: list[int] = []
        failures: list[dict[str, object]] = []
        for record in chapters:
            number = int(record["number"])
            key = input_hash(
                {
                    "record": record,
                    "dead": dead,
                    "end_states": end_states[-6:],
                    "bible": check.bible.model_dump(mode="json"),
                    "config": config.model_dump(mode="json"),
                    "model": check.model,
                }
            )
            done = results.get(key)
            if done is None:
                done = await check.chapter(record, dead, end_states)
                results.put(key, done)
            kept: dict[str, Any] = {
                **(done["rewrite"] or record),
                "issues_found": done["issues_found"],
                "issues_fixed": done["issues_fixed"],
                "rewritten": done["rewrite"] is not None,
            }
            listed += done["issues"]
            if done["rewrite"] is not None:
                rewritten.append(number)
            if done["failure"]:
                failures.append({"chapter": number, "error": done["failure"]})
            final.append(kept)
            planned = check.outline[number - 1].deaths if check.book.fiction else []
            known = {name.casefold(): name for name in check.names}
            for name in planned:
                if name.strip().casefold() in known:
                    dead.setdefault(known[name.strip().casefold()], (number, "the outline"))
            for name in kept.get("deaths", []):
                dead.setdefault(str(name), (number, f"chapter {number}'s summary"))
            end_states.append((number, str(kept.get("end_state", ""))))
        outcome.output = {
            "chapters": final,
            "issues": listed,
            "found": len(listed),
            "fixed": sum(1 for issue in listed if issue["fixed"]),
            "errors_left": sum(
                1 for issue in listed if issue["severity"] == "error" and not issue["fixed"]
            ),
            "rewritten": rewritten,
            "rewrite_failures": failures,
            "model_checks": check.model_checks,
            "model_checks_reused": check.cache.reused,
            "model_check_failures": check.model_check_failures,
            "chapters_reused": results.reused,
            CACHE_KEY: check.cache.used,
            CHAPTER_CACHE_KEY: results.used,
        }
        return outcome
