"""The prompts of the book flow's own nodes: the system prompt, a chapter's parts, its summary,
and the continuity check.

The architect's and the outline's prompts are in the flow spec (``flows/book.yaml``) where a
person can edit them on the canvas. These are built in code because they are assembled from
many pieces (the bible, the outline, the chapter so far). They are short on purpose: the
packaged 135M model copies long instructions into its answer, and it writes best when a
prompt reads like the story it continues.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from presswright.content.models import LANGUAGES

__all__ = [
    "BookContext",
    "PartRequest",
    "check_prompt",
    "part_prompt",
    "summary_prompt",
    "system_prompt",
]

_CLIP = 320  # characters of the text so far a part prompt quotes


def _clip(text: str, size: int = _CLIP, *, tail: bool = False) -> str:
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
    so_far: str  # the last paragraph written in this chapter, or ""
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
    """Ask for the next paragraphs of a chapter (a scene's, or a section's)."""
    lines = [f"{book.title}: {book.subject}."]
    lines += [f"{line}." for line in book.people[:5]]
    lines.append(f"Chapter {part.number}: {part.chapter_title}.")
    if part.earlier:
        lines.append(f"Before: {_clip(part.earlier)}")
    if part.so_far:
        lines.append(f"So far: {_clip(part.so_far, tail=True)}")
    lines.append(f"Now: {part.beat}")
    if part.notes:
        lines.append("Keep to these facts: " + " ".join(part.notes))
    unit = "characters" if book.language in ("zh", "ja") else "words"
    if book.fiction:
        lines.append(
            f"Continue the story in {book.language_name}, {book.point_of_view}:"
            f" about {part.words} {unit} of prose."
        )
    else:
        lines.append(
            f"Continue this section in {book.language_name}: about {part.words} {unit}"
            " that explain it clearly."
        )
    return "\n".join(lines)


def summary_prompt(book: BookContext, title: str, number: int, text: str) -> str:
    """Ask for a written chapter's summary, its end state and who died in it."""
    people = "; ".join(book.people[:8])
    return (
        f"{book.title}. Chapter {number}: {title}.\n"
        f"{_clip(text, 2400)}\n"
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
        f"Chapter {number}: {title}.\n{_clip(text, 4000)}\n"
        "List each sentence of this chapter that contradicts a fact above: quote the chapter's"
        " words exactly and the fact exactly. Answer with no findings if there is none."
    )
