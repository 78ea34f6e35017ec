"""How WooCommerce authenticates a consumer key and secret: Basic over https, OAuth 1.0a over http.

Over https the key and secret go as HTTP Basic credentials. Over plain http they would be
readable on the wire, so WooCommerce requires one-legged OAuth 1.0a instead (RFC 5849
without a token): ``oauth_consumer_key``, ``oauth_timestamp``, ``oauth_nonce``,
``oauth_signature_method`` and ``oauth_signature`` in the query string, the signature an
HMAC of the request under the key ``consumer_secret + "&"``. The string signed is built the
way ``WC_REST_Authentication::check_oauth_signature`` rebuilds it: the method, the
percent-encoded URL without its query, and the query parameters (the OAuth ones included,
the signature left out) sorted by name, each name and value percent-encoded per RFC 3986,
joined as ``name=value`` with ``&`` and percent-encoded once more. The store accepts a
timestamp within 15 minutes of its clock and each nonce once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import re
import secrets
import time
from collections.abc import Generator, Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

import httpx

__all__ = [
    "SIGNATURE_METHOD",
    "ConsumerCredentials",
    "SignedUrlFilter",
    "WooCommerceAuth",
    "oauth_signature",
    "percent_encode",
    "signature_base_string",
]

SIGNATURE_METHOD = "HMAC-SHA256"
_ALGORITHMS = {"HMAC-SHA256": hashlib.sha256, "HMAC-SHA1": hashlib.sha1}
_SIGNED_PARAM = re.compile(r"(oauth_consumer_key|oauth_signature)=[^&\s\"']*")


class SignedUrlFilter(logging.Filter):
    """Cuts the consumer key and signature out of the URLs httpx logs for each request.

    Over http they travel in the query string (WooCommerce reads them only there), and
    httpx logs every request's URL at INFO.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                _SIGNED_PARAM.sub(r"\1=…", str(arg)) if "oauth_" in str(arg) else arg
                for arg in record.args
            )
        return True


_httpx_log = logging.getLogger("httpx")
if not any(isinstance(f, SignedUrlFilter) for f in _httpx_log.filters):
    _httpx_log.addFilter(SignedUrlFilter())


@dataclass(frozen=True)
class ConsumerCredentials:
    """A WooCommerce REST API key: consumer key and secret (neither shown in repr)."""

    consumer_key: str = field(repr=False)
    consumer_secret: str = field(repr=False)


def percent_encode(value: str) -> str:
    """RFC 3986 percent-encoding: everything but letters, digits and ``-._~``."""
    return quote(value, safe="-._~")


def signature_base_string(method: str, base_url: str, params: Mapping[str, str]) -> str:
    """The string an OAuth 1.0a signature covers (``oauth_signature`` must not be in params)."""
    # PHP's uksort(strcmp) compares the raw names byte by byte.
    ordered = sorted(params.items(), key=lambda item: item[0].encode("utf-8"))
    pairs = "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in ordered)
    return "&".join((method.upper(), percent_encode(base_url), percent_encode(pairs)))


def oauth_signature(
    method: str,
    base_url: str,
    params: Mapping[str, str],
    consumer_secret: str,
    signature_method: str = SIGNATURE_METHOD,
) -> str:
    """The base64 HMAC of the request under ``consumer_secret + "&"`` (no token secret)."""
    digest = _ALGORITHMS[signature_method]
    message = signature_base_string(method, base_url, params).encode("utf-8")
    key = f"{consumer_secret}&".encode()
    return base64.b64encode(hmac.new(key, message, digest).digest()).decode("ascii")


class WooCommerceAuth(httpx.Auth):
    """Basic credentials on https requests, a fresh OAuth 1.0a signature on http ones."""

    def __init__(self, credentials: ConsumerCredentials) -> None:
        self._credentials = credentials
        self._basic = httpx.BasicAuth(credentials.consumer_key, credentials.consumer_secret)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if request.url.scheme == "https":
            yield from self._basic.auth_flow(request)
            return
        params = dict(request.url.params.multi_items())
        oauth = {
            "oauth_consumer_key": self._credentials.consumer_key,
            "oauth_timestamp": str(int(time.time())),
            "oauth_nonce": secrets.token_hex(16),
            "oauth_signature_method": SIGNATURE_METHOD,
        }
        base_url = str(request.url.copy_with(query=None, fragment=None))
        signature = oauth_signature(
            request.method, base_url, {**params, **oauth}, self._credentials.consumer_secret
        )
        request.url = request.url.copy_merge_params({**oauth, "oauth_signature": signature})
        yield request
