"""A provider kind that answers from the fake script and declares a model profile.

Nodes that adapt to the model (the book's chapter writer, the site's pages) read its
declared :class:`~presswright.llm.types.ModelProfile`; tests register this kind as a plugin
(:func:`declaring_plugin`) to run a flow as a small model would be asked, with scripted
answers. The fake provider's script for the kind is ``FakeProvider.scripts[kind]``.
"""

from __future__ import annotations

from typing import Any

from presswright.hookspecs import hookimpl
from presswright.llm.provider import ProviderKind
from presswright.llm.providers.fake import FakeProvider
from presswright.llm.types import ModelProfile

__all__ = ["declaring_plugin"]


def declaring_plugin(kind: str, profile: ModelProfile) -> object:
    """A plugin object registering provider kind ``kind``: the fake, declaring ``profile``."""

    class Declaring(FakeProvider):
        def profile(self, model: str) -> ModelProfile:
            return profile

    class Plugin:
        @hookimpl
        def register_provider_kinds(self, register: Any) -> None:
            register(
                ProviderKind(
                    name=kind, create=Declaring, from_settings=lambda _settings: None, hidden=True
                )
            )

    return Plugin()
