"""The compiled book: what the book flow's compile step produces and every exporter reads.

Text is plain text everywhere (no Markdown, no HTML): a paragraph is a string, emphasis is
not kept. Exporters escape it for their format, so markup or script a model wrote is shown
as the characters it is, never run or rendered.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from presswright.content.models import LANGUAGES, RTL_LANGUAGES, Language

__all__ = [
    "Book",
    "BookBlock",
    "BookKind",
    "BookMeta",
    "Chapter",
    "CoverArt",
    "CoverPalette",
    "GlossaryEntry",
    "Paragraph",
    "SceneBreak",
    "Subheading",
]

BookKind = Literal["fiction", "nonfiction"]
_TEXT = 20_000  # one paragraph's characters at most


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Paragraph(_Model):
    kind: Literal["paragraph"] = "paragraph"
    text: str = Field(min_length=1, max_length=_TEXT)


class SceneBreak(_Model):
    """A break between scenes of a chapter (shown as a centred ornament, not a heading)."""

    kind: Literal["scene_break"] = "scene_break"


class Subheading(_Model):
    """A section heading inside a chapter (non-fiction): one level below the chapter title."""

    kind: Literal["subheading"] = "subheading"
    text: str = Field(min_length=1, max_length=300)


BookBlock = Annotated[Paragraph | SceneBreak | Subheading, Field(discriminator="kind")]


class Chapter(_Model):
    number: int = Field(ge=1, le=500)
    title: str = Field(min_length=1, max_length=300)
    blocks: list[BookBlock] = Field(min_length=1)

    @field_validator("blocks")
    @classmethod
    def _has_text(cls, blocks: list[BookBlock]) -> list[BookBlock]:
        if not any(isinstance(block, Paragraph) for block in blocks):
            raise ValueError("a chapter needs at least one paragraph")
        return blocks


class GlossaryEntry(_Model):
    term: str = Field(min_length=1, max_length=200)
    definition: str = Field(min_length=1, max_length=2_000)


class CoverPalette(_Model):
    """Colours of the typographic cover, as #rrggbb (text on background at WCAG AA or better)."""

    background: str = Field(default="#1f2a44", pattern=r"^#[0-9a-fA-F]{6}$")
    text: str = Field(default="#f5efe0", pattern=r"^#[0-9a-fA-F]{6}$")
    accent: str = Field(default="#c9a227", pattern=r"^#[0-9a-fA-F]{6}$")


class CoverArt(_Model):
    """A generated picture the cover is drawn on (an image document of the library)."""

    document_id: uuid.UUID
    alt_text: str | None = Field(default=None, max_length=1_000)


class BookMeta(_Model):
    title: str = Field(min_length=1, max_length=300)
    subtitle: str | None = Field(default=None, max_length=300)
    author: str = Field(min_length=1, max_length=200)
    language: Language = "en"
    kind: BookKind = "fiction"
    identifier: str = Field(
        default_factory=lambda: f"urn:uuid:{uuid.uuid4()}",
        description="A stable unique identifier (urn:uuid:... or urn:isbn:...).",
        max_length=200,
    )
    subject: str | None = Field(default=None, max_length=300, description="Genre or subject.")
    description: str | None = Field(default=None, max_length=4_000)
    publisher: str | None = Field(default=None, max_length=200)
    published: date = Field(default_factory=date.today)
    rights: str | None = Field(
        default=None, max_length=1_000, description="The copyright line; from the author if unset."
    )

    @property
    def language_name(self) -> str:
        return LANGUAGES[self.language]

    @property
    def right_to_left(self) -> bool:
        return self.language in RTL_LANGUAGES

    @property
    def copyright_line(self) -> str:
        return self.rights or f"© {self.published.year} {self.author}"


class Book(_Model):
    meta: BookMeta
    dedication: str | None = Field(default=None, max_length=2_000)
    epigraph: str | None = Field(default=None, max_length=2_000)
    chapters: list[Chapter] = Field(min_length=1, max_length=500)
    glossary: list[GlossaryEntry] = Field(default_factory=list, max_length=2_000)
    about_author: str | None = Field(default=None, max_length=4_000)
    cover: CoverPalette = Field(default_factory=CoverPalette)
    cover_art: CoverArt | None = Field(
        default=None, description="The AI cover's picture; none: the typographic cover."
    )

    @field_validator("chapters")
    @classmethod
    def _numbered_in_order(cls, chapters: list[Chapter]) -> list[Chapter]:
        numbers = [chapter.number for chapter in chapters]
        if numbers != list(range(1, len(chapters) + 1)):
            raise ValueError(f"chapters must be numbered 1..{len(chapters)} in order: {numbers}")
        return chapters
