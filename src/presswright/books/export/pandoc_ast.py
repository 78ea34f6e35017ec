"""A Book as a pandoc document (the JSON AST), built from data and never from markup text.

Every piece of model text becomes a ``Str`` node (white space made single spaces), so
pandoc's writers escape it for their format: ``<script>``, ``**``, ``#``, ``$x$`` or a
backslash reach the EPUB, HTML, DOCX and Markdown as the characters they are. No
``RawInline`` or ``RawBlock`` is ever built, and metadata is ``MetaInlines`` (escaped by the
writers), never a template variable given on the command line (which pandoc inserts
unescaped).

The targets differ only where the format has its own means: EPUB sections carry
``epub:type``, DOCX front matter and scene breaks carry ``custom-style`` (styles of the
reference document), Markdown gets plain headings without classes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from presswright.books.export.labels import BookLabels, labels_for
from presswright.books.export.pages import copyright_lines
from presswright.books.export.plain_text import one_line, words
from presswright.books.model import Book, Chapter, Paragraph, SceneBreak, Subheading

__all__ = [
    "PANDOC_API_VERSION",
    "SCENE_BREAK_ORNAMENT",
    "Target",
    "book_document",
    "book_document_json",
    "chapter_id",
]

# The pandoc-types version of pandoc 3.9 (what `pandoc -t json` writes).
PANDOC_API_VERSION = [1, 23, 1, 1]
SCENE_BREAK_ORNAMENT = "⁂"
Target = Literal["epub", "html", "docx", "markdown"]
Node = dict[str, Any]
Attr = list[Any]

ACCESSIBILITY_FEATURES = [
    "alternativeText",
    "displayTransformability",
    "readingOrder",
    "structuralNavigation",
    "tableOfContents",
]


def chapter_id(number: int) -> str:
    """The anchor of a chapter, the same in every format (``chapter-3``)."""
    return f"chapter-{number}"


def _attr(
    identifier: str = "", classes: list[str] | None = None, pairs: dict[str, str] | None = None
) -> Attr:
    return [identifier, classes or [], [[key, value] for key, value in (pairs or {}).items()]]


# The ARIA role of each epub:type that has one (DPUB-ARIA), given together as Ace asks.
_ROLES = {
    "chapter": "doc-chapter",
    "dedication": "doc-dedication",
    "epigraph": "doc-epigraph",
    "glossary": "doc-glossary",
}


def _epub_type(epub_type: str) -> dict[str, str]:
    role = _ROLES.get(epub_type)
    return {"epub:type": epub_type, **({"role": role} if role else {})}


def _inlines(text: str) -> list[Node]:
    # One Str for the whole run of text, its white space as single spaces: the writers
    # escape a Str the same with spaces in it as without (checked by the export tests'
    # hostile text in every format), and pandoc reads, lays out and writes a 100,000-word
    # book 3 to 9 times faster than with a Str and a Space per word (benchmarks/README.md).
    text = one_line(text)
    return [{"t": "Str", "c": text}] if text else []


def _para(text: str) -> Node:
    return {"t": "Para", "c": _inlines(text)}


def _header(level: int, attr: Attr, inlines: list[Node]) -> Node:
    return {"t": "Header", "c": [level, attr, inlines]}


def _div(attr: Attr, blocks: list[Node]) -> Node:
    return {"t": "Div", "c": [attr, blocks]}


def _span(classes: list[str], inlines: list[Node]) -> Node:
    return {"t": "Span", "c": [_attr("", classes), inlines]}


def _meta_inlines(text: str) -> Node:
    return {"t": "MetaInlines", "c": _inlines(text)}


def _meta_string(value: str) -> Node:
    return {"t": "MetaString", "c": value}


def _meta_list(values: list[str]) -> Node:
    return {"t": "MetaList", "c": [_meta_string(value) for value in values]}


@dataclass(frozen=True)
class _ChapterParagraph:
    """A paragraph of a chapter, the same node in every target: serialised once (cached)."""

    text: str


Block = Node | _ChapterParagraph


@lru_cache(maxsize=4096)
def _paragraph_json(text: str) -> str:
    return json.dumps(_para(text))


def _block_json(block: Block) -> str:
    return (
        _paragraph_json(block.text) if isinstance(block, _ChapterParagraph) else json.dumps(block)
    )


class _Builder:
    def __init__(self, book: Book, target: Target) -> None:
        self.book = book
        self.target = target
        self.labels: BookLabels = labels_for(book.meta.language)

    def front_section(self, key: str, heading: str, epub_type: str, body: list[Node]) -> list[Node]:
        """A front-matter page: its heading is for navigation only (visually hidden)."""
        if self.target == "docx":
            # No heading: Heading 1 is kept for chapters; the style breaks the page.
            style = {"copyright": "Copyright Page"}.get(key, key.title())
            return [_div(_attr("", [], {"custom-style": style}), body)]
        if self.target == "markdown":
            return [_header(1, _attr(key), _inlines(heading)), *body]
        classes = ["unlisted", "front-heading"]
        epub = _epub_type(epub_type) if self.target == "epub" else None
        attr = _attr(key, classes, epub)
        return [_header(1, attr, _inlines(heading)), _div(_attr("", [key]), body)]

    def chapter_heading(self, chapter: Chapter) -> list[Node]:
        label = self.labels.chapter_label(chapter.number)
        title = one_line(chapter.title)
        if self.target in ("markdown", "docx"):
            return _inlines(self.labels.chapter_heading(chapter.number, title))
        separator: list[Node] = [
            {"t": "Space"} if part == " " else {"t": "Str", "c": part}
            for part in re.split("( )", self.labels.chapter_separator)
            if part
        ]
        # A span of white space alone would be an empty link text in the EPUB's navigation.
        between = (
            [_span(["chapter-separator"], separator)]
            if self.labels.chapter_separator.strip()
            else [{"t": "Space"}]
        )
        return [
            _span(["chapter-label"], _inlines(label)),
            *between,
            _span(["chapter-title"], _inlines(title)),
        ]

    def scene_break(self) -> Node:
        if self.target == "docx":
            ornament = {"t": "Para", "c": [{"t": "Str", "c": SCENE_BREAK_ORNAMENT}]}
            return _div(_attr("", [], {"custom-style": "Scene Break"}), [ornament])
        return {"t": "HorizontalRule"}

    def chapter(self, chapter: Chapter) -> list[Block]:
        anchor = chapter_id(chapter.number)
        attr = _attr(anchor, [], _epub_type("chapter") if self.target == "epub" else None)
        blocks: list[Block] = [_header(1, attr, self.chapter_heading(chapter))]
        section = 0
        for block in chapter.blocks:
            if isinstance(block, Paragraph):
                if words(block.text):
                    blocks.append(_ChapterParagraph(block.text))
            elif isinstance(block, SceneBreak):
                blocks.append(self.scene_break())
            elif isinstance(block, Subheading) and words(block.text):
                section += 1
                blocks.append(_header(2, _attr(f"{anchor}-{section}"), _inlines(block.text)))
        return blocks

    def back_section(self, key: str, heading: str, epub_type: str | None) -> Node:
        if self.target == "epub" and epub_type:
            return _header(1, _attr(key, [], _epub_type(epub_type)), _inlines(heading))
        return _header(1, _attr(key), _inlines(heading))

    def blocks(self) -> list[Block]:
        book, words_ = self.book, self.labels
        out: list[Block] = []
        copyright_page = [_para(line) for line in copyright_lines(book, words_)]
        out += self.front_section("copyright", words_.copyright, "copyright-page", copyright_page)
        if book.dedication and words(book.dedication):
            out += self.front_section(
                "dedication", words_.dedication, "dedication", [_para(book.dedication)]
            )
        if book.epigraph and words(book.epigraph):
            # In a DOCX the Epigraph style sets it off; a block quote would override it.
            epigraph = _para(book.epigraph)
            quote = [epigraph if self.target == "docx" else {"t": "BlockQuote", "c": [epigraph]}]
            out += self.front_section("epigraph", words_.epigraph, "epigraph", quote)
        for chapter in book.chapters:
            out += self.chapter(chapter)
        if book.glossary:
            out.append(self.back_section("glossary", words_.glossary, "glossary"))
            items = [[_inlines(entry.term), [[_para(entry.definition)]]] for entry in book.glossary]
            out.append({"t": "DefinitionList", "c": items})
        if book.about_author and words(book.about_author):
            out.append(self.back_section("about-the-author", words_.about_author, None))
            out.append(_para(book.about_author))
        return out

    def meta(self) -> dict[str, Node]:
        meta = self.book.meta
        out: dict[str, Node] = {
            "title": _meta_inlines(meta.title),
            "author": {"t": "MetaList", "c": [_meta_inlines(meta.author)]},
            "lang": _meta_string(meta.language),
            "date": _meta_string(meta.published.isoformat()),
        }
        if self.target != "markdown":
            out["toc-title"] = _meta_inlines(self.labels.contents)
        if meta.subtitle and words(meta.subtitle):
            out["subtitle"] = _meta_inlines(meta.subtitle)
        if meta.right_to_left:
            out["dir"] = _meta_string("rtl")
        if meta.description and words(meta.description):
            out["description"] = _meta_inlines(meta.description)
        if self.target in ("epub", "html"):
            out["skip-label"] = _meta_inlines(self.labels.skip_to_text)
        if self.target == "epub":
            out |= self.epub_meta()
        return out

    def epub_meta(self) -> dict[str, Node]:
        meta = self.book.meta
        out: dict[str, Node] = {
            "identifier": _meta_string(one_line(meta.identifier)),
            "rights": _meta_inlines(meta.copyright_line),
            "accessModes": _meta_list(["textual", "visual"]),
            "accessModeSufficient": _meta_list(["textual"]),
            "accessibilityFeatures": _meta_list(ACCESSIBILITY_FEATURES),
            "accessibilityHazards": _meta_list(["none"]),
            "accessibilitySummary": _meta_string(
                "This publication meets WCAG 2.2 Level AA. It is text with a structure of "
                "headings, a table of contents and a reading order that follows the book; "
                "its only image, the cover, has a text alternative."
            ),
        }
        if meta.right_to_left:
            out["page-progression-direction"] = _meta_string("rtl")
        if meta.subject and words(meta.subject):
            out["subject"] = _meta_inlines(meta.subject)
        if meta.publisher and words(meta.publisher):
            out["publisher"] = _meta_inlines(meta.publisher)
        return out


def book_document(book: Book, target: Target) -> dict[str, Any]:
    """The pandoc JSON AST of ``book`` for ``target``, as Python data."""
    builder = _Builder(book, target)
    return {
        "pandoc-api-version": PANDOC_API_VERSION,
        "meta": builder.meta(),
        "blocks": [
            _para(block.text) if isinstance(block, _ChapterParagraph) else block
            for block in builder.blocks()
        ],
    }


def book_document_json(book: Book, target: Target) -> bytes:
    """The pandoc JSON AST of ``book`` for ``target``, serialised for ``pandoc -f json``.

    The chapters' paragraphs are serialised once for all four targets (and kept for the
    next export of the book: editing one chapter re-serialises only that chapter).
    """
    builder = _Builder(book, target)
    head = json.dumps({"pandoc-api-version": PANDOC_API_VERSION, "meta": builder.meta()})
    blocks = ",".join(map(_block_json, builder.blocks()))
    return f'{head[:-1]},"blocks":[{blocks}]}}'.encode()
