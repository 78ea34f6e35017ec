"""Failures of a WooCommerce store, as Presswright errors that name the store, status and fix.

    PresswrightError
    └── WordPressError                      (WooCommerce answers through WordPress's REST API)
        └── WooCommerceError                an error answer, or one not like WooCommerce's
            ├── WooCommerceAuthError        the consumer key or secret is not accepted
            │   └── WooCommerceReadOnlyKeyError  the key may read but not write
            └── WooCommerceUnreachableError no answer: connection refused, DNS, TLS, timeout

They derive from the WordPress errors so every front door already answers them the same
way (the API: 502, or 504 when the store does not answer; never 401, which is about the
caller's own Presswright credentials). Messages carry the store URL, what Presswright was
doing, the HTTP status and WooCommerce's own code and message; never a key or a secret.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from presswright.publish.wordpress.errors import (
    WordPressAuthError,
    WordPressError,
    WordPressUnreachableError,
    no_answer_reason,
    plain_message,
)

__all__ = [
    "KEYS_PAGE",
    "WooCommerceAuthError",
    "WooCommerceError",
    "WooCommerceReadOnlyKeyError",
    "WooCommerceUnreachableError",
    "unreachable_error",
    "woocommerce_error",
]

KEYS_PAGE = "WooCommerce > Settings > Advanced > REST API"
_AUTH_CODES = frozenset({"woocommerce_rest_authentication_error", "rest_not_logged_in"})
# WooCommerce words a key without the permission a method needs like this (HTTP 401).
_NO_WRITE = "does not have write permissions"
_NO_READ = "does not have read permissions"


class WooCommerceError(WordPressError):
    """A WooCommerce store refused or failed a request; says which store, what status, the fix."""


class WooCommerceAuthError(WordPressAuthError, WooCommerceError):
    """The store does not accept the consumer key and secret (or how they were signed)."""


class WooCommerceReadOnlyKeyError(WooCommerceAuthError):
    """The key is valid but has Read permission only, and Presswright asked it to write."""


class WooCommerceUnreachableError(WordPressUnreachableError, WooCommerceError):
    """The store did not answer: wrong address, server down, TLS failure or timeout."""


def _auth_hint(store: str, message: str) -> str:
    if _NO_WRITE in message:
        return (
            f"the key is read-only: in {KEYS_PAGE}, edit the key and set Permissions to"
            " Read/Write (or create a Read/Write key and connect the store again)"
        )
    if _NO_READ in message:
        return f"the key is write-only: in {KEYS_PAGE}, set its Permissions to Read/Write"
    fix = (
        f"check the consumer key (ck_...) and consumer secret (cs_...): create a key under"
        f" {KEYS_PAGE} with Read/Write permission and connect the store again"
    )
    lowered = message.lower()
    if store.startswith("http://") and ("signature" in lowered or "timestamp" in lowered):
        fix += (
            "; over plain http requests are signed with OAuth 1.0a: the store address must be"
            " the site's own home address (WordPress > Settings > General) and this"
            " machine's clock must be right to within 15 minutes"
        )
    return fix


def _hint(store: str, status: int, code: str, message: str) -> str:
    if status == 401 or code in _AUTH_CODES:
        return _auth_hint(store, message)
    if status == 403:
        return (
            "the WordPress user the key belongs to may not do this: create the key for a Shop"
            " manager or Administrator"
        )
    if code == "woocommerce_rest_product_invalid_id":
        return "the product does not exist (deleted?): list them with `presswright wc products`"
    if status == 404:
        return (
            "check the store address and that WooCommerce is installed and active there"
            " (its REST API lives under /wp-json/wc/v3)"
        )
    if status == 429:
        return "the store is limiting requests: wait a minute and retry"
    if status >= 500:
        return "the store failed while handling the request: check its PHP error log and retry"
    return "fix the field WooCommerce names and retry"


def woocommerce_error(
    *,
    store: str,
    action: str,
    status: int,
    code: str | None,
    message: str | None,
    details: Mapping[str, Any] | None = None,
) -> WooCommerceError:
    """The error for an HTTP error answer of ``store`` while ``action`` ("reading products")."""
    said = plain_message(message) if message else ""
    text = (
        f"WooCommerce at {store} ({action}) answered HTTP {status}"
        f"{f' {code}' if code else ''}{f': {said}' if said else ''}"
    )
    hint = _hint(store, status, code or "", said)
    if status == 401 and _NO_WRITE in said:
        return WooCommerceReadOnlyKeyError(
            text, site=store, status=status, code=code, details=details, hint=hint
        )
    if status == 401 or code in _AUTH_CODES:
        return WooCommerceAuthError(
            text, site=store, status=status, code=code, details=details, hint=hint
        )
    return WooCommerceError(text, site=store, status=status, code=code, details=details, hint=hint)


def unreachable_error(
    store: str, action: str, error: httpx.HTTPError, *, secrets: tuple[str, ...] = ()
) -> WooCommerceUnreachableError:
    """The error for a request to ``store`` that got no answer (refused, DNS, TLS, timeout).

    ``secrets`` are cut out of the reason, should the transport quote a signed URL.
    """
    reason = no_answer_reason(error, secrets=secrets)
    return WooCommerceUnreachableError(
        f"cannot reach WooCommerce at {store} ({action}): {reason}",
        site=store,
        hint="check the address and that the store is up, then retry",
    )
