"""The plugin manager: built-in plugins first, then every ``presswright`` entry point."""

from __future__ import annotations

import importlib
from functools import cache

import pluggy

from presswright import hookspecs

__all__ = ["BUILTIN_PLUGINS", "plugin_manager"]

BUILTIN_PLUGINS = (
    "presswright.llm.providers.local",
    "presswright.llm.providers.openai_compat",
    "presswright.llm.providers.anthropic",
    "presswright.llm.providers.gemini",
    "presswright.llm.providers.fake",
    "presswright.flows.nodes.builtin",
    "presswright.content.plugin",
)


@cache
def plugin_manager() -> pluggy.PluginManager:
    """The process-wide plugin manager, loaded once."""
    manager = pluggy.PluginManager("presswright")
    manager.add_hookspecs(hookspecs)
    for name in BUILTIN_PLUGINS:
        manager.register(importlib.import_module(name), name=name)
    manager.load_setuptools_entrypoints("presswright")
    return manager
