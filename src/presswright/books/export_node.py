"""``book_export``: the compiled book in every format, as the version the run adds.

It follows ``book_compile`` in the shipped flow, so a regenerated chapter reruns the
compile and then this step, nothing else. What it does is
:func:`presswright.books.run_export.export_run_book`: an engine's failure is reported in
its output and the version's record (``export_error``), not raised, so the chapters stay.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from presswright.books.brief import BookBrief
from presswright.books.cover_art import COVER_IMAGE_STEP, cover_choice
from presswright.books.export import BookFormat
from presswright.books.flow import book_from_outputs
from presswright.books.formats import ALL_FORMATS
from presswright.books.plan import brief_of
from presswright.books.run_export import export_run_book
from presswright.errors import UserInputError
from presswright.flows.nodes.base import NodeContext, NodeOutcome, NodeType

__all__ = ["BookExportConfig", "BookExportNode"]

COMPILE_STEP = "book"


class BookExportConfig(BaseModel):
    """Config of ``book_export``."""

    model_config = ConfigDict(extra="forbid")

    formats: list[BookFormat] = Field(
        default_factory=lambda: list(ALL_FORMATS),
        min_length=1,
        description="The formats made when the run finishes (others are made on download).",
    )


class BookExportNode(NodeType):
    """Adds the run's book to the library with its formats made."""

    name = "book_export"
    Config = BookExportConfig
    description = (
        "Export the compiled book (EPUB, PDF, DOCX, HTML, Markdown, cover) into the file store"
        " as the version the run adds; an engine's failure keeps the chapters."
    )

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        assert isinstance(config, BookExportConfig)
        if context.instance is None or context.tenant_id is None:
            raise UserInputError(
                "book_export runs inside a book run only", hint="start the book flow as a run"
            )
        compiled = context.upstream.get(COMPILE_STEP)
        if compiled is None:
            raise UserInputError(
                f"the book flow has no compiled book (a step called {COMPILE_STEP!r} before"
                " this one)",
                hint="keep the shipped step id 'book' (book_compile) before book_export",
            )
        book, record = book_from_outputs({"book": compiled})
        brief = BookBrief.model_validate(brief_of(context.upstream)["request"])
        art, note = cover_choice(brief, context.upstream.get(COVER_IMAGE_STEP))
        book = book.model_copy(update={"cover_art": art})
        cover = "ai" if art is not None else "typographic"
        record = record.model_copy(update={"cover": cover, "cover_note": note})
        made = await export_run_book(
            context.instance,
            tenant_id=context.tenant_id,
            execution_id=context.execution_id,
            brief=brief,
            book=book,
            record=record,
            formats=config.formats,
            user_id=context.user_id,
        )
        return NodeOutcome(output=made.model_dump(mode="json"))
