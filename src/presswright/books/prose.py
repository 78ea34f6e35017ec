"""The quality gate on each paragraph a chapter writer receives, before it enters the book.

Every paragraph must be text a person can read in the book's language: the content quality
gate (:func:`presswright.content.quality.text_problems`: the language by lingua, real words
of that language, no junk, no chatter, no sentence cut off, no loops) plus two checks of the
book's own: it does not copy its prompt (a run of eight words, or sixteen CJK characters,
taken from what the model was given, or five words of the prompts' fixed wording), and it
does not repeat a paragraph or a sentence the chapter already has. Before judging, a
paragraph loses stray punctuation or list numbering at its start (and a title repeated as
its first sentence) and is trimmed to its last full sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from presswright.books.prompts import instruction_runs, word_runs
from presswright.content.quality import text_problems
from presswright.content.quality_repeats import part_repeats

__all__ = ["copied_run", "paragraph_problems", "tidy_paragraph"]

# Stray openings the small model leaves: punctuation, list numbers ("1.", "2)"), bullets.
_STRAY_START = re.compile(
    "^(?:[\\s,;:.)\\]}\u3001\u3002\uff0c\uff1b\uff1a\u060c\u061b\\-\u2013\u2014*\u2022]"
    "|\\(?\\d{1,2}[.)](?!\\d))+"
)
# Where a sentence ends: the mark, then closing quotes or brackets.
_SENTENCE_END = re.compile(
    "[.!?\u2026\u061f][\"'\u201d\u2019\u00bb)]*(?=\\s|$)|[\u3002\uff01\uff1f][\u300d\u300f\u201d]*"
)
_WORD = re.compile(r"[^\W_]+")
_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff]")
_COPY_WORDS = 8
_COPY_CJK_CHARS = 16


def tidy_paragraph(text: str, titles: Sequence[str] = ()) -> str:
    """The paragraph without a stray opening (punctuation, numbers, list marks: anything
    before its first word, and a title repeated as its first sentence), cut at its last full
    sentence ("" if none); one that starts mid-sentence in a cased script ("she said to
    herself.") starts with a capital."""
    words = _STRAY_START.sub("", text.strip()).split()
    while words and not any(char.isalpha() for char in words[0]):
        words.pop(0)
    text = " ".join(words)
    names = [title.strip().rstrip(".").casefold() for title in titles if title.strip()]
    stripped = True
    while stripped:
        stripped = False
        for title in names:
            if text.casefold().rstrip(".:! ") == title:
                return ""
            if text.casefold().startswith(title) and re.match(r"[.:!]\s", text[len(title) :]):
                text, stripped = text[len(title) + 2 :].lstrip(), True
    ends = list(_SENTENCE_END.finditer(text))
    if not ends:
        return ""
    text = text[: ends[-1].end()].strip()
    return text[:1].upper() + text[1:]


def _runs(text: str) -> set[str]:
    """The word runs (CJK: character runs) of a text that count as copying when shared."""
    folded = text.casefold()
    cjk = "".join(_CJK.findall(folded))
    found = {cjk[i : i + _COPY_CJK_CHARS] for i in range(len(cjk) - _COPY_CJK_CHARS + 1)}
    words = _WORD.findall(folded)
    found |= {" ".join(words[i : i + _COPY_WORDS]) for i in range(len(words) - _COPY_WORDS + 1)}
    return found


def copied_run(text: str, prompt: str) -> str | None:
    """A run of words of ``text`` copied from ``prompt``, or None."""
    shared = _runs(text) & _runs(prompt)
    return min(shared) if shared else None


def paragraph_problems(
    text: str,
    *,
    language: str,
    brief: str,
    prompt: str,
    earlier: Sequence[str],
) -> list[str]:
    """Why a paragraph may not enter the book (empty when it may).

    ``brief`` holds the words that count as words wherever they occur (names of the bible,
    the title); ``earlier`` the paragraphs the chapter already has.
    """
    problems = [
        violation.message
        for violation in text_problems(
            "paragraph", text, language, kind="prose", brief=brief, task_talk=True
        )
    ]
    copied = copied_run(text, prompt)
    if copied is not None:
        problems.append(f"it copies its prompt ({copied!r}); write the story, not the brief")
    instructed = (word_runs(text) & instruction_runs()) - word_runs(brief)
    if instructed and copied is None:
        run = " ".join(min(instructed))
        problems.append(f"it copies the prompt's wording ({run!r}); write the story itself")
    if earlier:
        mine = f"part {len(earlier) + 1} "  # the new paragraph's; earlier ones passed already
        repeats = part_repeats("paragraph", [*earlier, text])
        problems += [v.message for v in repeats if v.message.startswith(mine)]
    return problems
