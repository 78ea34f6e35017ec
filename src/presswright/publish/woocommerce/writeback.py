"""Writing generated product copy back to a WooCommerce product, and recording that it was.

One ``PUT /wc/v3/products/{id}`` carries everything, so writing the same copy again leaves
the product as it was: the description (sanitized HTML), the short description with the
feature bullets, the tags (looked up by name and created when missing: WooCommerce itself
sets a product's tags by id only; the product's own tags are kept), the alt text of the
product image when it has one (the gallery is sent along unchanged, as WooCommerce replaces
the image list it is given), and the SEO title and description as meta data of the SEO
plugin the site runs (Yoast or Rank Math, told by the REST namespaces it registers). Without
one they are kept in the write record only, and the result says so. The product name is
written only when asked. What the store answers is compared with what was sent, so the
report never claims an SEO write that did not happen.

Copy handed over as is (an API request's ``content``) is written with ``check_contract``:
it is held to the product copy contract first (:mod:`presswright.publish.contract`) and
refused with every violation before any request reaches the store. A completed run's copy
met the contract when it was made, checked against the product's facts, which a second
check here would not have.
"""

from __future__ import annotations

import html
import uuid
from datetime import datetime
from typing import Any

import httpx
from pydantic import BaseModel, Field

from presswright.bootstrap import Instance
from presswright.content.models import ProductCopy
from presswright.content.sanitize import sanitize_html
from presswright.publish.contract import require_product
from presswright.publish.woocommerce.products import text_of
from presswright.publish.woocommerce.remote import RemoteProduct
from presswright.publish.woocommerce.stores import store_access
from presswright.publish.wordpress.post_content import plain_text
from presswright.publish.wordpress.seo import (
    SeoPlugin,
    SeoReport,
    detect_seo_plugin,
    seo_meta,
    seo_report,
)
from presswright.store.woocommerce import WooCommerceWritePublic, list_writes, record_write

__all__ = ["WriteResult", "copy_fields", "short_description_html", "write_copy", "written"]


class WriteResult(BaseModel):
    """What writing copy to a product did, as the write record keeps it."""

    record_id: uuid.UUID
    store: str = Field(examples=["shop"])
    product_id: int = Field(examples=[42])
    product_name: str = Field(examples=["Linen apron"])
    product_url: str = Field(examples=["https://shop.example.com/product/linen-apron/"])
    execution_id: str | None = Field(description="The product run the copy came from.")
    fields: list[str] = Field(
        description="The product fields written.",
        examples=[["description", "short_description", "tags", "images", "meta_data"]],
    )
    tags: list[str] = Field(description="The copy's tags, now on the product.")
    image_alt: str | None = Field(description="The product image's new alt text, if it has one.")
    seo: SeoReport
    written_at: datetime


def _plain(value: str) -> str:
    """Model output as plain text: sanitized, no tags, entities decoded (WordPress escapes)."""
    return html.unescape(plain_text(value))


def short_description_html(copy: ProductCopy) -> str:
    """The short description shown by the price: a paragraph and the feature bullets."""
    bullets = "".join(
        f"<li>{html.escape(text)}</li>"
        for text in (_plain(item) for item in copy.feature_bullets)
        if text
    )
    paragraph = f"<p>{html.escape(_plain(copy.short_description))}</p>"
    return sanitize_html(paragraph + (f"\n<ul>{bullets}</ul>" if bullets else ""))


def _unique(names: list[str]) -> list[str]:
    found: list[str] = []
    for name in (_plain(raw)[:200] for raw in names):
        if name and name.casefold() not in {f.casefold() for f in found}:
            found.append(name)
    return found


def copy_fields(
    copy: ProductCopy,
    product: RemoteProduct,
    *,
    plugin: SeoPlugin | None,
    tag_ids: list[int],
    title: bool = False,
) -> dict[str, Any]:
    """The REST fields that put ``copy`` on ``product``, every one sanitized."""
    fields: dict[str, Any] = {
        "description": sanitize_html(copy.long_description_html),
        "short_description": short_description_html(copy),
    }
    if title:
        fields["name"] = _plain(copy.title)
    ids = list(dict.fromkeys([term.id for term in product.tags] + tag_ids))
    fields["tags"] = [{"id": term_id} for term_id in ids]
    if product.images:
        first, *rest = product.images
        fields["images"] = [
            {"id": first.id, "alt": _plain(copy.image_alt_text)},
            *({"id": image.id} for image in rest),
        ]
    if plugin is not None:
        existing = {entry.key: entry.id for entry in product.meta_data if entry.id is not None}
        meta = seo_meta(
            plugin,
            title=_plain(copy.meta.seo_title),
            description=_plain(copy.meta.meta_desc),
        )
        fields["meta_data"] = [
            {**({"id": existing[key]} if key in existing else {}), "key": key, "value": value}
            for key, value in meta.items()
        ]
    return fields


async def write_copy(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    store: str | uuid.UUID,
    product_id: int,
    copy: ProductCopy,
    execution_id: str | None = None,
    title: bool = False,
    transport: httpx.AsyncBaseTransport | None = None,
    check_contract: bool = False,
) -> WriteResult:
    """Write ``copy`` to product ``product_id`` of the store and record the write.

    ``check_contract`` is for copy handed over as is, not a run's output:
    UnpublishableContentError lists its violations, and nothing is sent.
    """
    if check_contract:
        await require_product(copy)
    access = store_access(instance, tenant_id=tenant_id, store=store)
    tags = _unique(copy.tags)
    async with access.client(transport) as client:
        product = await client.product(product_id)
        plugin = detect_seo_plugin(await client.namespaces())
        tag_ids = [await client.tag_id(name) for name in tags]
        fields = copy_fields(copy, product, plugin=plugin, tag_ids=tag_ids, title=title)
        stored = await client.update_product(product_id, fields)
    seo = seo_report(
        plugin,
        title=_plain(copy.meta.seo_title),
        description=_plain(copy.meta.meta_desc),
        stored_meta=stored.meta(),
    )
    image_alt = stored.images[0].alt if product.images and stored.images else None
    with instance.database.tenant_session(tenant_id) as session:
        record = record_write(
            session,
            store_id=access.id,
            product_id=product_id,
            product_name=text_of(stored.name, 300),
            product_url=stored.permalink or None,
            execution_id=execution_id,
            fields=list(fields),
            tags=tags,
            seo_title=seo.title,
            seo_description=seo.description,
            seo_note=seo.note,
        )
        written_at = record.written_at
        record_id = record.id
    return WriteResult(
        record_id=record_id,
        store=access.name,
        product_id=product_id,
        product_name=text_of(stored.name, 300),
        product_url=stored.permalink,
        execution_id=execution_id,
        fields=list(fields),
        tags=tags,
        image_alt=image_alt,
        seo=seo,
        written_at=written_at,
    )


def written(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    store: str | uuid.UUID,
    product_id: int | None = None,
) -> list[WooCommerceWritePublic]:
    """What was written to the store's products, newest first (of one product if given)."""
    with instance.database.tenant_session(tenant_id) as session:
        rows = list_writes(session, store, product_id=product_id)
        return [WooCommerceWritePublic.model_validate(row) for row in rows]
