"""The address and short name of a remote site, as every connection takes and stores them.

A site's address is stored normalised (:func:`normalize_site_url`) so the same site is
recognised however it was typed; :func:`web_address` checks an address in a request body
before any request is made; a site without a name is called after its host
(:func:`default_site_name`).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import httpx

from presswright.errors import UserInputError

__all__ = [
    "SITE_NAME_PATTERN",
    "SITE_URL_PATTERN",
    "default_site_name",
    "normalize_site_url",
    "web_address",
]

SITE_NAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,99}$"
SITE_URL_PATTERN = r"^https?://\S+$"


def normalize_site_url(url: str) -> str:
    """``url`` as Presswright stores it: http(s), lower-case host, no trailing slash or query."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise UserInputError(
            f"{url!r} is not a web address",
            hint="give the site's address, e.g. https://example.com",
        )
    if parts.username or parts.password:
        raise UserInputError(
            "the site address must not contain a username or password",
            hint="give them as the username and application password instead",
        )
    if parts.query or parts.fragment:
        raise UserInputError(
            f"{url!r} has a query or fragment",
            hint="give the site's home address, e.g. https://example.com",
        )
    try:
        port = parts.port
    except ValueError:
        raise UserInputError(f"{url!r} has an invalid port", hint="fix the address") from None
    host = parts.hostname.lower()
    host = (f"[{host}]" if ":" in host else host) + (f":{port}" if port else "")
    return f"{parts.scheme.lower()}://{host}{parts.path.rstrip('/')}"


def web_address(value: str) -> str:
    """``value`` unchanged if a site or store can be reached at it; else ValueError saying why.

    For pydantic validators of request bodies: checked before any request is made.
    """
    try:
        httpx.URL(normalize_site_url(value))
    except UserInputError as error:
        raise ValueError(str(error)) from None
    except (ValueError, httpx.InvalidURL):
        raise ValueError("not a valid web address, e.g. https://example.com") from None
    return value


def default_site_name(url: str) -> str:
    """A short name for a site from its address: ``blog.example.com``, ``127.0.0.1-8080``."""
    parts = urlsplit(url)
    raw = (parts.hostname or "site") + (f"-{parts.port}" if parts.port else "") + parts.path
    name = re.sub(r"[^a-z0-9._-]+", "-", raw.lower()).strip("-._")
    return (name or "site")[:100]
