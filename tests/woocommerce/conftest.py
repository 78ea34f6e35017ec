"""WooCommerce test fixtures: a loopback shop (see ``woocommerce_server``), tenants and keys.

WooCommerce cannot be installed here, so the shop is a small server that follows
WooCommerce's documented request and response shapes and its authentication rules.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from presswright.bootstrap import Instance
from presswright.publish.woocommerce.stores import StoreConnect, connect_store
from presswright.store.tenancy import create_tenant
from tests.woocommerce.woocommerce_server import (
    ApiKey,
    RunningShop,
    Shop,
    running_shop,
    sample_product,
)

READ_WRITE = ApiKey("ck_" + "a1" * 20, "cs_" + "b2" * 20, "read_write")
READ_ONLY = ApiKey("ck_" + "c3" * 20, "cs_" + "d4" * 20, "read")
APRON_ID = 42
IMAGE_ID = 501
GALLERY_ID = 502
# What the fake model answers for the product flow (a ProductDraft).
DRAFT: dict[str, Any] = {
    "title": "Linen apron for bakers",
    "short_description": "Linen apron for bakers: sturdy, with deep pockets and adjustable straps.",
    "long_description": [
        "This linen apron for bakers keeps flour off your clothes through long bakes, "
        "with deep pockets for a scraper and a thermometer."
    ],
    "feature_bullets": ["Washed linen", "Two deep pockets", "Adjustable straps"],
    "seo_title": "Linen apron for bakers with deep pockets",
    "meta_desc": "A sturdy linen apron for bakers: washed linen, two deep pockets and "
    "adjustable straps that keep the flour off your clothes through long bakes.",
    "tags": ["apron", "linen", "baking"],
    "image_alt_text": "Natural linen apron for bakers hanging on a hook",
}

Connect = Callable[..., str]


def apron() -> dict[str, Any]:
    """The product the tests write copy for: an image and a gallery image, a tag, meta."""
    return sample_product(
        APRON_ID,
        "Linen apron",
        description="<p>An apron.</p>",
        short_description="<ul><li>two pockets</li><li>adjustable straps</li></ul>",
        categories=[{"id": 21, "name": "Kitchen textiles", "slug": "kitchen-textiles"}],
        tags=[{"id": 31, "name": "linen apron", "slug": "linen-apron"}],
        images=[
            {"id": IMAGE_ID, "src": "https://shop.invalid/apron.jpg", "name": "apron", "alt": ""},
            {
                "id": GALLERY_ID,
                "src": "https://shop.invalid/back.jpg",
                "name": "back",
                "alt": "Back",
            },
        ],
        attributes=[{"id": 1, "name": "Material", "options": ["linen"]}],
        meta_data=[{"id": 7, "key": "_supplier", "value": "Weaver & Co"}],
    )


@pytest.fixture
def shop() -> Shop:
    """A shop with two keys, the apron and 24 mugs (25 products), and the apron's tag."""
    state = Shop()
    state.add_key(READ_WRITE)
    state.add_key(READ_ONLY)
    state.tags.append({"id": 31, "name": "linen apron", "slug": "linen-apron"})
    state.categories.append({"id": 21, "name": "Kitchen textiles", "slug": "kitchen-textiles"})
    state.add_product(apron())
    for number in range(1, 25):
        state.add_product(sample_product(number, f"Mug {number}", description="<p>A mug.</p>"))
    return state


@pytest.fixture
def served(shop: Shop) -> Iterator[RunningShop]:
    """The shop over plain http: OAuth 1.0a only."""
    with running_shop(shop) as running:
        yield running


@pytest.fixture
def served_tls(shop: Shop, tmp_path: Path) -> Iterator[RunningShop]:
    """The shop over https (a real TLS listener): Basic credentials."""
    with running_shop(shop, tls=True, directory=tmp_path) as running:
        yield running


def trusting(running: RunningShop) -> httpx.AsyncHTTPTransport:
    """A transport that trusts the https shop's throw-away certificate."""
    return httpx.AsyncHTTPTransport(verify=running.client_ssl_context())


@pytest.fixture
def tenant_id(instance: Instance) -> uuid.UUID:
    """A new workspace of the test installation."""
    with instance.database.system_session() as session:
        return create_tenant(session, name=f"WC {uuid.uuid4().hex[:6]}").id


@pytest.fixture
def connect(instance: Instance, tenant_id: uuid.UUID, served: RunningShop) -> Connect:
    """Connect the http shop to the test tenant with ``key``; returns the store's name."""

    def connect_with(key: ApiKey = READ_WRITE, name: str = "shop") -> str:
        data = StoreConnect(
            url=served.url,
            consumer_key=key.consumer_key,
            consumer_secret=key.consumer_secret,
            name=name,
        )
        store = asyncio.run(connect_store(instance, tenant_id=tenant_id, data=data))
        return store.name

    return connect_with
