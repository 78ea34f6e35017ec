"""Pictures of the library onto a WooCommerce product: its image and its gallery.

WooCommerce takes a product's pictures as Media Library attachments of its WordPress, by
id (``images: [{"id", "alt"}]`` on ``PUT /wc/v3/products/{id}``; the first is the product
image, the rest the gallery). WooCommerce's REST keys cannot upload files, so each picture
goes through Media Forge first, to the WordPress site connection of the same shop
(:func:`presswright.images.editing.push_image_document`): uploaded once per content hash,
reused after that. Then one product update sets the pictures, each with its alt text.
The product's own earlier pictures follow in the gallery unless ``replace`` is asked
(WooCommerce replaces the list it is given, so they are sent along by id).

What the store answers is compared with what was sent: a picture it did not take is an
error, never a claimed success.
"""

from __future__ import annotations

import html
import uuid
from typing import Literal

import httpx
from pydantic import BaseModel, ConfigDict, Field, model_validator

from presswright.bootstrap import Instance
from presswright.errors import UserInputError
from presswright.images.editing import push_image_document
from presswright.images.service import list_images
from presswright.publish.woocommerce.errors import WooCommerceError
from presswright.publish.woocommerce.stores import store_access

__all__ = [
    "ProductPicture",
    "ProductPictures",
    "ProductPicturesWrite",
    "run_pictures",
    "write_product_pictures",
]


class ProductPicturesWrite(BaseModel):
    """Which pictures go onto which product of a connected store (through which site)."""

    model_config = ConfigDict(extra="forbid")

    store: str = Field(min_length=1, max_length=200, description="The store's name or id.")
    product_id: int = Field(ge=1)
    site: str = Field(
        min_length=1,
        max_length=200,
        description="The WordPress site connection of the same shop (for the Media Library).",
    )
    pictures: list[uuid.UUID] = Field(
        default_factory=list, max_length=20, description="Library image ids; first = image."
    )
    execution_id: str | None = Field(
        default=None,
        max_length=36,
        description="Or the pictures a product run made (its featured one first).",
    )
    replace: bool = Field(default=False, description="Drop the product's earlier pictures.")

    @model_validator(mode="after")
    def _names_pictures(self) -> ProductPicturesWrite:
        if not self.pictures and not self.execution_id:
            raise ValueError(
                "name the pictures (library image ids in pictures) or a product run"
                " (execution_id) whose pictures to use"
            )
        return self


def run_pictures(instance: Instance, *, tenant_id: uuid.UUID, execution_id: str) -> list[uuid.UUID]:
    """The pictures a run made, its featured one first, then the rest as they were made."""
    items = list_images(instance, tenant_id=tenant_id, execution_id=execution_id, limit=200)
    ordered = sorted(reversed(items.items), key=lambda image: image.image.purpose != "featured")
    return [image.id for image in ordered]


class ProductPicture(BaseModel):
    """One picture as the product now shows it."""

    document_id: uuid.UUID
    media_id: int = Field(description="The attachment id in the shop's Media Library.")
    url: str
    alt: str
    role: Literal["image", "gallery"]
    upload: Literal["uploaded", "reused", "recovered"]


class ProductPictures(BaseModel):
    """What writing pictures to a product did."""

    store: str
    site: str
    product_id: int
    pictures: list[ProductPicture]
    kept: list[int] = Field(description="Earlier pictures of the product kept in the gallery.")


async def write_product_pictures(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    store: str | uuid.UUID,
    product_id: int,
    site: str | uuid.UUID,
    pictures: list[uuid.UUID],
    replace: bool = False,
    site_transport: httpx.AsyncBaseTransport | None = None,
    store_transport: httpx.AsyncBaseTransport | None = None,
) -> ProductPictures:
    """Make ``pictures`` (library image ids) the product's image (the first) and gallery."""
    if not pictures:
        raise UserInputError("no pictures given", hint="name one or more library image ids")
    chosen = list(dict.fromkeys(pictures))
    pushed = [
        await push_image_document(
            instance,
            tenant_id=tenant_id,
            document_id=document_id,
            site=site,
            transport=site_transport,
        )
        for document_id in chosen
    ]
    access = store_access(instance, tenant_id=tenant_id, store=store)
    new_ids = list(dict.fromkeys(result.media_id for result in pushed))
    async with access.client(store_transport) as client:
        product = await client.product(product_id)
        kept = [] if replace else [i.id for i in product.images if i.id not in new_ids]
        images: list[dict[str, object]] = [
            {"id": result.media_id, "alt": html.unescape(result.alt_text)} for result in pushed
        ]
        images = list({image["id"]: image for image in images}.values())
        images += [{"id": image_id} for image_id in kept]
        stored = await client.update_product(product_id, {"images": images})
    shown = [image.id for image in stored.images]
    if shown[: len(new_ids)] != new_ids:
        raise WooCommerceError(
            f"the store shows the pictures {shown}, not the ones sent {new_ids}",
            site=access.name,
            hint="check that the store and the WordPress site are the same site",
        )
    alts = {image.id: image.alt for image in stored.images}
    return ProductPictures(
        store=access.name,
        site=pushed[0].site,
        product_id=product_id,
        pictures=[
            ProductPicture(
                document_id=document_id,
                media_id=result.media_id,
                url=result.url,
                alt=alts.get(result.media_id, ""),
                role="image" if index == 0 else "gallery",
                upload=result.action,
            )
            for index, (document_id, result) in enumerate(zip(chosen, pushed, strict=True))
        ],
        kept=kept,
    )
