"""Registers the ``image`` node type through the same hook plugins use."""

from __future__ import annotations

from collections.abc import Callable

from presswright.flows.nodes.base import NodeType
from presswright.hookspecs import hookimpl

__all__ = ["register_node_types"]


@hookimpl
def register_node_types(register: Callable[[NodeType], None]) -> None:
    """image."""
    # Imported here: the plugin manager loads this module before flows are complete.
    from presswright.images.node import ImageNode

    register(ImageNode())
