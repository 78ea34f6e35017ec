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
import json
from collections.abc import Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, TypeVar

import httpx
from pydantic import TypeAdapter, ValidationError

from presswright.publish.woocommerce.auth import ConsumerCredentials, WooCommerceAuth
from presswright.publish.woocommerce.errors import (
    WooCommerceError,
    unreachable_error,
    woocommerce_error,
)
from presswright.publish.woocommerce.remote import RemoteProduct, RemoteTerm
from presswright.publish.wordpress.discovery import DEFAULT_TIMEOUT, USER_AGENT, route_url
from presswright.publish.wordpress.errors import rest_error_parts

__all__ = ["MAX_PER_PAGE", "NAMESPACE", "ProductPage", "WooCommerceClient"]

NAMESPACE = "wc/v3"
MAX_PER_PAGE = 100
Params = Mapping[str, str | int]
_T = TypeVar("_T")


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


class WooCommerceClient:
    """The WooCommerce REST API of one store, as one key; use ``async with`` to close it."""

    def __init__(
        self,
        *,
        store: str,
        api_root: str,
        credentials: ConsumerCredentials,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.store = store
        self.api_root = api_root
        self._secrets = (credentials.consumer_key, credentials.consumer_secret)
        self._http = httpx.AsyncClient(
            transport=transport,
            timeout=timeout,
            follow_redirects=False,
            auth=WooCommerceAuth(credentials),
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        )

    async def __aenter__(self) -> WooCommerceClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connections."""
        await self._http.aclose()

    async def request(
        self,
        method: str,
        route: str,
        *,
        action: str,
        params: Params | None = None,
        body: Mapping[str, Any] | None = None,
        signed: bool = True,
    ) -> httpx.Response:
        """Send one request to ``route`` (e.g. ``/wc/v3/products``); store errors are raised.

        ``action`` says what the request is for ("reading products"): errors quote it.
        ``signed=False`` sends no credentials (the site index is public, and WordPress
        refuses Basic credentials that are not an application password on its own routes).
        """
        url, query = route_url(self.api_root, route)
        query.update({key: str(value) for key, value in (params or {}).items()})
        try:
            response = await self._http.request(
                method,
                url,
                params=query,
                json=body,
                auth=httpx.USE_CLIENT_DEFAULT if signed else None,
            )
        except httpx.HTTPError as error:
            raise unreachable_error(self.store, action, error, secrets=self._secrets) from None
        if response.is_redirect:
            raise WooCommerceError(
                f"WooCommerce at {self.store} ({action}) redirected to"
                f" {response.headers.get('location', '?')}",
                site=self.store,
                status=response.status_code,
                hint="connect the store again with the address it redirects to",
            )
        if response.status_code >= 400:
            raise self._error(response, action)
        return response

    def _error(self, response: httpx.Response, action: str) -> WooCommerceError:
        code, message, details = rest_error_parts(response)
        return woocommerce_error(
            store=self.store,
            action=action,
            status=response.status_code,
            code=code,
            message=message,
            details=details,
        )

    def _read(self, shape: type[_T], response: httpx.Response, action: str) -> _T:
        try:
            answer = response.json()
        except ValueError:
            raise WooCommerceError(
                f"WooCommerce at {self.store} ({action}) answered HTTP {response.status_code}"
                f" with something that is not JSON: {response.text[:60].strip()!r}",
                site=self.store,
                status=response.status_code,
                hint="the site prints PHP messages into its answers: turn display_errors off"
                " (WP_DEBUG_DISPLAY false) and retry",
            ) from None
        try:
            return TypeAdapter(shape).validate_python(answer)
        except ValidationError:
            raise WooCommerceError(
                f"WooCommerce at {self.store} ({action}) answered with JSON of an unexpected"
                f" shape: {json.dumps(answer)[:120]}",
                site=self.store,
                status=response.status_code,
                hint="check that the address is a WooCommerce store and that no plugin"
                " rewrites REST answers",
            ) from None

    async def call(
        self, shape: type[_T], method: str, route: str, *, action: str, **options: Any
    ) -> _T:
        """The answer of a request read as ``shape`` (a model, or ``list[Model]``)."""
        response = await self.request(method, route, action=action, **options)
        return self._read(shape, response, action)

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
        products = self._read(list[RemoteProduct], response, "reading products")
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
            found += self._read(list[RemoteTerm], response, "reading categories")
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
