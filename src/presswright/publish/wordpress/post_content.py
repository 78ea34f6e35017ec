"""What a document becomes on the wire: sanitized post fields, the marker, the featured image.

Everything here is sanitized by :mod:`presswright.content.sanitize`: the body (by the
Gutenberg renderer), the title and excerpt as HTML, and plain-text fields (SEO title and
description, term names, alt text) with every tag removed. Administrators and editors have
``unfiltered_html``, so this is the only wall between model output and the page.

The marker is how a post is found again without its publish record (see
:mod:`presswright.publish.wordpress.publish`): a Custom HTML block holding one HTML comment,
``<!-- presswright-doc-<hash>: ... -->``, the hash being of the tenant and the document key.
WordPress keeps comments for every role, shows nothing of them on the page, and searches
raw post content; editors see the block and can leave it be.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import nh3

from presswright.content.models import ContentData
from presswright.content.render import render_gutenberg
from presswright.content.sanitize import sanitize_html
from presswright.errors import UserInputError

__all__ = [
    "IMAGE_TYPES",
    "MAX_IMAGE_BYTES",
    "FeaturedImage",
    "document_key_for",
    "document_marker",
    "plain_text",
    "post_fields",
]

MAX_IMAGE_BYTES = 20 * 1024 * 1024
IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}


def document_key_for(document: ContentData) -> str:
    """The default key of an article: its slug."""
    return f"article:{document.meta.slug}"


def document_marker(tenant_id: uuid.UUID, document_key: str) -> str:
    """The marker written into the remote post: one search term, unique per tenant and key."""
    digest = hashlib.sha256(f"{tenant_id}\n{document_key}".encode()).hexdigest()
    return f"presswright-doc-{digest[:32]}"


def _marker_block(marker: str) -> str:
    note = "Presswright finds this post again by this line when it publishes the article again"
    return f"<!-- wp:html -->\n<!-- {marker}: {note} -->\n<!-- /wp:html -->"


def plain_text(value: str) -> str:
    """``value`` sanitized and stripped of every tag: for titles of things, alt text, SEO text."""
    text = nh3.clean(sanitize_html(value), tags=set())
    return re.sub(r"\s+", " ", text).strip()


def post_fields(
    document: ContentData, *, status: str, date: datetime | None, marker: str
) -> dict[str, Any]:
    """The REST fields of the post (without terms and image), every one sanitized."""
    fields: dict[str, Any] = {
        "title": sanitize_html(document.title),
        "content": f"{render_gutenberg(document)}\n\n{_marker_block(marker)}",
        "excerpt": sanitize_html(document.excerpt),
        "slug": document.meta.slug,
        "status": status,
    }
    if date is not None:
        fields["date_gmt"] = date.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    return fields


@dataclass(frozen=True)
class FeaturedImage:
    """An image file to upload as the post's featured image, with its alt text."""

    filename: str
    content: bytes = field(repr=False)
    alt_text: str

    def __post_init__(self) -> None:
        if not self.filename or Path(self.filename).name != self.filename:
            raise UserInputError(
                f"{self.filename!r} is not a file name", hint="give a name such as heap.png"
            )
        if Path(self.filename).suffix.lower() not in IMAGE_TYPES:
            raise UserInputError(
                f"{self.filename} is not an image WordPress takes as a featured image",
                hint=f"use one of: {', '.join(IMAGE_TYPES)}",
            )
        if not self.content or len(self.content) > MAX_IMAGE_BYTES:
            raise UserInputError(
                f"{self.filename} has {len(self.content)} bytes",
                hint=f"use an image of 1 byte to {MAX_IMAGE_BYTES // (1024 * 1024)} MiB",
            )
        if not plain_text(self.alt_text) or len(self.alt_text) > 300:
            raise UserInputError(
                "the featured image needs an alt text of 1 to 300 characters",
                hint="describe what the image shows",
            )

    @classmethod
    def from_path(cls, path: Path, *, alt_text: str) -> FeaturedImage:
        """Read an image file; UserInputError if it cannot be read."""
        try:
            content = path.read_bytes()
        except OSError as error:
            raise UserInputError(
                f"cannot read {path}: {error.strerror}", hint="check the path"
            ) from None
        return cls(filename=path.name, content=content, alt_text=alt_text)

    @property
    def mime_type(self) -> str:
        """The media type WordPress is told, from the file name."""
        return IMAGE_TYPES[Path(self.filename).suffix.lower()]

    @property
    def sha256(self) -> str:
        """The hash that tells whether the same image was uploaded before."""
        return hashlib.sha256(self.content).hexdigest()
