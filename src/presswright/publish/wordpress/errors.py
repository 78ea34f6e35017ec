"""Failures of a WordPress site, as Presswright errors that name the site, the status and the fix.

    PresswrightError
    └── WordPressError              the site answered with an error, or not like WordPress
        ├── WordPressAuthError      the username or application password is not accepted
        └── WordPressUnreachableError  no answer: connection refused, DNS, TLS, timeout

Messages carry the site URL, what Presswright was doing, the HTTP status and WordPress's own
error code and message; never a credential (the client redacts the password as well).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

import httpx
import nh3

from presswright.errors import PresswrightError

__all__ = [
    "AUTH_ERROR_CODES",
    "WordPressAuthError",
    "WordPressError",
    "WordPressUnreachableError",
    "no_answer_reason",
    "rest_error_parts",
    "unreachable_error",
    "wordpress_error",
]

# What WordPress answers when Basic credentials are missing, wrong or not allowed at all.
AUTH_ERROR_CODES = frozenset(
    {
        "rest_not_logged_in",
        "incorrect_password",
        "invalid_username",
        "invalid_email",
        "application_passwords_disabled",
        "application_passwords_disabled_for_user",
    }
)
_MESSAGE_LIMIT = 300


class WordPressError(PresswrightError):
    """A WordPress site refused or failed a request; says which site, what status and the fix."""

    def __init__(
        self,
        message: str,
        *,
        site: str,
        status: int | None = None,
        code: str | None = None,
        details: Mapping[str, Any] | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.site = site
        self.status = status
        self.code = code
        self.details = dict(details or {})


class WordPressAuthError(WordPressError):
    """The site does not accept the username and application password."""


class WordPressUnreachableError(WordPressError):
    """The site did not answer: wrong address, server down, TLS failure or timeout."""


def plain_message(text: str) -> str:
    """WordPress's error text without its HTML (``<strong>Error:</strong>``), on one line."""
    cleaned = html.unescape(nh3.clean(text, tags=set()))
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    return cleaned[:_MESSAGE_LIMIT] + ("…" if len(cleaned) > _MESSAGE_LIMIT else "")


def _hint(site: str, status: int, code: str, username: str | None) -> str:
    if status == 401 or code in AUTH_ERROR_CODES:
        fix = (
            "check the username and the application password (WordPress: Users → Profile →"
            " Application Passwords) and connect the site again"
        )
        if site.startswith("http://"):
            fix += (
                "; over plain http WordPress ignores application passwords unless the site"
                " defines WP_ENVIRONMENT_TYPE 'local', so use the https address"
            )
        return fix
    if status == 403:
        who = f"the WordPress user {username!r}" if username else "the WordPress user"
        return (
            f"{who} lacks the capability for this: use an account with the Author role"
            " (posts, media, tags) or Editor (also categories), or create the item in WordPress"
        )
    if status == 404:
        return (
            "check the site address and that the WordPress REST API is enabled"
            " (a security plugin may block /wp-json)"
        )
    if status == 413:
        return (
            "the site refuses uploads this large: send a smaller file or raise upload_max_filesize"
        )
    if status == 429:
        return "the site is limiting requests: wait a minute and retry"
    if status >= 500:
        return "the site failed while handling the request: check its PHP error log and retry"
    return "fix the field WordPress names and retry"


def rest_error_parts(response: httpx.Response) -> tuple[str | None, str | None, dict[str, Any]]:
    """The ``code``, ``message`` and ``data`` of a WordPress REST error answer (WooCommerce's
    too); a field the answer lacks is None (``data``: empty). ``rest_invalid_param`` names each
    bad field under ``data.params``: they are added to the message."""
    try:
        body = response.json()
    except ValueError:
        body = None
    body = body if isinstance(body, dict) else {}
    details = body["data"] if isinstance(body.get("data"), dict) else {}
    message = str(body.get("message") or "") or None
    if isinstance(details.get("params"), dict):
        message = f"{message} ({'; '.join(str(v) for v in details['params'].values())})"
    return str(body.get("code") or "") or None, message, details


def wordpress_error(
    *,
    site: str,
    action: str,
    status: int,
    code: str | None,
    message: str | None,
    details: Mapping[str, Any] | None = None,
    username: str | None = None,
) -> WordPressError:
    """The error for an HTTP error answer of ``site`` while ``action`` (e.g. "creating a post").

    ``details`` is the ``data`` object of WordPress's error (``term_id`` of an existing term).
    """
    said = f": {plain_message(message)}" if message else ""
    text = (
        f"WordPress at {site} ({action}) answered HTTP {status}{f' {code}' if code else ''}{said}"
    )
    hint = _hint(site, status, code or "", username)
    if status == 401 or code in AUTH_ERROR_CODES:
        return WordPressAuthError(
            text, site=site, status=status, code=code, details=details, hint=hint
        )
    return WordPressError(text, site=site, status=status, code=code, details=details, hint=hint)


def no_answer_reason(error: httpx.HTTPError, *, secrets: tuple[str, ...] = ()) -> str:
    """Why a request got no answer, in a few words; ``secrets`` are cut out of it, should the
    transport quote a signed URL."""
    if isinstance(error, httpx.TimeoutException):
        return f"no answer in time ({type(error).__name__})"
    reason = str(error) or type(error).__name__
    for secret in secrets:
        if secret:
            reason = reason.replace(secret, "…")
    return reason


def unreachable_error(site: str, action: str, error: httpx.HTTPError) -> WordPressUnreachableError:
    """The error for a request to ``site`` that got no answer (refused, DNS, TLS, timeout)."""
    return WordPressUnreachableError(
        f"cannot reach WordPress at {site} ({action}): {no_answer_reason(error)}",
        site=site,
        hint="check the address and that the site is up, then retry",
    )
