"""Image model ids (``provider:model``) and the image providers that serve them.

The connections are the text registry's: each image kind's ``from_settings`` (for example
``OPENAI_API_KEY``) plus a tenant's stored provider configs, a stored one winning over the
environment for the same name. A connection whose kind makes no images is simply not an
image provider.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

from presswright.errors import ProviderUnavailableError
from presswright.images.provider import ImageCapabilities, ImageProvider, ImageProviderKind
from presswright.llm.provider import Connection
from presswright.llm.registry import gather_connections, parse_model_id
from presswright.plugins import collect_registrations
from presswright.settings import Settings

__all__ = ["ImageModelInfo", "ImageProviderRegistry", "image_provider_kinds"]

# What `providers add` needs, per kind, for the "nothing configured" fix.
_ADD_EXAMPLE = "presswright providers add openai --kind openai --api-key-stdin"


def image_provider_kinds() -> dict[str, ImageProviderKind]:
    """Every registered image provider kind, built-in and from plugins, by name."""
    return collect_registrations(
        "register_image_provider_kinds",
        what="image provider kind",
        bind=lambda add: lambda kind: add(kind.name, kind),
    )


class ImageModelInfo(BaseModel):
    """An image model a user can pick, and whether it can be used here (the reason if not)."""

    id: str
    provider: str
    name: str
    capabilities: ImageCapabilities
    available: bool
    reason: str | None = None


class ImageProviderRegistry:
    """Resolves image model ids to provider instances for one set of connections."""

    def __init__(self, settings: Settings, connections: Iterable[Connection] = ()) -> None:
        self.settings = settings
        self.kinds = image_provider_kinds()
        self.connections = gather_connections(self.kinds.values(), settings, connections)
        self._providers: dict[str, ImageProvider] = {}

    def image_connections(self) -> list[Connection]:
        """The connections whose kind makes images."""
        return [c for c in self.connections.values() if c.kind in self.kinds]

    def provider(self, name: str, model: str = "*") -> ImageProvider:
        """The image provider serving ids that start with ``name:``; fails with the fix."""
        if name in self._providers:
            return self._providers[name]
        connection = self.connections.get(name)
        if connection is None:
            raise ProviderUnavailableError(
                "no image provider of this name is configured",
                provider=name,
                model=model,
                hint=self._configure_hint(name),
            )
        kind = self.kinds.get(connection.kind)
        if kind is None:
            raise ProviderUnavailableError(
                f"provider kind {connection.kind!r} does not make images",
                provider=name,
                model=model,
                hint=f"image kinds: {', '.join(sorted(self.kinds))}; " + self._configure_hint(None),
            )
        provider = kind.create(connection, self.settings)
        self._providers[name] = provider
        return provider

    def resolve(self, model_id: str) -> tuple[ImageProvider, str]:
        """The provider and its own model name for ``model_id`` (after user aliases)."""
        model_id = self.settings.model_aliases.get(model_id, model_id)
        provider_name, model = parse_model_id(model_id)
        provider = self.provider(provider_name, model)
        reason = provider.unavailable_reason()
        if reason is not None:
            raise ProviderUnavailableError(reason, provider=provider_name, model=model)
        return provider, model

    def default_model(self) -> str:
        """The first usable image model; fails at once with the fix when there is none."""
        for connection in sorted(self.image_connections(), key=lambda c: c.name):
            provider = self.provider(connection.name)
            models = provider.known_models()
            if provider.unavailable_reason() is None and models:
                return f"{connection.name}:{models[0]}"
        raise ProviderUnavailableError(
            "no image provider is configured",
            provider="images",
            model="*",
            hint=self._configure_hint(None),
        )

    def _configure_hint(self, name: str | None) -> str:
        kind = self.kinds.get(name) if name is not None else None
        if kind is None:
            kinds = ", ".join(k for k in sorted(self.kinds) if not self.kinds[k].hidden)
            return f"add an image provider (kinds: {kinds}), e.g. `{_ADD_EXAMPLE}`"
        env = f"{kind.description} or run " if kind.description.startswith("set ") else "run "
        return f"{env}`presswright providers add {name} --kind {kind.name} {kind.setup_flags}`"

    def models(self) -> list[ImageModelInfo]:
        """Every configured image model, with availability and, if unavailable, the reason."""
        infos: list[ImageModelInfo] = []
        for connection in sorted(self.image_connections(), key=lambda c: c.name):
            provider = self.provider(connection.name)
            reason = provider.unavailable_reason()
            for model in provider.known_models():
                infos.append(
                    ImageModelInfo(
                        id=f"{connection.name}:{model}",
                        provider=connection.name,
                        name=model,
                        capabilities=provider.capabilities(model),
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
