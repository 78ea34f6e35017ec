"""The bodies of ``/api/v1/books``: a brief, a chapter edit, an export, and their answers.

Their limits are the library's (:class:`~presswright.books.brief.BookBrief`,
:func:`~presswright.books.editing.blocks_from_text`); the schemas state them too, so the
OpenAPI document and the studio's generated client show them.
"""

from __future__ import annotations

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, field_validator

from presswright.api.routes.content import MODEL_ID
from presswright.api.routes.documents import MAX_VERSION, NO_NUL
from presswright.books.brief import MAX_CHAPTERS, MAX_WORDS, MIN_CHAPTERS, MIN_WORDS, BookBrief
from presswright.books.editing import MAX_CHAPTER_TEXT, blocks_from_text
from presswright.books.export import BOOK_FORMATS, BookFormat
from presswright.books.formats import BookFormatPublic
from presswright.content.models import LANGUAGES

__all__ = ["BookCreate", "BookExport", "BookExported", "ChapterEdit", "base_version"]


class BookCreate(BookBrief):
    """The brief of one book, and the model that writes it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "kind": "fiction",
                    "subject": "a sea adventure for young readers",
                    "language": "en",
                    "target_words": 6000,
                    "chapters": 6,
                    "author": "Ada Writer",
                }
            ]
        },
    )

    # The limits are BookBrief's (its messages name them); the schema states them too.
    language: str = Field(default="en", max_length=10, json_schema_extra={"enum": list(LANGUAGES)})
    target_words: int = Field(
        default=6_000,
        description=f"The whole book's length, {MIN_WORDS:,} to {MAX_WORDS:,} (characters for"
        " Chinese and Japanese).",
        json_schema_extra={"minimum": MIN_WORDS, "maximum": MAX_WORDS},
    )
    chapters: int = Field(
        default=6,
        description=f"How many chapters, {MIN_CHAPTERS} to {MAX_CHAPTERS}.",
        json_schema_extra={"minimum": MIN_CHAPTERS, "maximum": MAX_CHAPTERS},
    )
    model: str | None = Field(
        default=None,
        max_length=200,
        pattern=MODEL_ID,
        description="provider:model (or an alias); default: the configured model.",
        examples=["local:smollm2"],
    )
    image_model: str | None = Field(
        default=None,
        max_length=200,
        pattern=MODEL_ID,
        description="With cover ai: the image provider:model; default: the configured one.",
    )


class ChapterEdit(BaseModel):
    """A chapter's new text (and title), and the version it was edited on."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "base_version": 1,
                    "title": "The Storm",
                    "text": "The wind rose before dawn.\n\n* * *\n\nElsa climbed the stairs.",
                }
            ]
        },
    )

    base_version: int | None = Field(
        default=None,
        ge=1,
        le=MAX_VERSION,
        description='The version this edit was made on (or send If-Match: "N").',
    )
    title: str | None = Field(
        default=None, min_length=1, max_length=300, pattern=NO_NUL, description="Default: kept."
    )
    text: str = Field(
        min_length=1,
        max_length=MAX_CHAPTER_TEXT,
        pattern=NO_NUL,
        description="Paragraphs separated by a blank line; '* * *' alone is a scene break;"
        " '## ' starts a subheading (as GET .../chapters gives it).",
    )

    @field_validator("text")
    @classmethod
    def _readable(cls, text: str) -> str:
        blocks_from_text(text)  # ValueError names what a chapter cannot hold
        return text


class BookExport(BaseModel):
    """Which formats of which version to export again."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"formats": ["epub", "pdf"]}]}
    )

    formats: list[BookFormat] = Field(
        default_factory=lambda: list(BOOK_FORMATS),
        min_length=1,
        max_length=6,
        description="Default: epub, pdf, docx, html and md (cover: the cover as PNG).",
    )
    version: int | None = Field(
        default=None, ge=1, le=MAX_VERSION, description="Default: the current version."
    )


class BookExported(BaseModel):
    """The formats exported (their files replace that version's earlier ones)."""

    version: int
    formats: list[BookFormatPublic]


def base_version(body: ChapterEdit, if_match: str | None) -> int:
    """The version edited: If-Match or base_version (422 naming the field when unclear)."""
    given = int(if_match.strip('W/"')) if if_match is not None else None
    message, kind = None, "value_error"
    if given is not None and body.base_version not in (None, given):
        message = (
            f"If-Match names version {given}, base_version {body.base_version}: send one of"
            " them, or the same version in both"
        )
    elif given is None and body.base_version is None:
        message = 'name the version edited: base_version in the body, or an If-Match: "N" header'
        kind = "missing"
    if message is not None:
        raise RequestValidationError(
            [{"loc": ("body", "base_version"), "msg": message, "type": kind}]
        )
    version = given if given is not None else body.base_version
    assert version is not None
    return version
