"""Finished content as CommonMark (with GFM tables and strikethrough).

The sanitized body is walked element by element. Text is escaped so nothing in it reads
as Markdown or as raw HTML (``<div>`` in a sentence stays text); elements Markdown has no
syntax for keep their text and lose the tag.
"""

from __future__ import annotations

import re

from presswright.content.models import ContentData, ProductCopy
from presswright.content.render_html import (
    INLINE_TAGS,
    Element,
    Node,
    body_html,
    parse_fragment,
)

__all__ = ["render_markdown"]

_HEADING = re.compile(r"h([1-6])")
_SPACE = re.compile(r"[ \t\n\r\f]+")
# Characters that can start Markdown or HTML syntax anywhere in a line.
_SPECIAL = re.compile(r"([\\`*_\[\]<>&~])")
# What would turn the start of a line into a heading, list, rule or setext underline.
_BLOCK_MARKER = re.compile(r"^( {0,3})([#+=-])")
_ORDERED_MARKER = re.compile(r"^( {0,3}\d{1,9})([.)])")
_BACKTICKS = re.compile(r"`+")
_EMPHASIS = {"em": "*", "i": "*", "cite": "*", "dfn": "*", "var": "*", "strong": "**", "b": "**"}
_EMPHASIS |= {"del": "~~", "s": "~~", "strike": "~~"}
_CODE = frozenset({"code", "kbd", "samp", "tt"})
_HARD_BREAK = "\\\n"


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", _SPACE.sub(" ", text))


def _escape_line_starts(text: str) -> str:
    lines = [_BLOCK_MARKER.sub(r"\1\\\2", line) for line in text.split("\n")]
    return "\n".join(_ORDERED_MARKER.sub(r"\1\\\2", line) for line in lines)


def _text_content(node: Node) -> str:
    if isinstance(node, str):
        return node
    return "".join(_text_content(child) for child in node.children)


def _code_span(text: str) -> str:
    text = _SPACE.sub(" ", text)
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(text)), default=0) + 1)
    padded = f" {text} " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else text
    return f"{fence}{padded}{fence}"


def _destination(url: str) -> str:
    # Spaces, parentheses and angle brackets would end or break a link destination.
    for raw, encoded in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E")):
        url = url.replace(raw, encoded)
    return url


def _title(element: Element) -> str:
    title = element.attrs.get("title", "").replace("\\", "\\\\").replace('"', '\\"')
    return f' "{_SPACE.sub(" ", title)}"' if title.strip() else ""


def _wrap(marker: str, inner: str) -> str:
    # Delimiters must touch the text they wrap: spaces move outside.
    core = inner.strip()
    if not core:
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    return f"{lead}{marker}{core}{marker}{trail}"


def _inline(nodes: list[Node]) -> str:
    return "".join(_inline_node(node) for node in nodes)


def _inline_node(node: Node) -> str:
    if isinstance(node, str):
        return _escape(node)
    tag = node.tag
    if tag == "br":
        return _HARD_BREAK
    if tag in _CODE:
        return _code_span(_text_content(node))
    if tag == "img":
        alt = _escape(node.attrs.get("alt", ""))
        return f"![{alt}]({_destination(node.attrs.get('src', ''))}{_title(node)})"
    inner = _inline(node.children)
    if tag == "a" and node.attrs.get("href"):
        href = node.attrs["href"]
        text = inner.strip() or _escape(href)
        return f"[{text}]({_destination(href)}{_title(node)})"
    if tag in _EMPHASIS:
        return _wrap(_EMPHASIS[tag], inner)
    if tag == "q":
        return f"\u201c{inner}\u201d"
    return inner


def _is_edge(node: Node) -> bool:
    # Blank text and line breaks at either end of a paragraph show nothing.
    return (isinstance(node, str) and not node.strip()) or (
        isinstance(node, Element) and node.tag == "br"
    )


def _paragraph(nodes: list[Node]) -> str:
    nodes = list(nodes)
    while nodes and _is_edge(nodes[-1]):
        nodes.pop()
    while nodes and _is_edge(nodes[0]):
        nodes.pop(0)
    text = re.sub(r" *\\\n *", lambda _: _HARD_BREAK, _inline(nodes).strip())
    return _escape_line_starts(text)


def _heading(level: int, element: Element) -> str:
    text = _inline(element.children).replace(_HARD_BREAK, " ").strip()
    # A trailing "#" would be read as the closing sequence of the heading.
    return f"{'#' * level} {text.replace('#', chr(92) + '#')}"


def _indent(text: str, prefix: str, first: str | None = None) -> str:
    lines = text.split("\n")
    head = first if first is not None else prefix
    return "\n".join([head + lines[0]] + [prefix + line if line else line for line in lines[1:]])


def _list(element: Element) -> str:
    ordered = element.tag == "ol"
    start = element.attrs.get("start", "1")
    number = int(start) if start.isdigit() else 1
    items: list[str] = []
    for child in element.children:
        if not isinstance(child, Element) or child.tag != "li":
            continue
        marker = f"{number}. " if ordered else "- "
        number += 1
        blocks = _blocks(child.children)
        tight = all(not block.startswith(("```", "|", ">")) for block in blocks)
        body = ("\n" if tight else "\n\n").join(blocks) or ""
        items.append(_indent(body, " " * len(marker), marker))
    return "\n".join(items)


def _quote(element: Element) -> str:
    body = "\n\n".join(_blocks(element.children))
    return "\n".join(f"> {line}" if line else ">" for line in body.split("\n"))


def _code_block(element: Element) -> str:
    text = _text_content(element).strip("\n")
    language = ""
    for child in element.children:
        if isinstance(child, Element) and child.tag == "code":
            classes = child.attrs.get("class", "").split()
            language = next((c[9:] for c in classes if c.startswith("language-")), "")
    fence = "`" * max(3, max((len(r) for r in _BACKTICKS.findall(text)), default=0) + 1)
    return f"{fence}{language}\n{text}\n{fence}"


def _cell(cell: Element) -> str:
    text = _inline(cell.children).replace(_HARD_BREAK, " ").strip()
    return text.replace("|", "\\|") or " "


def _table(element: Element) -> list[str]:
    rows: list[list[str]] = []
    has_header = False
    caption: list[str] = []
    for section in element.children:
        if not isinstance(section, Element):
            continue
        if section.tag == "caption":
            caption = [_paragraph(section.children)]
            continue
        has_header = has_header or section.tag == "thead"
        for row in section.children if section.tag != "tr" else [section]:
            if isinstance(row, Element) and row.tag == "tr":
                cells = [
                    c for c in row.children if isinstance(c, Element) and c.tag in {"td", "th"}
                ]
                has_header = has_header or (not rows and all(c.tag == "th" for c in cells))
                rows.append([_cell(cell) for cell in cells])
    if not rows:
        return caption
    width = max(len(row) for row in rows)
    rows = [row + [" "] * (width - len(row)) for row in rows]
    # GFM tables need a header row; without one the first row serves.
    header, body = rows[0], rows[1:]
    lines = [header, ["---"] * width, *body]
    return [*caption, "\n".join(f"| {' | '.join(line)} |" for line in lines)]


def _element_blocks(element: Element) -> list[str]:
    heading = _HEADING.fullmatch(element.tag)
    if heading:
        return [_heading(int(heading[1]), element)]
    if element.tag in {"ul", "ol"}:
        return [_list(element)]
    if element.tag == "blockquote":
        return [_quote(element)]
    if element.tag == "pre":
        return [_code_block(element)]
    if element.tag == "table":
        return _table(element)
    if element.tag == "hr":
        return ["---"]
    if element.tag == "img":
        return [_paragraph([element])]
    if element.tag == "figcaption":
        return [_paragraph([Element("em", children=element.children)])]
    if element.tag == "p":
        paragraph = _paragraph(element.children)
        return [paragraph] if paragraph else []
    # Containers (div, section, figure, details, ...) have no syntax: their content stays.
    return _blocks(element.children)


def _blocks(nodes: list[Node]) -> list[str]:
    blocks: list[str] = []
    run: list[Node] = []

    def flush() -> None:
        paragraph = _paragraph(run)
        if paragraph:
            blocks.append(paragraph)
        run.clear()

    for node in nodes:
        if isinstance(node, str) or node.tag in INLINE_TAGS:
            run.append(node)
            continue
        flush()
        blocks.extend(_element_blocks(node))
    flush()
    return blocks


def render_markdown(data: ContentData | ProductCopy) -> str:
    """The title as a level-1 heading, then the body, as CommonMark with GFM tables."""
    title = f"# {_escape(data.title).strip().replace('#', chr(92) + '#')}"
    return "\n\n".join([title, *_blocks(parse_fragment(body_html(data)))]) + "\n"
