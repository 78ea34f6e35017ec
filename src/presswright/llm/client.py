"""The one door every LLM call goes through.

For each call: resolve the model id -> cache lookup -> rate limit -> provider request with
timeout and retries -> (with a schema) validation and up to two repair re-asks -> cache
store -> a usage row. If the model fails for good, the fallback chain is tried in order.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import random
import time
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from presswright.errors import (
    ProviderError,
    ProviderTimeoutError,
    ProviderUnavailableError,
    StructuredOutputError,
)
from presswright.llm.cache import ResponseCache, cache_key
from presswright.llm.limits import Limiter, LimiterFactory, RateLimiter, estimate_tokens
from presswright.llm.provider import Provider
from presswright.llm.registry import ProviderRegistry
from presswright.llm.retry import RetryPolicy, with_retries
from presswright.llm.structured import MAX_REPAIRS, OutputSchema, repair_messages
from presswright.llm.types import (
    Completion,
    GenerationParams,
    Message,
    ModelInfo,
    ProviderRequest,
    ProviderResponse,
    StreamChunk,
)
from presswright.llm.usage import CallRecord, UsageRecorder, call_cost, prompt_hash
from presswright.settings import Settings

__all__ = ["LLMClient", "Prompt"]

Prompt = str | Sequence[Message]
_HARD_STOP_MARGIN = 5.0  # seconds past the timeout after which a provider call is abandoned
_logger = logging.getLogger("presswright.llm")


@dataclass
class _Call:
    """What one model attempt needs."""

    provider: Provider
    model: str
    request: ProviderRequest
    use_cache: bool
    timeout: float


class LLMClient:
    """LLM access for one tenant (and optionally one user), with accounting."""

    def __init__(
        self,
        *,
        settings: Settings,
        registry: ProviderRegistry,
        tenant_id: uuid.UUID | None = None,
        user_id: uuid.UUID | None = None,
        cache: ResponseCache | None = None,
        usage: UsageRecorder | None = None,
        retry: RetryPolicy | None = None,
        limiters: LimiterFactory | None = None,
    ) -> None:
        self.settings = settings
        self.registry = registry
        self.tenant_id = tenant_id
        self.user_id = user_id
        self.cache = cache
        self.usage = usage
        self.retry = retry or RetryPolicy(max_retries=settings.llm_max_retries)
        self._limiters: dict[str, Limiter] = {}
        self._limiter_factory = limiters or _in_process_limiter
        self._rng = random.Random()  # noqa: S311 - jitter, not cryptography

    # --- public API -------------------------------------------------------------------

    def models(self) -> list[ModelInfo]:
        """Every model that can be named here, with the reason for each unavailable one."""
        return self.registry.models()

    async def complete(
        self,
        prompt: Prompt,
        *,
        model: str | None = None,
        system: str | None = None,
        schema: type[BaseModel] | dict[str, Any] | None = None,
        params: GenerationParams | None = None,
        cache: bool = True,
        fallbacks: Sequence[str] | None = None,
        timeout: float | None = None,
    ) -> Completion:
        """Answer ``prompt``; with ``schema``, ``Completion.parsed`` holds the validated value."""
        messages = _messages(prompt, system)
        output = OutputSchema.of(schema) if schema is not None else None
        errors: list[ProviderError] = []
        for model_id in self._chain(model, fallbacks):
            try:
                return await self._complete_with(model_id, messages, output, params, cache, timeout)
            except ProviderError as error:
                errors.append(error)
        raise _final_error(errors)

    async def stream(
        self,
        prompt: Prompt,
        *,
        model: str | None = None,
        system: str | None = None,
        params: GenerationParams | None = None,
        fallbacks: Sequence[str] | None = None,
        timeout: float | None = None,
    ) -> AsyncIterator[StreamChunk]:
        """Stream the answer; retries and fallbacks apply until the first text arrives."""
        messages = _messages(prompt, system)
        errors: list[ProviderError] = []
        for model_id in self._chain(model, fallbacks):
            try:
                provider, name = self.registry.resolve(model_id)
                _check_images(provider, name, messages)
            except ProviderError as error:
                errors.append(error)
                continue
            call = _Call(
                provider,
                name,
                _request(name, messages, params, None),
                False,
                timeout or self.settings.llm_timeout,
            )
            attempt = 0
            while True:
                attempt += 1
                started = False
                try:
                    async for chunk in self._stream_once(call):
                        started = started or bool(chunk.text)
                        yield chunk
                    return
                except ProviderError as error:
                    if started:
                        raise
                    if not error.retryable or attempt > self.retry.max_retries:
                        errors.append(error)
                        break
                    await asyncio.sleep(self.retry.delay(attempt, error, self._rng))
        raise _final_error(errors)

    async def aclose(self) -> None:
        """Flush the usage log and close provider clients."""
        if self.usage is not None:
            await asyncio.to_thread(self.usage.flush)
        await self.registry.aclose()

    # --- one model ----------------------------------------------------------------------

    def _chain(self, model: str | None, fallbacks: Sequence[str] | None) -> list[str]:
        chain = [model or self.settings.default_model]
        for extra in self.settings.fallback_models if fallbacks is None else fallbacks:
            if extra not in chain:
                chain.append(extra)
        return chain

    async def _complete_with(
        self,
        model_id: str,
        messages: tuple[Message, ...],
        output: OutputSchema | None,
        params: GenerationParams | None,
        use_cache: bool,
        timeout: float | None,
    ) -> Completion:
        provider, name = self.registry.resolve(model_id)
        _check_images(provider, name, messages)
        if output is not None and provider.profile(name).structured == "prompt":
            messages = (Message(role="system", content=output.instructions()), *messages)
        conversation = messages
        total_in = total_out = 0
        spent = 0.0
        attempts = 0
        started = time.perf_counter()
        for repair in range(MAX_REPAIRS + 1):
            call = _Call(
                provider,
                name,
                _request(name, conversation, params, output),
                use_cache,
                timeout or self.settings.llm_timeout,
            )
            response, cached, tries, key = await self._request(call)
            attempts += tries
            total_in += response.tokens_in
            total_out += response.tokens_out
            spent += 0.0 if cached else self._cost(provider.name, name, response)
            parsed, violations = (None, []) if output is None else output.validate(response.text)
            if not violations:
                if use_cache and not cached and self.cache is not None and key is not None:
                    self._cache_put(key, provider.name, name, response)
                return Completion(
                    text=response.text,
                    parsed=parsed,
                    provider=provider.name,
                    model=name,
                    tokens_in=total_in,
                    tokens_out=total_out,
                    latency_ms=round((time.perf_counter() - started) * 1000, 3),
                    cost=spent,
                    cached=cached,
                    attempts=attempts,
                    finish_reason=response.finish_reason,
                )
            if repair == MAX_REPAIRS:
                raise StructuredOutputError(
                    provider=provider.name, model=name, violations=violations, attempts=repair + 1
                )
            conversation = repair_messages(messages, response.text, violations)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _request(self, call: _Call) -> tuple[ProviderResponse, bool, int, str | None]:
        """One answer for ``call``: from the cache, or from the provider with retries."""
        key = (
            cache_key(call.provider.name, call.request)
            if call.use_cache and self.cache is not None
            else None
        )
        if key is not None and self.cache is not None:
            started = time.perf_counter()
            hit = self.cache.get(key)
            if hit is not None:
                self._log(call, hit, started, status="ok", cache_hit=True)
                return hit, True, 0, key
        limiter = self._limiter(call.provider)

        async def attempt() -> ProviderResponse:
            booking = None
            if limiter is not None:
                booking = await limiter.acquire(_estimate(call.request), model=call.model)
            started = time.perf_counter()
            try:
                response = await asyncio.wait_for(
                    call.provider.request(call.request, timeout=call.timeout),
                    call.timeout + _HARD_STOP_MARGIN,
                )
            except TimeoutError:
                error = ProviderTimeoutError(
                    f"no answer within {call.timeout:.0f} s",
                    provider=call.provider.name,
                    model=call.model,
                    hint="raise PRESSWRIGHT_LLM_TIMEOUT or check the provider",
                )
                self._log(call, None, started, status="error", error=error)
                raise error from None
            except ProviderError as error:
                self._log(call, None, started, status="error", error=error)
                raise
            if limiter is not None:
                limiter.settle(booking, response.tokens_in + response.tokens_out)
            self._log(call, response, started, status="ok")
            return response

        response, tries = await with_retries(attempt, self.retry, rng=self._rng)
        return response, False, tries, key

    async def _stream_once(self, call: _Call) -> AsyncIterator[StreamChunk]:
        limiter = self._limiter(call.provider)
        booking = None
        if limiter is not None:
            booking = await limiter.acquire(_estimate(call.request), model=call.model)
        started = time.perf_counter()
        parts: list[str] = []
        try:
            async for chunk in call.provider.stream(call.request, timeout=call.timeout):
                if chunk.text:
                    parts.append(chunk.text)
                    yield chunk
                elif chunk.tokens_out is not None or chunk.finish_reason is not None:
                    final = ProviderResponse(
                        text="".join(parts),
                        tokens_in=chunk.tokens_in or 0,
                        tokens_out=chunk.tokens_out or 0,
                        finish_reason=chunk.finish_reason,
                    )
                    if limiter is not None:
                        limiter.settle(booking, final.tokens_in + final.tokens_out)
                    self._log(call, final, started, status="ok")
                    yield chunk
        except ProviderError as error:
            self._log(call, None, started, status="error", error=error)
            raise

    # --- accounting ---------------------------------------------------------------------

    def _limiter(self, provider: Provider) -> Limiter | None:
        connection = provider.connection
        rpm, tpm = connection.requests_per_minute, connection.tokens_per_minute
        if provider.name in self.settings.provider_limits:
            rpm, tpm = self.settings.provider_limits[provider.name]
        if rpm is None and tpm is None:
            return None
        # One budget per provider account: the same key (or server) shares it, whoever calls.
        account = hashlib.sha256(
            f"{connection.kind}|{connection.base_url}|{connection.api_key}".encode()
        ).hexdigest()[:16]
        scope = f"{provider.name}:{account}:{rpm}:{tpm}"
        if scope not in self._limiters:
            self._limiters[scope] = self._limiter_factory(
                scope, provider.name, rpm, tpm, self.settings.provider_limit_window
            )
        return self._limiters[scope]

    def _cost(self, provider: str, model: str, response: ProviderResponse) -> float:
        return call_cost(
            f"{provider}:{model}", response.tokens_in, response.tokens_out, self.settings.prices
        )

    def _cache_put(self, key: str, provider: str, model: str, response: ProviderResponse) -> None:
        if self.cache is not None and self.settings.llm_cache_ttl > 0:
            self.cache.put(key, provider, model, response, self.settings.llm_cache_ttl)

    def _log(
        self,
        call: _Call,
        response: ProviderResponse | None,
        started: float,
        *,
        status: str,
        cache_hit: bool = False,
        error: ProviderError | None = None,
    ) -> None:
        tokens_in = 0 if cache_hit or response is None else response.tokens_in
        tokens_out = 0 if cache_hit or response is None else response.tokens_out
        latency_ms = round((time.perf_counter() - started) * 1000, 3)
        # Never the prompt, never a key: provider, model, outcome and numbers only.
        _logger.info(
            "llm call %s:%s status=%s error=%s tokens_in=%d tokens_out=%d cache_hit=%s ms=%.1f",
            call.provider.name,
            call.model,
            status,
            type(error).__name__ if error else "-",
            tokens_in,
            tokens_out,
            cache_hit,
            latency_ms,
        )
        if self.usage is None or self.tenant_id is None:
            return
        messages = call.request.messages
        self.usage.record(
            CallRecord(
                tenant_id=self.tenant_id,
                user_id=self.user_id,
                provider=call.provider.name,
                model=call.model,
                tokens_in=tokens_in,
                tokens_out=tokens_out,
                latency_ms=latency_ms,
                cost=call_cost(
                    f"{call.provider.name}:{call.model}",
                    tokens_in,
                    tokens_out,
                    self.settings.prices,
                ),
                cache_hit=cache_hit,
                status=status,
                error_class=type(error).__name__ if error is not None else None,
                prompt_hash=prompt_hash(messages),
                prompt_text="\n\n".join(m.content for m in messages)
                if self.settings.log_prompts
                else None,
            )
        )


def _in_process_limiter(
    scope: str, provider: str, rpm: int | None, tpm: int | None, window: float
) -> Limiter:
    return RateLimiter(
        provider=provider, requests_per_minute=rpm, tokens_per_minute=tpm, window=window
    )


def _messages(prompt: Prompt, system: str | None) -> tuple[Message, ...]:
    messages = [Message(role="user", content=prompt)] if isinstance(prompt, str) else list(prompt)
    if system:
        messages.insert(0, Message(role="system", content=system))
    return tuple(messages)


def _request(
    model: str,
    messages: tuple[Message, ...],
    params: GenerationParams | None,
    output: OutputSchema | None,
) -> ProviderRequest:
    return ProviderRequest(
        model=model,
        messages=messages,
        params=params or GenerationParams(),
        json_schema=output.json_schema if output is not None else None,
        schema_name=output.name if output is not None else "output",
    )


def _final_error(errors: list[ProviderError]) -> ProviderError:
    if len(errors) == 1:
        return errors[0]
    first = errors[0]
    return ProviderError(
        "every model in the fallback chain failed: " + "; ".join(str(e) for e in errors),
        provider=first.provider,
        model=first.model,
        hint="fix the first model's problem above, or add a working model to the chain",
    )


def _check_images(provider: Provider, name: str, messages: tuple[Message, ...]) -> None:
    """Refuse pictures for a model that cannot read them, before anything is sent.

    Its provider would drop them or send them where they mean nothing (the packaged model
    would be handed base64 as text); the chain goes on to a fallback that can see.
    """
    if any(message.images for message in messages) and not provider.profile(name).images:
        raise ProviderUnavailableError(
            "this model does not read pictures, and the request shows it some",
            provider=provider.name,
            model=name,
            hint="choose a vision model (openai:gpt-4o-mini, anthropic:claude-sonnet-4-6,"
            " gemini:gemini-3.7-flash), or write from the prompt without the picture",
        )


def _estimate(request: ProviderRequest) -> int:
    """The tokens to book for ``request`` before it is sent (text and pictures)."""
    chars = sum(len(message.content) for message in request.messages)
    images = sum(len(message.images) for message in request.messages)
    return estimate_tokens(chars, request.params.max_tokens, images=images)
