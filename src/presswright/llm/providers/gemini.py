"""The ``gemini`` provider: Google's Gemini models through the official ``google-genai`` SDK.

System messages become ``system_instruction`` and the assistant role is ``model``.
Structured output is constrained decoding: ``response_mime_type="application/json"`` plus
the JSON Schema in ``response_json_schema``. The SDK's retries are off (a single attempt
also turns off its hidden reconnect-and-retry), because the client layer retries with
Retry-After. Output tokens count thinking tokens too: Gemini bills them as output.
The SDK is imported lazily: this module loads without the ``[gemini]`` extra and then
reports itself unavailable with the install command.
"""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import AsyncGenerator, AsyncIterator, Callable
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
from presswright.llm.types import ModelProfile, ProviderRequest, ProviderResponse, StreamChunk
from presswright.settings import Settings

if TYPE_CHECKING:
    from google import genai
    from google.genai import errors as genai_errors
    from google.genai import types as genai_types

__all__ = ["API_VERSION", "DEFAULT_BASE_URL", "KNOWN_MODELS", "GeminiProvider"]

DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com/"
# Pinned so GOOGLE_GENAI_API_VERSION in the environment cannot move the requests elsewhere.
API_VERSION = "v1beta"
KNOWN_MODELS = ("gemini-3.7-flash", "gemini-3.5-flash-lite", "gemini-3.1-pro-preview")

_STATUS_HINTS = {
    400: "the request was refused: check the model name, max_tokens and the schema",
    403: "this key may not use this model, or the Generative Language API is off for its project",
    404: "the model name is unknown to Gemini; see `presswright models`",
    429: "rate limited or out of quota: wait, or lower this provider's limits",
}


class GeminiProvider(KeyedSDKProvider):
    """Gemini models over ``generateContent``; one attempt per call (the client retries)."""

    sdk_module = "google.genai"
    extra = "gemini"
    key_variable = "GEMINI_API_KEY"
    kind_name = "gemini"
    default_models = KNOWN_MODELS

    def __init__(self, connection: Connection, settings: Settings) -> None:
        super().__init__(connection)
        self._client: genai.Client | None = None

    def profile(self, model: str) -> ModelProfile:
        return ModelProfile(
            streaming=True,
            structured="json_schema",
            tools=True,
            images=True,
            context_window=1_000_000,
        )

    def client(self, model: str) -> genai.Client:
        """The SDK client, created on first use; raises ProviderUnavailableError if it cannot be."""
        if self._client is None:
            missing = self._missing()
            if missing is not None:
                raise ProviderUnavailableError(
                    missing[0], provider=self.name, model=model, hint=missing[1]
                )
            from google import genai
            from google.genai import types as genai_types

            self._client = genai.Client(
                api_key=self.connection.api_key,
                vertexai=False,
                http_options=genai_types.HttpOptions(
                    base_url=self.connection.base_url or DEFAULT_BASE_URL,
                    api_version=API_VERSION,
                    retry_options=genai_types.HttpRetryOptions(attempts=1),
                ),
            )
        return self._client

    def _arguments(self, request: ProviderRequest, timeout: float) -> dict[str, Any]:
        from google.genai import types as genai_types

        params = request.params
        system = "\n\n".join(m.content for m in request.messages if m.role == "system")
        config = genai_types.GenerateContentConfig(
            system_instruction=system or None,
            temperature=params.temperature,
            top_p=params.top_p,
            max_output_tokens=params.max_tokens,
            stop_sequences=list(params.stop) if params.stop else None,
            seed=params.seed,
            # Milliseconds; the SDK applies it to each network phase of this call.
            http_options=genai_types.HttpOptions(timeout=max(1, round(timeout * 1000))),
        )
        if request.json_schema is not None:
            config.response_mime_type = "application/json"
            config.response_json_schema = request.json_schema
        contents = [
            genai_types.Content(
                role="model" if m.role == "assistant" else "user",
                # Pictures go inline (base64 on the wire) before the text, as Gemini's
                # image-understanding guide recommends for a single prompt.
                parts=[
                    *(
                        genai_types.Part.from_bytes(data=image.raw(), mime_type=image.media_type)
                        for image in m.images
                    ),
                    genai_types.Part(text=m.content),
                ],
            )
            for m in request.messages
            if m.role != "system"
        ]
        return {"model": request.model, "contents": contents, "config": config}

    async def request(self, request: ProviderRequest, *, timeout: float) -> ProviderResponse:
        client = self.client(request.model)
        arguments = self._arguments(request, timeout)
        failure: ProviderError | None = None
        try:
            # The SDK timeout bounds each network phase; this bounds the whole call.
            async with asyncio.timeout(timeout):
                response = await client.aio.models.generate_content(**arguments)
        except ProviderError:
            raise
        except Exception as error:
            failure = self._translate(error, request.model)
        if failure is not None:
            raise failure  # outside except: no SDK error (it may quote the key) as context
        candidate = self._first_candidate(response, request.model)
        tokens_in, tokens_out = _usage(response)
        return ProviderResponse(
            text=_candidate_text(candidate),
            tokens_in=tokens_in or 0,
            tokens_out=tokens_out or 0,
            finish_reason=_finish_reason(candidate),
        )

    def _first_candidate(
        self, response: genai_types.GenerateContentResponse, model: str
    ) -> genai_types.Candidate:
        if response.candidates:
            return response.candidates[0]
        feedback = response.prompt_feedback
        reason = feedback.block_reason if feedback is not None else None
        if reason is not None:
            raise ProviderResponseError(
                f"the prompt was blocked ({_enum_text(reason)})",
                provider=self.name,
                model=model,
                hint="rephrase the prompt; Gemini's safety filters refused it",
            )
        raise ProviderResponseError(
            "the answer has no candidates",
            provider=self.name,
            model=model,
            hint="retry; if it persists, check the base URL points at the Gemini API",
        )

    async def stream(
        self, request: ProviderRequest, *, timeout: float
    ) -> AsyncIterator[StreamChunk]:
        client = self.client(request.model)
        arguments = self._arguments(request, timeout)
        deadline = asyncio.get_running_loop().time() + timeout
        tokens_in: int | None = None
        tokens_out: int | None = None
        finish: str | None = None
        started = False
        failure: ProviderError | None = None
        try:
            async with asyncio.timeout_at(deadline):
                chunks = await client.aio.models.generate_content_stream(**arguments)
            started = True
            try:
                while True:
                    # The deadline covers the whole stream, not each read.
                    async with asyncio.timeout_at(deadline):
                        chunk = await anext(chunks, None)
                    if chunk is None:
                        break
                    if chunk.usage_metadata is not None:
                        tokens_in, tokens_out = _usage(chunk)
                    if chunk.candidates:
                        candidate = chunk.candidates[0]
                        finish = _finish_reason(candidate) or finish
                        text = _candidate_text(candidate)
                        if text:
                            yield StreamChunk(text=text)
            finally:
                if isinstance(chunks, AsyncGenerator):
                    await chunks.aclose()
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
                hint="retry; if it persists, check the base URL points at the Gemini API",
            )
        yield StreamChunk(tokens_in=tokens_in, tokens_out=tokens_out, finish_reason=finish)

    def _translate(self, error: Exception, model: str, *, cut_off: bool = False) -> ProviderError:
        """The ProviderError for an SDK error; ``cut_off`` when a stream had already begun."""
        from google.genai import errors as genai_errors

        secrets = [self.connection.api_key] if self.connection.api_key else []
        detail = f"{type(error).__name__}: {redact(str(error), secrets)[:200]}"
        timeouts, failures = _transport_errors()
        if isinstance(error, timeouts):
            return ProviderTimeoutError(
                "no answer within the timeout",
                provider=self.name,
                model=model,
                hint="raise PRESSWRIGHT_LLM_TIMEOUT, lower max_tokens, or retry later",
            )
        if isinstance(error, genai_errors.APIError):
            status = error.code
            hint = _STATUS_HINTS.get(status)
            if status == 401 or "API_KEY_INVALID" in str(error.details):
                hint = f"the API key was refused: {self._key_hint()} with a valid key"
            text = f"{error.status}: {error.message}" if error.status else str(error.message)
            return ProviderHTTPError(
                redact(text, secrets),
                provider=self.name,
                model=model,
                status=status,
                retry_after=_retry_after(error),
                hint=hint or "retry later; if it persists, check the Gemini API status page",
            )
        if cut_off:
            return ProviderResponseError(
                f"the stream broke off ({detail})",
                provider=self.name,
                model=model,
                hint="retry; the answer stopped in the middle",
            )
        if isinstance(error, failures):
            return ProviderTimeoutError(
                f"cannot reach {self.connection.base_url or DEFAULT_BASE_URL}",
                provider=self.name,
                model=model,
                hint="check the network and that the base URL is right",
            )
        return ProviderResponseError(
            f"unreadable answer ({detail})",
            provider=self.name,
            model=model,
            hint="retry; if it persists, check the base URL points at the Gemini API",
        )

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aio.aclose()
            self._client.close()
            self._client = None


def _transport_errors() -> tuple[tuple[type[Exception], ...], tuple[type[Exception], ...]]:
    """(timeouts, connection failures) of whichever HTTP library the SDK picked.

    The SDK uses httpx2, httpx or aiohttp depending on what is installed and does not wrap
    their errors; a library that is not imported cannot have raised anything.
    """
    timeouts: list[type[Exception]] = [TimeoutError]
    failures: list[type[Exception]] = [OSError]
    for name in ("httpx2", "httpx"):
        module = sys.modules.get(name)
        if module is not None:
            timeouts.append(module.TimeoutException)
            failures.append(module.TransportError)
    aiohttp = sys.modules.get("aiohttp")
    if aiohttp is not None:
        failures.append(aiohttp.ClientError)
    return tuple(timeouts), tuple(failures)


def _retry_after(error: genai_errors.APIError) -> float | None:
    """Seconds to wait: the Retry-After header, else the body's google.rpc.RetryInfo delay."""
    headers = getattr(getattr(error, "response", None), "headers", None)
    header = headers.get("retry-after") if headers is not None else None
    if header:
        return parse_retry_after(header)
    body = error.details if isinstance(error.details, dict) else {}
    inner = body.get("error", body)
    details = inner.get("details") if isinstance(inner, dict) else None
    for detail in details if isinstance(details, list) else []:
        delay = detail.get("retryDelay") if isinstance(detail, dict) else None
        match = re.fullmatch(r"(\d+(?:\.\d+)?)s", str(delay or ""))
        if match:
            return parse_retry_after(match.group(1))
    return None


def _candidate_text(candidate: genai_types.Candidate) -> str:
    """The answer text of a candidate, without thought summaries."""
    parts = candidate.content.parts if candidate.content is not None else None
    return "".join(p.text for p in parts or [] if p.text and not p.thought)


def _finish_reason(candidate: genai_types.Candidate) -> str | None:
    reason = candidate.finish_reason
    return _enum_text(reason) if reason is not None else None


def _enum_text(value: object) -> str:
    return str(getattr(value, "value", value))


def _usage(response: genai_types.GenerateContentResponse) -> tuple[int | None, int | None]:
    usage = response.usage_metadata
    if usage is None:
        return None, None
    tokens_out = (usage.candidates_token_count or 0) + (usage.thoughts_token_count or 0)
    return usage.prompt_token_count, tokens_out


def _from_settings(settings: Settings) -> Connection | None:
    if settings.gemini_api_key is None:
        return None
    return Connection(
        name="gemini",
        kind="gemini",
        api_key=settings.gemini_api_key.get_secret_value(),
        source="GEMINI_API_KEY",
    )


@hookimpl
def register_provider_kinds(register: Callable[[ProviderKind], None]) -> None:
    """Google's Gemini models (pip install 'presswright[gemini]')."""
    register(
        ProviderKind(
            name="gemini",
            create=GeminiProvider,
            from_settings=_from_settings,
            description="set GEMINI_API_KEY",
        )
    )
