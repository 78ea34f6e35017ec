"""``book_compile``: the written chapters and the bible as a :class:`~presswright.books.model.Book`.

It reads the chapters as the continuity pass left them, or as a reviewer approved them (an
approved edit of the ``book_review`` step replaces them), counts every chapter again by the
book's word rule (a reviewer may have changed the text) and outputs the compiled book and
its :class:`~presswright.books.record.BookRecord`. Export is a separate step (the exporters
of :mod:`presswright.books.export` read the compiled book).
"""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from presswright.books.brief import BookBrief
from presswright.books.drafts import FictionBible
from presswright.books.length import length_score, mean_length_score, within
from presswright.books.model import Book, BookMeta, Chapter, CoverPalette, GlossaryEntry
from presswright.books.plan import Bible, brief_of, read_bible
from presswright.books.record import BookRecord, ChapterRecord, ContinuityRecord
from presswright.books.wordcount import count_words, length_unit
from presswright.errors import UserInputError
from presswright.flows.nodes.base import NodeContext, NodeOutcome, NodeType

__all__ = ["BookCompileConfig", "BookCompileNode", "compile_book"]

# Where the chapters come from, first found wins: an approved review, the continuity pass,
# the chapters themselves (a flow edited to leave continuity out).
SOURCES = ("book_review", "continuity", "chapters")
BOOK_NAMESPACE = "https://presswright.invalid/books/"


class BookCompileConfig(BaseModel):
    """Config of ``book_compile``."""

    model_config = ConfigDict(extra="forbid")

    tolerance: float = Field(default=0.25, gt=0, le=1, description="Chapters' allowed distance.")
    cover: CoverPalette = Field(default_factory=CoverPalette)


def _written(upstream: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The chapters to compile and the continuity result (empty without one)."""
    for source in SOURCES:
        value = upstream.get(source)
        if isinstance(value, dict) and isinstance(value.get("chapters"), list):
            return list(value["chapters"]), value
        if source == "chapters" and isinstance(value, list):
            return list(value), {}
    raise UserInputError(
        "the book flow has no chapters to compile",
        hint="keep the steps chapters and continuity (ids as shipped) before book_compile",
    )


def _glossary(bible: Bible) -> list[GlossaryEntry]:
    entries = bible.glossary if isinstance(bible, FictionBible) else bible.terms
    return [GlossaryEntry(term=e.term.strip(), definition=e.definition.strip()) for e in entries]


def compile_book(
    brief: BookBrief,
    bible: Bible,
    chapters: list[dict[str, Any]],
    continuity: dict[str, Any],
    *,
    tolerance: float = 0.25,
    cover: CoverPalette | None = None,
    identifier: str | None = None,
) -> tuple[Book, BookRecord]:
    """The compiled book and its record from the written chapters."""
    unit = length_unit(brief.language)
    ordered = sorted(chapters, key=lambda chapter: int(chapter["number"]))
    try:
        book = Book(
            meta=BookMeta(
                title=(brief.title or bible.title).strip(),
                author=brief.author,
                language=brief.code,
                kind=brief.kind,
                subject=brief.subject,
                description=bible.premise.strip(),
                **({"identifier": identifier} if identifier else {}),
            ),
            chapters=[
                Chapter(number=index, title=str(chapter["title"]), blocks=chapter["blocks"])
                for index, chapter in enumerate(ordered, start=1)
            ],
            glossary=_glossary(bible),
            cover=cover or CoverPalette(),
        )
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise UserInputError(
            f"the book does not compile: {where}: {first['msg']}",
            hint="if a reviewer edited the chapters, keep each block a paragraph, scene_break"
            " or subheading with its text",
        ) from None
    measured: list[ChapterRecord] = []
    for chapter, source in zip(book.chapters, ordered, strict=True):
        text = "\n".join(getattr(block, "text", "") for block in chapter.blocks)
        words, target = count_words(text, brief.language), int(source["target"])
        measured.append(
            ChapterRecord(
                number=chapter.number,
                title=chapter.title,
                words=words,
                target=target,
                score=round(length_score(words, target), 2),
                within_tolerance=within(words, target, tolerance),
                calls=int(source.get("calls", 0)),
                redraws=int(source.get("redraws", 0)),
                dropped_paragraphs=int(source.get("dropped_paragraphs", 0)),
                summary_from=str(source.get("summary_from", "model")),
                issues_found=int(source.get("issues_found", 0)),
                issues_fixed=int(source.get("issues_fixed", 0)),
                rewritten=bool(source.get("rewritten", False)),
            )
        )
    words = sum(chapter.words for chapter in measured)
    record = BookRecord(
        unit=unit,
        words=words,
        target=brief.target_words,
        score=round(length_score(words, brief.target_words), 2),
        mean_chapter_score=round(mean_length_score([(c.words, c.target) for c in measured]), 2),
        tolerance=tolerance,
        chapters_within_tolerance=sum(1 for chapter in measured if chapter.within_tolerance),
        chapters=measured,
        continuity=ContinuityRecord.model_validate(
            {
                key: continuity.get(key, default)
                for key, default in (
                    ("found", 0),
                    ("fixed", 0),
                    ("errors_left", 0),
                    ("rewritten", []),
                    ("issues", []),
                )
            }
        ),
        models=sorted({str(model) for chapter in ordered for model in chapter.get("models", [])}),
    )
    return book, record


class BookCompileNode(NodeType):
    """Compiles the written chapters into the book every exporter reads, with its record."""

    name = "book_compile"
    Config = BookCompileConfig
    description = (
        "Compile the chapters into the book (metadata, chapters, glossary) and its record."
    )

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        assert isinstance(config, BookCompileConfig)
        brief = BookBrief.model_validate(brief_of(context.upstream)["request"])
        chapters, continuity = _written(context.upstream)
        run = context.execution_id
        book, record = compile_book(
            brief,
            read_bible(context.upstream),
            chapters,
            continuity,
            tolerance=config.tolerance,
            cover=config.cover,
            # One identifier per run, whatever is regenerated: re-exports stay the same book.
            identifier=f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, BOOK_NAMESPACE + run)}",
        )
        return NodeOutcome(
            output={"book": book.model_dump(mode="json"), "record": record.model_dump(mode="json")}
        )
