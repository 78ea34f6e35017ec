"""A typed async client of WooCommerce's REST API v3 (``/wp-json/wc/v3``), with a REST API key.

Only what product copy needs: the site index (is WooCommerce active, which SEO plugin runs),
products paged with ``page``/``per_page`` and the ``X-WP-Total``/``X-WP-TotalPages``
headers, one product, updating one product, categories and tags. Every failure becomes a
:mod:`presswright.publish.woocommerce.errors` error naming the store; ``transport`` is the seam
tests use instead of patching httpx. API calls follow no redirects: a redirected PUT would
silently turn into a GET.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from presswright.publish.rest import DEFAULT_TIMEOUT, RestClient
from presswright.publish.woocommerce.auth import ConsumerCredentials, WooCommerceAuth
from presswright.publish.woocommerce.errors import (
    WooCommerceError,
    unreachable_error,
    woocommerce_error,
)
from presswright.publish.woocommerce.remote import RemoteProduct, RemoteTerm
from presswright.publish.wordpress.errors import rest_error_parts

__all__ = ["MAX_PER_PAGE", "NAMESPACE", "ProductPage", "WooCommerceClient"]

NAMESPACE = "wc/v3"
MAX_PER_PAGE = 100


@dataclass(frozen=True)
class ProductPage:
    """One page of products and the totals WooCommerce reports in its headers."""

    products: list[RemoteProduct]
    page: int
    total: int
    total_pages: int


def _header_int(response: httpx.Response, name: str, default: int) -> int:
    value = response.headers.get(name, "")
    return int(value) if value.isdigit() else default


class WooCommerceClient(RestClient):
    """The WooCommerce REST API of one store, as one key; use ``async with`` to close it."""

    platform = "WooCommerce"
    noun = "WooCommerce store"

    def __init__(
        self,
        *,
        store: str,
        api_root: str,
        credentials: ConsumerCredentials,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        super().__init__(
            site=store,
            api_root=api_root,
            auth=WooCommerceAuth(credentials),
            transport=transport,
            timeout=timeout,
        )
        self._secrets = (credentials.consumer_key, credentials.consumer_secret)

    @property
    def store(self) -> str:
        """The store's address."""
        return self.site

    def error(
        self, message: str, *, status: int | None = None, hint: str | None = None
    ) -> WooCommerceError:
        """An error about the store."""
        return WooCommerceError(message, site=self.site, status=status, hint=hint)

    def answer_error(self, response: httpx.Response, action: str) -> WooCommerceError:
        """The error for WooCommerce's error answer."""
        code, message, details = rest_error_parts(response)
        return woocommerce_error(
            store=self.site,
            action=action,
            status=response.status_code,
            code=code,
            message=message,
            details=details,
        )

    def unreachable(self, action: str, error: httpx.HTTPError) -> WooCommerceError:
        """The error for a request the store did not answer; the key is never quoted."""
        return unreachable_error(self.site, action, error, secrets=self._secrets)

    async def namespaces(self) -> list[str]:
        """The REST namespaces the site registers (``wc/v3``, ``yoast/v1``, ...); public."""
        index = await self.call(
            dict[str, Any], "GET", "/", action="reading the REST API index", signed=False
        )
        found = index.get("namespaces")
        return [str(ns) for ns in found] if isinstance(found, list) else []

    async def products(self, *, page: int = 1, per_page: int = 20, search: str = "") -> ProductPage:
        """One page of products (any status), newest first, with the store's totals."""
        params: dict[str, str | int] = {"page": page, "per_page": per_page, "status": "any"}
        if search:
            params["search"] = search
        response = await self.request(
            "GET", f"/{NAMESPACE}/products", action=f"reading products page {page}", params=params
        )
        products = self.read(list[RemoteProduct], response, "reading products")
        return ProductPage(
            products=products,
            page=page,
            total=_header_int(response, "X-WP-Total", len(products)),
            total_pages=_header_int(response, "X-WP-TotalPages", page),
        )

    async def product(self, product_id: int) -> RemoteProduct:
        """Product ``product_id``."""
        return await self.call(
            RemoteProduct,
            "GET",
            f"/{NAMESPACE}/products/{product_id}",
            action=f"reading product {product_id}",
        )

    async def update_product(self, product_id: int, fields: Mapping[str, Any]) -> RemoteProduct:
        """Update product ``product_id`` with ``fields``; the product as stored afterwards."""
        return await self.call(
            RemoteProduct,
            "PUT",
            f"/{NAMESPACE}/products/{product_id}",
            action=f"updating product {product_id}",
            body=fields,
        )

    async def categories(self) -> list[RemoteTerm]:
        """Every product category, page by page."""
        found: list[RemoteTerm] = []
        page, pages = 1, 1
        while page <= pages:
            response = await self.request(
                "GET",
                f"/{NAMESPACE}/products/categories",
                action=f"reading categories page {page}",
                params={"page": page, "per_page": MAX_PER_PAGE},
            )
            found += self.read(list[RemoteTerm], response, "reading categories")
            pages = _header_int(response, "X-WP-TotalPages", page)
            page += 1
        return found

    async def tag_id(self, name: str) -> int:
        """The id of the product tag called ``name``, created if the store has none."""
        candidates = await self.call(
            list[RemoteTerm],
            "GET",
            f"/{NAMESPACE}/products/tags",
            action=f"looking up tag {name!r}",
            params={"search": name, "per_page": MAX_PER_PAGE},
        )
        wanted = name.casefold()
        for term in candidates:
            if html.unescape(term.name).casefold() == wanted:
                return term.id
        try:
            created = await self.call(
                RemoteTerm,
                "POST",
                f"/{NAMESPACE}/products/tags",
                action=f"creating tag {name!r}",
                body={"name": name},
            )
        except WooCommerceError as error:
            existing = error.details.get("resource_id")
            if error.code == "term_exists" and isinstance(existing, int):
                return existing
            raise
        return created.id
