"""Registers the site flow's node types through the public hooks."""

from __future__ import annotations

from collections.abc import Callable

from presswright.flows.nodes.base import NodeType
from presswright.hookspecs import hookimpl
from presswright.sites.brief_node import SiteBriefNode, SiteSitemapNode
from presswright.sites.compile import SiteCompileNode
from presswright.sites.deploy_job import DEPLOY_NODE_TYPES
from presswright.sites.design_node import SiteDesignNode
from presswright.sites.page import SitePageNode
from presswright.sites.plugins_catalogue import SitePluginsNode

__all__ = ["register_node_types"]


@hookimpl
def register_node_types(register: Callable[[NodeType], None]) -> None:
    """The nodes of the built-in site flow and of the deploy flow."""
    for node_type in (
        SiteBriefNode(),
        SiteSitemapNode(),
        SitePageNode(),
        SiteDesignNode(),
        SitePluginsNode(),
        SiteCompileNode(),
        *(make() for make in DEPLOY_NODE_TYPES),
    ):
        register(node_type)
