"""A scripted provider for fast, deterministic tests of everything above the provider layer.

It is shipped (like pydantic-ai's ``TestModel``) so that tests of flows and pipelines, ours
and plugins', need no model. It is never configured from the environment: a test builds a
registry with ``Connection(name="fake", kind="fake")`` and scripts its answers.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

from presswright.errors import ProviderResponseError
from presswright.hookspecs import hookimpl
from presswright.llm.provider import Connection, Provider, ProviderKind
from presswright.llm.types import (
    ModelProfile,
    ProviderRequest,
    ProviderResponse,
    StreamChunk,
    StructuredMode,
)
from presswright.settings import Settings

__all__ = ["FakeProvider", "FakeScript", "Reply"]

Reply = str | BaseException | Callable[[ProviderRequest], str]


@dataclass
class FakeScript:
    """Answers the fake provider gives, in order; when empty it echoes the last message."""

    replies: deque[Reply] = field(default_factory=deque)
    requests: list[ProviderRequest] = field(default_factory=list)
    structured: StructuredMode = "json_schema"
    delay: float = 0.0

    def add(self, *replies: Reply) -> FakeScript:
        """Queue replies: text, an exception to raise, or a function of the request."""
        self.replies.extend(replies)
        return self


class FakeProvider(Provider):
    """Replays a :class:`FakeScript`; counts tokens as whitespace-separated words."""

    scripts: dict[str, FakeScript] = {}  # noqa: RUF012 - one script per connection name

    def __init__(self, connection: Connection, settings: Settings) -> None:
        super().__init__(connection)
        self.script = FakeProvider.scripts.setdefault(connection.name, FakeScript())

    def known_models(self) -> list[str]:
        return list(self.connection.models) or ["test"]

    def profile(self, model: str) -> ModelProfile:
        return ModelProfile(structured=self.script.structured, context_window=100_000)

    async def request(self, request: ProviderRequest, *, timeout: float) -> ProviderResponse:
        self.script.requests.append(request)
        if self.script.delay:
            await asyncio.sleep(self.script.delay)
        reply = self.script.replies.popleft() if self.script.replies else None
        if isinstance(reply, BaseException):
            raise reply
        text = reply(request) if callable(reply) else reply
        if text is None:
            text = request.messages[-1].content
        return ProviderResponse(
            text=text,
            tokens_in=sum(len(m.content.split()) for m in request.messages),
            tokens_out=len(text.split()),
            finish_reason="stop",
        )

    async def stream(
        self, request: ProviderRequest, *, timeout: float
    ) -> AsyncIterator[StreamChunk]:
        response = await self.request(request, timeout=timeout)
        words = response.text.split(" ")
        for index, word in enumerate(words):
            yield StreamChunk(text=word if index == 0 else " " + word)
        if response.text.endswith("<cut>"):
            raise ProviderResponseError(
                "the stream ended early", provider=self.name, model=request.model, hint="retry"
            )
        yield StreamChunk(
            tokens_in=response.tokens_in,
            tokens_out=response.tokens_out,
            finish_reason=response.finish_reason,
        )


@hookimpl
def register_provider_kinds(register: Callable[[ProviderKind], None]) -> None:
    """The scripted test provider; hidden from listings, never configured by settings."""
    register(
        ProviderKind(
            name="fake", create=FakeProvider, from_settings=lambda _settings: None, hidden=True
        )
    )
