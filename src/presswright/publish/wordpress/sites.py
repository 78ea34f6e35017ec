"""Connecting WordPress sites: verified credentials stored per tenant, and status checks on demand.

A site is stored only after ``/wp/v2/users/me`` accepted its username and application
password, so every stored site once worked; :func:`check_site` tells whether it still does.
Sites are one kind of connection (:mod:`presswright.publish.connections`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import httpx
from pydantic import BaseModel, ConfigDict, Field, SecretStr

from presswright.bootstrap import Instance
from presswright.publish.connections import (
    CHECK_TIMEOUT,
    ConnectionAccess,
    ConnectRequest,
    RemoteSites,
)
from presswright.publish.rest import DEFAULT_TIMEOUT
from presswright.publish.wordpress.client import Credentials, WordPressClient
from presswright.publish.wordpress.discovery import discover_api_root
from presswright.publish.wordpress.errors import WordPressAuthError, WordPressError
from presswright.publish.wordpress.remote import RemoteUser
from presswright.secretbox import SecretBox
from presswright.store.models import WordPressSite
from presswright.store.wordpress import (
    SITES,
    WordPressSitePublic,
    create_site,
    site_app_password,
)

__all__ = [
    "SITE_CONNECTIONS",
    "SiteAccess",
    "SiteConnect",
    "SiteConnection",
    "check_site",
    "check_sites",
    "connect_site",
    "site_access",
]


class SiteConnect(ConnectRequest):
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

    username: str = Field(min_length=1, max_length=100, pattern=r"^\S(.*\S)?$")
    app_password: SecretStr = Field(min_length=1, max_length=200)


class SiteConnection(BaseModel):
    """A newly connected site, and what the person should know about the account they used."""

    site: WordPressSitePublic
    warnings: list[str]


@dataclass(frozen=True)
class SiteAccess(ConnectionAccess):
    """Everything needed to talk to one stored site (read in one short transaction)."""

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


class _Sites(RemoteSites[WordPressSite, SiteAccess, WordPressSitePublic]):
    """WordPress sites: an application password, probed at ``/wp/v2/users/me``."""

    def access_of(self, row: WordPressSite, box: SecretBox) -> SiteAccess:
        """The site's address and its user's decrypted application password."""
        password = site_app_password(row, box)
        return SiteAccess(
            id=row.id,
            name=row.name,
            url=row.url,
            api_root=row.api_root,
            credentials=Credentials(username=row.username, app_password=password),
        )

    async def probe(self, access: SiteAccess, transport: httpx.AsyncBaseTransport | None) -> None:
        """Ask WordPress who the stored user is."""
        async with access.client(transport, timeout=CHECK_TIMEOUT) as client:
            await client.me()


SITE_CONNECTIONS = _Sites(
    SITES, WordPressSitePublic, auth_error=WordPressAuthError, error=WordPressError
)


async def connect_site(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    data: SiteConnect,
    transport: httpx.AsyncBaseTransport | None = None,
) -> SiteConnection:
    """Verify the credentials against ``/wp/v2/users/me``, then store the site encrypted."""
    url, name = SITE_CONNECTIONS.prepare(instance, tenant_id=tenant_id, data=data)
    password = data.app_password.get_secret_value()
    api_root = await discover_api_root(url, transport=transport)
    credentials = Credentials(username=data.username, app_password=password)
    async with WordPressClient(
        site=url, api_root=api_root, credentials=credentials, transport=transport
    ) as client:
        user = await client.me()
    _require_writer(url, data.username, user)
    site = SITE_CONNECTIONS.store(
        instance,
        tenant_id=tenant_id,
        create=lambda session: create_site(
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
        ),
    )
    return SiteConnection(site=site, warnings=_account_warnings(user))


def site_access(instance: Instance, *, tenant_id: uuid.UUID, site: str | uuid.UUID) -> SiteAccess:
    """The address and decrypted credentials of a site of the tenant (by id, name or URL)."""
    return SITE_CONNECTIONS.access(instance, tenant_id=tenant_id, ref=site)


async def check_site(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    site: str | uuid.UUID,
    transport: httpx.AsyncBaseTransport | None = None,
) -> WordPressSitePublic:
    """Check that the site still accepts its credentials; store and return the status."""
    return await SITE_CONNECTIONS.check(
        instance, tenant_id=tenant_id, ref=site, transport=transport
    )


async def check_sites(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    transport: httpx.AsyncBaseTransport | None = None,
) -> list[WordPressSitePublic]:
    """Check every site of the tenant at once; the sites by name, with their fresh status."""
    return await SITE_CONNECTIONS.check_all(instance, tenant_id=tenant_id, transport=transport)
