"""Connecting stores: verified before stored, encrypted per tenant, checked, removed."""

from __future__ import annotations

import asyncio
import socket
import uuid

import pytest
from pydantic import ValidationError
from sqlalchemy import select

from presswright.bootstrap import Instance
from presswright.errors import AlreadyExistsError, NotFoundError
from presswright.publish.woocommerce import (
    WooCommerceAuthError,
    WooCommerceError,
    WooCommerceUnreachableError,
    check_stores,
    connect_store,
    store_access,
)
from presswright.publish.woocommerce.stores import StoreConnect
from presswright.store.models import WooCommerceStore
from presswright.store.woocommerce import delete_store, get_store, list_stores
from tests.woocommerce.conftest import READ_WRITE, Connect, trusting
from tests.woocommerce.woocommerce_server import ApiKey, RunningShop, Shop


def connection(url: str, key: ApiKey = READ_WRITE, **extra: str) -> StoreConnect:
    return StoreConnect(
        url=url, consumer_key=key.consumer_key, consumer_secret=key.consumer_secret, **extra
    )


def test_a_store_is_verified_then_stored_encrypted(
    instance: Instance, tenant_id: uuid.UUID, connect: Connect, served: RunningShop
) -> None:
    assert connect() == "shop"
    with instance.database.tenant_session(tenant_id) as session:
        (row,) = list_stores(session)
        assert (row.url, row.api_root, row.status) == (
            served.url,
            f"{served.url}/wp-json",
            "ok",
        )
        assert row.key_hint == "…" + READ_WRITE.consumer_key[-4:]
        stored = row.consumer_key_encrypted + row.consumer_secret_encrypted
    assert READ_WRITE.consumer_key not in stored and READ_WRITE.consumer_secret not in stored
    access = store_access(instance, tenant_id=tenant_id, store="shop")
    assert access.credentials.consumer_secret == READ_WRITE.consumer_secret
    assert READ_WRITE.consumer_secret not in repr(access)
    # An authenticated request was made: the products, signed.
    assert ("GET", "/wp-json/wc/v3/products", "oauth") in served.shop.requests

    with pytest.raises(AlreadyExistsError, match="connected already"):
        connect(name="other")


def test_a_wrong_key_is_refused_and_nothing_is_stored(
    instance: Instance, tenant_id: uuid.UUID, served: RunningShop
) -> None:
    wrong = ApiKey(READ_WRITE.consumer_key, "cs_" + "e5" * 20)
    with pytest.raises(WooCommerceAuthError) as raised:
        asyncio.run(
            connect_store(instance, tenant_id=tenant_id, data=connection(served.url, wrong))
        )
    assert "HTTP 401" in str(raised.value) and "REST API" in str(raised.value)
    assert wrong.consumer_secret not in str(raised.value)
    unknown = ApiKey("ck_" + "f6" * 20, "cs_" + "e5" * 20)
    with pytest.raises(WooCommerceAuthError, match="Consumer key is invalid"):
        asyncio.run(
            connect_store(instance, tenant_id=tenant_id, data=connection(served.url, unknown))
        )
    with instance.database.tenant_session(tenant_id) as session:
        assert list_stores(session) == []


def test_https_stores_use_basic_credentials(
    instance: Instance, tenant_id: uuid.UUID, served_tls: RunningShop
) -> None:
    store = asyncio.run(
        connect_store(
            instance,
            tenant_id=tenant_id,
            data=connection(served_tls.url),
            transport=trusting(served_tls),
        )
    )
    assert store.url.startswith("https://")
    assert ("GET", "/wp-json/wc/v3/products", "Basic") in served_tls.shop.requests


def test_not_woocommerce_or_not_there(
    instance: Instance, tenant_id: uuid.UUID, served: RunningShop, shop: Shop
) -> None:
    shop.namespaces = ["wp/v2"]
    with pytest.raises(WooCommerceError, match="has no WooCommerce REST API"):
        asyncio.run(connect_store(instance, tenant_id=tenant_id, data=connection(served.url)))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(WooCommerceUnreachableError, match="cannot reach WooCommerce"):
        asyncio.run(
            connect_store(
                instance, tenant_id=tenant_id, data=connection(f"http://127.0.0.1:{port}")
            )
        )


def test_the_key_and_secret_are_checked_before_any_request() -> None:
    swapped = ApiKey(READ_WRITE.consumer_secret, READ_WRITE.consumer_key)
    with pytest.raises(ValidationError) as raised:
        connection("https://shop.example.com", swapped)
    text = str(raised.value)
    assert "give the ck_... value here" in text and "give the cs_... value here" in text
    assert READ_WRITE.consumer_secret not in text
    with pytest.raises(ValidationError, match="has an invalid port"):
        connection("http://example.com:99999")


def test_checks_report_a_revoked_key_and_stores_stay_in_their_tenant(
    instance: Instance, tenant_id: uuid.UUID, connect: Connect, shop: Shop
) -> None:
    connect()
    del shop.keys[READ_WRITE.consumer_key]
    (checked,) = asyncio.run(check_stores(instance, tenant_id=tenant_id))
    assert checked.status == "unauthorized"
    assert checked.status_detail and "Consumer key is invalid" in checked.status_detail

    with instance.database.system_session() as session:
        from presswright.store.tenancy import create_tenant

        other = create_tenant(session, name="Other").id
    with instance.database.tenant_session(other) as session:
        assert list_stores(session) == []
        with pytest.raises(NotFoundError):
            get_store(session, checked.id)
    with instance.database.tenant_session(tenant_id) as session:
        delete_store(session, "shop")
        assert session.scalars(select(WooCommerceStore)).all() == []
