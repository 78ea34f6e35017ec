"""WooCommerce over its REST API v3 with a consumer key and secret: product facts in, copy out.

``stores`` connects and checks stores, ``products`` lists products and reads one as
:class:`~presswright.content.models.ProductFacts`, ``writeback`` writes generated
:class:`~presswright.content.models.ProductCopy` back to a product (idempotently), ``auth``
signs requests (Basic over https, OAuth 1.0a over http), and ``client`` is the typed REST
client under them all. The CLI and the API call these functions and nothing below them.
"""

from presswright.publish.woocommerce.auth import ConsumerCredentials
from presswright.publish.woocommerce.client import ProductPage, WooCommerceClient
from presswright.publish.woocommerce.errors import (
    WooCommerceAuthError,
    WooCommerceError,
    WooCommerceReadOnlyKeyError,
    WooCommerceUnreachableError,
)
from presswright.publish.woocommerce.products import (
    ProductList,
    ProductSummary,
    list_products,
    product_facts,
    read_product,
)
from presswright.publish.woocommerce.remote import RemoteProduct
from presswright.publish.woocommerce.stores import (
    STORE_CONNECTIONS,
    StoreConnect,
    check_store,
    check_stores,
    connect_store,
    store_access,
)
from presswright.publish.woocommerce.writeback import WriteResult, write_copy, written

__all__ = [
    "STORE_CONNECTIONS",
    "ConsumerCredentials",
    "ProductList",
    "ProductPage",
    "ProductSummary",
    "RemoteProduct",
    "StoreConnect",
    "WooCommerceAuthError",
    "WooCommerceClient",
    "WooCommerceError",
    "WooCommerceReadOnlyKeyError",
    "WooCommerceUnreachableError",
    "WriteResult",
    "check_store",
    "check_stores",
    "connect_store",
    "list_products",
    "product_facts",
    "read_product",
    "store_access",
    "write_copy",
    "written",
]
