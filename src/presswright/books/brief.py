"""A book brief: what a person asks for, checked against the limits every front door shares.

The limits are here once: :class:`BookBrief` refuses a brief outside them with a message
naming the limit, and the shipped flow's inputs (``books/flows/book.yaml``) declare the same
bounds as JSON Schema (a test holds the two together), so the engine refuses a bad run before
it starts. Lengths are in the language's unit (:mod:`presswright.books.wordcount`): words,
or characters for Chinese and Japanese.
"""

from __future__ import annotations

from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from presswright.books.model import BookKind
from presswright.books.wordcount import length_unit
from presswright.content.models import LANGUAGES, Language

__all__ = [
    "MAX_CHAPTERS",
    "MAX_CHAPTER_WORDS",
    "MAX_WORDS",
    "MIN_CHAPTERS",
    "MIN_CHAPTER_WORDS",
    "MIN_WORDS",
    "BookBrief",
    "chapter_targets",
]

MIN_CHAPTERS, MAX_CHAPTERS = 1, 60
MIN_WORDS, MAX_WORDS = 500, 300_000
# Per chapter: fewer is no chapter, more is past what one chapter of a book holds (and
# past the call cap a chapter writer is given).
MIN_CHAPTER_WORDS, MAX_CHAPTER_WORDS = 150, 20_000


class BookBrief(BaseModel):
    """The brief of one book."""

    model_config = ConfigDict(extra="forbid")

    kind: BookKind = "fiction"
    subject: str = Field(
        min_length=2, max_length=200, description="The genre (fiction) or the subject."
    )
    audience: str = Field(default="adult readers", min_length=2, max_length=200)
    language: str = Field(default="en", description="One of: " + ", ".join(LANGUAGES))
    tone: str = Field(default="warm and vivid", min_length=1, max_length=100)
    point_of_view: str | None = Field(
        default=None, max_length=100, description="Fiction: e.g. 'first person, past tense'."
    )
    learning_goals: list[str] = Field(
        default_factory=list, max_length=10, description="Non-fiction: what readers learn."
    )
    target_words: int = Field(
        default=6_000,
        description=f"The whole book's length, {MIN_WORDS:,} to {MAX_WORDS:,}"
        " (characters for Chinese and Japanese).",
    )
    chapters: int = Field(
        default=6, description=f"How many chapters, {MIN_CHAPTERS} to {MAX_CHAPTERS}."
    )
    title: str | None = Field(default=None, max_length=120)
    author: str = Field(default="Anonymous", min_length=1, max_length=200)
    review_outline: bool = False
    review_book: bool = False
    cover: Literal["typographic", "ai"] = Field(
        default="typographic",
        description="typographic (the default), or ai: a picture from the configured image"
        " provider under the same title and author (typographic, with a note, without one).",
    )

    @field_validator("language")
    @classmethod
    def _supported_language(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise ValueError(
                f"language {value!r} is not supported; the supported languages are"
                f" {', '.join(LANGUAGES)}"
            )
        return value

    @field_validator("chapters")
    @classmethod
    def _chapter_limit(cls, value: int) -> int:
        if not MIN_CHAPTERS <= value <= MAX_CHAPTERS:
            raise ValueError(
                f"{value} chapters is outside the limit of {MIN_CHAPTERS} to {MAX_CHAPTERS}"
                " chapters"
            )
        return value

    @field_validator("target_words")
    @classmethod
    def _word_limit(cls, value: int) -> int:
        if not MIN_WORDS <= value <= MAX_WORDS:
            raise ValueError(
                f"{value:,} words is outside the limit of {MIN_WORDS:,} to {MAX_WORDS:,} words"
            )
        return value

    @field_validator("learning_goals")
    @classmethod
    def _goals(cls, goals: list[str]) -> list[str]:
        cleaned = [goal.strip() for goal in goals if goal.strip()]
        if any(len(goal) > 200 for goal in cleaned):
            raise ValueError("a learning goal is at most 200 characters")
        return cleaned

    @model_validator(mode="after")
    def _chapter_length(self) -> Self:
        per_chapter = self.target_words // self.chapters
        if per_chapter < MIN_CHAPTER_WORDS:
            raise ValueError(
                f"{self.target_words:,} words over {self.chapters} chapters is {per_chapter}"
                f" a chapter, under the limit of {MIN_CHAPTER_WORDS} words a chapter; ask for"
                " fewer chapters or more words"
            )
        if per_chapter > MAX_CHAPTER_WORDS:
            raise ValueError(
                f"{self.target_words:,} words over {self.chapters} chapters is {per_chapter:,}"
                f" a chapter, over the limit of {MAX_CHAPTER_WORDS:,} words a chapter; ask for"
                " more chapters"
            )
        return self

    @property
    def code(self) -> Language:
        """The language as the content models type it."""
        return self.language  # type: ignore[return-value]  # checked by _supported_language

    @property
    def unit(self) -> str:
        """What the lengths of this book count: words, or characters (zh, ja)."""
        return length_unit(self.language)

    @property
    def fiction(self) -> bool:
        return self.kind == "fiction"

    def flow_inputs(
        self, *, model: str | None = None, image_model: str | None = None
    ) -> dict[str, Any]:
        """The shipped book flow's inputs for this brief, and the models that write it."""
        return {**self.model_dump(mode="json"), "model": model, "image_model": image_model}


def chapter_targets(total: int, chapters: int) -> list[int]:
    """``total`` split over ``chapters`` as evenly as whole numbers go (the first get more)."""
    base, extra = divmod(total, chapters)
    return [base + (1 if index < extra else 0) for index in range(chapters)]
