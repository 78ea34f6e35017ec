"""Registers the built-in node types through the same hook plugins use."""

from __future__ import annotations

from collections.abc import Callable

from presswright.flows.nodes.base import NodeType
from presswright.flows.nodes.control import HumanReviewNode, MapNode
from presswright.flows.nodes.llm import LLMNode
from presswright.flows.nodes.simple import ConditionNode, MergeNode, TemplateNode
from presswright.hookspecs import hookimpl


@hookimpl
def register_node_types(register: Callable[[NodeType], None]) -> None:
    """llm, template, map, condition, merge, human_review."""
    for node_type in (
        LLMNode(),
        TemplateNode(),
        MapNode(),
        ConditionNode(),
        MergeNode(),
        HumanReviewNode(),
    ):
        register(node_type)
