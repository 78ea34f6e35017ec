"""The provider interface: one abstract async request, optional streaming, declared profiles.

"How to reach it" (a :class:`Connection`: key, URL) is kept apart from "what it can do"
(a :class:`~presswright.llm.types.ModelProfile` per model).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import ClassVar

from presswright.extras import has_module
from presswright.llm.types import ModelProfile, ProviderRequest, ProviderResponse, StreamChunk
from presswright.settings import Settings

__all__ = ["Connection", "KeyedSDKProvider", "Provider", "ProviderKind"]


@dataclass(frozen=True)
class Connection:
    """How to reach one provider instance; ``api_key`` never leaves the provider layer."""

    name: str
    kind: str
    api_key: str | None = None
    base_url: str | None = None
    models: tuple[str, ...] = ()
    requests_per_minute: int | None = None
    tokens_per_minute: int | None = None
    source: str = "settings"

    def __repr__(self) -> str:  # keep the key out of every log and traceback
        return f"Connection(name={self.name!r}, kind={self.kind!r}, base_url={self.base_url!r})"


class Provider(ABC):
    """One LLM provider instance; subclasses implement :meth:`request`, maybe :meth:`stream`."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    @property
    def name(self) -> str:
        """The provider part of model ids served by this instance (``ollama`` in ``ollama:x``)."""
        return self.connection.name

    @abstractmethod
    def profile(self, model: str) -> ModelProfile:
        """What ``model`` can do on this provider."""

    def known_models(self) -> list[str]:
        """Models to list in `presswright models`; the connection's list if it has one."""
        return list(self.connection.models)

    def unavailable_reason(self) -> str | None:
        """Why this provider cannot be used right now (one line with the fix), or None."""
        return None

    @abstractmethod
    async def request(self, request: ProviderRequest, *, timeout: float) -> ProviderResponse:
        """Send one request and return the whole answer; raise ProviderError subclasses."""

    async def stream(
        self, request: ProviderRequest, *, timeout: float
    ) -> AsyncIterator[StreamChunk]:
        """Stream the answer; providers without streaming answer in one chunk."""
        response = await self.request(request, timeout=timeout)
        yield StreamChunk(
            text=response.text,
            tokens_in=response.tokens_in,
            tokens_out=response.tokens_out,
            finish_reason=response.finish_reason,
        )

    async def aclose(self) -> None:
        """Release network clients; the default holds nothing."""
        return


class KeyedSDKProvider(Provider):
    """A vendor API reached through its own SDK with an API key (Anthropic, Gemini, ...).

    Subclasses declare the SDK module, the extra that installs it, the key's environment
    variable, their kind and default models; availability and its fix come from here.
    """

    sdk_module: ClassVar[str]
    extra: ClassVar[str]
    key_variable: ClassVar[str]
    kind_name: ClassVar[str]
    default_models: ClassVar[tuple[str, ...]] = ()

    def _missing(self) -> tuple[str, str] | None:
        """What is missing (message, fix), or None when the provider can be used."""
        if not has_module(self.sdk_module):
            return (
                f"the {self.sdk_module} SDK is not installed",
                f"install it with: pip install 'presswright[{self.extra}]'",
            )
        if not self.connection.api_key:
            return f"no API key for {self.name}", self._key_hint()
        return None

    def _key_hint(self) -> str:
        return (
            f"set {self.key_variable} or run "
            f"`presswright providers add {self.name} --kind {self.kind_name} --api-key-stdin`"
        )

    def unavailable_reason(self) -> str | None:
        missing = self._missing()
        return f"{missing[0]}; {missing[1]}" if missing else None

    def known_models(self) -> list[str]:
        return list(self.connection.models) or list(self.default_models)


@dataclass(frozen=True)
class ProviderKind:
    """A kind of provider plugins register: how to build one and how settings configure it.

    ``from_settings`` returns the connection the environment describes (for example
    ``OPENAI_API_KEY``), or None when the environment says nothing about this kind.
    """

    name: str
    create: Callable[[Connection, Settings], Provider]
    from_settings: Callable[[Settings], Connection | None]
    description: str = ""
    aliases: dict[str, str] = field(default_factory=dict)
    setup_flags: str = "--api-key-stdin"  # what `providers add` needs for this kind
    hidden: bool = False  # left out of listings unless configured (the test provider)
