"""WooCommerce's product CSV export (Products > Export), read as one item per product.

The exporter (``WC_Product_CSV_Exporter``) writes ``ID, Type, SKU, Name, Published, Is
featured?, Visibility in catalog, Short description, Description, ..., Regular price,
Categories, Tags, Images, ..., Parent, ..., Attribute 1 name, Attribute 1 value(s),
Attribute 1 visible, Attribute 1 global, ...``. A variable product is one row, and each of
its variations another (``Type`` ``variation``, ``Parent`` the parent's SKU or ``id:123``):
the variations are folded into their parent, adding their attribute values and prices.

A product becomes: ``Name`` its name; the last segment of its first category
(``Clothing > Hoodies, Sale`` gives ``Hoodies``) its category; the list items or sentences
of ``Short description`` and ``Description`` (HTML, line breaks written as ``\\n``) its
features; each ``Attribute N name`` with its ``value(s)`` an attribute; ``Tags`` its
keywords; ``Regular price`` (or its variations' range) its price; and ``ID`` the product
the copy is written back to (``woo_product_id``).
"""

from __future__ import annotations

import re

from presswright.bulk.html_facts import description_facts, unescape_woocommerce
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

__all__ = ["is_woocommerce_export", "read_woocommerce_export"]

_SHOP = "WooCommerce"
# Columns only WooCommerce's exporter writes; two of them with Type and Name make the shape.
_ANCHORS = (
    "is featured?",
    "visibility in catalog",
    "short description",
    "in stock?",
    "regular price",
    "parent",
    "attribute 1 name",
)
_ATTRIBUTE_NAME = re.compile(r"^attribute (\d+) name$")


def is_woocommerce_export(columns: list[str]) -> bool:
    """Whether the header is the one WooCommerce's product exporter writes."""
    names = column_lookup(columns)
    return "type" in names and "name" in names and sum(a in names for a in _ANCHORS) >= 2


def _is_variation(record: Record, names: dict[str, str]) -> bool:
    types = {part.casefold() for part in split_list(cell(record, names.get("type")))}
    return "variation" in types


def _product(record: Record, names: dict[str, str]) -> ShopProduct:
    descriptions = (
        unescape_woocommerce(cell(record, names.get(column)))
        for column in ("short description", "description")
    )
    product = ShopProduct(
        record,
        name=cell(record, names["name"]),
        category=first_category(cell(record, names.get("categories"))),
        features=description_facts(*descriptions),
        keywords=split_list(cell(record, names.get("tags"))),
        product_id=cell(record, names.get("id")),
    )
    product.add_price(cell(record, names.get("regular price")))
    return product


def _add_attributes(
    product: ShopProduct, record: Record, attributes: list[tuple[str, str]]
) -> None:
    """Add a row's ``Attribute N`` names and values to a product."""
    for name_column, values_column in attributes:
        product.add_attribute(cell(record, name_column), split_list(cell(record, values_column)))


def read_woocommerce_export(name: str | None, columns: list[str], records: list[Record]) -> Source:
    """The products of a WooCommerce export, variations folded into their parents."""
    names = column_lookup(columns)
    attributes = numbered_columns(names, _ATTRIBUTE_NAME, "attribute {} value(s)")
    products: list[ShopProduct] = []
    by_reference: dict[str, ShopProduct] = {}
    variations = [record for record in records if _is_variation(record, names)]
    folded = {record.row for record in variations}
    for record in records:
        if record.row in folded:
            continue
        product = _product(record, names)
        _add_attributes(product, record, attributes)
        products.append(product)
        if product.product_id:
            by_reference[f"id:{product.product_id}"] = product
        if sku := cell(record, names.get("sku")):
            by_reference.setdefault(sku, product)
    for record in variations:
        parent_ref = cell(record, names.get("parent"))
        parent = by_reference.get(parent_ref)
        if parent is None:
            what = f"its parent {parent_ref!r}" if parent_ref else "no parent (the Parent cell)"
            raise export_error(
                _SHOP,
                record.line,
                f"a variation names {what}, which is not a product of this file; export the"
                " parent product too, or remove the variation",
            )
        _add_attributes(parent, record, attributes)
        parent.add_price(cell(record, names.get("regular price")))
    shape = (
        f"read as a WooCommerce product export: {count(len(products), 'product')},"
        f" {count(len(variations), 'variation row')} folded"
    )
    return products_source(name, columns, products, shape)
