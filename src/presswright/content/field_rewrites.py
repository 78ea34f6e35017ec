"""Rewriting the free-text fields that fail the quality gate, one field at a time.

The contract's quality gate (:mod:`presswright.content.quality`) judges every free-text
field on its own: the requested language, real words, no junk, no repetition, no prompt
text. A content run defends it in the documented order, per failing field:

0. stray punctuation opening a field is dropped, and prose cut off mid-sentence is
   trimmed to its last full sentence when what is left is still long enough;
1. **re-ask**: the field is asked for again, quoting its previous text and every reason it
   failed, at a low temperature;
2. **regenerate**: a field still failing is written afresh from the brief alone, with the
   next sample of the request (``GenerationParams.sample``), so a seeded sampler cannot
   repeat the draw that failed;
3. the caller's final contract check fails the run listing every reason left.

Each ask answers a one-field schema whose string bounds are the field's own, so a model
that decodes under a grammar cannot come back too long, too short or in another script.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from presswright.content.models import LANGUAGES
from presswright.content.quality import TextKind, text_problems
from presswright.content.quality_prompts import shingles
from presswright.content.quality_repeats import copied_fields
from presswright.content.violations import Violation
from presswright.errors import StructuredOutputError
from presswright.llm.decoding_constraints import pattern_with_terms
from presswright.llm.types import Completion, GenerationParams

__all__ = ["FieldRewrites", "TextField", "field_problems", "rewrite_failing_fields"]

# Where a sentence ends: the mark, then closing quotes or brackets.
_SENTENCE_END = re.compile(
    "[.!?\u2026\u061f][\"'\u201d\u2019\u00bb)]*(?=\\s|$)|[\u3002\uff01\uff1f][\u300d\u300f]*"
)
# Punctuation a text cannot open on (". I am writing", ", and then"); an ellipsis may.
_STRAY_START = re.compile("^(?:[\\s,;:\u3001\uff0c\uff1b\uff1a\u060c\u061b]|\\.(?!\\.))+")
# Re-ask rounds quoting the reasons, then rounds written afresh with a new sample each.
REASK_ROUNDS = 1
REGENERATE_ROUNDS = 1


@dataclass(frozen=True)
class TextField:
    """One free-text field of a draft: where it is, what it is for, and its bounds."""

    path: str  # the field path violations carry, e.g. "sections[1].paragraphs[0]"
    what: str  # what the text is, for the prompt: "the opening paragraph"
    text: str
    kind: TextKind = "prose"
    min_length: int = 1
    max_length: int = 2000
    terms: tuple[str, ...] = ()  # words it must contain as written (keywords), first leading
    distinct: bool = True  # must not repeat another distinct field (SEO copies may repeat)


@dataclass
class FieldRewrites:
    """What rewriting produced: new texts by path, what is still wrong, and the calls made."""

    texts: dict[str, str] = field(default_factory=dict)
    remaining: list[Violation] = field(default_factory=list)
    completions: list[Completion] = field(default_factory=list)


def field_problems(
    fields: Sequence[TextField],
    language: str,
    *,
    brief: str,
    allowed_urls: Sequence[str] = (),
    task_talk: bool = False,
) -> list[Violation]:
    """Every quality problem of the fields, each field alone and prose repeated across them."""
    problems: list[Violation] = []
    for item in fields:
        problems += text_problems(
            item.path,
            item.text,
            language,
            kind=item.kind,
            allowed_urls=allowed_urls,
            brief=brief,
            task_talk=task_talk,
        )
    # A part that is another part again (a paragraph that is the title, a bullet that is
    # a paragraph), or repeats one of its sentences; the later copy is blamed.
    parts = [(item.path, item.path, item.text) for item in fields if item.distinct]
    return problems + copied_fields(parts)


def _tidied(item: TextField) -> TextField:
    """The field without stray opening punctuation; prose cut off mid-sentence trimmed to its
    last full sentence when that is long enough."""
    text = _STRAY_START.sub("", item.text)
    if text != item.text and len(text) >= item.min_length:
        item = replace(item, text=text)
    if item.kind != "prose":
        return item
    ends = list(_SENTENCE_END.finditer(item.text))
    if not ends or ends[-1].end() == len(item.text.rstrip()):
        return item
    trimmed = item.text[: ends[-1].end()].strip()
    return replace(item, text=trimmed) if len(trimmed) >= item.min_length else item


def _schema(item: TextField, language: str, verbatim: Sequence[str]) -> dict[str, Any]:
    prop: dict[str, Any] = {
        "type": "string",
        "minLength": item.min_length,
        "maxLength": item.max_length,
    }
    if item.terms:
        pattern = pattern_with_terms(language, item.terms, verbatim, min_tail=item.min_length)
        if pattern is not None:
            prop["pattern"] = pattern
    return {
        "type": "object",
        "properties": {"text": prop},
        "required": ["text"],
        "additionalProperties": False,
    }


def _prompt(item: TextField, subject: str, language: str, reasons: list[Violation] | None) -> str:
    name = LANGUAGES.get(language, language)
    lines = [f"{subject}", f"Write {item.what} in {name}."]
    if item.terms:
        lines.append("Use these words exactly as written: " + ", ".join(item.terms) + ".")
    if reasons is not None:
        lines.append(f"The previous text was: {item.text!r}")
        lines.append("It was refused because:")
        lines.extend(f"- {reason.message}" for reason in reasons)
        lines.append("Write new, plain, natural sentences instead.")
    return "\n".join(lines)


Complete = Callable[..., Awaitable[Any]]


def _text(fields: Sequence[TextField], path: str) -> str:
    return next(item.text for item in fields if item.path == path)


async def rewrite_failing_fields(
    complete: Complete,
    fields: Sequence[TextField],
    *,
    language: str,
    subject: str,
    brief: str,
    system: str,
    model: str | None,
    verbatim: Sequence[str] = (),
    allowed_urls: Sequence[str] = (),
    task_talk: bool = False,
) -> FieldRewrites:
    """Re-ask, then regenerate, every field that fails the quality gate.

    ``subject`` introduces the piece (``Article: "..." about ...``); ``brief`` holds the
    user's own words (topic, keywords, names), which never count as leaked prompt text.
    A model that cannot answer a field keeps the previous text; the caller's final check
    reports what is left.
    """
    current = {item.path: _tidied(item) for item in fields}
    result = FieldRewrites(
        texts={
            path: item.text for path, item in current.items() if item.text != _text(fields, path)
        }
    )
    rounds = [*(["reask"] * REASK_ROUNDS), *(["regenerate"] * REGENERATE_ROUNDS)]
    for number, mode in enumerate(rounds):
        problems = field_problems(
            list(current.values()),
            language,
            brief=brief,
            allowed_urls=allowed_urls,
            task_talk=task_talk,
        )
        failing: dict[str, list[Violation]] = {}
        for problem in problems:
            if problem.field in current:
                failing.setdefault(problem.field, []).append(problem)
        if not failing:
            break
        for path, reasons in failing.items():
            item = current[path]
            params = GenerationParams(
                temperature=0.2 if mode == "reask" else None,
                language=language,
                verbatim=tuple(verbatim),
                # Each round after the first draws a sample the earlier rounds did not.
                sample=number,
            )
            prompt = _prompt(item, subject, language, reasons if mode == "reask" else None)
            try:
                answer = await complete(
                    prompt,
                    model=model,
                    system=system,
                    schema=_schema(item, language, verbatim),
                    params=params,
                    cache=False,
                )
            except StructuredOutputError:
                continue  # no usable answer: the previous text stays and is reported
            result.completions.append(answer)
            text = str(answer.parsed["text"]).strip()
            instructions = shingles(prompt) - shingles(item.text) - shingles(brief)
            if shingles(text) & instructions:
                continue  # it copied this very prompt: not an answer (the old text is reported)
            current[path] = replace(item, text=text)
            result.texts[path] = text
    result.remaining = field_problems(
        list(current.values()),
        language,
        brief=brief,
        allowed_urls=allowed_urls,
        task_talk=task_talk,
    )
    return result
