"""Facts from a shop's HTML description: its list items, else its sentences, as plain text.

Shops export descriptions as HTML (``<p>Rolls into its own pocket.</p><ul><li>Ripstop
nylon</li>...``). A product brief wants short facts, not markup: tags are stripped,
entities decoded (``&amp;`` is ``&``, ``&nbsp;`` a space), and the facts are the list
items when the description has any, else its sentences. WooCommerce writes a
description's line breaks as the two characters ``\\n``; :func:`unescape_woocommerce`
turns them back into line breaks first.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["MAX_FACTS", "description_facts", "unescape_woocommerce"]

MAX_FACTS = 20  # what ProductFacts.features holds
_BLOCKS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th"}
    | {"table", "section", "article", "blockquote", "dd", "dt"}
)
_SKIPPED = frozenset({"script", "style"})
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[^a-z\s])")
_MIN_FACT = 3  # shorter pieces ("-", "ok") are no facts


class _Text(HTMLParser):
    """Collects the text of an HTML fragment: its list items, and its blocks of text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[str] = []
        self.blocks: list[str] = []
        self._item: list[str] | None = None
        self._block: list[str] = []
        self._skipping = 0

    def _end_block(self) -> None:
        text = " ".join("".join(self._block).split())
        if text:
            self.blocks.append(text)
        self._block = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag == "li":
            self._item = []
        if tag in _BLOCKS:
            self._end_block()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag == "li" and self._item is not None:
            text = " ".join("".join(self._item).split())
            if text:
                self.items.append(text)
            self._item = None
        if tag in _BLOCKS:
            self._end_block()

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        data = data.replace("\xa0", " ")
        if self._item is not None:
            self._item.append(data)
        for piece, rest in _lines(data):
            self._block.append(piece)
            if rest:
                self._end_block()

    def close(self) -> None:
        super().close()
        if self._item:  # an <li> never closed
            text = " ".join("".join(self._item).split())
            if text:
                self.items.append(text)
        self._end_block()


def _lines(data: str) -> list[tuple[str, bool]]:
    """The text's pieces, each with whether a line break ends it (plain text has no <p>)."""
    pieces = data.split("\n")
    return [(piece, index < len(pieces) - 1) for index, piece in enumerate(pieces)]


def unescape_woocommerce(text: str) -> str:
    """A WooCommerce export's description with its ``\\n`` escapes as line breaks again."""
    return re.sub(r"(?<!\\)\\n", "\n", text).replace("\\\\n", "\\n")


def _sentences(block: str) -> list[str]:
    return [sentence.strip() for sentence in _SENTENCE_END.split(block) if sentence.strip()]


def description_facts(*descriptions: str) -> list[str]:
    """The facts of one or more HTML (or plain text) descriptions: list items, else sentences.

    Each fact once, in order; at most :data:`MAX_FACTS`.
    """
    items: list[str] = []
    blocks: list[str] = []
    for description in descriptions:
        parser = _Text()
        parser.feed(description)
        parser.close()
        items += parser.items
        blocks += parser.blocks
    found = items or [sentence for block in blocks for sentence in _sentences(block)]
    facts: list[str] = []
    for fact in (fact.strip(" \t-•*·") for fact in found):
        if len(fact) >= _MIN_FACT and fact not in facts:
            facts.append(fact)
    return facts[:MAX_FACTS]
