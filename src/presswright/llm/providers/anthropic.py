"""The ``anthropic`` provider: Claude through the official ``anthropic`` SDK (Messages API).

System messages go to the top-level ``system`` field and ``max_tokens``, which the API
requires, defaults to 1024. Structured output is tool use: one tool whose ``input_schema`` is
the requested JSON Schema, forced with ``tool_choice``; the tool input is the answer.
The Messages API version the 2.x SDK speaks accepts no sampling parameters, so temperature,
top_p and seed are not sent. The SDK is imported lazily: this module loads without the
``[anthropic]`` extra and then reports itself unavailable with the install command.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

from presswright.errors import (
    ProviderError,
    ProviderHTTPError,
    ProviderResponseError,
    ProviderTimeoutError,
    ProviderUnavailableError,
)
from presswright.hookspecs import hookimpl
from presswright.llm.http_errors import parse_retry_after, redact
from presswright.llm.provider import Connection, KeyedSDKProvider, ProviderKind
from presswright.llm.types import (
    Message,
    ModelProfile,
    ProviderRequest,
    ProviderResponse,
    StreamChunk,
)
from presswright.settings import Settings

if TYPE_CHECKING:
    import anthropic

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_MAX_TOKENS", "KNOWN_MODELS", "AnthropicProvider"]

DEFAULT_BASE_URL = "https://api.anthropic.com"
DEFAULT_MAX_TOKENS = 1024
KNOWN_MODELS = ("claude-haiku-4-5", "claude-sonnet-4-6", "claude-opus-4-7")
TOOL_DESCRIPTION = "Record the complete answer: call this exactly once; its input is the answer."
# Tool input must be a JSON object; any other schema is wrapped in {"value": ...} and unwrapped.
WRAP_KEY = "value"

_STATUS_HINTS = {
    400: "the request was refused: check the model name and that max_tokens fits this model",
    403: "this key may not use this model; check the key's workspace and permissions",
    404: "the model name is unknown to Anthropic; see `presswright models`",
    413: "the request is too large: shorten the prompt",
    429: "rate limited: wait, or lower this provider's requests or tokens per minute",
    529: "Anthropic is overloaded: retry later",
}


class AnthropicProvider(KeyedSDKProvider):
    """Claude models over the Messages API; the SDK's own retries are off (the client retries)."""

    sdk_module = "anthropic"
    extra = "anthropic"
    key_variable = "ANTHROPIC_API_KEY"
    kind_name = "anthropic"
    default_models = KNOWN_MODELS

    def __init__(self, connection: Connection, settings: Settings) -> None:
        super().__init__(connection)
        self._client: anthropic.AsyncAnthropic | None = None

    def profile(self, model: str) -> ModelProfile:
        return ModelProfile(
            streaming=True, structured="tool", tools=True, images=True, context_window=200_000
        )

    def client(self, model: str) -> anthropic.AsyncAnthropic:
        """The SDK client, created on first use; raises ProviderUnavailableError if it cannot be."""
        if self._client is None:
            missing = self._missing()
            if missing is not None:
                raise ProviderUnavailableError(
                    missing[0], provider=self.name, model=model, hint=missing[1]
                )
            import anthropic

            self._client = anthropic.AsyncAnthropic(
                api_key=self.connection.api_key,
                base_url=self.connection.base_url or DEFAULT_BASE_URL,
                max_retries=0,
            )
        return self._client

    def _arguments(self, request: ProviderRequest) -> dict[str, Any]:
        system = "\n\n".join(m.content for m in request.messages if m.role == "system")
        arguments: dict[str, Any] = {
            "model": request.model,
            "max_tokens": request.params.max_tokens or DEFAULT_MAX_TOKENS,
            "messages": [_message(m) for m in request.messages if m.role != "system"],
        }
        if system:
            arguments["system"] = system
        if request.params.stop:
            arguments["stop_sequences"] = list(request.params.stop)
        if request.json_schema is not None:
            name = _tool_name(request.schema_name)
            arguments["tools"] = [
                {
                    "name": name,
                    "description": TOOL_DESCRIPTION,
                    "input_schema": _tool_input_schema(request.json_schema),
                }
            ]
            arguments["tool_choice"] = {"type": "tool", "name": name}
        return arguments

    async def request(self, request: ProviderRequest, *, timeout: float) -> ProviderResponse:
        client = self.client(request.model)
        arguments = self._arguments(request)
        failure: ProviderError | None = None
        try:
            # The SDK timeout bounds each network phase; this bounds the whole call.
            async with asyncio.timeout(timeout):
                message = await client.messages.create(**arguments, timeout=timeout)
        except ProviderError:
            raise
        except Exception as error:
            failure = self._translate(error, request.model)
        if failure is not None:
            raise failure  # outside except: no SDK error (it may quote the key) as context
        usage = getattr(message, "usage", None)
        return ProviderResponse(
            text=self._answer_text(message, request),
            tokens_in=_input_tokens(usage),
            tokens_out=getattr(usage, "output_tokens", None) or 0,
            finish_reason=getattr(message, "stop_reason", None),
        )

    def _answer_text(self, message: Any, request: ProviderRequest) -> str:
        blocks = getattr(message, "content", None)
        if not isinstance(blocks, list):
            raise ProviderResponseError(
                "the answer has no content blocks",
                provider=self.name,
                model=request.model,
                hint="retry; if it persists, check the base URL points at the Messages API",
            )
        if request.json_schema is None:
            return "".join(b.text for b in blocks if getattr(b, "type", None) == "text")
        for block in blocks:
            if getattr(block, "type", None) == "tool_use":
                return _tool_answer(getattr(block, "input", None), request.json_schema)
        raise ProviderResponseError(
            "the model answered without calling the output tool",
            provider=self.name,
            model=request.model,
            hint="retry, or raise max_tokens if the answer was cut off",
        )

    async def stream(
        self, request: ProviderRequest, *, timeout: float
    ) -> AsyncIterator[StreamChunk]:
        client = self.client(request.model)
        arguments = self._arguments(request)
        structured = request.json_schema is not None
        wrapped = structured and _needs_wrapping(request.json_schema or {})
        deadline = asyncio.get_running_loop().time() + timeout
        tokens_in: int | None = None
        tokens_out: int | None = None
        finish: str | None = None
        held: list[str] = []
        started = False
        failure: ProviderError | None = None
        try:
            async with asyncio.timeout_at(deadline):
                events = await client.messages.create(**arguments, stream=True, timeout=timeout)
            started = True
            try:
                while True:
                    # The deadline covers the whole stream, not each read.
                    async with asyncio.timeout_at(deadline):
                        event = await anext(events, None)
                    if event is None:
                        break
                    if event.type == "message_start":
                        tokens_in = _input_tokens(event.message.usage)
                        tokens_out = event.message.usage.output_tokens
                    elif event.type == "message_delta":
                        finish = event.delta.stop_reason or finish
                        tokens_out = event.usage.output_tokens
                        if event.usage.input_tokens is not None:
                            tokens_in = _input_tokens(event.usage)
                    elif event.type == "content_block_delta":
                        piece = _delta_text(event.delta, structured=structured)
                        if piece and wrapped:
                            held.append(piece)
                        elif piece:
                            yield StreamChunk(text=piece)
            finally:
                await events.close()
        except ProviderError:
            raise
        except Exception as error:
            failure = self._translate(error, request.model, cut_off=started)
        if failure is not None:
            raise failure  # outside except: no SDK error (it may quote the key) as context
        if finish is None:
            raise ProviderResponseError(
                "the stream ended before the answer was complete",
                provider=self.name,
                model=request.model,
                hint="retry; if it persists, check Anthropic's status page",
            )
        if wrapped:
            yield StreamChunk(text=_unwrap_partial("".join(held)))
        yield StreamChunk(tokens_in=tokens_in, tokens_out=tokens_out, finish_reason=finish)

    def _translate(self, error: Exception, model: str, *, cut_off: bool = False) -> ProviderError:
        """The ProviderError for an SDK error; ``cut_off`` when a stream had already begun."""
        import anthropic

        secrets = [self.connection.api_key] if self.connection.api_key else []
        detail = f"{type(error).__name__}: {redact(str(error), secrets)[:200]}"
        if isinstance(error, TimeoutError | anthropic.APITimeoutError):
            return ProviderTimeoutError(
                "no answer within the timeout",
                provider=self.name,
                model=model,
                hint="raise PRESSWRIGHT_LLM_TIMEOUT, lower max_tokens, or retry later",
            )
        if isinstance(error, anthropic.APIConnectionError) and not cut_off:
            return ProviderTimeoutError(
                f"cannot reach {self.connection.base_url or DEFAULT_BASE_URL}",
                provider=self.name,
                model=model,
                hint="check the network and that the base URL is right",
            )
        if isinstance(error, anthropic.APIStatusError):
            message = redact(_error_message(error), secrets)
            if error.status_code < 400:
                # An `error` event inside a stream that had already answered 200.
                return ProviderResponseError(
                    f"the stream broke off: {message}",
                    provider=self.name,
                    model=model,
                    hint="retry; Anthropic may be overloaded",
                )
            hint = _STATUS_HINTS.get(error.status_code)
            if error.status_code == 401:
                hint = f"the API key was refused: {self._key_hint()} with a valid key"
            return ProviderHTTPError(
                message,
                provider=self.name,
                model=model,
                status=error.status_code,
                retry_after=parse_retry_after(error.response.headers.get("retry-after")),
                hint=hint or "retry later; if it persists, check status.anthropic.com",
            )
        if cut_off:
            return ProviderResponseError(
                f"the stream broke off ({detail})",
                provider=self.name,
                model=model,
                hint="retry; the answer stopped in the middle",
            )
        return ProviderResponseError(
            f"unreadable answer ({detail})",
            provider=self.name,
            model=model,
            hint="retry; if it persists, check the base URL points at the Messages API",
        )

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None


def _message(message: Message) -> dict[str, Any]:
    """A Messages API message; pictures are base64 ``image`` blocks placed before the text,
    as Anthropic's vision guide recommends."""
    if not message.images:
        return {"role": message.role, "content": message.content}
    blocks: list[dict[str, Any]] = [
        {
            "type": "image",
            "source": {"type": "base64", "media_type": image.media_type, "data": image.data},
        }
        for image in message.images
    ]
    blocks.append({"type": "text", "text": message.content})
    return {"role": message.role, "content": blocks}


def _tool_name(schema_name: str) -> str:
    """A tool name the API accepts (letters, digits, _ and -, at most 64) for a schema name."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", schema_name)[:64] or "output"


def _tool_input_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The tool ``input_schema`` for ``schema``: itself if it describes an object, else wrapped."""
    if not _needs_wrapping(schema):
        return schema
    return {"type": "object", "properties": {WRAP_KEY: schema}, "required": [WRAP_KEY]}


def _needs_wrapping(schema: dict[str, Any]) -> bool:
    return schema.get("type") != "object"


def _tool_answer(tool_input: object, schema: dict[str, Any]) -> str:
    if _needs_wrapping(schema) and isinstance(tool_input, dict):
        tool_input = tool_input.get(WRAP_KEY)
    return json.dumps(tool_input, ensure_ascii=False)


def _unwrap_partial(text: str) -> str:
    """The answer inside a streamed wrapped tool input; the raw text if it is not valid JSON."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return json.dumps(value.get(WRAP_KEY) if isinstance(value, dict) else value, ensure_ascii=False)


def _delta_text(delta: Any, *, structured: bool) -> str:
    """Text of a content delta: answer text, or the tool input JSON when structured."""
    kind = getattr(delta, "type", None)
    if kind == "text_delta" and not structured:
        return str(delta.text)
    if kind == "input_json_delta" and structured:
        return str(delta.partial_json)
    return ""


def _input_tokens(usage: Any) -> int:
    """Every input token: uncached plus written to and read from the prompt cache."""
    return sum(
        getattr(usage, field, None) or 0
        for field in ("input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens")
    )


def _error_message(error: anthropic.APIStatusError) -> str:
    kind = error.type or ""
    text = error.api_message or error.message
    return f"{kind}: {text}" if kind else text


def _from_settings(settings: Settings) -> Connection | None:
    if settings.anthropic_api_key is None:
        return None
    return Connection(
        name="anthropic",
        kind="anthropic",
        api_key=settings.anthropic_api_key.get_secret_value(),
        source="ANTHROPIC_API_KEY",
    )


@hookimpl
def register_provider_kinds(register: Callable[[ProviderKind], None]) -> None:
    """Anthropic's Claude models (pip install 'presswright[anthropic]')."""
    register(
        ProviderKind(
            name="anthropic",
            create=AnthropicProvider,
            from_settings=_from_settings,
            description="set ANTHROPIC_API_KEY",
        )
    )
