"""The provider interface: one abstract async request, optional streaming, declared profiles.

"How to reach it" (a :class:`Connection`: key, URL) is kept apart from "what it can do"
(a :class:`~presswright.llm.types.ModelProfile` per model).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

from presswright.llm.types import ModelProfile, ProviderRequest, ProviderResponse, StreamChunk
from presswright.settings import Settings

__all__ = ["Connection", "Provider", "ProviderKind"]


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
