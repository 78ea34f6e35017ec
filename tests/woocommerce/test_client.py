"""The client against the loopback shop: OAuth 1.0a over http, Basic over https, errors."""

from __future__ import annotations

import asyncio
import logging
import time
from types import SimpleNamespace

import httpx
import pytest

from presswright.publish.woocommerce import auth
from presswright.publish.woocommerce.auth import ConsumerCredentials, oauth_signature
from presswright.publish.woocommerce.client import WooCommerceClient
from presswright.publish.woocommerce.errors import (
    KEYS_PAGE,
    WooCommerceAuthError,
    WooCommerceError,
    WooCommerceReadOnlyKeyError,
    WooCommerceUnreachableError,
)
from tests.woocommerce.conftest import APRON_ID, READ_ONLY, READ_WRITE, trusting
from tests.woocommerce.woocommerce_server import ApiKey, RunningShop, Shop, sample_product


def client(
    running: RunningShop,
    key: ApiKey = READ_WRITE,
    *,
    secret: str | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> WooCommerceClient:
    credentials = ConsumerCredentials(key.consumer_key, secret or key.consumer_secret)
    return WooCommerceClient(
        store=running.url,
        api_root=f"{running.url}/wp-json",
        credentials=credentials,
        transport=transport,
    )


def test_oauth_signature_is_hmac_sha256_of_the_base_string() -> None:
    # Worked by hand: GET&<url>&<sorted, encoded params>, key "secret&".
    import base64
    import hashlib
    import hmac

    base = "GET&http%3A%2F%2Fshop.test%2Fwp-json%2Fwc%2Fv3%2Fproducts&a%3D1%26b%3Dx%2520y"
    expected = base64.b64encode(hmac.new(b"secret&", base.encode(), hashlib.sha256).digest())
    signed = oauth_signature(
        "get", "http://shop.test/wp-json/wc/v3/products", {"b": "x y", "a": "1"}, "secret"
    )
    assert signed == expected.decode()


def test_signed_requests_over_http_pass_the_shops_own_check(served: RunningShop) -> None:
    async def scenario() -> None:
        async with client(served) as wc:
            page = await wc.products(per_page=10)
            assert (len(page.products), page.total, page.total_pages) == (10, 25, 3)
            last = await wc.products(page=3, per_page=10)
            assert [p.id for p in last.products] == [5, 4, 3, 2, 1]
            # Characters the two encodings could disagree on: space, +, &, =, ~, *, unicode.
            found = await wc.products(search="Mug 1 +&=~*é")
            assert found.products == [] and found.total == 0
            assert [p.name for p in (await wc.products(search="apron")).products] == ["Linen apron"]

    asyncio.run(scenario())
    signed = [auth for method, path, auth in served.shop.requests if "/wc/" in path]
    assert signed and set(signed) == {"oauth"}  # never Basic over plain http


def test_a_wrong_secret_is_refused_with_the_setting_to_fix(served: RunningShop) -> None:
    async def scenario() -> None:
        async with client(served, secret="cs_" + "0" * 40) as wc:
            await wc.products()

    with pytest.raises(WooCommerceAuthError) as raised:
        asyncio.run(scenario())
    assert "provided signature does not match" in str(raised.value)
    assert KEYS_PAGE in str(raised.value) and "Read/Write" in str(raised.value)
    assert READ_WRITE.consumer_key not in str(raised.value)


def test_a_stale_timestamp_is_refused(served: RunningShop, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = time.time() - 16 * 60
    # Only the client's clock: the shop's stays right.
    monkeypatch.setattr(auth, "time", SimpleNamespace(time=lambda: stale))

    async def scenario() -> None:
        async with client(served) as wc:
            await wc.products()

    with pytest.raises(WooCommerceAuthError) as raised:
        asyncio.run(scenario())
    assert "Invalid timestamp" in str(raised.value) and "clock" in str(raised.value)


def test_a_reused_nonce_is_refused(served: RunningShop, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "secrets", SimpleNamespace(token_hex=lambda n: "same" * 8))

    async def scenario() -> None:
        async with client(served) as wc:
            await wc.product(APRON_ID)
            await wc.product(APRON_ID)

    with pytest.raises(WooCommerceAuthError, match="nonce has already been used"):
        asyncio.run(scenario())


def test_basic_credentials_over_https(served_tls: RunningShop) -> None:
    async def scenario() -> None:
        async with client(served_tls, transport=trusting(served_tls)) as wc:
            assert "wc/v3" in await wc.namespaces()
            assert (await wc.product(APRON_ID)).name == "Linen apron"

    asyncio.run(scenario())
    assert [auth for _, path, auth in served_tls.shop.requests] == ["", "Basic"]

    async def wrong() -> None:
        async with client(
            served_tls, secret="cs_" + "9" * 40, transport=trusting(served_tls)
        ) as wc:
            await wc.product(APRON_ID)

    with pytest.raises(WooCommerceAuthError, match="Consumer secret is invalid"):
        asyncio.run(wrong())


def test_a_read_only_key_reads_but_may_not_write(served: RunningShop) -> None:
    async def scenario() -> None:
        async with client(served, READ_ONLY) as wc:
            assert (await wc.product(APRON_ID)).id == APRON_ID
            await wc.update_product(APRON_ID, {"short_description": "x"})

    with pytest.raises(WooCommerceReadOnlyKeyError) as raised:
        asyncio.run(scenario())
    assert "does not have write permissions" in str(raised.value)
    assert "set Permissions to Read/Write" in str(raised.value)
    assert served.shop.writes == []


def test_missing_products_and_missing_woocommerce_say_so(served: RunningShop, shop: Shop) -> None:
    async def missing_product() -> None:
        async with client(served) as wc:
            await wc.product(999)

    with pytest.raises(WooCommerceError) as raised:
        asyncio.run(missing_product())
    assert (raised.value.status, raised.value.code) == (404, "woocommerce_rest_product_invalid_id")
    assert "`presswright wc products`" in str(raised.value)

    shop.namespaces = ["wp/v2"]

    async def no_woocommerce() -> None:
        async with client(served) as wc:
            await wc.products()

    with pytest.raises(WooCommerceError) as raised:
        asyncio.run(no_woocommerce())
    assert raised.value.code == "rest_no_route"
    assert "WooCommerce is installed and active" in str(raised.value)


def test_tags_are_found_by_name_or_created(served: RunningShop, shop: Shop) -> None:
    async def scenario() -> tuple[int, int, int]:
        async with client(served) as wc:
            return (
                await wc.tag_id("Linen Apron"),
                await wc.tag_id("baking"),
                await wc.tag_id("baking"),
            )

    existing, created, again = asyncio.run(scenario())
    assert existing == 31 and created == again
    assert [tag["name"] for tag in shop.tags] == ["linen apron", "baking"]


def test_no_answer_and_bad_answers(served: RunningShop, shop: Shop) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"refused {request.url}")

    closed = httpx.MockTransport(refuse)

    async def unreachable() -> None:
        async with client(served, transport=closed) as wc:
            await wc.products()

    with pytest.raises(WooCommerceUnreachableError, match="cannot reach WooCommerce") as raised:
        asyncio.run(unreachable())
    assert READ_WRITE.consumer_key not in str(raised.value)  # the signed URL is cut out

    shop.add_product(sample_product(77, "Odd", images="not a list"))

    async def odd() -> None:
        async with client(served) as wc:
            await wc.product(77)

    with pytest.raises(WooCommerceError, match="unexpected shape"):
        asyncio.run(odd())


def test_the_key_stays_out_of_the_request_log(
    served: RunningShop, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario() -> None:
        async with client(served) as wc:
            await wc.product(APRON_ID)

    with caplog.at_level(logging.INFO, logger="httpx"):
        asyncio.run(scenario())
    assert "oauth_consumer_key=…" in caplog.text and "oauth_signature=…" in caplog.text
    assert READ_WRITE.consumer_key not in caplog.text
