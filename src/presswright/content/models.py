"""Domain models of generated content: what a user asks for and what Presswright returns.

``ContentRequest`` / ``ContentData`` are the article contract (the ContentCraft shape);
``ProductFacts`` / ``ProductCopy`` the product contract. The models check shapes and
limits only; the cross-field rules (keywords placed, headings in order, JSON-LD complete,
language) live in :mod:`presswright.content.rules`, which also names every violation.
"""

from __future__ import annotations

import html
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "LANGUAGES",
    "META_DESC_MAX",
    "META_DESC_MIN",
    "PICTURE_SETTINGS",
    "RTL_LANGUAGES",
    "SEO_TITLE_MAX",
    "SHORT_DESCRIPTION_MAX_WORDS",
    "ArticleImages",
    "ContentData",
    "ContentRequest",
    "Heading",
    "InternalLink",
    "Language",
    "Length",
    "ProductCopy",
    "ProductFacts",
    "SeoMeta",
    "SiteLink",
]

Language = Literal["en", "fa", "ar", "de", "es", "fr", "it", "ja", "ko", "zh"]
LANGUAGES: dict[str, str] = {
    "en": "English",
    "fa": "Persian",
    "ar": "Arabic",
    "de": "German",
    "es": "Spanish",
    "fr": "French",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "zh": "Chinese",
}
RTL_LANGUAGES = frozenset({"fa", "ar"})
Length = Literal["short", "medium", "long"]

SEO_TITLE_MAX = 60
META_DESC_MIN = 140
META_DESC_MAX = 160
SHORT_DESCRIPTION_MAX_WORDS = 50


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SiteLink(_Model):
    """One page of the site that articles may link to."""

    title: str = Field(min_length=1, max_length=300)
    url: str = Field(min_length=1, max_length=2000, pattern=r"^(https?://|/)")


# Fields of a brief that set how the work is made (its pictures), not what it is about: left
# out of exported product facts and filled in a bulk file only through a mapping.
PICTURE_SETTINGS = frozenset({"images", "image_model"})


class ArticleImages(_Model):
    """Pictures an article gets when an image provider is configured (default: none)."""

    featured: bool = False
    body: int = Field(default=0, ge=0, le=3, description="In-body pictures, 0 to 3.")


class ContentRequest(_Model):
    """What a user asks for: the brief of one article."""

    topic: str = Field(min_length=5, max_length=200)
    keywords: list[str] = Field(default_factory=list, max_length=10)
    tone: str = Field(default="informative", min_length=1, max_length=100)
    length: Length = "medium"
    language: Language = "en"
    brand_profile: str | None = Field(default=None, max_length=100)
    sections: int | None = Field(default=None, ge=1, le=12)
    site_index: list[SiteLink] = Field(default_factory=list, max_length=500)
    faq: bool = False
    images: ArticleImages = Field(default_factory=ArticleImages)
    image_model: str | None = Field(default=None, max_length=200)

    @field_validator("topic")
    @classmethod
    def _topic_stripped(cls, value: str) -> str:
        value = " ".join(value.split())
        if len(value) < 5:
            raise ValueError("the topic needs at least 5 characters besides spaces")
        return value

    @field_validator("keywords")
    @classmethod
    def _keywords_clean(cls, value: list[str]) -> list[str]:
        cleaned: list[str] = []
        for keyword in value:
            keyword = " ".join(keyword.split())
            if not keyword:
                raise ValueError("a keyword is empty")
            if len(keyword) > 80:
                raise ValueError(f"keyword {keyword[:20]!r}... is longer than 80 characters")
            if keyword.casefold() not in {k.casefold() for k in cleaned}:
                cleaned.append(keyword)
        return cleaned

    def section_count(self) -> int:
        """How many body sections the article gets: asked for, else by length."""
        return self.sections or {"short": 2, "medium": 4, "long": 6}[self.length]


class SeoMeta(_Model):
    """Search metadata of a page."""

    seo_title: str = Field(min_length=1)
    meta_desc: str = Field(min_length=1)
    slug: str = Field(min_length=1)


class Heading(_Model):
    """One heading of the body, in document order."""

    level: int = Field(ge=1, le=6)
    text: str


class InternalLink(_Model):
    """A link from the article to another page of the site."""

    anchor: str = Field(min_length=1)
    url: str = Field(min_length=1)


class ContentData(_Model):
    """A finished article: every field is checked by the contract rules before it is returned."""

    language: Language = "en"
    title: str = Field(min_length=1)
    excerpt: str = Field(min_length=1)
    outline: list[str] = Field(min_length=1)
    body_html: str = Field(min_length=1)
    meta: SeoMeta
    headings: list[Heading] = Field(default_factory=list)
    internal_links: list[InternalLink] = Field(default_factory=list)
    schema_ld_json: dict[str, Any]
    keywords: list[str] = Field(default_factory=list, max_length=10)


class ProductFacts(_Model):
    """What the shop owner knows about a product."""

    name: str = Field(min_length=1, max_length=200)
    category: str = Field(min_length=1, max_length=200)
    attributes: dict[str, str] = Field(default_factory=dict, max_length=50)
    price: str | None = Field(default=None, max_length=50, examples=["24.90 EUR"])
    audience: str | None = Field(default=None, max_length=300)
    features: list[str] = Field(default_factory=list, max_length=20)
    keywords: list[str] = Field(default_factory=list, max_length=10)
    language: Language = "en"
    brand_profile: str | None = Field(default=None, max_length=100)
    images: ArticleImages = Field(
        default_factory=ArticleImages,
        description="featured: the product's picture; body: 0 to 3 gallery pictures.",
    )
    image_model: str | None = Field(default=None, max_length=200)

    @field_validator(
        "name", "category", "price", "audience", "attributes", "features", "keywords",
        mode="before",
    )  # fmt: skip
    @classmethod
    def _decoded(cls, value: Any) -> Any:
        # Shops export names with HTML entities ("750ml &ndash; Matte Black"); copy built
        # from them would show "&ndash;" on the page, or half of it after a cut.
        return _unescaped(value)


def _unescaped(value: Any) -> Any:
    """Text with its HTML entities decoded, through lists and mappings."""
    if isinstance(value, str):
        return html.unescape(value).strip()
    if isinstance(value, list):
        return [_unescaped(item) for item in value]
    if isinstance(value, dict):
        return {_unescaped(key): _unescaped(item) for key, item in value.items()}
    return value


class ProductCopy(_Model):
    """Finished product copy, checked by the same contract rules as articles."""

    language: Language = "en"
    title: str = Field(min_length=1)
    short_description: str = Field(min_length=1)
    long_description_html: str = Field(min_length=1)
    feature_bullets: list[str] = Field(min_length=1)
    meta: SeoMeta
    tags: list[str] = Field(min_length=1, max_length=20)
    image_alt_text: str = Field(min_length=1)
    keywords: list[str] = Field(default_factory=list, max_length=10)
