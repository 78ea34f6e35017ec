"""The block types a pattern may use: the spec a model fills in, and how each type serializes.

Markup follows the block editor's own serializer (``serializeBlock`` in @wordpress/blocks):
a comment delimiter carrying only the attributes that differ from the block.json defaults,
the HTML the block's ``save()`` produces, and inner blocks joined by a blank line. The
editor re-derives sourced attributes (text, ``src``, ``alt``) from that HTML, so a block
whose markup matches its ``save()`` opens in the editor without a recovery prompt.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "BLOCK_TYPES",
    "SUPPORTED_BLOCKS",
    "Block",
    "BlockType",
    "PatternSpec",
    "delimit_block",
    "normalize_block_name",
    "serialize_block",
]

Attrs = dict[str, Any]
Renderer = Callable[["Block", str], tuple[Attrs, str]]


def normalize_block_name(name: str) -> str:
    """The bare block name: ``core/Heading`` and ``heading`` are both ``heading``."""
    name = name.strip().lower()
    return name.removeprefix("core/")


@dataclass(frozen=True)
class BlockType:
    """What a block type accepts and where it may sit."""

    render: Renderer
    fields: frozenset[str] = frozenset()  # spec fields it uses, besides type and inner
    required: tuple[str, ...] = ()  # fields that must be present and not empty
    container: bool = False  # whether it may hold inner blocks
    parent: str | None = None  # the only block type it may sit directly inside
    children: str | None = None  # the only block type it may hold (then at least one)


def _text(value: str | None) -> str:
    """Plain text as rich-text HTML: escaped, line breaks as <br>."""
    text = (value or "").strip()
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")
    )


def _attr(value: str | None) -> str:
    """An HTML attribute value, escaped like @wordpress/escape-html's escapeAttribute."""
    text = (value or "").strip()
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


def _comment_json(attrs: Attrs) -> str:
    # serializeAttributes() in @wordpress/blocks: whatever the strings hold, the comment
    # cannot be closed early or be read as markup by an HTML parser.
    return (
        json.dumps(attrs, separators=(",", ":"), ensure_ascii=False)
        .replace("--", "\\u002d\\u002d")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace('\\"', "\\u0022")
    )


def delimit_block(name: str, attrs: Attrs, html: str) -> str:
    """A block's comment delimiters around its HTML, self-closing when it has none."""
    opener = f"wp:{name} {_comment_json(attrs)}" if attrs else f"wp:{name}"
    if not html:
        return f"<!-- {opener} /-->"
    return f"<!-- {opener} -->\n{html}\n<!-- /wp:{name} -->"


def _join(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)


def _paragraph(block: Block, _inner: str) -> tuple[Attrs, str]:
    return {}, f"<p>{_text(block.text)}</p>"


def _heading(block: Block, _inner: str) -> tuple[Attrs, str]:
    level = block.level or 2
    attrs: Attrs = {} if level == 2 else {"level": level}
    return attrs, f'<h{level} class="wp-block-heading">{_text(block.text)}</h{level}>'


def _list(block: Block, _inner: str) -> tuple[Attrs, str]:
    # WordPress 6.1+ lists hold one core/list-item block per item.
    items = _join(
        *(delimit_block("list-item", {}, f"<li>{_text(i)}</li>") for i in block.items or [])
    )
    tag = "ol" if block.ordered else "ul"
    attrs: Attrs = {"ordered": True} if block.ordered else {}
    return attrs, f'<{tag} class="wp-block-list">{items}</{tag}>'


def _figcaption(caption: str | None) -> str:
    if not caption or not caption.strip():
        return ""
    return f'<figcaption class="wp-element-caption">{_text(caption)}</figcaption>'


def _image(block: Block, _inner: str) -> tuple[Attrs, str]:
    img = f'<img src="{_attr(block.url)}" alt="{_attr(block.alt)}"/>'
    return {}, f'<figure class="wp-block-image">{img}{_figcaption(block.caption)}</figure>'


def _quote(block: Block, inner: str) -> tuple[Attrs, str]:
    # Since WordPress 6.2 a quote holds paragraph blocks; the citation stays in <cite>.
    text = delimit_block("paragraph", {}, f"<p>{_text(block.text)}</p>") if block.text else ""
    cite = f"<cite>{_text(block.citation)}</cite>" if block.citation else ""
    return {}, f'<blockquote class="wp-block-quote">{_join(text, inner)}{cite}</blockquote>'


def _wrapper(class_name: str, attrs: Attrs | None = None) -> Renderer:
    def render(_block: Block, inner: str) -> tuple[Attrs, str]:
        return dict(attrs or {}), f'<div class="{class_name}">{inner}</div>'

    return render


def _button(block: Block, _inner: str) -> tuple[Attrs, str]:
    href = f' href="{_attr(block.url)}"' if block.url else ""
    link = f'<a class="wp-block-button__link wp-element-button"{href}>{_text(block.text)}</a>'
    return {}, f'<div class="wp-block-button">{link}</div>'


def _dim_class(dim: int) -> str:
    # dimRatioToClass() in the cover block: 50 is the plain has-background-dim look, and
    # the step is rounded half up like JavaScript's Math.round.
    return "" if dim == 50 else f" has-background-dim-{10 * ((dim + 5) // 10)}"


def _cover(block: Block, inner: str) -> tuple[Attrs, str]:
    # The editor sets the overlay to 50% when an image is picked; block.json's default is 100.
    dim = block.dim if block.dim is not None else (50 if block.url else 100)
    attrs: Attrs = {}
    if block.url:
        attrs["url"] = block.url.strip()
    if dim != 100:
        attrs["dimRatio"] = dim
    style = ""
    if block.overlay_color:
        # isUserOverlayColor keeps the editor from replacing the color with the image's average.
        attrs["customOverlayColor"] = block.overlay_color
        attrs["isUserOverlayColor"] = True
        style = f' style="background-color:{_attr(block.overlay_color)}"'
    attrs["layout"] = {"type": "constrained"}
    img = ""
    if block.url:
        img = (
            f'<img class="wp-block-cover__image-background" alt="{_attr(block.alt)}"'
            f' src="{_attr(block.url)}" data-object-fit="cover"/>'
        )
    overlay = (
        f'<span aria-hidden="true" class="wp-block-cover__background{_dim_class(dim)}'
        f' has-background-dim"{style}></span>'
    )
    content = f'<div class="wp-block-cover__inner-container">{inner}</div>'
    return attrs, f'<div class="wp-block-cover">{img}{overlay}{content}</div>'


def _separator(_block: Block, _inner: str) -> tuple[Attrs, str]:
    return {}, '<hr class="wp-block-separator has-alpha-channel-opacity"/>'


def _spacer(block: Block, _inner: str) -> tuple[Attrs, str]:
    height = f"{block.height if block.height is not None else 100}px"
    attrs: Attrs = {} if height == "100px" else {"height": height}
    return attrs, f'<div style="height:{height}" aria-hidden="true" class="wp-block-spacer"></div>'


def _table(block: Block, _inner: str) -> tuple[Attrs, str]:
    head = ""
    if block.head:
        head = "<thead><tr>" + "".join(f"<th>{_text(c)}</th>" for c in block.head) + "</tr></thead>"
    rows = "".join(
        "<tr>" + "".join(f"<td>{_text(c)}</td>" for c in row) + "</tr>" for row in block.rows or []
    )
    table = f'<table class="has-fixed-layout">{head}<tbody>{rows}</tbody></table>'
    # hasFixedLayout's default changed between WordPress releases, so it is always written:
    # the markup is then valid in editors on either side of the change.
    attrs: Attrs = {"hasFixedLayout": True}
    return attrs, f'<figure class="wp-block-table">{table}{_figcaption(block.caption)}</figure>'


def _media_text(block: Block, inner: str) -> tuple[Attrs, str]:
    right = block.media_position == "right"
    # align's default changed between WordPress releases (wide, later none): always written.
    attrs: Attrs = {"align": "wide"}
    if right:
        attrs["mediaPosition"] = "right"
    attrs["mediaType"] = "image"
    img = f'<img src="{_attr(block.url)}" alt="{_attr(block.alt)}"/>'
    media = f'<figure class="wp-block-media-text__media">{img}</figure>'
    content = f'<div class="wp-block-media-text__content">{inner}</div>'
    side = " has-media-on-the-right" if right else ""
    classes = f"wp-block-media-text alignwide{side} is-stacked-on-mobile"
    parts = f"{content}{media}" if right else f"{media}{content}"
    return attrs, f'<div class="{classes}">{parts}</div>'


BLOCK_TYPES: dict[str, BlockType] = {
    "paragraph": BlockType(_paragraph, frozenset({"text"}), ("text",)),
    "heading": BlockType(_heading, frozenset({"text", "level"}), ("text",)),
    "list": BlockType(_list, frozenset({"items", "ordered"}), ("items",)),
    "image": BlockType(_image, frozenset({"url", "alt", "caption"}), ("url", "alt")),
    "quote": BlockType(_quote, frozenset({"text", "citation"}), container=True),
    "buttons": BlockType(_wrapper("wp-block-buttons"), container=True, children="button"),
    "button": BlockType(_button, frozenset({"text", "url"}), ("text",), parent="buttons"),
    "columns": BlockType(_wrapper("wp-block-columns"), container=True, children="column"),
    "column": BlockType(_wrapper("wp-block-column"), container=True, parent="columns"),
    "group": BlockType(
        _wrapper("wp-block-group", {"layout": {"type": "constrained"}}), container=True
    ),
    "cover": BlockType(_cover, frozenset({"url", "alt", "dim", "overlay_color"}), container=True),
    "separator": BlockType(_separator),
    "spacer": BlockType(_spacer, frozenset({"height"})),
    "table": BlockType(_table, frozenset({"head", "rows", "caption"}), ("rows",)),
    "media-text": BlockType(
        _media_text, frozenset({"url", "alt", "media_position"}), ("url", "alt"), container=True
    ),
}
SUPPORTED_BLOCKS: tuple[str, ...] = tuple(BLOCK_TYPES)


class Block(BaseModel):
    """One block; which fields apply depends on its type (leave the others out)."""

    # strict: "3" is not a heading level; what the checks see is what gets rendered
    model_config = ConfigDict(extra="forbid", strict=True)

    # A plain str (not a Literal) so an unknown type is reported as unknown_block, by name.
    type: str = Field(description="block type", json_schema_extra={"enum": list(SUPPORTED_BLOCKS)})
    text: str | None = Field(default=None, description="paragraph, heading, quote or button text")
    level: int | None = Field(
        default=None,
        description="heading level 1-6 (default 2)",
        json_schema_extra={"minimum": 1, "maximum": 6},
    )
    ordered: bool | None = Field(default=None, description="list: numbered if true")
    items: list[str] | None = Field(default=None, description="list: the items, plain text")
    url: str | None = Field(
        default=None,
        description="image/cover/media-text image URL, or button link: https://..., /path or #id",
    )
    alt: str | None = Field(default=None, description="image description for image, media-text")
    caption: str | None = Field(default=None, description="image or table caption")
    citation: str | None = Field(default=None, description="quote: who said it")
    height: int | None = Field(default=None, description="spacer height in pixels (default 100)")
    dim: int | None = Field(
        default=None,
        description="cover overlay opacity 0-100 (default 50 with an image, else 100)",
        json_schema_extra={"minimum": 0, "maximum": 100},
    )
    overlay_color: str | None = Field(default=None, description="cover overlay color, #rrggbb")
    media_position: Literal["left", "right"] | None = Field(
        default=None, description="media-text: image side (default left)"
    )
    head: list[str] | None = Field(default=None, description="table header cells")
    rows: list[list[str]] | None = Field(default=None, description="table rows of cells")
    inner: list[Block] = Field(
        default_factory=list,
        description="inner blocks of group, columns, column, cover, media-text, buttons, quote",
    )

    @field_validator("type", mode="before")
    @classmethod
    def _bare_name(cls, value: object) -> object:
        return normalize_block_name(value) if isinstance(value, str) else value


class PatternSpec(BaseModel):
    """A block pattern: a title, a category and the blocks, as a model writes it in JSON."""

    model_config = ConfigDict(extra="forbid", strict=True)

    title: str = Field(description="pattern name shown to editors", examples=["Bakery hero"])
    category: str = Field(description="pattern category, e.g. featured, text, call-to-action")
    blocks: list[Block] = Field(description="the top-level blocks, in order")


def serialize_block(block: Block) -> str:
    """One block and its inner blocks as block markup; the block must already be valid."""
    name = normalize_block_name(block.type)
    inner = _join(*(serialize_block(child) for child in block.inner))
    attrs, html = BLOCK_TYPES[name].render(block, inner)
    return delimit_block(name, attrs, html)
