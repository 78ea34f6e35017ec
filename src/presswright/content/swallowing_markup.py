"""Markup that would swallow the rest of a body, taken out before the HTML parser sees it.

An HTML parser reads everything after ``<style>``, ``<script>``, ``<textarea>``, ``<title>``,
``<noscript>``, ``<iframe>``, ``<xmp>``, ``<noembed>``, ``<noframes>`` up to the matching end
tag as that element's raw text, everything after ``<plaintext>`` as text for good, and
everything after ``<!--`` up to ``-->`` as a comment. A model that opens one of these and never
closes it (or closes it as ``</style`` without ``>``) would lose every paragraph after it to
the sanitizer, which drops the element with its "text". :func:`defuse_swallowing_markup`
rewrites only such markup, so the parser then reads the rest as the body it is:

* an unclosed raw-text element loses its start tag; an element that hides its text (style,
  script, iframe, noembed, noframes, noscript) also loses the raw text up to the next tag
  (the CSS or script it opened), while title, textarea and xmp keep theirs as body text;
* a ``<style>`` whose "CSS" holds tags is taken as unclosed where the first tag starts: CSS
  never contains a tag, paragraphs after a forgotten ``</style>`` do;
* ``</name`` ended by ``<`` or the end of the input is completed to ``</name>``;
* ``<plaintext>`` (which nothing ends) and an unclosed ``<template>`` lose their start tag;
* an unclosed comment loses ``<!--`` and its text up to the next tag;
* ``<![CDATA[text]]>``, which HTML reads as a comment, becomes its text; an unclosed one
  loses its opener.

Everything closed properly is left as written: the sanitizer's own rules apply to it.
"""

from __future__ import annotations

import html
import re

__all__ = ["HIDING_ELEMENTS", "RAW_TEXT_ELEMENTS", "defuse_swallowing_markup"]

# Elements whose content an HTML parser reads as raw text up to their end tag.
RAW_TEXT_ELEMENTS = frozenset(
    {"script", "style", "iframe", "noembed", "noframes", "noscript", "textarea", "title", "xmp"}
)
# Of those, the ones whose text no reader sees (code, CSS, fallback content).
HIDING_ELEMENTS = frozenset({"script", "style", "iframe", "noembed", "noframes", "noscript"})

_TAG_START = re.compile(r"<(/?)([a-zA-Z][^\s/>]*)")
_NEXT_TAG = re.compile(r"<[a-zA-Z/!]")
_ATTRIBUTE_QUOTE = re.compile(r"""=\s*(["'])""")


def _tag_end(text: str, start: int) -> int | None:
    """Index just past the ``>`` that ends the tag opening at ``start``; None if none does."""
    position = start
    while True:
        close = text.find(">", position)
        quote = _ATTRIBUTE_QUOTE.search(text, position)
        if close < 0:
            return None
        if quote is None or quote.start() > close:
            return close + 1
        # A quoted attribute value may hold ">": skip past its closing quote.
        end = text.find(quote.group(1), quote.end())
        if end < 0:
            return None
        position = end + 1


def _end_tag(text: str, name: str, start: int) -> re.Match[str] | None:
    """The end tag of ``name`` at or after ``start``, also one cut short by ``<`` or the end."""
    pattern = re.compile(rf"</{name}(?:[\s/]*>|(?=<)|\s*$|[\s/][^<>]*>)", re.IGNORECASE)
    return pattern.search(text, start)


def _skip_to_next_tag(text: str, start: int) -> int:
    found = _NEXT_TAG.search(text, start)
    return found.start() if found else len(text)


def defuse_swallowing_markup(text: str) -> str:
    """``text`` with unclosed raw-text elements, comments and CDATA rewritten (module docstring)."""
    out: list[str] = []
    position = 0
    while (lt := text.find("<", position)) >= 0:
        out.append(text[position:lt])
        if text.startswith("<!--", lt):
            close = re.compile(r"--!?>").search(text, lt + 4)
            if close is None:
                position = _skip_to_next_tag(text, lt + 4)
            else:
                out.append(text[lt : close.end()])
                position = close.end()
            continue
        if text.startswith("<![CDATA[", lt):
            cdata_end = text.find("]]>", lt + 9)
            if cdata_end < 0:
                position = lt + 9
            else:
                out.append(html.escape(text[lt + 9 : cdata_end], quote=False))
                position = cdata_end + 3
            continue
        tag = _TAG_START.match(text, lt)
        if tag is None:
            out.append("<")
            position = lt + 1
            continue
        end = _tag_end(text, tag.end())
        if end is None:
            # A tag that never ends: the parser decides (the lost-text check sees the result).
            out.append(text[lt:])
            position = len(text)
            break
        name = tag.group(2).lower()
        if tag.group(1) or (
            name not in RAW_TEXT_ELEMENTS and name not in ("plaintext", "template")
        ):
            out.append(text[lt:end])
            position = end
            continue
        if name == "plaintext":
            position = end
            continue
        if name == "template":
            closed = re.compile(r"</template\s*>", re.IGNORECASE).search(text, end)
            if closed is not None:
                out.append(text[lt:end])
            position = end
            continue
        closing = _end_tag(text, name, end)
        content_end = closing.start() if closing else len(text)
        if name == "style" and (markup := _TAG_START.search(text, end, content_end)):
            closing, content_end = None, markup.start()
        if closing is not None:
            out.append(text[lt:content_end] + f"</{name}>")
            position = closing.end()
            continue
        # Unclosed: the start tag goes; hidden text up to the next tag goes with it.
        position = _skip_to_next_tag(text, end) if name in HIDING_ELEMENTS else end
        if name == "style":
            position = min(position, content_end)
    out.append(text[position:])
    return "".join(out)
