"""Finished content as block markup, the way the WordPress block editor saves post content.

The sanitized body is converted element by element: headings, paragraphs, lists, quotes,
tables, images and separators become their core blocks; anything a core block cannot
hold exactly (an unknown element, or an attribute the block has no place for) becomes a
``core/html`` block with the element unchanged, so nothing is lost and every block is one
the editor accepts. The title is not part of the markup: WordPress keeps it in
``post_title``.
"""

from __future__ import annotations

import re
from typing import Any

from presswright.content.block_types import delimit_block
from presswright.content.models import ContentData, ProductCopy
from presswright.content.render_html import (
    INLINE_TAGS,
    Element,
    Node,
    body_html,
    parse_fragment,
    start_tag,
    to_html,
)

__all__ = ["render_gutenberg"]

Attrs = dict[str, Any]

_HEADING = re.compile(r"h[1-6]")
_WP_IMAGE_ID = re.compile(r"wp-image-(\d+)")


def _join(blocks: list[str]) -> str:
    return "\n\n".join(blocks)


def _is_blank(node: Node) -> bool:
    return isinstance(node, str) and not node.strip()


def _has_only(element: Element, allowed: set[str]) -> bool:
    return set(element.attrs) <= allowed


def _html_block(element: Element) -> str:
    return delimit_block("html", {}, to_html([element]))


def _trimmed(nodes: list[Node]) -> list[Node]:
    nodes = list(nodes)
    while nodes and _is_blank(nodes[0]):
        nodes.pop(0)
    while nodes and _is_blank(nodes[-1]):
        nodes.pop()
    if nodes and isinstance(nodes[0], str):
        nodes[0] = nodes[0].lstrip()
    if nodes and isinstance(nodes[-1], str):
        nodes[-1] = nodes[-1].rstrip()
    return nodes


def _classes(element: Element, own: str) -> tuple[Attrs, str]:
    """The className attribute for extra classes, and the class list the markup carries."""
    extra = element.attrs.get("class", "").split()
    attrs: Attrs = {"className": " ".join(extra)} if extra else {}
    return attrs, " ".join([own, *extra]) if own else " ".join(extra)


def _paragraph(nodes: list[Node], element: Element | None = None) -> str:
    attrs: Attrs = {}
    markup: dict[str, str] = {}
    if element is not None:
        attrs, class_list = _classes(element, "")
        if class_list:
            markup["class"] = class_list
        if "id" in element.attrs:
            markup["id"] = element.attrs["id"]
        if "dir" in element.attrs:
            attrs["direction"] = element.attrs["dir"]
            markup["dir"] = element.attrs["dir"]
    return delimit_block(
        "paragraph", attrs, f"{start_tag('p', markup)}{to_html(_trimmed(nodes))}</p>"
    )


def _heading(element: Element) -> str:
    level = int(element.tag[1])
    attrs, class_list = _classes(element, "wp-block-heading")
    attrs = ({"level": level} if level != 2 else {}) | attrs
    markup = {"class": class_list} | ({"id": element.attrs["id"]} if "id" in element.attrs else {})
    body = to_html(_trimmed(element.children))
    return delimit_block(
        "heading", attrs, f"{start_tag(element.tag, markup)}{body}</{element.tag}>"
    )


def _list_item(item: Element) -> str | None:
    inline: list[Node] = []
    nested: list[str] = []
    for child in item.children:
        if isinstance(child, Element) and child.tag in {"ul", "ol"}:
            converted = _list(child)
            if converted is None:
                return None
            nested.append(converted)
        elif isinstance(child, Element) and child.tag == "p":
            # A list item holds rich text, not paragraphs: their lines become line breaks.
            if inline:
                inline.append(Element("br"))
            inline.extend(child.children)
        elif isinstance(child, Element) and child.tag not in INLINE_TAGS:
            return None
        else:
            inline.append(child)
    html = f"<li>{to_html(_trimmed(inline))}{_join(nested)}</li>"
    return delimit_block("list-item", {}, html)


def _list(element: Element) -> str | None:
    if not _has_only(element, {"class", "start", "reversed", "type"}):
        return None
    items: list[str] = []
    for child in element.children:
        if _is_blank(child):
            continue
        if not isinstance(child, Element) or child.tag != "li" or child.attrs:
            return None
        item = _list_item(child)
        if item is None:
            return None
        items.append(item)
    ordered = element.tag == "ol"
    attrs: Attrs = {"ordered": True} if ordered else {}
    markup: dict[str, str] = {}
    if "type" in element.attrs:
        attrs["type"] = markup["type"] = element.attrs["type"]
    if ordered and element.attrs.get("start", "").lstrip("-").isdigit():
        attrs["start"] = int(element.attrs["start"])
        markup["start"] = element.attrs["start"]
    if ordered and "reversed" in element.attrs:
        attrs["reversed"] = True
        markup["reversed"] = ""
    class_attrs, class_list = _classes(element, "wp-block-list")
    attrs |= class_attrs
    html = f"{start_tag(element.tag, {'class': class_list} | markup)}{_join(items)}</{element.tag}>"
    return delimit_block("list", attrs, html)


def _quote(element: Element) -> str | None:
    if element.attrs:
        return None
    citation = ""
    content: list[Node] = []
    for child in element.children:
        if isinstance(child, Element) and child.tag == "cite" and not child.attrs:
            citation = f"<cite>{to_html(_trimmed(child.children))}</cite>"
        else:
            content.append(child)
    return delimit_block(
        "quote",
        {},
        f'<blockquote class="wp-block-quote">{_join(_blocks(content))}{citation}</blockquote>',
    )


def _caption(element: Element | None) -> str:
    if element is None:
        return ""
    return (
        f'<figcaption class="wp-element-caption">{to_html(_trimmed(element.children))}</figcaption>'
    )


def _table(table: Element, caption: Element | None) -> str | None:
    if table.attrs:
        return None
    sections: list[str] = []
    for section in table.children:
        if _is_blank(section):
            continue
        if not isinstance(section, Element) or section.attrs:
            return None
        if section.tag == "caption" and caption is None:
            caption = section
            continue
        if section.tag not in {"thead", "tbody", "tfoot"}:
            return None
        for row in section.children:
            if isinstance(row, Element) and (row.attrs or row.tag != "tr"):
                return None
            for cell in row.children if isinstance(row, Element) else []:
                if isinstance(cell, Element) and (
                    cell.tag not in {"td", "th"}
                    or not _has_only(cell, {"colspan", "rowspan", "scope"})
                ):
                    return None
        sections.append(to_html([section]))
    html = f'<table class="has-fixed-layout">{"".join(sections)}</table>'
    # hasFixedLayout's default changed between WordPress releases; written, it is valid in both.
    return delimit_block(
        "table",
        {"hasFixedLayout": True},
        f'<figure class="wp-block-table">{html}{_caption(caption)}</figure>',
    )


def _image(img: Element, caption: Element | None) -> str | None:
    if not _has_only(img, {"src", "alt", "title", "class", "width", "height", "loading"}):
        return None
    attrs: Attrs = {}
    markup = {"src": img.attrs.get("src", ""), "alt": img.attrs.get("alt", "")}
    if "title" in img.attrs:
        markup["title"] = img.attrs["title"]
    image_id = _WP_IMAGE_ID.search(img.attrs.get("class", ""))
    if image_id:
        attrs["id"] = int(image_id[1])
        markup["class"] = f"wp-image-{image_id[1]}"
    # Width, height and lazy loading are added by WordPress when it renders the post.
    html = f"{start_tag('img', markup, self_closing=True)}{_caption(caption)}"
    return delimit_block("image", attrs, f'<figure class="wp-block-image">{html}</figure>')


def _figure(figure: Element) -> str | None:
    if set(figure.attrs.get("class", "").split()) - {"wp-block-image", "wp-block-table"}:
        return None
    if set(figure.attrs) - {"class"}:
        return None
    parts = [child for child in figure.children if not _is_blank(child)]
    captions = [
        p for p in parts if isinstance(p, Element) and p.tag == "figcaption" and not p.attrs
    ]
    content = [p for p in parts if p not in captions]
    if len(captions) > 1 or len(content) != 1 or not isinstance(content[0], Element):
        return None
    caption = captions[0] if captions else None
    if content[0].tag == "img":
        return _image(content[0], caption)
    if content[0].tag == "table":
        return _table(content[0], caption)
    return None


def _element_block(element: Element) -> str:
    converted: str | None = None
    if _HEADING.fullmatch(element.tag) and _has_only(element, {"class", "id"}):
        converted = _heading(element)
    elif element.tag == "p" and _has_only(element, {"class", "id", "dir"}):
        converted = _paragraph(element.children, element) if _trimmed(element.children) else ""
    elif element.tag in {"ul", "ol"}:
        converted = _list(element)
    elif element.tag == "blockquote":
        converted = _quote(element)
    elif element.tag == "table":
        converted = _table(element, None)
    elif element.tag == "figure":
        converted = _figure(element)
    elif element.tag == "img":
        converted = _image(element, None)
    elif element.tag == "hr" and not element.attrs:
        converted = delimit_block(
            "separator", {}, '<hr class="wp-block-separator has-alpha-channel-opacity"/>'
        )
    return _html_block(element) if converted is None else converted


def _blocks(nodes: list[Node]) -> list[str]:
    blocks: list[str] = []
    run: list[Node] = []

    def flush() -> None:
        if _trimmed(run):
            blocks.append(_paragraph(run))
        run.clear()

    for node in nodes:
        if isinstance(node, str) or node.tag in INLINE_TAGS:
            run.append(node)
            continue
        flush()
        block = _element_block(node)
        if block:
            blocks.append(block)
    flush()
    return blocks


def render_gutenberg(data: ContentData | ProductCopy) -> str:
    """The body as block markup the block editor would save (the title goes in post_title)."""
    return _join(_blocks(parse_fragment(body_html(data))))
