"""Reading and reshaping the HTML body of generated content: headings, paragraphs, links.

Reading goes through :class:`html.parser.HTMLParser`, so it copes with any markup a model
writes. Rewriting (heading levels, unwrapping links) works on sanitizer output, whose tags
are normalised (lowercase names, double-quoted attributes, no comments), and the result is
sanitized again by the caller.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = [
    "BodyOutline",
    "count_words",
    "drop_empty_headings",
    "lost_words",
    "normalize_space",
    "read_body",
    "renumber_headings",
    "unwrap_links",
]

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements whose content no reader sees: their text is not part of the body's text.
_HIDDEN = frozenset({"script", "style", "template", "title"})
# Elements whose edges separate words; inline elements (<strong>, <a>) do not.
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div",
        "dl", "dt", "figcaption", "figure", "footer", "header", "hr", "li", "main", "nav",
        "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
    }
    | _HEADINGS
)  # fmt: skip
# A run of Japanese or Chinese characters has no spaces; such a word averages two characters.
_CJK_RUN = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")


def normalize_space(text: str) -> str:
    """The text with every run of whitespace turned into one space, stripped."""
    return " ".join(text.split())


def count_words(text: str) -> int:
    """How many words a text has, counting Japanese and Chinese as two characters a word."""
    cjk = sum((len(run) + 1) // 2 for run in _CJK_RUN.findall(text))
    return cjk + len(_WORD.findall(_CJK_RUN.sub(" ", text)))


def _word_counts(text: str) -> Counter[str]:
    text = text.casefold()
    words = Counter(_WORD.findall(_CJK_RUN.sub(" ", text)))
    words.update(char for run in _CJK_RUN.findall(text) for char in run)
    return words


def lost_words(before_html: str, after_html: str) -> list[str]:
    """Words a reader sees in ``before_html`` that ``after_html`` no longer has, in order.

    Compared as words (casefolded, counted), so entities, whitespace and markup that only
    moves text around do not count as a loss; a Japanese or Chinese character is a word.
    """
    before = read_body(before_html).text
    missing = _word_counts(before) - _word_counts(read_body(after_html).text)
    lost: list[str] = []
    for word in _WORD.findall(_CJK_RUN.sub(" ", before)) + _CJK_RUN.findall(before):
        for unit in [word] if not _CJK_RUN.fullmatch(word) else list(word):
            if missing[unit.casefold()] > 0:
                missing[unit.casefold()] -= 1
                lost.append(unit)
    return lost


@dataclass(frozen=True)
class BodyOutline:
    """What a body says, in document order: its text, headings, paragraphs and links."""

    text: str
    headings: tuple[tuple[int, str], ...]
    # sections[0] is the text before the first heading, sections[i] the text after heading i.
    sections: tuple[str, ...]
    paragraphs: tuple[str, ...]
    links: tuple[tuple[str, str], ...]  # (href, anchor text)

    @property
    def first_paragraph(self) -> str:
        """The first <p>, or the text before the first heading when there is none."""
        return self.paragraphs[0] if self.paragraphs else self.sections[0]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.headings: list[tuple[int, str]] = []
        self.sections: list[list[str]] = [[]]
        self.paragraphs: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._heading: tuple[int, list[str]] | None = None
        self._paragraph: list[str] | None = None
        self._link: tuple[str, list[str]] | None = None
        self._hidden = 0

    def _buffers(self) -> list[list[str]]:
        buffers = [self.text]
        buffers.append(self._heading[1] if self._heading else self.sections[-1])
        if self._paragraph is not None:
            buffers.append(self._paragraph)
        if self._link is not None:
            buffers.append(self._link[1])
        return buffers

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        if tag in _BLOCKS:
            self._close_inline_blocks(tag)
            for buffer in self._buffers():
                buffer.append(" ")
        if tag in _HEADINGS:
            self._heading = (int(tag[1]), [])
        elif tag == "p":
            self._paragraph = []
        elif tag == "a":
            self._close_link()
            self._link = (dict(attrs).get("href") or "", [])

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(self._hidden - 1, 0)
        if tag in _HEADINGS:
            self._close_heading()
        elif tag == "p":
            self._close_paragraph()
        elif tag == "a":
            self._close_link()
        if tag in _BLOCKS:
            for buffer in self._buffers():
                buffer.append(" ")

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        for buffer in self._buffers():
            buffer.append(data)

    def close(self) -> None:
        super().close()
        self._close_link()
        self._close_paragraph()
        self._close_heading()

    def _close_inline_blocks(self, tag: str) -> None:
        # A new heading or paragraph ends an unclosed one, as an HTML parser would.
        if tag in _HEADINGS or tag == "p":
            self._close_paragraph()
        if tag in _HEADINGS:
            self._close_heading()

    def _close_heading(self) -> None:
        if self._heading is not None:
            level, parts = self._heading
            self.headings.append((level, normalize_space("".join(parts))))
            self.sections.append([])
            self._heading = None

    def _close_paragraph(self) -> None:
        if self._paragraph is not None:
            text = normalize_space("".join(self._paragraph))
            if text:
                self.paragraphs.append(text)
            self._paragraph = None

    def _close_link(self) -> None:
        if self._link is not None:
            href, parts = self._link
            self.links.append((href, normalize_space("".join(parts))))
            self._link = None


def read_body(body_html: str) -> BodyOutline:
    """Parse a body into its text, headings, sections, paragraphs and links."""
    reader = _Reader()
    reader.feed(body_html)
    reader.close()
    return BodyOutline(
        text=normalize_space("".join(reader.text)),
        headings=tuple(reader.headings),
        sections=tuple(normalize_space("".join(parts)) for parts in reader.sections),
        paragraphs=tuple(reader.paragraphs),
        links=tuple(reader.links),
    )


_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)


# A heading with nothing a reader sees in it: spaces, no-break spaces, line breaks, empty
# inline elements.
_EMPTY_HEADING = re.compile(
    r"<h([1-6])\b[^>]*>(?:\s|&nbsp;|&#160;|\u00a0|<br\s*/?>|<(\w+)\b[^>]*>\s*</\2\s*>)*</h\1\s*>",
    re.IGNORECASE,
)


def drop_empty_headings(body_html: str) -> str:
    """The body without headings that hold no text (``<h2></h2>``): they title nothing."""
    return _EMPTY_HEADING.sub("", body_html)


def renumber_headings(body_html: str) -> str:
    """Demote h1 to h2 and close skipped levels (h2 -> h4 becomes h2 -> h3), keeping nesting."""
    # Each open heading finds its parent: the nearest earlier heading of a higher rank
    # (a smaller original number). It then sits exactly one level below that parent.
    stack: list[tuple[int, int]] = []  # (original level, new level)
    current = 2

    def replace(match: re.Match[str]) -> str:
        nonlocal current
        closing, level = match.group(1), max(int(match.group(2)), 2)
        if not closing:
            while stack and stack[-1][0] >= level:
                stack.pop()
            current = stack[-1][1] + 1 if stack else 2
            stack.append((level, current))
        return f"<{closing}h{current}"

    return _HEADING_TAG.sub(replace, body_html)


_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a\s*>", re.IGNORECASE | re.DOTALL)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def _link_href(attributes: str) -> str:
    """The unescaped href of a tag's attribute string, or "" when it has none."""
    match = _HREF.search(attributes)
    if match is None:
        return ""
    return html.unescape(next(group for group in match.groups() if group is not None))


def unwrap_links(body_html: str, keep: Callable[[str], bool]) -> str:
    """Replace every <a> whose href ``keep`` rejects by its inner content."""

    def replace(match: re.Match[str]) -> str:
        return match.group(0) if keep(_link_href(match.group(1))) else match.group(2)

    return _LINK.sub(replace, body_html)
