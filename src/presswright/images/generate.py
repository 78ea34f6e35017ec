"""Generating pictures: the one door every image call goes through.

For a request: resolve the model id (no image provider configured fails at once, with the
``presswright providers add`` fix) -> check the request against the model's capabilities
-> in batches of the model's ``max_count``: the shared per-account limit, the provider call
with a timeout and retries honouring ``Retry-After`` -> every picture decoded and checked
by :func:`presswright.images.processing.decode_image` (size, pixels, frames, structure) ->
one usage row per picture, priced from :mod:`presswright.images.prices`. When a model fails
for good, the next model of the fallback chain makes the pictures still missing; a
content-policy refusal ends the chain at once (another model would only be asked the same
words). Nothing is stored here: the caller gets validated bytes and their metadata.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass

from presswright.bootstrap import Instance
from presswright.errors import (
    InvalidImageError,
    ProviderError,
    ProviderTimeoutError,
    ProviderUnavailableError,
    UserInputError,
)
from presswright.images.image_usage import ImageAccounting
from presswright.images.prices import ImagePrices
from presswright.images.processing import DEFAULT_LIMITS, ImageLimits, decode_image
from presswright.images.provider import (
    ContentPolicyError,
    ImageCapabilities,
    ImageProvider,
    ImageRequest,
    ImageResponse,
    ImageResponseError,
    ImageSource,
)
from presswright.images.registry import ImageModelInfo, ImageProviderRegistry
from presswright.images.results import GeneratedImage, ImageGeneration, generated_image
from presswright.images.sources import square_source
from presswright.llm.factory import stored_connections
from presswright.llm.limits import LimiterFactory
from presswright.llm.retry import RetryPolicy, with_retries
from presswright.llm.shared_limits import shared_limiters
from presswright.llm.usage import UsageRecorder
from presswright.settings import Settings

__all__ = [
    "GeneratedImage",
    "ImageGeneration",
    "ImageGenerator",
    "generate_images",
    "image_generator_for_tenant",
]

_HARD_STOP_MARGIN = 5.0  # seconds past the timeout after which a provider call is abandoned
_PARALLEL_CALLS = 4  # batches of one request in flight at once


@dataclass
class _Tally:
    attempts: int = 0


class ImageGenerator:
    """Image generation for one tenant (and optionally one user), with accounting."""

    def __init__(
        self,
        *,
        settings: Settings,
        registry: ImageProviderRegistry,
        tenant_id: uuid.UUID | None = None,
        user_id: uuid.UUID | None = None,
        usage: UsageRecorder | None = None,
        retry: RetryPolicy | None = None,
        limiters: LimiterFactory | None = None,
        limits: ImageLimits = DEFAULT_LIMITS,
        prices: ImagePrices | None = None,
        timeout: float | None = None,
    ) -> None:
        self.settings = settings
        self.registry = registry
        self.usage = usage
        self.retry = retry or RetryPolicy(max_retries=settings.llm_max_retries)
        self.limits = limits
        self.timeout = timeout or settings.llm_timeout
        self.accounting = ImageAccounting(
            settings=settings,
            tenant_id=tenant_id,
            user_id=user_id,
            usage=usage,
            limiters=limiters,
            prices=prices,
        )
        self._rng = random.Random()  # noqa: S311 - jitter, not cryptography

    def models(self) -> list[ImageModelInfo]:
        """Every configured image model, with the reason for each unavailable one."""
        return self.registry.models()

    async def generate(
        self,
        request: ImageRequest,
        *,
        model: str | None = None,
        fallbacks: Sequence[str] = (),
        timeout: float | None = None,
        source: ImageSource | None = None,
    ) -> ImageGeneration:
        """Make ``request.count`` validated pictures with ``model`` (default: the first
        configured image model), then the ``fallbacks`` in order for any still missing.

        With ``source`` the pictures are edits of it or variations on it; a model that
        cannot do that is refused (the first) or skipped (a fallback).
        """
        chain = [model or self.registry.default_model()]
        chain += [extra for extra in fallbacks if extra not in chain]
        started = time.perf_counter()
        made: list[GeneratedImage] = []
        errors: list[ProviderError] = []
        tally = _Tally()
        for position, model_id in enumerate(chain):
            try:
                provider, name = self.registry.resolve(model_id)
                try:
                    capabilities = provider.capabilities(name)
                    check_operation(capabilities, name, source)
                    capabilities.check(request, name)
                except UserInputError as error:
                    if position == 0:
                        raise
                    raise ProviderUnavailableError(
                        error.message, provider=provider.name, model=name
                    ) from None
                await self._fill(
                    provider, name, request, made, tally, timeout or self.timeout, source
                )
                break
            except ContentPolicyError:
                raise
            except ProviderError as error:
                errors.append(error)
        if len(made) < request.count:
            raise _final_error(errors)
        return ImageGeneration(
            images=tuple(made),
            cost=round(sum(image.cost for image in made), 8),
            attempts=tally.attempts,
            latency_ms=round((time.perf_counter() - started) * 1000, 3),
            errors=tuple(str(error) for error in errors),
        )

    async def aclose(self) -> None:
        """Flush the usage log and close provider clients."""
        if self.usage is not None:
            await asyncio.to_thread(self.usage.flush)
        await self.registry.aclose()

    # --- one model ----------------------------------------------------------------------

    async def _fill(
        self,
        provider: ImageProvider,
        model: str,
        request: ImageRequest,
        made: list[GeneratedImage],
        tally: _Tally,
        timeout: float,
        source: ImageSource | None = None,
    ) -> None:
        """Add pictures from ``model`` to ``made`` until the request's count is reached.

        The batches run side by side (a few at a time; the account's limiter paces them)
        and are gathered in the order asked. Pictures of batches that succeeded are kept
        when another fails, so the next model of the chain only makes the missing ones.
        """
        capabilities = provider.capabilities(model)
        batch_size = capabilities.max_count
        if source is not None and capabilities.square_source:
            source = await asyncio.to_thread(square_source, source)
        gate = asyncio.Semaphore(_PARALLEL_CALLS)

        async def batch(count: int) -> tuple[int, list[GeneratedImage]]:
            asked = request.model_copy(update={"count": count})
            async with gate:
                (response, seconds), tries = await self._call(
                    provider, model, asked, timeout, source
                )
            return tries, (await self._accept(provider, model, asked, response, seconds))[:count]

        while len(made) < request.count:
            missing = request.count - len(made)
            counts = [min(batch_size, missing - start) for start in range(0, missing, batch_size)]
            outcomes = await asyncio.gather(*map(batch, counts), return_exceptions=True)
            failure: ProviderError | None = None
            for outcome in outcomes:
                if isinstance(outcome, ProviderError):
                    # A policy refusal is what the caller must hear, whatever else failed.
                    if failure is None or isinstance(outcome, ContentPolicyError):
                        failure = outcome
                elif isinstance(outcome, BaseException):
                    raise outcome
                else:
                    tally.attempts += outcome[0]
                    made.extend(outcome[1])
            if failure is not None:
                raise failure

    async def _call(
        self,
        provider: ImageProvider,
        model: str,
        request: ImageRequest,
        timeout: float,
        source: ImageSource | None = None,
    ) -> tuple[tuple[ImageResponse, float], int]:
        """One batch's answer and the seconds it took, after retries; and the attempt count."""
        limiter = self.accounting.limiter(provider)

        async def attempt() -> tuple[ImageResponse, float]:
            booking = None
            if limiter is not None:
                booking = await limiter.acquire(len(request.prompt) // 4 + 1, model=model)
            started = time.perf_counter()
            try:
                response = await asyncio.wait_for(
                    _operation(provider, model, request, timeout, source),
                    timeout + _HARD_STOP_MARGIN,
                )
            except TimeoutError:
                error = ProviderTimeoutError(
                    f"no picture within {timeout:.0f} s",
                    provider=provider.name,
                    model=model,
                    hint="raise PRESSWRIGHT_LLM_TIMEOUT or check the provider",
                )
                self.accounting.record(
                    provider, model, request, time.perf_counter() - started, error=error
                )
                raise error from None
            except ProviderError as error:
                self.accounting.record(
                    provider, model, request, time.perf_counter() - started, error=error
                )
                raise
            if limiter is not None:
                limiter.settle(booking, response.tokens_in + response.tokens_out)
            return response, time.perf_counter() - started

        return await with_retries(attempt, self.retry, rng=self._rng)

    async def _accept(
        self,
        provider: ImageProvider,
        model: str,
        request: ImageRequest,
        response: ImageResponse,
        seconds: float,
    ) -> list[GeneratedImage]:
        """Every picture of ``response`` checked, or an ImageResponseError and nothing kept.

        Each picture gets its usage row either way: the vendor billed for it.
        """
        pictures = response.images[: request.count]
        cost = self.accounting.price(provider, model, response)
        if not pictures:
            raise ImageResponseError(
                "the answer holds no image", provider=provider.name, model=model
            )
        accepted: list[GeneratedImage] = []
        failure: ImageResponseError | None = None
        for picture in pictures:
            try:
                # Decoding a large picture takes a while: off the event loop.
                decoded = await asyncio.to_thread(decode_image, picture.data, limits=self.limits)
                accepted.append(
                    generated_image(provider.name, model, request, response, picture, decoded, cost)
                )
            except InvalidImageError as error:
                failure = ImageResponseError(
                    f"the provider's picture was refused: {error.message} ({error.reason})",
                    provider=provider.name,
                    model=model,
                    hint="nothing was stored; retry, or check that the server is an image API",
                )
        tokens_in, tokens_out = (
            _shares(response.tokens_in, len(pictures)),
            _shares(response.tokens_out, len(pictures)),
        )
        for index in range(len(pictures)):
            self.accounting.record(
                provider,
                model,
                request,
                seconds / len(pictures),
                tokens=(tokens_in[index], tokens_out[index]),
                cost=cost,
                error=failure,
            )
        if failure is not None:
            raise failure
        return accepted


def check_operation(
    capabilities: ImageCapabilities, model: str, source: ImageSource | None
) -> None:
    """Refuse an edit or a variation ``model`` cannot make (with or without its mask)."""
    if source is None:
        return
    if not capabilities.supports(source.operation):
        raise UserInputError(
            f"image model {model!r} cannot make "
            + ("edits" if source.operation == "edit" else "variations"),
            hint="pick a model that can (see `presswright models`)",
        )
    if source.operation == "edit":
        if source.mask is not None and capabilities.edit_mask == "none":
            raise UserInputError(
                f"image model {model!r} edits from the prompt alone and takes no mask",
                hint="leave the mask out and say in the prompt what to change",
            )
        if source.mask is None and capabilities.edit_mask == "required":
            raise UserInputError(
                f"image model {model!r} edits only inside a mask",
                hint="send a mask: a PNG of the picture's size, transparent where it should change",
            )


def _operation(
    provider: ImageProvider,
    model: str,
    request: ImageRequest,
    timeout: float,
    source: ImageSource | None,
) -> Awaitable[ImageResponse]:
    if source is None:
        return provider.generate(model, request, timeout=timeout)
    if source.operation == "edit":
        return provider.edit(model, request, source, timeout=timeout)
    return provider.vary(model, request, source, timeout=timeout)


def _shares(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` whole shares that add up to it."""
    base, extra = divmod(total, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


def _final_error(errors: list[ProviderError]) -> ProviderError:
    if len(errors) == 1:
        return errors[0]
    first = errors[0]
    return ProviderError(
        "every image model in the fallback chain failed: " + "; ".join(str(e) for e in errors),
        provider=first.provider,
        model=first.model,
        hint="fix the first model's problem above, or add a working image model to the chain",
    )


def image_generator_for_tenant(
    instance: Instance, *, tenant_id: uuid.UUID, user_id: uuid.UUID | None = None
) -> ImageGenerator:
    """A generator over the tenant's stored provider configs (and the environment's) that
    writes usage rows and shares per-account limits with every process on the database."""
    settings = instance.settings
    return ImageGenerator(
        settings=settings,
        registry=ImageProviderRegistry(settings, stored_connections(instance, tenant_id)),
        tenant_id=tenant_id,
        user_id=user_id,
        usage=UsageRecorder(instance.database),
        limiters=shared_limiters(instance.database),
    )


async def generate_images(
    instance: Instance,
    request: ImageRequest,
    *,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID | None = None,
    model: str | None = None,
    fallbacks: Sequence[str] = (),
    source: ImageSource | None = None,
) -> ImageGeneration:
    """Make the pictures ``request`` asks for (edits of, or variations on, ``source`` when
    given), for a tenant; usage rows are written before this returns. Raises
    ProviderError subclasses (ContentPolicyError for a refusal)."""
    generator = image_generator_for_tenant(instance, tenant_id=tenant_id, user_id=user_id)
    try:
        return await generator.generate(request, model=model, fallbacks=fallbacks, source=source)
    finally:
        await generator.aclose()
