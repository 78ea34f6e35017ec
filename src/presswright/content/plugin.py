"""Registers the content flows' node types and draft schemas through the public hooks."""

from __future__ import annotations

from collections.abc import Callable

from presswright.content.article import ArticleBriefNode, ArticleFinishNode
from presswright.content.drafts import register_output_schemas
from presswright.content.pattern import PatternBriefNode, PatternFillNode, PatternFinishNode
from presswright.content.product import ProductBriefNode, ProductFinishNode
from presswright.flows.nodes.base import NodeType
from presswright.hookspecs import hookimpl

__all__ = ["register_node_types", "register_output_schemas"]


@hookimpl
def register_node_types(register: Callable[[NodeType], None]) -> None:
    """The nodes of the built-in article, product and pattern flows."""
    for node_type in (
        ArticleBriefNode(),
        ArticleFinishNode(),
        ProductBriefNode(),
        ProductFinishNode(),
        PatternBriefNode(),
        PatternFillNode(),
        PatternFinishNode(),
    ):
        register(node_type)
