"""A site brief: the wizard's answers, checked against the limits every front door shares.

:class:`SiteBrief` refuses a brief outside its limits with a message naming the limit
(:func:`brief_error` joins them into one :class:`UserInputError`); the shipped flow's inputs
(``sites/flows/site.yaml``) declare the same bounds, so the engine refuses a bad run before
it starts. A logo is a raster image (PNG, JPEG, WebP or GIF) sent as base64; anything
Pillow cannot open as one of those is refused, so no SVG (a script carrier) ever reaches a
site.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from presswright.content.models import LANGUAGES
from presswright.errors import UserInputError

__all__ = [
    "LOGO_FORMATS",
    "MAX_LOGO_BYTES",
    "MAX_PAGES",
    "ContactDetails",
    "SiteBrief",
    "brief_error",
    "decode_logo",
]

MIN_PAGES, MAX_PAGES = 1, 10
MAX_GOALS, MAX_STYLE_WORDS = 8, 6
MAX_LOGO_BYTES = 512 * 1024
LOGO_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp", "GIF": "image/gif"}
_DATA_URL = re.compile(r"^data:image/[a-z+.-]+;base64,", re.IGNORECASE)
_EMAIL = r"^[^@\s<>\"']{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}$"
_PHONE = r"^\+?[0-9 ().-]{5,30}$"
_ONE_LINE = r"^[^\x00-\x1f<>]*$"


class ContactDetails(BaseModel):
    """How visitors reach the business (each optional; shown as given, as plain text)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    email: str | None = Field(default=None, max_length=254, pattern=_EMAIL)
    phone: str | None = Field(default=None, max_length=30, pattern=_PHONE)
    address: str | None = Field(default=None, min_length=5, max_length=200, pattern=_ONE_LINE)

    def lines(self) -> list[str]:
        """The details that were given, in a fixed order."""
        return [value for value in (self.address, self.phone, self.email) if value]


def decode_logo(value: str) -> tuple[bytes, str]:
    """The logo's bytes and media type; ValueError naming the limit when it is no image."""
    raw = _DATA_URL.sub("", value.strip())
    try:
        data = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("the logo is not base64: send the image file's bytes as base64") from None
    if len(data) > MAX_LOGO_BYTES:
        raise ValueError(
            f"the logo is {len(data):,} bytes, over the limit of {MAX_LOGO_BYTES:,} bytes"
        )
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format or ""
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValueError(
            "the logo is not an image: send a PNG, JPEG, WebP or GIF file as base64"
        ) from None
    if kind not in LOGO_FORMATS:
        raise ValueError(f"the logo is a {kind or 'unknown'} image; send PNG, JPEG, WebP or GIF")
    return data, LOGO_FORMATS[kind]


class SiteBrief(BaseModel):
    """What a business tells the wizard about itself and the site it wants."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    business_name: str = Field(min_length=1, max_length=100, pattern=_ONE_LINE)
    business_type: str = Field(min_length=2, max_length=100, pattern=_ONE_LINE, examples=["bakery"])
    description: str = Field(
        min_length=10, max_length=1000, description="What the business does, for whom, where."
    )
    goals: list[str] = Field(default_factory=list, max_length=MAX_GOALS)
    audience: str = Field(default="local customers", min_length=2, max_length=200)
    pages: list[str] = Field(
        default_factory=lambda: ["Home", "About", "Services", "Contact"],
        min_length=MIN_PAGES,
        max_length=MAX_PAGES,
        description=f"The pages wanted in menu order, {MIN_PAGES} to {MAX_PAGES}; the first"
        " is the front page.",
    )
    posts_page: str | None = Field(
        default=None,
        min_length=2,
        max_length=40,
        pattern=_ONE_LINE,
        description="The title of a page that lists the site's posts (a blog), if any.",
    )
    style_words: list[str] = Field(default_factory=list, max_length=MAX_STYLE_WORDS)
    language: str = Field(default="en", description="One of: " + ", ".join(LANGUAGES))
    shop: bool = Field(default=False, description="The business sells online (WooCommerce).")
    logo: str | None = Field(
        default=None,
        max_length=MAX_LOGO_BYTES * 4 // 3 + 200,
        description="A PNG, JPEG, WebP or GIF logo as base64 (or a data: URL).",
    )
    contact: ContactDetails | None = None
    review_plan: bool = Field(default=False, description="Pause for a person to approve the plan.")
    review_site: bool = Field(
        default=False, description="Pause for a person to approve the site before it is final."
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

    @field_validator("pages")
    @classmethod
    def _pages(cls, pages: list[str]) -> list[str]:
        cleaned = [" ".join(page.split()) for page in pages]
        for page in cleaned:
            if not 2 <= len(page) <= 40 or re.search(r"[\x00-\x1f<>]", page):
                raise ValueError(f"page {page!r} must be a title of 2 to 40 characters, no < or >")
        folded = [page.casefold() for page in cleaned]
        if len(set(folded)) != len(folded):
            raise ValueError("two pages have the same title; give every page its own title")
        return cleaned

    @field_validator("goals", "style_words")
    @classmethod
    def _short_items(cls, items: list[str]) -> list[str]:
        cleaned = [" ".join(item.split()) for item in items if item.strip()]
        if any(len(item) > 200 for item in cleaned):
            raise ValueError("each item is at most 200 characters")
        return cleaned

    @field_validator("logo")
    @classmethod
    def _logo(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        data, _ = decode_logo(value)
        return base64.b64encode(data).decode("ascii")

    @property
    def language_name(self) -> str:
        """The language's English name, for prompts."""
        return LANGUAGES[self.language]

    def logo_sha256(self) -> str | None:
        """The SHA-256 of the logo's bytes (what makes a re-upload unnecessary)."""
        if self.logo is None:
            return None
        return hashlib.sha256(base64.b64decode(self.logo)).hexdigest()

    def flow_inputs(self, *, model: str | None = None) -> dict[str, Any]:
        """The shipped site flow's inputs for this brief."""
        return {**self.model_dump(mode="json"), "model": model}


def brief_error(error: ValidationError) -> UserInputError:
    """A refused brief as one error listing every field and the limit it breaks."""
    reasons = []
    for item in error.errors(include_url=False):
        where = ".".join(str(part) for part in item["loc"]) or "brief"
        message = str(item["msg"]).removeprefix("Value error, ")
        reasons.append(f"{where}: {message}")
    return UserInputError(
        "the site brief is refused: " + "; ".join(reasons),
        hint="change the brief to fit the limits named",
    )
