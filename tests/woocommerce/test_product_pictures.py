"""Library pictures onto a WooCommerce product: Media Library upload on the real WordPress of
the test session, then the product's ``images`` on the loopback shop.

WooCommerce cannot run here; the shop server follows its REST API, and takes an image id
the way WooCommerce does (``wp_attachment_is_image``) by asking the real WordPress for the
attachment: in a real install the shop and its WordPress are one site.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest

from presswright.bootstrap import Instance
from presswright.errors import UserInputError
from presswright.images.product_pictures import ProductPictures, write_product_pictures
from presswright.publish.wordpress.sites import SiteConnect, connect_site
from tests.images.stored_images import stored_image
from tests.woocommerce.conftest import APRON_ID, GALLERY_ID, IMAGE_ID, Connect
from tests.woocommerce.woocommerce_server import RunningShop, Shop
from tests.wordpress.wordpress_site import RunningWordPress

pytestmark = pytest.mark.timeout(120)


def attachments_of(wordpress: RunningWordPress) -> Any:
    def attachment(media_id: int) -> dict[str, Any] | None:
        try:
            item = wordpress.rest("GET", f"/wp/v2/media/{media_id}", params={"context": "edit"})
        except httpx.HTTPStatusError:
            return None
        data = item.json()
        if data.get("media_type") != "image":
            return None
        return {"id": media_id, "src": data["source_url"], "name": "", "alt": data["alt_text"]}

    return attachment


def site_of(instance: Instance, tenant_id: uuid.UUID, wordpress: RunningWordPress) -> str:
    user = wordpress.author
    data = SiteConnect(url=wordpress.url, username=user.login, app_password=user.app_password)
    return asyncio.run(connect_site(instance, tenant_id=tenant_id, data=data)).site.name


def write(instance: Instance, tenant_id: uuid.UUID, **options: Any) -> ProductPictures:
    return asyncio.run(write_product_pictures(instance, tenant_id=tenant_id, **options))


def test_pictures_become_the_product_image_and_gallery_uploaded_once(
    instance: Instance,
    tenant_id: uuid.UUID,
    shop: Shop,
    served: RunningShop,
    connect: Connect,
    wordpress: RunningWordPress,
) -> None:
    shop.attachment = attachments_of(wordpress)
    store = connect()
    site = site_of(instance, tenant_id, wordpress)
    front = stored_image(instance, tenant_id, alt_text="Linen apron with two deep front pockets.")
    back = stored_image(
        instance, tenant_id, colour="olive", alt_text="Back of the apron with crossed straps."
    )
    options = {"store": store, "product_id": APRON_ID, "site": site, "pictures": [front, back]}

    first = write(instance, tenant_id, **options)
    assert [(p.role, p.upload) for p in first.pictures] == [
        ("image", "uploaded"),
        ("gallery", "uploaded"),
    ]
    ids = [p.media_id for p in first.pictures]
    product = shop.products[APRON_ID]
    # The new pictures first, with their alt text; the product's earlier pictures after them.
    assert [image["id"] for image in product["images"]] == [*ids, IMAGE_ID, GALLERY_ID]
    assert [image["alt"] for image in product["images"][:2]] == [
        "Linen apron with two deep front pockets.",
        "Back of the apron with crossed straps.",
    ]
    assert first.kept == [IMAGE_ID, GALLERY_ID]
    _, sent = shop.writes[-1]
    assert sent["images"][0] == {"id": ids[0], "alt": "Linen apron with two deep front pockets."}
    # The Media Library holds them with the same alt text.
    for picture in first.pictures:
        item = wordpress.rest("GET", f"/wp/v2/media/{picture.media_id}").json()
        assert item["alt_text"] == picture.alt and item["source_url"] == picture.url

    again = write(instance, tenant_id, **options, replace=True)
    assert [p.media_id for p in again.pictures] == ids  # the same attachments: once per hash
    assert {p.upload for p in again.pictures} == {"reused"}
    assert [image["id"] for image in shop.products[APRON_ID]["images"]] == ids
    assert again.kept == []


def test_a_picture_without_alt_text_or_an_empty_list_is_refused_before_the_store_is_asked(
    instance: Instance,
    tenant_id: uuid.UUID,
    shop: Shop,
    served: RunningShop,
    connect: Connect,
    wordpress: RunningWordPress,
) -> None:
    store = connect()
    site = site_of(instance, tenant_id, wordpress)
    bare = stored_image(instance, tenant_id, alt_text=None)
    writes = len(shop.writes)
    with pytest.raises(UserInputError, match="no alt text yet"):
        write(instance, tenant_id, store=store, product_id=APRON_ID, site=site, pictures=[bare])
    with pytest.raises(UserInputError, match="no pictures given"):
        write(instance, tenant_id, store=store, product_id=APRON_ID, site=site, pictures=[])
    assert len(shop.writes) == writes
