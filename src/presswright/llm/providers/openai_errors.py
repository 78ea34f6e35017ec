"""What the official OpenAI SDK raises, as Presswright's provider errors.

Shared by the text provider (chat completions on OpenAI and OpenAI-compatible servers) and
the image provider (``/images/generations``): timeouts and unreachable servers, HTTP errors
with their Retry-After, and unreadable answers. Keys are taken out of every message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import openai

from presswright.errors import (
    ProviderError,
    ProviderHTTPError,
    ProviderResponseError,
    ProviderTimeoutError,
)
from presswright.llm.http_errors import parse_retry_after, redact

__all__ = ["STATUS_HINTS", "error_fields", "translate_openai_error"]

# What to do about each HTTP status, for a reader of the error.
STATUS_HINTS: Mapping[int, str] = {
    401: "the API key was refused: store a valid one with `presswright providers add`",
    403: "the key may not use this model",
    404: "the model name is unknown to this server; see `presswright models`",
    429: "rate limited: lower this provider's limits or wait",
}
_OTHER_STATUS = "retry later; if it persists, check the provider's status page"


def error_fields(error: openai.APIStatusError) -> tuple[str | None, str]:
    """The error body's ``code`` (if any) and message (the SDK's own if the body has none)."""
    body = error.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict):
            code = inner.get("code")
            message = inner.get("message")
            return (str(code) if code else None), str(message or error.message)
    return None, error.message


def translate_openai_error(
    error: Exception,
    *,
    provider: str,
    model: str,
    secrets: Sequence[str],
    where: str,
    timeout_hint: str,
    status_hints: Mapping[int, str] = STATUS_HINTS,
) -> ProviderError:
    """``error`` (raised by the OpenAI SDK talking to ``where``) as a provider error."""
    if isinstance(error, openai.APITimeoutError):
        return ProviderTimeoutError(
            "no answer within the timeout", provider=provider, model=model, hint=timeout_hint
        )
    if isinstance(error, openai.APIConnectionError):
        return ProviderTimeoutError(
            f"cannot reach {where}",
            provider=provider,
            model=model,
            hint="check that the server is running and the base URL is right",
        )
    if isinstance(error, openai.APIStatusError):
        status = error.status_code
        return ProviderHTTPError(
            redact(error_fields(error)[1], list(secrets)),
            provider=provider,
            model=model,
            status=status,
            retry_after=parse_retry_after(error.response.headers.get("retry-after")),
            hint=status_hints.get(status, _OTHER_STATUS),
        )
    return ProviderResponseError(
        f"unreadable answer ({type(error).__name__}: {redact(str(error), list(secrets))[:200]})",
        provider=provider,
        model=model,
        hint="the server sent a malformed response; retry or check the server",
    )
