"""Connecting WordPress sites: verified credentials stored per tenant, and status checks on demand.

A site is stored only after ``/wp/v2/users/me`` accepted its username and application
password, so every stored site once worked; :func:`check_site` tells whether it still does.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel, ConfigDict, Field, SecretStr

from presswright.bootstrap import Instance
from presswright.errors import UserInputError
from presswright.publish.wordpress.client import Credentials, WordPressClient
from presswright.publish.wordpress.discovery import DEFAULT_TIMEOUT, discover_api_root
from presswright.publish.wordpress.errors import WordPressAuthError, WordPressError
from presswright.publish.wordpress.remote import RemoteUser
from presswright.store.wordpress import (
    SiteStatus,
    WordPressSitePublic,
    create_site,
    ensure_site_free,
    get_site,
    list_sites,
    record_site_status,
    site_app_password,
)

__all__ = [
    "SITE_NAME_PATTERN",
    "SiteAccess",
    "SiteConnect",
    "SiteConnection",
    "check_site",
    "check_sites",
    "connect_site",
    "default_site_name",
    "normalize_site_url",
    "site_access",
    "web_address",
]

SITE_NAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,99}$"
# A status check answers within this, so listing sites never hangs on one that is down.
CHECK_TIMEOUT = 10.0


class SiteConnect(BaseModel):
    """What a person gives to connect a WordPress site."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "url": "https://blog.example.com",
                    "username": "presswright",
                    "app_password": "abcd EFGH 1234 ijkl MNOP 5678",
                    "name": "blog",
                }
            ]
        },
    )

    url: str = Field(min_length=8, max_length=500, pattern=r"^https?://\S+$")
    username: str = Field(min_length=1, max_length=100, pattern=r"^\S(.*\S)?$")
    app_password: SecretStr = Field(min_length=1, max_length=200)
    name: str | None = Field(
        default=None,
        pattern=SITE_NAME_PATTERN,
        description="A short name to refer to the site by; default: its host name.",
    )


class SiteConnection(BaseModel):
    """A newly connected site, and what the person should know about the account they used."""

    site: WordPressSitePublic
    warnings: list[str]


@dataclass(frozen=True)
class SiteAccess:
    """Everything needed to talk to one stored site (read in one short transaction)."""

    id: uuid.UUID
    name: str
    url: str
    api_root: str
    credentials: Credentials

    def client(
        self, transport: httpx.AsyncBaseTransport | None = None, *, timeout: float = DEFAULT_TIMEOUT
    ) -> WordPressClient:
        """A REST client of this site as its stored user."""
        return WordPressClient(
            site=self.url,
            api_root=self.api_root,
            credentials=self.credentials,
            transport=transport,
            timeout=timeout,
        )


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


def _account_warnings(user: RemoteUser) -> list[str]:
    if user.can("unfiltered_html"):
        return [
            f"the WordPress account has unfiltered_html ({', '.join(user.roles) or 'no role'}):"
            " WordPress stores whatever it is sent; Presswright sanitizes everything it"
            " publishes, but an Author account is the safer choice"
        ]
    return []


def _require_writer(site: str, username: str, user: RemoteUser) -> None:
    if not user.can("edit_posts"):
        raise WordPressError(
            f"the WordPress user {username!r} at {site} cannot write posts"
            f" (roles: {', '.join(user.roles) or 'none'})",
            site=site,
            hint="connect with an account that has the Author role or higher",
        )


async def connect_site(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    data: SiteConnect,
    transport: httpx.AsyncBaseTransport | None = None,
) -> SiteConnection:
    """Verify the credentials against ``/wp/v2/users/me``, then store the site encrypted."""
    url = normalize_site_url(data.url)
    name = data.name or default_site_name(url)
    with instance.database.tenant_session(tenant_id) as session:
        ensure_site_free(session, name=name, url=url)
    password = data.app_password.get_secret_value()
    api_root = await discover_api_root(url, transport=transport)
    credentials = Credentials(username=data.username, app_password=password)
    async with WordPressClient(
        site=url, api_root=api_root, credentials=credentials, transport=transport
    ) as client:
        user = await client.me()
    _require_writer(url, data.username, user)
    with instance.database.tenant_session(tenant_id) as session:
        site = create_site(
            session,
            name=name,
            url=url,
            api_root=api_root,
            username=data.username,
            app_password=password,
            remote_user_id=user.id,
            remote_user_name=user.name,
            remote_roles=user.roles,
            box=instance.secretbox,
        )
        public = WordPressSitePublic.model_validate(site)
    return SiteConnection(site=public, warnings=_account_warnings(user))


def site_access(instance: Instance, *, tenant_id: uuid.UUID, site: str | uuid.UUID) -> SiteAccess:
    """The address and decrypted credentials of a site of the tenant (by id, name or URL)."""
    with instance.database.tenant_session(tenant_id) as session:
        row = get_site(session, site)
        return SiteAccess(
            id=row.id,
            name=row.name,
            url=row.url,
            api_root=row.api_root,
            credentials=Credentials(
                username=row.username, app_password=site_app_password(row, instance.secretbox)
            ),
        )


async def _probe(
    access: SiteAccess, transport: httpx.AsyncBaseTransport | None
) -> tuple[SiteStatus, str | None]:
    try:
        async with access.client(transport, timeout=CHECK_TIMEOUT) as client:
            await client.me()
    except WordPressAuthError as error:
        return "unauthorized", str(error)
    except WordPressError as error:  # no answer, or not one a working site gives
        return "unreachable", str(error)
    return "ok", None


async def check_site(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    site: str | uuid.UUID,
    transport: httpx.AsyncBaseTransport | None = None,
) -> WordPressSitePublic:
    """Check that the site still accepts its credentials; store and return the status."""
    access = site_access(instance, tenant_id=tenant_id, site=site)
    status, detail = await _probe(access, transport)
    with instance.database.tenant_session(tenant_id) as session:
        row = record_site_status(session, site_id=access.id, status=status, detail=detail)
        return WordPressSitePublic.model_validate(row)


async def check_sites(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    transport: httpx.AsyncBaseTransport | None = None,
) -> list[WordPressSitePublic]:
    """Check every site of the tenant at once; the sites by name, with their fresh status."""
    with instance.database.tenant_session(tenant_id) as session:
        ids = [row.id for row in list_sites(session)]
    return list(
        await asyncio.gather(
            *(
                check_site(instance, tenant_id=tenant_id, site=site_id, transport=transport)
                for site_id in ids
            )
        )
    )
