"""Model ids (``provider:model``), aliases, and the providers that serve them.

Connections come from the environment (each kind's ``from_settings``) and from a tenant's
stored provider configs; a stored config wins over the environment for the same name.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from presswright.errors import ProviderUnavailableError, UserInputError
from presswright.llm.provider import Connection, Provider, ProviderKind
from presswright.llm.types import ModelInfo, ModelProfile
from presswright.plugins import collect_registrations
from presswright.settings import Settings

__all__ = [
    "ProviderRegistry",
    "ensure_listed_kind",
    "gather_connections",
    "image_only_kinds",
    "listed_provider_kinds",
    "parse_model_id",
    "provider_kinds",
]


def provider_kinds() -> dict[str, ProviderKind]:
    """Every registered provider kind, built-in and from plugins, by name."""
    return collect_registrations(
        "register_provider_kinds",
        what="provider kind",
        bind=lambda add: lambda kind: add(kind.name, kind),
    )


def image_only_kinds() -> set[str]:
    """Kinds registered for images only (``stability``): configurable, but no text provider.

    ``presswright.images`` registers image kinds through the same plugins; they are read
    here by hook, so this layer does not import the one built on it.
    """
    image_kinds: dict[str, Any] = collect_registrations(
        "register_image_provider_kinds",
        what="image provider kind",
        bind=lambda add: lambda kind: add(kind.name, kind),
    )
    return {name for name, kind in image_kinds.items() if not kind.hidden} - set(provider_kinds())


def listed_provider_kinds() -> list[str]:
    """Provider kinds people may configure: every registered text or image kind but hidden
    (test) ones."""
    listed = {name for name, kind in provider_kinds().items() if not kind.hidden}
    return sorted(listed | image_only_kinds())


def ensure_listed_kind(kind: str) -> None:
    """Refuse a kind that is not registered, or hidden (the scripted test provider)."""
    listed = listed_provider_kinds()
    if kind not in listed:
        raise UserInputError(
            f"provider kind {kind!r} cannot be configured here"
            if kind in provider_kinds()
            else f"unknown provider kind {kind!r}",
            hint=f"use one of: {', '.join(listed)}",
        )


def parse_model_id(model_id: str) -> tuple[str, str]:
    """Split ``provider:model``; the model part may itself contain colons (``ollama:llama3:8b``)."""
    provider, sep, model = model_id.strip().partition(":")
    if not sep or not provider or not model:
        raise UserInputError(
            f"{model_id!r} is not a model id",
            hint="use provider:model, e.g. local:smollm2 or openai:gpt-4o-mini;"
            " see `presswright models`",
        )
    return provider, model


class _FromSettings(Protocol):
    def from_settings(self, settings: Settings, /) -> Connection | None: ...


def gather_connections(
    kinds: Iterable[_FromSettings], settings: Settings, connections: Iterable[Connection]
) -> dict[str, Connection]:
    """Each kind's connection from the environment, then ``connections`` (a stored config
    wins over the environment for the same name), by name: for text and image registries."""
    gathered: dict[str, Connection] = {}
    for kind in kinds:
        connection = kind.from_settings(settings)
        if connection is not None:
            gathered[connection.name] = connection
    for connection in connections:
        gathered[connection.name] = connection
    return gathered


class ProviderRegistry:
    """Resolves model ids to provider instances for one set of connections."""

    def __init__(self, settings: Settings, connections: Iterable[Connection] = ()) -> None:
        self.settings = settings
        self.kinds = provider_kinds()
        self.connections = gather_connections(self.kinds.values(), settings, connections)
        self._providers: dict[str, Provider] = {}

    def resolve_alias(self, model_id: str) -> str:
        """Expand a user alias (settings) or a bare alias of a kind, else return the id as is."""
        if model_id in self.settings.model_aliases:
            return self.settings.model_aliases[model_id]
        if ":" not in model_id:
            for kind in self.kinds.values():
                if model_id in kind.aliases:
                    return kind.aliases[model_id]
        return model_id

    def provider(self, name: str) -> Provider:
        """The provider instance serving model ids that start with ``name:``."""
        if name in self._providers:
            return self._providers[name]
        connection = self.connections.get(name)
        if connection is None:
            raise ProviderUnavailableError(
                "this provider is not configured",
                provider=name,
                model="*",
                hint=self._configure_hint(name),
            )
        kind = self.kinds.get(connection.kind)
        if kind is None and connection.kind in image_only_kinds():
            raise ProviderUnavailableError(
                f"provider kind {connection.kind!r} makes images, not text",
                provider=name,
                model="*",
                hint="use it for images; pick a text model from `presswright models`",
            )
        if kind is None:
            raise ProviderUnavailableError(
                f"provider kind {connection.kind!r} is not installed",
                provider=name,
                model="*",
                hint=f"known kinds: {', '.join(sorted(self.kinds))};"
                " install the plugin that adds it",
            )
        provider = kind.create(connection, self.settings)
        self._providers[name] = provider
        return provider

    def resolve(self, model_id: str) -> tuple[Provider, str]:
        """The provider and its own model name for ``model_id`` (after aliases)."""
        provider_name, model = parse_model_id(self.resolve_alias(model_id))
        provider = self.provider(provider_name)
        reason = provider.unavailable_reason()
        if reason is not None:
            raise ProviderUnavailableError(reason, provider=provider_name, model=model)
        return provider, model

    def _configure_hint(self, name: str) -> str:
        kind = self.kinds.get(name)
        env = kind.description if kind is not None else ""
        flags = kind.setup_flags if kind is not None else "..."
        add = f"`presswright providers add {name} --kind {name if kind else 'KIND'} {flags}`"
        return f"{env + ' or run ' if env else 'run '}{add}"

    def models(self) -> list[ModelInfo]:
        """Every model that can be named, with availability and, if unavailable, the reason."""
        infos: list[ModelInfo] = []
        listed = {name for name, kind in self.kinds.items() if not kind.hidden}
        images_only = image_only_kinds()
        text = {n for n, c in self.connections.items() if c.kind not in images_only}
        for name in sorted(text | listed):
            if name not in self.connections:
                infos.append(
                    ModelInfo(
                        id=f"{name}:*",
                        provider=name,
                        name="*",
                        profile=ModelProfile(),
                        available=False,
                        reason=f"not configured: {self._configure_hint(name)}",
                    )
                )
                continue
            try:
                provider = self.provider(name)
            except ProviderUnavailableError as error:
                infos.append(
                    ModelInfo(
                        id=f"{name}:*",
                        provider=name,
                        name="*",
                        profile=ModelProfile(),
                        available=False,
                        reason=str(error),
                    )
                )
                continue
            reason = provider.unavailable_reason()
            for model in provider.known_models() or ["*"]:
                infos.append(
                    ModelInfo(
                        id=f"{name}:{model}",
                        provider=name,
                        name=model,
                        profile=provider.profile(model),
                        available=reason is None,
                        reason=reason,
                    )
                )
        return infos

    async def aclose(self) -> None:
        """Close every provider's network clients."""
        for provider in self._providers.values():
            await provider.aclose()
        self._providers.clear()
