"""Finished content as sanitized HTML: an ``<article>`` fragment or a whole HTML5 page.

Also home of the small element tree the block and Markdown renderers walk: the body is
sanitized first, so :class:`html.parser.HTMLParser` only ever sees well-formed markup
(lowercase tags, double-quoted attributes, no comments).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from presswright.content.models import RTL_LANGUAGES, ContentData, ProductCopy
from presswright.content.sanitize import sanitize_html

__all__ = [
    "INLINE_TAGS",
    "VOID_TAGS",
    "Element",
    "Node",
    "body_html",
    "parse_fragment",
    "render_html",
    "start_tag",
    "text_direction",
    "to_html",
]

VOID_TAGS = frozenset(
    {"area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"}
)
# Elements that live inside running text; everything else starts a block of its own.
INLINE_TAGS = frozenset({
    "a", "abbr", "acronym", "b", "bdo", "big", "br", "button", "cite", "code", "del", "dfn",
    "em", "font", "i", "ins", "kbd", "label", "mark", "q", "rb", "rp", "rt", "rtc", "ruby", "s",
    "samp", "small", "span", "strike", "strong", "sub", "sup", "textarea", "tt", "u", "var",
})  # fmt: skip


@dataclass
class Element:
    """One HTML element of a parsed fragment: tag, attributes in order, and children."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)


Node = Element | str


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root")
        self._open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self._open[-1].children.append(element)
        if tag not in VOID_TAGS:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open[-1].children.append(Element(tag, {n: v or "" for n, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._open) - 1, 0, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                return

    def handle_data(self, data: str) -> None:
        children = self._open[-1].children
        if children and isinstance(children[-1], str):
            children[-1] += data
        else:
            children.append(data)


def parse_fragment(markup: str) -> list[Node]:
    """The top-level nodes of an HTML fragment (meant for sanitizer output)."""
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder.root.children


def _escape_text(text: str) -> str:
    return html.escape(text, quote=False).replace("\xa0", "&nbsp;")


def _escape_attribute(value: str) -> str:
    return html.escape(value, quote=False).replace('"', "&quot;").replace("\xa0", "&nbsp;")


def start_tag(tag: str, attrs: dict[str, str], *, self_closing: bool = False) -> str:
    """``<tag a="b">``, or ``<tag a="b"/>`` as the block editor writes void elements."""
    rendered = "".join(f' {name}="{_escape_attribute(value)}"' for name, value in attrs.items())
    return f"<{tag}{rendered}{'/' if self_closing else ''}>"


def to_html(nodes: list[Node]) -> str:
    """Serialize nodes back to HTML."""
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(_escape_text(node))
        elif node.tag in VOID_TAGS:
            parts.append(start_tag(node.tag, node.attrs))
        else:
            parts.append(f"{start_tag(node.tag, node.attrs)}{to_html(node.children)}</{node.tag}>")
    return "".join(parts)


def body_html(data: ContentData | ProductCopy) -> str:
    """The sanitized body without the title: the article body, or the product's copy."""
    if isinstance(data, ContentData):
        return sanitize_html(data.body_html)
    bullets = "".join(f"<li>{_escape_text(bullet)}</li>" for bullet in data.feature_bullets)
    return sanitize_html(
        f"<p>{_escape_text(data.short_description)}</p>"
        f"{data.long_description_html}<ul>{bullets}</ul>"
    )


def text_direction(language: str) -> str:
    """``rtl`` for right-to-left languages, else ``ltr``."""
    return "rtl" if language in RTL_LANGUAGES else "ltr"


def _json_ld(schema: dict[str, Any]) -> str:
    # Inside <script> only "</script" or "<!--" could end or confuse the element; escaping
    # every "<", ">" and "&" as JSON \u escapes rules both out and keeps the JSON identical.
    text = json.dumps(schema, ensure_ascii=False, indent=2)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(raw, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render_html(data: ContentData | ProductCopy, *, document: bool = False) -> str:
    """Sanitized HTML: an ``<article>`` with the title and body, or a whole page around it."""
    direction = text_direction(data.language)
    fragment = sanitize_html(
        f'<article lang="{data.language}" dir="{direction}">'
        f"<h1>{_escape_text(data.title)}</h1>{body_html(data)}</article>"
    )
    if not document:
        return fragment
    head = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_escape_text(data.meta.seo_title)}</title>",
        f'<meta name="description" content="{_escape_attribute(data.meta.meta_desc)}">',
    ]
    if isinstance(data, ContentData) and data.schema_ld_json:
        head.append(
            f'<script type="application/ld+json">\n{_json_ld(data.schema_ld_json)}\n</script>'
        )
    return (
        f'<!DOCTYPE html>\n<html lang="{data.language}" dir="{direction}">\n<head>\n'
        + "\n".join(head)
        + f"\n</head>\n<body>\n{fragment}\n</body>\n</html>\n"
    )
