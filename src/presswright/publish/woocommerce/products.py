"""Reading a store's products, and a product as the facts the product copy flow starts from.

The facts are what the shop already says about the product: its name, first category,
attributes, and the points its current descriptions make (list items, else the short
description's text), with its tags as keywords unless keywords are given.
"""

from __future__ import annotations

import html
import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
import nh3
from pydantic import BaseModel, Field

from presswright.bootstrap import Instance
from presswright.content.models import LANGUAGES, PICTURE_SETTINGS, ProductFacts
from presswright.errors import UserInputError
from presswright.publish.woocommerce.client import MAX_PER_PAGE
from presswright.publish.woocommerce.remote import RemoteProduct
from presswright.publish.woocommerce.stores import store_access

__all__ = [
    "DEFAULT_CATEGORY",
    "EXPORT_ID_COLUMN",
    "Exported",
    "ProductList",
    "ProductSummary",
    "export_rows",
    "list_products",
    "product_facts",
    "read_product",
    "text_of",
]

# The column of an export row that names the product: `bulk run --store STORE` writes each
# product's generated copy back to it (without --store, bulk leaves the column unused).
EXPORT_ID_COLUMN = "woo_product_id"
# WooCommerce files a product without a category under this one.
DEFAULT_CATEGORY = "Uncategorized"
_LIST_ITEM = re.compile(r"<li\b[^>]*>(.*?)</li>", re.IGNORECASE | re.DOTALL)
_FEATURE_MAX = 300
_MAX_FEATURES = 20
_MAX_ATTRIBUTES = 50
_MAX_KEYWORDS = 10


class ProductSummary(BaseModel):
    """One product of a store, as listed."""

    id: int = Field(examples=[42])
    name: str = Field(examples=["Linen apron"])
    sku: str
    status: str = Field(examples=["publish"])
    type: str = Field(examples=["simple"])
    permalink: str
    categories: list[str] = Field(examples=[["Kitchen textiles"]])
    tags: list[str]
    has_image: bool


class ProductList(BaseModel):
    """One page of a store's products, with the totals WooCommerce reports."""

    products: list[ProductSummary]
    page: int = Field(ge=1)
    total: int = Field(ge=0, description="Products matching, over all pages (X-WP-Total).")
    total_pages: int = Field(ge=0, description="Pages at this page size (X-WP-TotalPages).")


def text_of(value: str, limit: int) -> str:
    """HTML (or HTML-escaped text, as WooCommerce returns names) as one line of plain text."""
    text = html.unescape(nh3.clean(value, tags=set()))
    return re.sub(r"\s+", " ", text).strip()[:limit]


def summary(product: RemoteProduct) -> ProductSummary:
    """How a product is listed."""
    return ProductSummary(
        id=product.id,
        name=text_of(product.name, 300),
        sku=product.sku,
        status=product.status,
        type=product.type,
        permalink=product.permalink,
        categories=[text_of(term.name, 200) for term in product.categories],
        tags=[text_of(term.name, 200) for term in product.tags],
        has_image=bool(product.images),
    )


def _features(product: RemoteProduct) -> list[str]:
    items = _LIST_ITEM.findall(product.short_description) + _LIST_ITEM.findall(product.description)
    features: list[str] = []
    for item in items:
        text = text_of(item, _FEATURE_MAX)
        if text and text.casefold() not in {f.casefold() for f in features}:
            features.append(text)
    if not features:
        short = text_of(_LIST_ITEM.sub("", product.short_description), _FEATURE_MAX)
        if short:
            features.append(short)
    return features[:_MAX_FEATURES]


def product_facts(
    product: RemoteProduct,
    *,
    keywords: list[str] | None = None,
    language: str = "en",
    brand_profile: str | None = None,
) -> ProductFacts:
    """The facts of a WooCommerce product, for the product copy flow.

    ``keywords`` replace the product's tags as the keywords the copy must use; bad keywords
    or an unknown ``language`` raise pydantic's ValidationError naming the field.
    """
    name = text_of(product.name, 200) or f"Product {product.id}"
    categories = [text_of(term.name, 200) for term in product.categories]
    attributes: dict[str, str] = {}
    for attribute in product.attributes[:_MAX_ATTRIBUTES]:
        label = text_of(attribute.name, 100)
        values = ", ".join(v for v in (text_of(o, 100) for o in attribute.options) if v)
        if label and values:
            attributes[label] = values
    tags = [text_of(term.name, 80) for term in product.tags]
    chosen = keywords if keywords is not None else tags
    unique: list[str] = []
    for keyword in (k for k in chosen if k.strip()):
        if keyword.casefold() not in {k.casefold() for k in unique}:
            unique.append(keyword)
    return ProductFacts.model_validate(
        {
            "name": name,
            "category": next((c for c in categories if c), DEFAULT_CATEGORY),
            "attributes": attributes,
            "features": _features(product),
            "keywords": unique[:_MAX_KEYWORDS],
            "language": language,
            "brand_profile": brand_profile,
        }
    )


async def list_products(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    store: str | uuid.UUID,
    page: int = 1,
    per_page: int = 20,
    search: str = "",
    transport: httpx.AsyncBaseTransport | None = None,
) -> ProductList:
    """One page of the store's products (any status), newest first."""
    access = store_access(instance, tenant_id=tenant_id, store=store)
    async with access.client(transport) as client:
        found = await client.products(
            page=page, per_page=min(max(per_page, 1), MAX_PER_PAGE), search=search
        )
    return ProductList(
        products=[summary(product) for product in found.products],
        page=found.page,
        total=found.total,
        total_pages=found.total_pages,
    )


async def read_product(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    store: str | uuid.UUID,
    product_id: int,
    transport: httpx.AsyncBaseTransport | None = None,
) -> RemoteProduct:
    """Product ``product_id`` of the store, as WooCommerce has it now."""
    access = store_access(instance, tenant_id=tenant_id, store=store)
    async with access.client(transport) as client:
        return await client.product(product_id)


@dataclass(frozen=True)
class Exported:
    """Export rows (product facts plus ``woo_product_id``), and the products left out.

    ``duplicates`` pairs each product left out with the earlier one it has the same facts
    as: the bulk command refuses a file with two identical items.
    """

    rows: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[tuple[int, int]] = field(default_factory=list)


async def export_rows(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    store: str | uuid.UUID,
    search: str = "",
    language: str = "en",
    transport: httpx.AsyncBaseTransport | None = None,
) -> Exported:
    """Every product of the store (any status) as a bulk row, oldest page last."""
    if language not in LANGUAGES:
        raise UserInputError(
            f"unknown language {language!r}", hint=f"use one of: {', '.join(LANGUAGES)}"
        )
    access = store_access(instance, tenant_id=tenant_id, store=store)
    exported = Exported()
    seen: dict[str, int] = {}
    async with access.client(transport) as client:
        page, pages = 1, 1
        while page <= pages:
            found = await client.products(page=page, per_page=MAX_PER_PAGE, search=search)
            for product in found.products:
                facts = product_facts(product, language=language).model_dump(
                    mode="json", exclude_none=True, exclude=set(PICTURE_SETTINGS)
                )
                key = json.dumps(facts, sort_keys=True, ensure_ascii=False)
                if key in seen:
                    exported.duplicates.append((product.id, seen[key]))
                    continue
                seen[key] = product.id
                exported.rows.append({**facts, EXPORT_ID_COLUMN: product.id})
            pages = found.total_pages
            page += 1
    return exported
