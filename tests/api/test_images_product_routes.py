"""``POST /api/v1/images/to-product``: library pictures onto a WooCommerce product.

The Media Library is the session's real WordPress; the shop is the loopback WooCommerce
server of ``tests/woocommerce``, which takes an attachment id by asking that WordPress.
"""

from __future__ import annotations

import asyncio

import pytest
from fastapi.testclient import TestClient

from presswright.bootstrap import Instance
from presswright.publish.woocommerce.stores import StoreConnect, connect_store
from presswright.store.models import Role
from tests.api.conftest import MakeMember, bearer, login
from tests.images.stored_images import stored_image
from tests.woocommerce.conftest import APRON_ID, IMAGE_ID, READ_WRITE, apron
from tests.woocommerce.test_product_pictures import attachments_of, site_of
from tests.woocommerce.woocommerce_server import Shop, running_shop
from tests.wordpress.wordpress_site import RunningWordPress

pytestmark = pytest.mark.timeout(120)


def test_pictures_go_onto_a_product_and_one_without_alt_text_is_refused(
    served: TestClient, make_member: MakeMember, instance: Instance, wordpress: RunningWordPress
) -> None:
    member = make_member(Role.EDITOR)
    headers = bearer(login(served, member)["access_token"])
    shop = Shop()
    shop.add_key(READ_WRITE)
    shop.add_product(apron())
    shop.attachment = attachments_of(wordpress)
    with running_shop(shop) as running:
        data = StoreConnect(
            url=running.url,
            consumer_key=READ_WRITE.consumer_key,
            consumer_secret=READ_WRITE.consumer_secret,
            name="shop",
        )
        asyncio.run(connect_store(instance, tenant_id=member.tenant_id, data=data))
        site = site_of(instance, member.tenant_id, wordpress)
        front = stored_image(instance, member.tenant_id, alt_text="Linen apron, front pockets.")
        body = {"store": "shop", "product_id": APRON_ID, "site": site, "pictures": [str(front)]}
        answer = served.post("/api/v1/images/to-product", json=body, headers=headers)
        assert answer.status_code == 200, answer.text
        [picture] = answer.json()["pictures"]
        assert (picture["role"], picture["upload"], picture["alt"]) == (
            "image",
            "uploaded",
            "Linen apron, front pockets.",
        )
        shown = [image["id"] for image in shop.products[APRON_ID]["images"]]
        assert shown[0] == picture["media_id"] and IMAGE_ID in shown

        bare = stored_image(instance, member.tenant_id, alt_text=None)
        refused = served.post(
            "/api/v1/images/to-product", json={**body, "pictures": [str(bare)]}, headers=headers
        )
        assert refused.status_code == 400 and "no alt text yet" in refused.text
