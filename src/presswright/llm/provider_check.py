"""A live check of one provider connection: one tiny real call, and what came of it.

Listing models (:func:`presswright.llm.factory.models_for_tenant`) only says whether a
connection is complete (a key, a base URL); whether the key works, the server answers and the
model exists shows only when the provider is called. :func:`check_provider` makes that call
as small as it can be (a few output tokens, no cache, no retry, no fallback, a short timeout),
through the same client as every call, so it is limited and its usage recorded like any
other; a failure is an answer (``ok`` false with the provider's message), not an error.
"""

from __future__ import annotations

import asyncio
import time
import uuid

from pydantic import BaseModel, Field

from presswright.bootstrap import Instance
from presswright.errors import NotFoundError, ProviderError, UserInputError
from presswright.llm.client import LLMClient
from presswright.llm.factory import stored_connections
from presswright.llm.registry import ProviderRegistry, parse_model_id
from presswright.llm.retry import RetryPolicy
from presswright.llm.shared_limits import shared_limiters
from presswright.llm.types import GenerationParams
from presswright.llm.usage import UsageRecorder

__all__ = ["CHECK_PROMPT", "CHECK_TIMEOUT", "ProviderCheck", "check_provider"]

CHECK_PROMPT = "Reply with the single word OK."
CHECK_TIMEOUT = 30.0  # seconds: long enough for a cold local model, short enough to wait for
_CHECK_TOKENS = 8


class ProviderCheck(BaseModel):
    """What one tiny call to a provider showed."""

    ok: bool = Field(description="Whether the provider answered.")
    provider: str
    model: str | None = Field(description="The model called (provider:model), if one was.")
    latency_ms: float | None = Field(description="How long the call took, when one was made.")
    error: str | None = Field(description="Why it failed, as the provider said; null when ok.")


def _model_for(registry: ProviderRegistry, name: str, default_model: str) -> str | None:
    """The model a check of ``name`` calls: the default model if it is this provider's, else
    the first model the provider lists (None when it lists none)."""
    try:
        provider, model = parse_model_id(registry.resolve_alias(default_model))
    except UserInputError:
        provider, model = "", ""
    if provider == name:
        return model
    known = [m for m in registry.provider(name).known_models() if m != "*"]
    return known[0] if known else None


def _failed(name: str, called: str | None, started: float, error: str) -> ProviderCheck:
    elapsed = round((time.perf_counter() - started) * 1000, 3)
    return ProviderCheck(
        ok=False,
        provider=name,
        model=called,
        latency_ms=elapsed if called else None,
        error=error,
    )


async def check_provider(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID | None,
    name: str,
    model: str | None = None,
    timeout: float = CHECK_TIMEOUT,
) -> ProviderCheck:
    """Call the provider ``name`` once with a tiny prompt and say whether it answered.

    ``model`` is the provider's own model name (default: the workspace's default model when
    it is on this provider, else the first model the connection lists). NotFoundError when
    the workspace has no provider of that name (stored, or from the server's environment).
    """
    registry = ProviderRegistry(instance.settings, stored_connections(instance, tenant_id))
    if name not in registry.connections:
        raise NotFoundError(
            f"no provider named {name!r} in this workspace",
            hint="store it in Settings (Providers), or run `presswright providers add`",
        )
    client = LLMClient(
        settings=instance.settings,
        registry=registry,
        tenant_id=tenant_id,
        user_id=user_id,
        usage=UsageRecorder(instance.database),
        retry=RetryPolicy(max_retries=0),
        limiters=shared_limiters(instance.database),
    )
    started = time.perf_counter()
    called: str | None = None
    try:
        chosen = model or _model_for(registry, name, instance.settings.default_model)
        if chosen is None:
            return ProviderCheck(
                ok=False,
                provider=name,
                model=None,
                latency_ms=None,
                error=f"{name} lists no model to call: add the models it serves to the"
                " connection, or name one to check",
            )
        called = f"{name}:{chosen}"
        # The provider is given the timeout; a provider that overruns it is cut here too.
        completion = await asyncio.wait_for(
            client.complete(
                CHECK_PROMPT,
                model=called,
                params=GenerationParams(max_tokens=_CHECK_TOKENS, temperature=0),
                cache=False,
                fallbacks=[],
                timeout=timeout,
            ),
            timeout,
        )
        return ProviderCheck(
            ok=True,
            provider=name,
            model=completion.model_id,
            latency_ms=completion.latency_ms,
            error=None,
        )
    except TimeoutError:
        message = f"{called}: no answer within {timeout:g} s; check that the server is up"
        return _failed(name, called, started, message)
    except ProviderError as error:
        return _failed(name, called, started, str(error))
    finally:
        await client.aclose()
