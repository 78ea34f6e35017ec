"""Products of a store: listed page by page, read as product facts, exported for bulk."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest

from presswright.bootstrap import Instance
from presswright.bulk.rows import validate_items
from presswright.bulk.sources import read_source
from presswright.publish.woocommerce import (
    WooCommerceError,
    list_products,
    product_facts,
    read_product,
)
from presswright.publish.woocommerce.products import EXPORT_ID_COLUMN, export_rows
from presswright.publish.woocommerce.remote import RemoteProduct
from tests.woocommerce.conftest import APRON_ID, Connect, apron
from tests.woocommerce.woocommerce_server import Shop, sample_product


def test_products_page_by_page(instance: Instance, tenant_id: uuid.UUID, connect: Connect) -> None:
    connect()
    first = asyncio.run(list_products(instance, tenant_id=tenant_id, store="shop", per_page=10))
    assert (first.page, first.total, first.total_pages) == (1, 25, 3)
    assert [p.id for p in first.products][:2] == [APRON_ID, 24]
    assert first.products[0].categories == ["Kitchen textiles"]
    assert first.products[0].has_image and not first.products[1].has_image
    third = asyncio.run(
        list_products(instance, tenant_id=tenant_id, store="shop", page=3, per_page=10)
    )
    assert [p.name for p in third.products] == [f"Mug {n}" for n in (5, 4, 3, 2, 1)]
    found = asyncio.run(list_products(instance, tenant_id=tenant_id, store="shop", search="apron"))
    assert [p.id for p in found.products] == [APRON_ID] and found.total == 1


def test_a_product_becomes_facts() -> None:
    product = RemoteProduct.model_validate(apron())
    facts = product_facts(product)
    assert facts.name == "Linen apron"
    assert facts.category == "Kitchen textiles"
    assert facts.attributes == {"Material": "linen"}
    assert facts.features == ["two pockets", "adjustable straps"]
    assert facts.keywords == ["linen apron"]
    chosen = product_facts(product, keywords=["baker's apron", "Baker's Apron"], language="de")
    assert (chosen.keywords, chosen.language) == (["baker's apron"], "de")

    bare = RemoteProduct.model_validate(
        sample_product(
            5,
            "Tea &amp; Toast",
            categories=[],
            short_description="<p>A <b>cheerful</b>\n mug.</p>",
        )
    )
    facts = product_facts(bare)
    assert (facts.name, facts.category, facts.features, facts.keywords) == (
        "Tea & Toast",
        "Uncategorized",
        ["A cheerful mug."],
        [],
    )
    with pytest.raises(ValueError, match="language"):
        product_facts(bare, language="xx")


def test_a_product_that_is_gone(instance: Instance, tenant_id: uuid.UUID, connect: Connect) -> None:
    connect()
    with pytest.raises(WooCommerceError, match="Invalid ID") as raised:
        asyncio.run(read_product(instance, tenant_id=tenant_id, store="shop", product_id=4040))
    assert raised.value.status == 404


def test_export_is_a_file_bulk_accepts(
    instance: Instance, tenant_id: uuid.UUID, connect: Connect, shop: Shop
) -> None:
    connect()
    shop.add_product(sample_product(90, "Mug 3", description="<p>A mug.</p>"))  # same facts
    exported = asyncio.run(export_rows(instance, tenant_id=tenant_id, store="shop"))
    assert len(exported.rows) == 25 and exported.duplicates == [(3, 90)]
    assert exported.rows[0][EXPORT_ID_COLUMN] == 90
    text = "".join(json.dumps(row) + "\n" for row in exported.rows)
    source = read_source(text.encode(), name="shop.jsonl")
    items = validate_items(
        source,
        kind="product",
        model="local:smollm2",
        mapping={},
        list_separator="|",
        brand_profiles=[],
    )
    assert len(items.items) == 25
    assert items.ignored_columns == [EXPORT_ID_COLUMN]
    apron_item = next(item for item in items.items if item.label == "Linen apron")
    assert apron_item.payload["attributes"] == {"Material": "linen"}
    assert apron_item.payload["features"] == ["two pockets", "adjustable straps"]
