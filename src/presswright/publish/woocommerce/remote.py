"""The parts of WooCommerce's REST v3 answers Presswright reads, as typed models.

Field names and shapes are WooCommerce's (``/wc/v3/products``): a product's categories and
tags are ``{id, name, slug}``, images ``{id, src, name, alt}``, attributes
``{id, name, options}`` and meta data ``{id, key, value}``. Anything else is ignored.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ProductAttribute",
    "ProductImage",
    "ProductMeta",
    "RemoteProduct",
    "RemoteTerm",
]


class _Remote(BaseModel):
    model_config = ConfigDict(extra="ignore")


class RemoteTerm(_Remote):
    """A product category or tag."""

    id: int
    name: str
    slug: str = ""


class ProductImage(_Remote):
    """One image of a product (the first one is the product image)."""

    id: int
    src: str = ""
    name: str = ""
    alt: str = ""


class ProductAttribute(_Remote):
    """A product attribute and its values (``options``)."""

    id: int = 0
    name: str
    options: list[str] = Field(default_factory=list)


class ProductMeta(_Remote):
    """One meta data entry of a product."""

    id: int | None = None
    key: str
    value: Any = None


class RemoteProduct(_Remote):
    """A WooCommerce product as ``GET /wc/v3/products/{id}`` returns it."""

    id: int
    name: str
    slug: str = ""
    permalink: str = ""
    type: str = "simple"
    status: str = "publish"
    description: str = ""
    short_description: str = ""
    sku: str = ""
    price: str = ""
    regular_price: str = ""
    categories: list[RemoteTerm] = Field(default_factory=list)
    tags: list[RemoteTerm] = Field(default_factory=list)
    images: list[ProductImage] = Field(default_factory=list)
    attributes: list[ProductAttribute] = Field(default_factory=list)
    meta_data: list[ProductMeta] = Field(default_factory=list)

    def meta(self) -> dict[str, Any]:
        """The meta data as {key: value} (the first entry of a key wins, as WooCommerce reads)."""
        found: dict[str, Any] = {}
        for entry in self.meta_data:
            found.setdefault(entry.key, entry.value)
        return found
