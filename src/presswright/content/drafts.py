"""What the model is asked to produce at each step of the content flows.

Small, flat schemas: constrained decoding turns each into a grammar, so even the 135M local
model returns parseable drafts. Lengths here are generous; the contract rules are exact.
They are registered as named output schemas, so flow specs can say ``output_schema:
ArticleOutline``. The block pattern draft, the one nested schema, has a module of its own
(:mod:`presswright.content.pattern_draft`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from presswright.content.pattern_draft import PatternDraft
from presswright.hookspecs import hookimpl
from presswright.llm.decoding_constraints import pattern_with_terms

__all__ = [
    "DRAFT_MODELS",
    "ArticleOutline",
    "ConclusionDraft",
    "FaqDraft",
    "FaqItem",
    "IntroDraft",
    "ProductDraft",
    "SectionDraft",
    "SeoDraft",
    "requiring_terms",
]


class _Draft(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ArticleOutline(_Draft):
    """The article's title and its section headings, in order."""

    title: str = Field(min_length=3, max_length=200)
    sections: list[str] = Field(min_length=1, max_length=12)


class SectionDraft(_Draft):
    """The paragraphs of one section."""

    paragraphs: list[Annotated[str, Field(min_length=30, max_length=2000)]] = Field(
        min_length=1, max_length=4
    )


class IntroDraft(_Draft):
    """The opening paragraph: it must name every keyword."""

    paragraph: str = Field(min_length=20, max_length=1500)


class ConclusionDraft(_Draft):
    """The closing section."""

    heading: str = Field(min_length=2, max_length=120)
    paragraph: str = Field(min_length=20, max_length=1500)


class FaqItem(_Draft):
    """One question with its answer."""

    question: str = Field(min_length=5, max_length=200)
    answer: str = Field(min_length=10, max_length=800)


class FaqDraft(_Draft):
    """Frequently asked questions about the topic."""

    items: list[FaqItem] = Field(min_length=2, max_length=6)


class SeoDraft(_Draft):
    """Search metadata: exact lengths are checked afterwards and repaired."""

    seo_title: str = Field(min_length=10, max_length=400)
    meta_desc: str = Field(min_length=40, max_length=800)
    excerpt: str = Field(min_length=20, max_length=800)


class ProductDraft(_Draft):
    """All product copy in one answer."""

    title: str = Field(min_length=3, max_length=200)
    short_description: str = Field(min_length=10, max_length=400)
    long_description: list[str] = Field(min_length=1, max_length=4)
    feature_bullets: list[str] = Field(min_length=1, max_length=8)
    seo_title: str = Field(min_length=10, max_length=400)
    meta_desc: str = Field(min_length=40, max_length=800)
    tags: list[str] = Field(min_length=1, max_length=10)
    image_alt_text: str = Field(min_length=5, max_length=400)


def requiring_terms(
    draft: type[_Draft],
    field: str,
    *,
    language: str,
    terms: Sequence[str],
    verbatim: Sequence[str] = (),
) -> type[_Draft] | dict[str, Any]:
    """``draft``'s schema with ``field`` required to name every term (leading with the first).

    For repair re-asks of a field the contract says must hold the keywords: a model that
    decodes under a grammar then cannot fail to write them, and any other model's answer is
    checked against the same pattern. The draft itself when no pattern applies.
    """
    schema = draft.model_json_schema()
    prop = schema["properties"][field]
    pattern = pattern_with_terms(language, terms, verbatim, min_tail=prop.get("minLength", 0))
    if pattern is None:
        return draft
    prop["pattern"] = pattern
    return schema


# Every draft schema of the built-in content flows (each becomes a grammar on the local model).
DRAFT_MODELS: tuple[type[BaseModel], ...] = (
    ArticleOutline,
    SectionDraft,
    IntroDraft,
    ConclusionDraft,
    FaqDraft,
    SeoDraft,
    ProductDraft,
    PatternDraft,
)


@hookimpl
def register_output_schemas(register: Callable[..., None]) -> None:
    """The drafts of the built-in content flows."""
    for model in DRAFT_MODELS:
        register(model)
