"""Shopify's product CSV export, read as one item per product.

Shopify writes ``Handle, Title, Body (HTML), Vendor, Product Category, Type, Tags,
Published, Option1 Name, Option1 Value, ..., Variant SKU, ..., Variant Price, ..., Image
Src, Image Position, ..., SEO Title, SEO Description, ..., Status`` (newer exports name
some of them ``URL handle``, ``Description``, ``Option1 name``, ``Price``, ``Product image
URL``; both are read). A product's first row carries its Title; each further variant,
and each further image, is a row of the same Handle with an empty Title. Those rows are
folded into their product: a variant adds its option values and price, an image row
nothing, and neither ever becomes a product of its own.

A product becomes: ``Title`` its name; the last segment of ``Product Category`` (else
``Type``) its category; the list items or sentences of ``Body (HTML)`` its features; each
option with the values of all variants an attribute, and ``Vendor`` one too; ``Tags`` its
keywords; the variants' prices its price.
"""

from __future__ import annotations

import re

from presswright.bulk.html_facts import description_facts
from presswright.bulk.records import Record, Source
from presswright.bulk.shop_products import (
    ShopProduct,
    cell,
    column_lookup,
    count,
    export_error,
    first_category,
    numbered_columns,
    products_source,
    split_list,
)

__all__ = ["is_shopify_export", "read_shopify_export"]

_SHOP = "Shopify"
_HANDLES = ("handle", "url handle")
_ANCHORS = (
    "body (html)",
    "vendor",
    "option1 name",
    "variant sku",
    "variant price",
    "image src",
    "product image url",
)
_OPTION_NAME = re.compile(r"^option(\d) name$")
_NO_OPTION = ("title", "default title")  # what Shopify writes for a product without options


def _column(names: dict[str, str], *keys: str) -> str | None:
    return next((names[key] for key in keys if key in names), None)


def is_shopify_export(columns: list[str]) -> bool:
    """Whether the header is the one Shopify's product export writes."""
    names = column_lookup(columns)
    has_handle = _column(names, *_HANDLES) is not None
    return has_handle and "title" in names and any(anchor in names for anchor in _ANCHORS)


def _product(record: Record, names: dict[str, str]) -> ShopProduct:
    category = first_category(cell(record, _column(names, "product category")))
    product = ShopProduct(
        record,
        name=cell(record, names["title"]),
        category=category or cell(record, names.get("type")),
        features=description_facts(cell(record, _column(names, "body (html)", "description"))),
        keywords=split_list(cell(record, names.get("tags"))),
    )
    if vendor := cell(record, names.get("vendor")):
        product.add_attribute("Vendor", [vendor])
    return product


def _add_variant(
    product: ShopProduct, record: Record, names: dict[str, str], options: list[tuple[str, str]]
) -> bool:
    """Add a row's option values and price to its product; whether it was a variant."""
    option_names = [cell(product.record, name) for name, _ in options]
    values = [cell(record, value) for _, value in options]
    for option, value in zip(option_names, values, strict=True):
        if value and (option.casefold(), value.casefold()) != _NO_OPTION:
            product.add_attribute(option or "Option", [value])
    price = cell(record, _column(names, "variant price", "price"))
    product.add_price(price)
    return any(values) or bool(price or cell(record, _column(names, "variant sku", "sku")))


def read_shopify_export(name: str | None, columns: list[str], records: list[Record]) -> Source:
    """The products of a Shopify export, variant and image rows folded into their product."""
    names = column_lookup(columns)
    handle_column = _column(names, *_HANDLES)
    options = numbered_columns(names, _OPTION_NAME, "option{} value")
    products: dict[str, ShopProduct] = {}
    variants = images = 0
    for record in records:
        handle = cell(record, handle_column)
        if not handle:
            message = "a row without a Handle; every row names its product's handle"
            raise export_error(_SHOP, record.line, message)
        product = products.get(handle)
        if cell(record, names["title"]):
            if product is not None:
                first = product.record.line
                message = f"a second product with the handle {handle!r} (the first: line {first})"
                raise export_error(_SHOP, record.line, message)
            products[handle] = _product(record, names)
            _add_variant(products[handle], record, names, options)
        elif product is None:
            raise export_error(
                _SHOP,
                record.line,
                f"a variant or image row of {handle!r} before the row with its product's Title;"
                " keep the rows of a product together, its titled row first",
            )
        elif _add_variant(product, record, names, options):
            variants += 1
        else:
            images += 1
    shape = (
        f"read as a Shopify product export: {count(len(products), 'product')},"
        f" {count(variants, 'variant row')} and {count(images, 'image row')} folded"
    )
    return products_source(name, columns, list(products.values()), shape)
