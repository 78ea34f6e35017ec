"""Two plugins registering one provider kind, node type or output schema name: an error naming both.

The plugins here are real plugin objects with ``@hookimpl`` methods, registered with the
process's plugin manager as an entry point's module would be, and taken out again after.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pydantic import BaseModel

from presswright.errors import PluginConflictError
from presswright.flows.nodes.base import NodeContext, NodeOutcome, NodeType
from presswright.flows.nodes.llm import named_output_schemas
from presswright.flows.registry import node_types
from presswright.hookspecs import hookimpl
from presswright.llm.provider import ProviderKind
from presswright.llm.providers.fake import FakeProvider
from presswright.llm.registry import provider_kinds
from presswright.plugins import plugin_manager


class StampNode(NodeType):
    """A third-party node type: outputs the word it was built with."""

    def __init__(self, word: str) -> None:
        self.name = "stamp"
        self.description = f"Stamps {word}."
        self.word = word

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        return NodeOutcome(output=self.word)


class Invoice(BaseModel):
    """A schema two plugins both call ``Invoice``."""

    total: float


def _kind(name: str) -> ProviderKind:
    return ProviderKind(name=name, create=FakeProvider, from_settings=lambda _settings: None)


class AcmeCloud:
    """A plugin that adds a provider kind, a node type and a schema."""

    def __init__(self, kind: str = "acme", node: str = "acme") -> None:
        self.kind = kind
        self.node = node

    @hookimpl
    def register_provider_kinds(self, register: Callable[[ProviderKind], None]) -> None:
        register(_kind(self.kind))

    @hookimpl
    def register_node_types(self, register: Callable[[NodeType], None]) -> None:
        register(StampNode(self.node))

    @hookimpl
    def register_output_schemas(self, register: Callable[..., None]) -> None:
        register(Invoice)


class ZenithTools:
    """Another vendor's plugin that happens to use the same node type and schema names."""

    @hookimpl
    def register_node_types(self, register: Callable[[NodeType], None]) -> None:
        register(StampNode("zenith"))

    @hookimpl
    def register_output_schemas(self, register: Callable[..., None]) -> None:
        register(Invoice, name="Invoice")


def _clear() -> None:
    node_types.cache_clear()
    named_output_schemas.cache_clear()


@pytest.fixture
def install() -> Iterator[Callable[[str, Any], None]]:
    """Register plugin objects under names for one test; unregister them after."""
    manager = plugin_manager()
    names: list[str] = []

    def add(name: str, plugin: Any) -> None:
        manager.register(plugin, name=name)
        names.append(name)
        _clear()

    yield add
    for name in names:
        manager.unregister(name=name)
    _clear()


def test_one_plugin_adds_its_names_beside_the_built_ins(install: Callable[..., None]) -> None:
    install("acme-cloud", AcmeCloud())

    assert provider_kinds()["acme"].name == "acme" and "openai" in provider_kinds()
    assert node_types()["stamp"].description == "Stamps acme." and "llm" in node_types()
    assert named_output_schemas()["Invoice"] is Invoice


def test_two_plugins_with_one_node_type_name_name_both(install: Callable[..., None]) -> None:
    install("acme-cloud", AcmeCloud())
    install("zenith-tools", ZenithTools())

    with pytest.raises(PluginConflictError) as raised:
        node_types()

    message = str(raised.value)
    assert "node type 'stamp'" in message
    assert "'acme-cloud'" in message and "'zenith-tools'" in message
    assert raised.value.plugins == ("acme-cloud", "zenith-tools")


def test_two_plugins_with_one_schema_name_name_both(install: Callable[..., None]) -> None:
    install("acme-cloud", AcmeCloud())
    install("zenith-tools", ZenithTools())

    with pytest.raises(PluginConflictError, match="output schema 'Invoice'") as raised:
        named_output_schemas()

    assert raised.value.plugins == ("acme-cloud", "zenith-tools")


def test_a_plugin_taking_a_built_in_provider_kind_names_the_built_in(
    install: Callable[..., None],
) -> None:
    install("acme-cloud", AcmeCloud(kind="openai"))

    with pytest.raises(PluginConflictError, match="provider kind 'openai'") as raised:
        provider_kinds()

    assert raised.value.plugins == ("presswright.llm.providers.openai_compat", "acme-cloud")
    assert "uninstall one of the two plugins" in str(raised.value)


def test_a_plugin_taking_a_built_in_node_type_is_refused(install: Callable[..., None]) -> None:
    built_in = node_types()["llm"]

    class LLMAgain:
        @hookimpl
        def register_node_types(self, register: Callable[[NodeType], None]) -> None:
            register(built_in)

    install("llm-again", LLMAgain())
    with pytest.raises(PluginConflictError, match="node type 'llm'") as raised:
        node_types()
    assert raised.value.plugins == ("presswright.flows.nodes.builtin", "llm-again")


def test_one_plugin_registering_a_name_twice_is_refused(install: Callable[..., None]) -> None:
    class Twice:
        @hookimpl
        def register_provider_kinds(self, register: Callable[[ProviderKind], None]) -> None:
            register(_kind("twice"))
            register(_kind("twice"))

    install("twice", Twice())
    with pytest.raises(PluginConflictError, match="registered by plugin 'twice' twice"):
        provider_kinds()
