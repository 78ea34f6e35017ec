"""OpenAI and every OpenAI-compatible server (Ollama, vLLM, LM Studio, llama.cpp server).

One provider class on the official ``openai`` SDK; each kind only declares its defaults
(base URL, whether a key is needed) and what its models can do.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import openai

from presswright.errors import (
    ProviderError,
    ProviderResponseError,
)
from presswright.hookspecs import hookimpl
from presswright.llm.grammar import GrammarError, decoding_grammar
from presswright.llm.provider import Connection, Provider, ProviderKind
from presswright.llm.providers.openai_errors import translate_openai_error
from presswright.llm.types import (
    Message,
    ModelProfile,
    ProviderRequest,
    ProviderResponse,
    StreamChunk,
    StructuredMode,
)
from presswright.settings import Settings

__all__ = ["COMPATIBLE_KINDS", "OpenAICompatibleProvider"]


@dataclass(frozen=True)
class CompatibleKind:
    """Defaults of one OpenAI-compatible server family."""

    name: str
    default_base_url: str | None
    needs_key: bool
    structured: StructuredMode
    description: str
    models: tuple[str, ...] = ()
    images: bool = False  # its models read input pictures (image_url content parts)


COMPATIBLE_KINDS = {
    kind.name: kind
    for kind in (
        CompatibleKind(
            "openai",
            None,
            True,
            "json_schema",
            "set OPENAI_API_KEY",
            ("gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "gpt-4.1"),
            images=True,
        ),
        CompatibleKind(
            "ollama", "http://127.0.0.1:11434/v1", False, "json_schema", "set OLLAMA_BASE_URL"
        ),
        CompatibleKind("vllm", "http://127.0.0.1:8000/v1", False, "json_schema", ""),
        CompatibleKind("lmstudio", "http://127.0.0.1:1234/v1", False, "json_schema", ""),
        # llama.cpp's server (and llama-cpp-python's) decode under a GBNF `grammar` field.
        CompatibleKind("llamacpp", "http://127.0.0.1:8080/v1", False, "grammar", ""),
        CompatibleKind("openai-compatible", None, False, "prompt", ""),
    )
}


class OpenAICompatibleProvider(Provider):
    """Chat completions over the official ``openai`` SDK."""

    def __init__(self, connection: Connection, settings: Settings) -> None:
        super().__init__(connection)
        self.kind = COMPATIBLE_KINDS[connection.kind]
        self._client: openai.AsyncOpenAI | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def base_url(self) -> str | None:
        """Where requests go; None means api.openai.com."""
        return self.connection.base_url or self.kind.default_base_url

    def client(self) -> openai.AsyncOpenAI:
        """The SDK client of the running event loop; its own retries are off (ours do more)."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            # Its connections belong to a loop that has ended (asyncio.run called again).
            self._client, self._loop = None, loop
        if self._client is None:
            self._client = openai.AsyncOpenAI(
                api_key=self.connection.api_key or "not-needed",
                base_url=self.base_url,
                max_retries=0,
            )
        return self._client

    def unavailable_reason(self) -> str | None:
        if self.kind.needs_key and not self.connection.api_key:
            add = f"presswright providers add {self.name} --kind {self.kind.name} --api-key-stdin"
            return (
                f"no API key for {self.name}; {self.kind.description or 'store one'} or run `{add}`"
            )
        if self.base_url is None and self.kind.name == "openai-compatible":
            return f"provider {self.name} has no base URL; add one with --base-url"
        return None

    def known_models(self) -> list[str]:
        return list(self.connection.models) or list(self.kind.models)

    def profile(self, model: str) -> ModelProfile:
        return ModelProfile(
            streaming=True, structured=self.kind.structured, tools=True, images=self.kind.images
        )

    def _arguments(self, request: ProviderRequest) -> dict[str, Any]:
        params = request.params
        arguments: dict[str, Any] = {
            "model": request.model,
            "messages": [_chat_message(message) for message in request.messages],
        }
        if params.temperature is not None:
            arguments["temperature"] = params.temperature
        if params.max_tokens is not None:
            arguments["max_tokens"] = params.max_tokens
        if params.top_p is not None:
            arguments["top_p"] = params.top_p
        if params.stop:
            arguments["stop"] = list(params.stop)
        if params.seed is not None:
            arguments["seed"] = params.seed
        if request.json_schema is not None:
            if self.kind.structured == "json_schema":
                arguments["response_format"] = {
                    "type": "json_schema",
                    "json_schema": {"name": request.schema_name, "schema": request.json_schema},
                }
            elif self.kind.structured == "grammar":
                arguments.update(_grammar_arguments(request))
        return arguments

    def _translate(self, error: Exception, model: str) -> ProviderError:
        return translate_openai_error(
            error,
            provider=self.name,
            model=model,
            secrets=[self.connection.api_key] if self.connection.api_key else [],
            where=self.base_url or "api.openai.com",
            timeout_hint="raise PRESSWRIGHT_LLM_TIMEOUT or check the server's load",
        )

    async def request(self, request: ProviderRequest, *, timeout: float) -> ProviderResponse:
        failure: ProviderError | None = None
        try:
            completion = await self.client().chat.completions.create(
                **self._arguments(request), timeout=timeout
            )
        except Exception as error:
            failure = self._translate(error, request.model)
        if failure is not None:
            # Raised outside the except block: the SDK's exception (which may quote the key)
            # must not ride along as __context__.
            raise failure
        if not getattr(completion, "choices", None):
            raise ProviderResponseError(
                "the answer has no choices",
                provider=self.name,
                model=request.model,
                hint="check that the server implements the chat completions API",
            )
        choice = completion.choices[0]
        usage = completion.usage
        return ProviderResponse(
            text=choice.message.content or "",
            tokens_in=usage.prompt_tokens if usage else 0,
            tokens_out=usage.completion_tokens if usage else 0,
            finish_reason=choice.finish_reason,
        )

    async def stream(
        self, request: ProviderRequest, *, timeout: float
    ) -> AsyncIterator[StreamChunk]:
        finish: str | None = None
        tokens_in = tokens_out = None
        received = False
        failure: ProviderError | None = None
        try:
            stream = await self.client().chat.completions.create(
                **self._arguments(request),
                stream=True,
                stream_options={"include_usage": True},
                timeout=timeout,
            )
            async for chunk in stream:
                if chunk.usage is not None:
                    tokens_in, tokens_out = chunk.usage.prompt_tokens, chunk.usage.completion_tokens
                for choice in chunk.choices:
                    finish = choice.finish_reason or finish
                    if choice.delta and choice.delta.content:
                        received = True
                        yield StreamChunk(text=choice.delta.content)
        except Exception as error:
            cut = received and isinstance(error, openai.APIConnectionError)
            failure = (
                ProviderResponseError(
                    "the stream was cut off mid-answer",
                    provider=self.name,
                    model=request.model,
                    hint="retry; if it persists, check the server or a proxy in between",
                )
                if cut and not isinstance(error, openai.APITimeoutError)
                else self._translate(error, request.model)
            )
        if failure is not None:
            raise failure
        if finish is None:
            raise ProviderResponseError(
                "the stream ended before the answer was complete",
                provider=self.name,
                model=request.model,
                hint="retry; if it persists, check the server",
            )
        yield StreamChunk(tokens_in=tokens_in, tokens_out=tokens_out, finish_reason=finish)

    async def aclose(self) -> None:
        if self._client is not None and self._loop is asyncio.get_running_loop():
            await self._client.close()
        self._client = self._loop = None


def _chat_message(message: Message) -> dict[str, Any]:
    """A chat completions message; one with pictures has text and ``image_url`` parts.

    Pictures go as base64 data URLs, which the Chat Completions API documents for input
    images (and OpenAI-compatible servers with vision models accept the same).
    """
    if not message.images:
        return {"role": message.role, "content": message.content}
    parts: list[dict[str, Any]] = [{"type": "text", "text": message.content}]
    parts += [
        {
            "type": "image_url",
            "image_url": {"url": f"data:{image.media_type};base64,{image.data}"},
        }
        for image in message.images
    ]
    return {"role": message.role, "content": parts}


def _grammar_arguments(request: ProviderRequest) -> dict[str, Any]:
    """A llama.cpp server's ``grammar`` field (sent through the SDK's ``extra_body``).

    The same grammar the local provider uses, so every bound reaches decoding; a schema the
    converter cannot express goes as a JSON Schema in a json_object response format instead,
    which the server turns into a looser grammar of its own (validation checks the rest).
    """
    assert request.json_schema is not None
    params = request.params
    try:
        grammar = decoding_grammar(
            request.json_schema, language=params.language, verbatim=params.verbatim
        )
    except GrammarError:
        return {"response_format": {"type": "json_object", "schema": request.json_schema}}
    return {"extra_body": {"grammar": grammar.text}}


def _from_settings_for(name: str) -> Callable[[Settings], Connection | None]:
    def from_settings(settings: Settings) -> Connection | None:
        if name == "openai" and settings.openai_api_key is not None:
            return Connection(
                name="openai",
                kind="openai",
                api_key=settings.openai_api_key.get_secret_value(),
                source="OPENAI_API_KEY",
            )
        if name == "ollama" and settings.ollama_base_url:
            return Connection(
                name="ollama",
                kind="ollama",
                base_url=_v1(settings.ollama_base_url),
                source="OLLAMA_BASE_URL",
            )
        return None

    return from_settings


def _v1(url: str) -> str:
    """Ollama documents its base URL without /v1; its OpenAI-compatible API lives under /v1."""
    stripped = url.rstrip("/")
    return stripped if stripped.endswith("/v1") else stripped + "/v1"


@hookimpl
def register_provider_kinds(register: Callable[[ProviderKind], None]) -> None:
    """OpenAI and the OpenAI-compatible server families."""
    for kind in COMPATIBLE_KINDS.values():
        register(
            ProviderKind(
                name=kind.name,
                create=OpenAICompatibleProvider,
                from_settings=_from_settings_for(kind.name),
                description=kind.description,
                setup_flags="--api-key-stdin" if kind.needs_key else "--base-url URL",
            )
        )
