"""Connecting WooCommerce stores: a verified REST API key stored per tenant, checks on demand.

A store is stored only after WooCommerce answered an authenticated request with its key,
so every stored store once worked; :func:`check_store` tells whether it still does.
Stores are one kind of connection (:mod:`presswright.publish.connections`).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

import httpx
from pydantic import ConfigDict, Field, SecretStr, field_validator

from presswright.bootstrap import Instance
from presswright.publish.connections import (
    CHECK_TIMEOUT,
    ConnectionAccess,
    ConnectRequest,
    RemoteSites,
)
from presswright.publish.rest import DEFAULT_TIMEOUT
from presswright.publish.woocommerce.auth import ConsumerCredentials
from presswright.publish.woocommerce.client import NAMESPACE, WooCommerceClient
from presswright.publish.woocommerce.errors import (
    KEYS_PAGE,
    WooCommerceAuthError,
    WooCommerceError,
    WooCommerceUnreachableError,
)
from presswright.publish.wordpress.discovery import discover_api_root
from presswright.publish.wordpress.errors import WordPressError, WordPressUnreachableError
from presswright.secretbox import SecretBox
from presswright.store.models import WooCommerceStore
from presswright.store.woocommerce import (
    STORES,
    WooCommerceStorePublic,
    create_store,
    store_credentials,
)

__all__ = [
    "CONSUMER_KEY_PATTERN",
    "CONSUMER_SECRET_PATTERN",
    "STORE_CONNECTIONS",
    "StoreAccess",
    "StoreConnect",
    "check_store",
    "check_stores",
    "connect_store",
    "store_access",
    "verify_store",
]

# WooCommerce's keys are "ck_" / "cs_" and 40 hexadecimal digits; the patterns allow a
# little more, and mainly catch a key and secret given the wrong way round or cut short.
CONSUMER_KEY_PATTERN = r"^ck_[A-Za-z0-9]{8,120}$"
CONSUMER_SECRET_PATTERN = r"^cs_[A-Za-z0-9]{8,120}$"  # noqa: S105 - a shape, not a secret


class StoreConnect(ConnectRequest):
    """What a person gives to connect a WooCommerce store."""

    model_config = ConfigDict(
        extra="forbid",
        # A key or secret in the wrong field must not be quoted back in the error.
        hide_input_in_errors=True,
        json_schema_extra={
            "examples": [
                {
                    "url": "https://shop.example.com",
                    "consumer_key": "ck_0123456789abcdef0123456789abcdef01234567",
                    "consumer_secret": "cs_0123456789abcdef0123456789abcdef01234567",
                    "name": "shop",
                }
            ]
        },
    )

    consumer_key: SecretStr = Field(
        description=f"ck_...: {KEYS_PAGE}, with Read/Write permission; write-only.",
        json_schema_extra={"pattern": CONSUMER_KEY_PATTERN},
    )
    consumer_secret: SecretStr = Field(
        description="cs_...: shown once, when the key is made; write-only.",
        json_schema_extra={"pattern": CONSUMER_SECRET_PATTERN},
    )

    @field_validator("consumer_key")
    @classmethod
    def _key_shape(cls, value: SecretStr) -> SecretStr:
        """A WooCommerce consumer key, not its secret (the values are never quoted)."""
        raw = value.get_secret_value()
        if re.match(CONSUMER_SECRET_PATTERN, raw):
            raise ValueError("this is a consumer secret (cs_...): give the ck_... value here")
        if not re.match(CONSUMER_KEY_PATTERN, raw):
            raise ValueError(f"not a consumer key (ck_ and letters or digits) from {KEYS_PAGE}")
        return value

    @field_validator("consumer_secret")
    @classmethod
    def _secret_shape(cls, value: SecretStr) -> SecretStr:
        """A WooCommerce consumer secret, not its key (the values are never quoted)."""
        raw = value.get_secret_value()
        if re.match(CONSUMER_KEY_PATTERN, raw):
            raise ValueError("this is a consumer key (ck_...): give the cs_... value here")
        if not re.match(CONSUMER_SECRET_PATTERN, raw):
            raise ValueError("not a consumer secret (cs_ and letters or digits)")
        return value

    def credentials(self) -> ConsumerCredentials:
        """The key and secret, for the client."""
        return ConsumerCredentials(
            consumer_key=self.consumer_key.get_secret_value(),
            consumer_secret=self.consumer_secret.get_secret_value(),
        )


@dataclass(frozen=True)
class StoreAccess(ConnectionAccess):
    """Everything needed to talk to one stored store (read in one short transaction)."""

    credentials: ConsumerCredentials

    def client(
        self, transport: httpx.AsyncBaseTransport | None = None, *, timeout: float = DEFAULT_TIMEOUT
    ) -> WooCommerceClient:
        """A REST client of this store with its stored key."""
        return WooCommerceClient(
            store=self.url,
            api_root=self.api_root,
            credentials=self.credentials,
            transport=transport,
            timeout=timeout,
        )


async def verify_store(
    url: str,
    credentials: ConsumerCredentials,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> str:
    """Check that WooCommerce runs at ``url`` and accepts the key; its REST API root."""
    try:
        api_root = await discover_api_root(url, transport=transport, timeout=timeout)
    except WordPressUnreachableError as error:
        raise WooCommerceUnreachableError(
            error.message.replace("WordPress", "WooCommerce"), site=url, hint=error.hint
        ) from None
    except WordPressError as error:  # no WordPress REST API there: say it as WooCommerce
        raise WooCommerceError(
            f"no WooCommerce store at {url}: {error.message}",
            site=url,
            status=error.status,
            hint="give the store's home address, e.g. https://shop.example.com",
        ) from None
    async with WooCommerceClient(
        store=url, api_root=api_root, credentials=credentials, transport=transport, timeout=timeout
    ) as client:
        if NAMESPACE not in await client.namespaces():
            raise WooCommerceError(
                f"WordPress at {url} has no WooCommerce REST API ({NAMESPACE})",
                site=url,
                status=404,
                hint="install and activate WooCommerce there, or give the store's address",
            )
        await client.products(per_page=1)
    return api_root


class _Stores(RemoteSites[WooCommerceStore, StoreAccess, WooCommerceStorePublic]):
    """WooCommerce stores: a consumer key and secret, probed with one page of products."""

    def access_of(self, row: WooCommerceStore, box: SecretBox) -> StoreAccess:
        """The store's address and its decrypted consumer key and secret."""
        key, secret = store_credentials(row, box)
        return StoreAccess(
            id=row.id,
            name=row.name,
            url=row.url,
            api_root=row.api_root,
            credentials=ConsumerCredentials(consumer_key=key, consumer_secret=secret),
        )

    async def probe(self, access: StoreAccess, transport: httpx.AsyncBaseTransport | None) -> None:
        """Read one product with the stored key."""
        async with access.client(transport, timeout=CHECK_TIMEOUT) as client:
            await client.products(per_page=1)


STORE_CONNECTIONS = _Stores(
    STORES, WooCommerceStorePublic, auth_error=WooCommerceAuthError, error=WooCommerceError
)


async def connect_store(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    data: StoreConnect,
    transport: httpx.AsyncBaseTransport | None = None,
) -> WooCommerceStorePublic:
    """Verify the key against the store's products, then store the store encrypted."""
    url, name = STORE_CONNECTIONS.prepare(instance, tenant_id=tenant_id, data=data)
    credentials = data.credentials()
    api_root = await verify_store(url, credentials, transport=transport)
    return STORE_CONNECTIONS.store(
        instance,
        tenant_id=tenant_id,
        create=lambda session: create_store(
            session,
            name=name,
            url=url,
            api_root=api_root,
            consumer_key=credentials.consumer_key,
            consumer_secret=credentials.consumer_secret,
            box=instance.secretbox,
        ),
    )


def store_access(
    instance: Instance, *, tenant_id: uuid.UUID, store: str | uuid.UUID
) -> StoreAccess:
    """The address and decrypted key of a store of the tenant (by id, name or URL)."""
    return STORE_CONNECTIONS.access(instance, tenant_id=tenant_id, ref=store)


async def check_store(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    store: str | uuid.UUID,
    transport: httpx.AsyncBaseTransport | None = None,
) -> WooCommerceStorePublic:
    """Check that the store still accepts its key; store and return the status."""
    return await STORE_CONNECTIONS.check(
        instance, tenant_id=tenant_id, ref=store, transport=transport
    )


async def check_stores(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    transport: httpx.AsyncBaseTransport | None = None,
) -> list[WooCommerceStorePublic]:
    """Check every store of the tenant at once; the stores by name, with their fresh status."""
    return await STORE_CONNECTIONS.check_all(instance, tenant_id=tenant_id, transport=transport)
