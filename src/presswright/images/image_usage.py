"""The accounting of image calls: shared per-account limits, prices and usage rows.

Text and image calls of one provider account share one budget: the limiter scope is the
one :class:`~presswright.llm.client.LLMClient` books under (the same kind, URL and key
give the same scope), in process or, with :func:`~presswright.llm.shared_limits.
shared_limiters`, across every process on the database. Each picture gets an ``llm_calls``
row (provider, model, tokens the vendor reported, latency, cost from
:mod:`presswright.images.prices`, status); a failed call gets one ``error`` row. Neither
the prompt (unless ``log_prompts``) nor a key is ever logged.
"""

from __future__ import annotations

import hashlib
import logging
import uuid

from presswright.errors import ProviderError
from presswright.images.prices import ImagePrices, image_cost, input_cost
from presswright.images.provider import ImageProvider, ImageRequest, ImageResponse
from presswright.llm.limits import Limiter, LimiterFactory, RateLimiter
from presswright.llm.types import Message
from presswright.llm.usage import CallRecord, UsageRecorder, prompt_hash
from presswright.settings import Settings

__all__ = ["ImageAccounting"]

_logger = logging.getLogger("presswright.images")


class ImageAccounting:
    """Limits, prices and usage rows of one tenant's (and maybe one user's) image calls."""

    def __init__(
        self,
        *,
        settings: Settings,
        tenant_id: uuid.UUID | None,
        user_id: uuid.UUID | None,
        usage: UsageRecorder | None,
        limiters: LimiterFactory | None,
        prices: ImagePrices | None,
    ) -> None:
        self.settings = settings
        self.tenant_id = tenant_id
        self.user_id = user_id
        self.usage = usage
        self.prices = prices
        self._limiters: dict[str, Limiter] = {}
        self._limiter_factory = limiters or _in_process_limiter

    def price(self, provider: ImageProvider, model: str, response: ImageResponse) -> float:
        """USD per picture of ``response``: by the provider's name, then by its kind; the
        call's input tokens (prompt, input picture) shared by its pictures."""
        priced = response.priced_as or model
        ids = (f"{provider.name}:{priced}", f"{provider.connection.kind}:{priced}")
        per_picture = image_cost(
            ids, quality=response.quality, size=response.size, prices=self.prices
        )
        image_tokens = min(response.image_tokens_in, response.tokens_in)
        spent_in = input_cost(
            (f"{provider.connection.kind}:{model}",),
            text_tokens=response.tokens_in - image_tokens,
            image_tokens=image_tokens,
        )
        return per_picture + spent_in / max(len(response.images), 1)

    def limiter(self, provider: ImageProvider) -> Limiter | None:
        """The budget of the provider's account, or None when it has no limits."""
        connection = provider.connection
        rpm, tpm = connection.requests_per_minute, connection.tokens_per_minute
        if provider.name in self.settings.provider_limits:
            rpm, tpm = self.settings.provider_limits[provider.name]
        if rpm is None and tpm is None:
            return None
        # The same scope as LLMClient's: text and image calls of one account share one budget.
        account = hashlib.sha256(
            f"{connection.kind}|{connection.base_url}|{connection.api_key}".encode()
        ).hexdigest()[:16]
        scope = f"{provider.name}:{account}:{rpm}:{tpm}"
        if scope not in self._limiters:
            self._limiters[scope] = self._limiter_factory(
                scope, provider.name, rpm, tpm, self.settings.provider_limit_window
            )
        return self._limiters[scope]

    def record(
        self,
        provider: ImageProvider,
        model: str,
        request: ImageRequest,
        seconds: float,
        *,
        tokens: tuple[int, int] = (0, 0),
        cost: float = 0.0,
        error: ProviderError | None = None,
    ) -> None:
        """Log one picture (or one failed call) and queue its usage row."""
        status = "ok" if error is None else "error"
        latency_ms = round(seconds * 1000, 3)
        # Never the prompt, never a key: provider, model, outcome and numbers only.
        _logger.info(
            "image %s:%s status=%s error=%s cost=%.4f ms=%.1f",
            provider.name,
            model,
            status,
            type(error).__name__ if error else "-",
            cost,
            latency_ms,
        )
        if self.usage is None or self.tenant_id is None:
            return
        messages = [Message(role="user", content=request.prompt)]
        self.usage.record(
            CallRecord(
                tenant_id=self.tenant_id,
                user_id=self.user_id,
                provider=provider.name,
                model=model,
                tokens_in=tokens[0],
                tokens_out=tokens[1],
                latency_ms=latency_ms,
                cost=cost,
                cache_hit=False,
                status=status,
                error_class=type(error).__name__ if error is not None else None,
                prompt_hash=prompt_hash(messages),
                prompt_text=request.prompt if self.settings.log_prompts else None,
            )
        )


def _in_process_limiter(
    scope: str, provider: str, rpm: int | None, tpm: int | None, window: float
) -> Limiter:
    return RateLimiter(
        provider=provider, requests_per_minute=rpm, tokens_per_minute=tpm, window=window
    )
