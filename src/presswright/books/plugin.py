"""Registers the book flow's node types and draft schemas through the public hooks."""

from __future__ import annotations

from collections.abc import Callable

from presswright.books.brief_node import BookBriefNode
from presswright.books.chapter_node import BookChapterNode
from presswright.books.compile import BookCompileNode
from presswright.books.continuity import BookContinuityNode
from presswright.books.drafts import register_output_schemas
from presswright.books.export_node import BookExportNode
from presswright.books.outline_node import BookOutlineNode
from presswright.flows.nodes.base import NodeType
from presswright.hookspecs import hookimpl

__all__ = ["register_node_types", "register_output_schemas"]


@hookimpl
def register_node_types(register: Callable[[NodeType], None]) -> None:
    """The nodes of the built-in book flow."""
    for node_type in (
        BookBriefNode(),
        BookChapterNode(),
        BookContinuityNode(),
        BookCompileNode(),
        BookExportNode(),
        BookOutlineNode(),
    ):
        register(node_type)
