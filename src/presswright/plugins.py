"""The plugin manager: built-in plugins first, then every ``presswright`` entry point.

Registries (provider kinds, node types, output schemas) are filled with
:func:`collect_registrations`, which calls each plugin's hook on its own so that a name
two plugins register is a :class:`~presswright.errors.PluginConflictError` naming both,
never a silent overwrite by whichever ran last.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache
from typing import TypeVar

import pluggy

from presswright import hookspecs
from presswright.errors import PluginConflictError

__all__ = ["BUILTIN_PLUGINS", "collect_registrations", "plugin_manager"]

T = TypeVar("T")

BUILTIN_PLUGINS = (
    "presswright.llm.providers.local",
    "presswright.llm.providers.openai_compat",
    "presswright.llm.providers.anthropic",
    "presswright.llm.providers.gemini",
    "presswright.llm.providers.fake",
    "presswright.images.providers.openai_images",
    "presswright.images.providers.gemini_images",
    "presswright.images.providers.stability",
    "presswright.flows.nodes.builtin",
    "presswright.content.plugin",
    "presswright.books.plugin",
    "presswright.sites.plugin",
    "presswright.documents.plugin",
    "presswright.images.plugin",
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


def collect_registrations(
    hook_name: str,
    *,
    what: str,
    bind: Callable[[Callable[[str, T], None]], Callable[..., None]],
    manager: pluggy.PluginManager | None = None,
) -> dict[str, T]:
    """Everything the plugins register through ``hook_name``, by name.

    ``bind(add)`` makes the ``register`` callback a plugin receives; it calls
    ``add(name, item)`` for each registration. A name registered twice raises
    PluginConflictError naming ``what``, the name and both plugins.
    """
    manager = manager or plugin_manager()
    found: dict[str, T] = {}
    owners: dict[str, str] = {}
    caller = getattr(manager.hook, hook_name)
    # Registration order (built-ins first), each plugin called on its own to know who it is.
    for impl in caller.get_hookimpls():
        plugin = impl.plugin_name

        def add(name: str, item: T, plugin: str = plugin) -> None:
            if name in found:
                raise PluginConflictError(what=what, name=name, first=owners[name], second=plugin)
            found[name] = item
            owners[name] = plugin

        impl.function(register=bind(add))
    return found
