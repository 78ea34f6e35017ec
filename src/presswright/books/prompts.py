"""The prompts of the book flow's own nodes: the system prompt, a chapter's parts, its summary,
and the continuity check.

The architect's and the outline's prompts are in the flow spec (``flows/book.yaml``) where a
person can edit them on the canvas. These are built in code because they are assembled from
many pieces (the bible, the outline, the chapter so far). They are short on purpose: the
packaged 135M model copies long instructions into its answer, and it writes best when a
prompt reads like the story it continues.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from presswright.content.models import LANGUAGES

__all__ = [
    "BookContext",
    "PartRequest",
    "check_prompt",
    "clip",
    "instruction_runs",
    "part_prompt",
    "summary_prompt",
    "system_prompt",
]

_CLIP = 320  # characters of the outline's plan a part prompt quotes


def clip(text: str, size: int = _CLIP, *, tail: bool = False) -> str:
    """``text`` on one line, at most ``size`` characters (its end with ``tail``)."""
    text = " ".join(text.split())
    if len(text) <= size:
        return text
    return "…" + text[-size:].lstrip() if tail else text[:size].rstrip() + "…"


@dataclass(frozen=True)
class BookContext:
    """What every prompt of one book shares: the brief's voice and the bible's essentials."""

    language: str
    fiction: bool
    title: str
    subject: str
    audience: str
    tone: str
    point_of_view: str
    premise: str
    people: tuple[str, ...] = ()  # "Name: traits" lines (fiction) or "Topic: summary"
    terms: tuple[str, ...] = ()  # names and terms the text may use as written

    @property
    def language_name(self) -> str:
        return LANGUAGES[self.language]


@dataclass(frozen=True)
class PartRequest:
    """One call of the chapter writer: where in the book it is and what happens now."""

    number: int
    count: int
    chapter_title: str
    goal: str
    beat: str
    earlier: str  # where the story stands before this chapter (the outline's plan)
    so_far: str  # the end of the text written so far in this chapter (already clipped), or ""
    words: int  # about how many words (characters in zh/ja) this part should add
    notes: tuple[str, ...] = field(default_factory=tuple)


def system_prompt(*, language: str, fiction: bool, audience: str, tone: str) -> str:
    """The system prompt every model call of a book shares."""
    name = LANGUAGES[language]
    who = "a novelist" if fiction else "an expert author of non-fiction books"
    return (
        f"You are {who} writing in {name} for {audience}. Write only in {name}.\n"
        f"Tone: {tone}.\n"
        "Answer with the JSON object asked for and nothing else."
    )


def part_prompt(book: BookContext, part: PartRequest) -> str:
    """Ask for the next paragraphs of a chapter (a scene's, or a section's).

    Written as plain sentences, not "Label: value" lines: a small model copies labels into
    its answer, while it continues sentences as a story.
    """
    name = book.language_name
    # No chapter title here: the packaged model repeats a title it is shown as its text.
    if book.fiction:
        lines = [
            f"Write the next part of chapter {part.number} of {_a(book.subject)} story for"
            f" {book.audience}, in {name}."
        ]
        lines += [_sentence(person) for person in book.people[:5]]
    else:
        lines = [
            f"Write the next part of chapter {part.number} of a book about {book.subject} for"
            f" {book.audience}, in {name}."
        ]
    if not book.fiction:
        lines.append(f"The chapter teaches this: {part.goal}")
    if part.earlier:
        lines.append(f"Before this chapter: {clip(part.earlier, tail=True)}")
    if part.so_far:
        lines.append(f'The text so far ends like this: "{part.so_far}"')
    if part.notes:
        lines.append("Keep to these facts: " + " ".join(part.notes))
    lines.append(
        f"What happens in this part: {part.beat}" if book.fiction else f"This section: {part.beat}"
    )
    how = book.point_of_view if book.fiction else "explaining it clearly"
    lines.append(
        f"Write it as two or three paragraphs of prose, {how}, about {part.words} {_unit(book)}."
    )
    return "\n".join(lines)


def _sentence(person: str) -> str:
    """ "Mara: brave and curious" as "Mara is brave and curious." """
    name, _, traits = person.partition(": ")
    return f"{name} is {traits.rstrip('.')}." if traits else f"{name}."


def _a(subject: str) -> str:
    """ "sea adventure" or "a sea adventure" as "a sea adventure"; "epic" as "an epic"."""
    bare = re.sub(r"^(?:a|an|the)\s+", "", subject.strip(), flags=re.IGNORECASE)
    return ("an " if bare[:1].casefold() in "aeiou" else "a ") + bare


def _unit(book: BookContext) -> str:
    return "characters" if book.language in ("zh", "ja") else "words"


def summary_prompt(book: BookContext, title: str, number: int, text: str) -> str:
    """Ask for a written chapter's summary, its end state and who died in it."""
    people = "; ".join(book.people[:8])
    return (
        f"{book.title}. Chapter {number}: {title}.\n"
        f"{clip(text, 2400)}\n"
        f"Sum up this chapter in {book.language_name}, say where things stand at its end"
        + (f", and list who died in it (of: {people})." if book.fiction else ".")
    )


def check_prompt(
    book: BookContext, number: int, title: str, facts: Sequence[str], text: str
) -> str:
    """Ask for contradictions between a chapter and what the book established before it."""
    listed = "\n".join(f"- {fact}" for fact in facts)
    return (
        f"{book.title}. Facts so far:\n{listed}\n"
        f"Chapter {number}: {title}.\n{clip(text, 4000)}\n"
        "List each sentence of this chapter that contradicts a fact above: quote the chapter's"
        " words exactly and the fact exactly. Answer with no findings if there is none."
    )


_GAP = "\x00"  # stands for every value a prompt is built from
_RUN = 5
_DIGITS = re.compile(r"\d+")


def word_runs(text: str, size: int = _RUN) -> set[tuple[str, ...]]:
    """Every run of ``size`` casefolded words of ``text`` (numbers all read as 0)."""
    words = re.findall(r"[^\W_]+", _DIGITS.sub("0", text.casefold()))
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


@cache
def instruction_runs() -> frozenset[tuple[str, ...]]:
    """Every five-word run of the fixed wording of the book's prompts.

    A paragraph holding one copied its instructions ("This is chapter 1 of ..."), not the
    story. Built from the prompt functions themselves with every value left out, so a new
    wording is covered without a list to keep up.
    """
    runs: set[tuple[str, ...]] = set()
    part = PartRequest(
        number=0, count=0, chapter_title=_GAP, goal=_GAP, beat=_GAP, earlier=_GAP,
        so_far=_GAP, words=0, notes=(_GAP,),
    )  # fmt: skip
    for fiction in (True, False):
        book = BookContext(
            language="en", fiction=fiction, title=_GAP, subject=_GAP, audience=_GAP,
            tone=_GAP, point_of_view=_GAP, premise=_GAP, people=(f"{_GAP}: {_GAP}",),
        )  # fmt: skip
        texts = [
            part_prompt(book, part),
            summary_prompt(book, _GAP, 0, _GAP),
            check_prompt(book, 0, _GAP, [_GAP], _GAP),
            system_prompt(language="en", fiction=fiction, audience=_GAP, tone=_GAP),
        ]
        for text in texts:
            for piece in re.split(f"{_GAP}|\n", text):
                runs |= word_runs(piece)
    return frozenset(runs)
