"""The node-type registry, filled through the ``register_node_types`` plugin hook."""

from __future__ import annotations

from functools import cache

from presswright.flows.nodes.base import NodeType
from presswright.plugins import plugin_manager

__all__ = ["node_types"]


@cache
def node_types() -> dict[str, NodeType]:
    """Every registered node type, built-in and from plugins, by name."""
    found: dict[str, NodeType] = {}

    def register(node_type: NodeType) -> None:
        found[node_type.name] = node_type

    plugin_manager().hook.register_node_types(register=register)
    return found
