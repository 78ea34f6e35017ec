"""Plugin hook specifications. Built-ins register through these same hooks.

A third-party package adds a provider kind (and, later, node types, exporters...) with an
entry point in the ``presswright`` group pointing at a module that implements these hooks::

    from presswright.hookspecs import hookimpl

    @hookimpl
    def register_provider_kinds(register):
        register(ProviderKind(name="mycloud", create=..., from_settings=...))

Names are shared by all plugins: registering a name a built-in or another plugin already
registered raises ``PluginConflictError`` naming both plugins (nothing is overwritten).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from presswright.flows.nodes.base import NodeType
    from presswright.images.provider import ImageProviderKind
    from presswright.llm.provider import ProviderKind
    from presswright.store.models import Execution

__all__ = ["hookimpl", "hookspec"]

hookspec = pluggy.HookspecMarker("presswright")
hookimpl = pluggy.HookimplMarker("presswright")


@hookspec
def register_provider_kinds(register: Callable[[ProviderKind], None]) -> None:
    """Register LLM provider kinds by calling ``register(ProviderKind(...))``."""


@hookspec
def register_image_provider_kinds(register: Callable[[ImageProviderKind], None]) -> None:
    """Register image provider kinds by calling ``register(ImageProviderKind(...))``.

    A kind's name is the connection kind it serves, so one stored provider config (say
    ``openai``) reaches both the text and the image provider of that kind.
    """


@hookspec
def register_node_types(register: Callable[[NodeType], None]) -> None:
    """Register flow node types by calling ``register(MyNodeType())``."""


@hookspec
def register_output_schemas(register: Callable[..., None]) -> None:
    """Register Pydantic models that llm nodes may name: ``register(Model, name=None)``."""


@hookspec
def execution_status_changed(session: Session, execution: Execution) -> None:
    """React to an execution queued again, completed, failed or stopped.

    Called inside the tenant transaction that records the new status (for a finished run,
    the durable step that ends it), so what a hook writes commits with the status or not at
    all, and a run that settles after a restart still calls it. Hooks must be idempotent:
    a step interrupted after its commit runs again.
    """
