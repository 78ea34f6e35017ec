"""Images in a published article: which is featured, and where in the body the others stand.

An article's sections are its top-level ``h2`` headings; an in-body image is placed after
section N: 0 is after the introduction (before the first heading), N at the end of the
Nth section (before heading N + 1), and no number at the very end. Each becomes a
``<figure class="wp-block-image">`` with the item's address, its alt text, its caption and
the ``wp-image-<id>`` class, inserted into the body before it is rendered, so the block
renderer (:mod:`presswright.content.render_gutenberg`) writes it as a ``core/image`` block
that knows its attachment id, like an image inserted in the editor.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from presswright.content.models import ContentData
from presswright.content.render_html import (
    Element,
    Node,
    body_html,
    parse_fragment,
    start_tag,
    to_html,
)
from presswright.errors import UserInputError
from presswright.publish.wordpress.media_image import MediaImage

__all__ = ["ArticleImage", "PlacedImage", "check_placements", "place_images", "section_count"]


@dataclass(frozen=True)
class ArticleImage:
    """An image of an article: its featured image, or one in the body after a section."""

    image: MediaImage
    placement: Literal["featured", "body"] = "body"
    after_section: int | None = None

    def __post_init__(self) -> None:
        if self.placement == "featured" and self.after_section is not None:
            raise UserInputError(
                "a featured image has no place in the body",
                hint="leave after_section out, or place the image in the body",
            )
        if self.after_section is not None and self.after_section < 0:
            raise UserInputError(
                f"after_section {self.after_section} is not a section",
                hint="give 0 (after the introduction) or the number of a section",
            )


@dataclass(frozen=True)
class PlacedImage:
    """An in-body image whose Media Library item is known."""

    media_id: int
    url: str
    alt_text: str
    caption: str
    after_section: int | None


def _headings(nodes: list[Node]) -> list[int]:
    return [i for i, node in enumerate(nodes) if isinstance(node, Element) and node.tag == "h2"]


def section_count(document: ContentData) -> int:
    """How many sections (top-level ``h2`` headings) the article's body has."""
    return len(_headings(parse_fragment(body_html(document))))


def check_placements(document: ContentData, images: Sequence[ArticleImage]) -> None:
    """UserInputError unless at most one image is featured and every section exists."""
    featured = [image for image in images if image.placement == "featured"]
    if len(featured) > 1:
        raise UserInputError(
            f"{len(featured)} images are marked featured", hint="an article has one featured image"
        )
    sections = section_count(document)
    for image in images:
        if image.after_section is not None and image.after_section > sections:
            raise UserInputError(
                f"{image.image.filename} is to follow section {image.after_section}, but the"
                f" article has {sections} section{'' if sections == 1 else 's'}",
                hint=f"give a section from 0 (after the introduction) to {sections}",
            )


def _figure(image: PlacedImage) -> list[Node]:
    """The figure of one image, parsed (alt text and caption are plain text, escaped once)."""
    img = start_tag(
        "img",
        {
            "src": image.url,
            "alt": html.unescape(image.alt_text),
            "class": f"wp-image-{image.media_id}",
        },
        self_closing=True,
    )
    caption = f"<figcaption>{image.caption}</figcaption>" if image.caption else ""
    return parse_fragment(f'<figure class="wp-block-image">{img}{caption}</figure>')


def place_images(document: ContentData, images: Sequence[PlacedImage]) -> ContentData:
    """The document with each image's figure in its body, in the order given per place."""
    if not images:
        return document
    nodes = parse_fragment(body_html(document))
    headings = _headings(nodes)
    placed: list[Node] = []
    for index, node in enumerate([*nodes, None]):
        for image in images:
            at = (
                headings[image.after_section]
                if image.after_section is not None and image.after_section < len(headings)
                else len(nodes)
            )
            if at == index:
                placed.extend(_figure(image))
        if node is not None:
            placed.append(node)
    return document.model_copy(update={"body_html": to_html(placed)})
