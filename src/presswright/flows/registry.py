"""The node-type registry, filled through the ``register_node_types`` plugin hook."""

from __future__ import annotations

from functools import cache

from presswright.flows.nodes.base import NodeType
from presswright.plugins import collect_registrations

__all__ = ["node_types"]


@cache
def node_types() -> dict[str, NodeType]:
    """Every registered node type, built-in and from plugins, by name."""
    return collect_registrations(
        "register_node_types",
        what="node type",
        bind=lambda add: lambda node_type: add(node_type.name, node_type),
    )
