"""A WooCommerce-compatible REST server on loopback, for the tests (WooCommerce cannot run here).

It answers the way WooCommerce's REST API v3 documents and implements it, for what
Presswright uses: the WordPress index at ``/wp-json/`` (public; WordPress refuses Basic
credentials it does not know on its own routes), ``wc/v3`` products (paged with ``page`` and
``per_page``, totals in ``X-WP-Total`` and ``X-WP-TotalPages``), one product, updating one
product (``name``, ``description``, ``short_description``, ``tags`` by id, ``images`` by id
with ``alt``, ``meta_data`` by id or key), categories and tags (``term_exists`` with
``resource_id`` for a tag that exists), and WooCommerce's error documents
(``{"code", "message", "data": {"status"}}``).

Authentication follows ``WC_REST_Authentication``. Over https (``tls=True``: a real TLS
listener with a throw-away certificate) the key and secret come as HTTP Basic credentials.
Over plain http only one-legged OAuth 1.0a is accepted: the server rebuilds the signature
from the request it received (method, ``home_url + path``, every query parameter but the
signature, sorted and RFC 3986-encoded, key ``consumer_secret + "&"``) and refuses a
signature that differs, a timestamp more than 15 minutes off, and a nonce used before.
Keys have Read, Write or Read/Write permission, checked per method as WooCommerce does.
"""

from __future__ import annotations

import base64
import copy
import datetime
import hashlib
import hmac
import ipaddress
import json
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

__all__ = ["ApiKey", "Shop", "running_shop", "sample_product"]

WINDOW = 15 * 60


@dataclass(frozen=True)
class ApiKey:
    """A REST API key of the shop: consumer key, secret and permissions."""

    consumer_key: str
    consumer_secret: str
    permissions: str = "read_write"  # read, write or read_write


def sample_product(product_id: int, name: str, **fields: Any) -> dict[str, Any]:
    """A product in WooCommerce's REST shape, with ``fields`` replacing the defaults."""
    slug = name.lower().replace(" ", "-")
    product: dict[str, Any] = {
        "id": product_id,
        "name": name,
        "slug": slug,
        "permalink": f"https://shop.invalid/product/{slug}/",
        "date_created": "2026-01-01T10:00:00",
        "type": "simple",
        "status": "publish",
        "description": "",
        "short_description": "",
        "sku": f"SKU-{product_id}",
        "price": "24.90",
        "regular_price": "24.90",
        "categories": [{"id": 15, "name": "Uncategorized", "slug": "uncategorized"}],
        "tags": [],
        "images": [],
        "attributes": [],
        "meta_data": [],
    }
    product.update(fields)
    return product


def percent_encode(value: str) -> str:
    """PHP's rawurlencode() (RFC 3986), as wc_rest_urlencode_rfc3986() uses it."""
    return quote(value, safe="-._~")


def _error(status: int, code: str, message: str, **data: Any) -> tuple[int, dict[str, Any]]:
    return status, {"code": code, "message": message, "data": {"status": status, **data}}


@dataclass
class Shop:
    """The state of the shop: products, terms, keys, plugins, and what it was asked."""

    keys: dict[str, ApiKey] = field(default_factory=dict)
    products: dict[int, dict[str, Any]] = field(default_factory=dict)
    categories: list[dict[str, Any]] = field(default_factory=list)
    tags: list[dict[str, Any]] = field(default_factory=list)
    namespaces: list[str] = field(default_factory=lambda: ["wp/v2", "wc/v3"])
    tls: bool = False
    home_url: str = ""
    used_nonces: dict[str, dict[int, str]] = field(default_factory=dict)
    requests: list[tuple[str, str, str]] = field(default_factory=list)  # method, path, auth
    writes: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    _next_id: int = 1000
    # WooCommerce takes any image attachment of its WordPress by id (wp_attachment_is_image):
    # a test whose pictures go to a real WordPress answers for that site's attachments here
    # (id -> {"id", "src", "name", "alt"}, or None for no such image).
    attachment: Callable[[int], dict[str, Any] | None] | None = None

    def add_key(self, key: ApiKey) -> ApiKey:
        """Make ``key`` valid at the shop."""
        self.keys[key.consumer_key] = key
        return key

    def add_product(self, product: dict[str, Any]) -> dict[str, Any]:
        """Add a product (see :func:`sample_product`)."""
        self.products[product["id"]] = product
        return product

    def add_tag(self, name: str) -> dict[str, Any]:
        """Add a product tag; returns it."""
        self._next_id += 1
        tag = {"id": self._next_id, "name": name, "slug": name.lower().replace(" ", "-")}
        self.tags.append(tag)
        return tag

    # --- authentication, as WC_REST_Authentication does it -----------------------------

    def authenticate(
        self, method: str, path: str, query: dict[str, str], headers: Any
    ) -> tuple[ApiKey | None, tuple[int, dict[str, Any]] | None]:
        """The key of the request, or WooCommerce's error answer."""
        if self.tls:
            return self._basic(headers, query)
        return self._oauth(method, path, query)

    def _basic(
        self, headers: Any, query: dict[str, str]
    ) -> tuple[ApiKey | None, tuple[int, dict[str, Any]] | None]:
        header = headers.get("Authorization", "")
        if header.startswith("Basic "):
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        else:
            user, password = query.get("consumer_key", ""), query.get("consumer_secret", "")
        if not user or not password:
            return None, _error(
                401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources."
            )
        key = self.keys.get(user)
        if key is None:
            return None, _error(
                401, "woocommerce_rest_authentication_error", "Consumer key is invalid."
            )
        if not hmac.compare_digest(key.consumer_secret, password):
            return None, _error(
                401, "woocommerce_rest_authentication_error", "Consumer secret is invalid."
            )
        return key, None

    def _oauth(
        self, method: str, path: str, query: dict[str, str]
    ) -> tuple[ApiKey | None, tuple[int, dict[str, Any]] | None]:
        wanted = (
            "oauth_consumer_key",
            "oauth_timestamp",
            "oauth_nonce",
            "oauth_signature",
            "oauth_signature_method",
        )
        if any(not query.get(name) for name in wanted):
            # Basic credentials over plain http are not even looked at.
            return None, _error(
                401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources."
            )
        key = self.keys.get(query["oauth_consumer_key"])
        if key is None:
            return None, _error(
                401, "woocommerce_rest_authentication_error", "Consumer key is invalid."
            )
        params = {k: v for k, v in query.items() if k != "oauth_signature"}
        signature_method = params["oauth_signature_method"]
        if signature_method not in ("HMAC-SHA1", "HMAC-SHA256"):
            return None, _error(
                401,
                "woocommerce_rest_authentication_error",
                "Invalid signature - signature method is invalid.",
            )
        ordered = sorted(params.items(), key=lambda item: item[0].encode())
        normalized = [(percent_encode(k), percent_encode(v)) for k, v in ordered]
        query_string = "%26".join(percent_encode(f"{k}={v}") for k, v in normalized)
        base = f"{method}&{percent_encode(self.home_url + path)}&{query_string}"
        digest = hashlib.sha256 if signature_method == "HMAC-SHA256" else hashlib.sha1
        expected = base64.b64encode(
            hmac.new(f"{key.consumer_secret}&".encode(), base.encode(), digest).digest()
        ).decode()
        if not hmac.compare_digest(expected, query["oauth_signature"]):
            return None, _error(
                401,
                "woocommerce_rest_authentication_error",
                "Invalid signature - provided signature does not match.",
            )
        timestamp = int(query["oauth_timestamp"]) if query["oauth_timestamp"].isdigit() else 0
        if abs(timestamp - time.time()) > WINDOW:
            return None, _error(401, "woocommerce_rest_authentication_error", "Invalid timestamp.")
        with self.lock:
            used = self.used_nonces.setdefault(key.consumer_key, {})
            if query["oauth_nonce"] in used.values():
                return None, _error(
                    401,
                    "woocommerce_rest_authentication_error",
                    "Invalid nonce - nonce has already been used.",
                )
            used[timestamp] = query["oauth_nonce"]
        return key, None

    @staticmethod
    def permitted(key: ApiKey, method: str) -> tuple[int, dict[str, Any]] | None:
        """WooCommerce's check_permissions(): the key's permission against the method."""
        if method in ("GET", "HEAD") and key.permissions not in ("read", "read_write"):
            return _error(
                401,
                "woocommerce_rest_authentication_error",
                "The API key provided does not have read permissions.",
            )
        if method in ("POST", "PUT", "PATCH", "DELETE") and key.permissions not in (
            "write",
            "read_write",
        ):
            return _error(
                401,
                "woocommerce_rest_authentication_error",
                "The API key provided does not have write permissions.",
            )
        return None

    # --- routes --------------------------------------------------------------------------

    def index(self) -> dict[str, Any]:
        return {"name": "Loopback shop", "url": self.home_url, "namespaces": self.namespaces}

    def list_products(self, query: dict[str, str]) -> tuple[int, Any, dict[str, str]]:
        try:
            page = int(query.get("page", "1"))
            per_page = int(query.get("per_page", "10"))
        except ValueError:
            return (*_error(400, "rest_invalid_param", "Invalid parameter(s): page"), {})
        if not 1 <= per_page <= 100:
            status, body = _error(
                400,
                "rest_invalid_param",
                "Invalid parameter(s): per_page",
                params={"per_page": "per_page must be between 1 (inclusive) and 100 (inclusive)"},
            )
            return status, body, {}
        search = query.get("search", "").casefold()
        found = [
            p
            for p in sorted(self.products.values(), key=lambda p: p["id"], reverse=True)
            if search in p["name"].casefold()
            or search in p["description"].casefold()
            or search in p["short_description"].casefold()
        ]
        total = len(found)
        pages = -(-total // per_page)
        chunk = found[(page - 1) * per_page : page * per_page]
        return 200, chunk, {"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)}

    def update_product(self, product_id: int, body: dict[str, Any]) -> tuple[int, Any]:
        with self.lock:
            product = self.products.get(product_id)
            if product is None:
                return _error(404, "woocommerce_rest_product_invalid_id", "Invalid ID.")
            self.writes.append((product_id, copy.deepcopy(body)))
            for name in ("name", "description", "short_description"):
                if name in body:
                    product[name] = str(body[name])
            if "tags" in body:  # save_taxonomy_terms(): by id, unknown ids dropped
                known = {tag["id"]: tag for tag in self.tags}
                product["tags"] = [
                    {k: known[t["id"]][k] for k in ("id", "name", "slug")}
                    for t in body["tags"]
                    if t.get("id") in known
                ]
            if "images" in body:
                library = {image["id"]: image for image in product["images"]}
                images = []
                for given in body["images"]:
                    wanted = given.get("id")
                    found = self.attachment(wanted) if self.attachment and wanted else None
                    if given.get("id") not in library and found is not None:
                        library[given["id"]] = found
                    if given.get("id") not in library:
                        return _error(
                            400,
                            "woocommerce_product_invalid_image_id",
                            f"#{given.get('id')} is an invalid image ID.",
                        )
                    image = dict(library[given["id"]])
                    if "alt" in given:
                        image["alt"] = given["alt"]
                    images.append(image)
                product["images"] = images
            for entry in body.get("meta_data", []):
                meta = product["meta_data"]
                if entry.get("id"):
                    for existing in meta:
                        if existing["id"] == entry["id"]:
                            existing.update(key=entry["key"], value=entry["value"])
                else:  # add_meta_data(unique=true): any entry of the key is replaced
                    meta[:] = [m for m in meta if m["key"] != entry["key"]]
                    self._next_id += 1
                    meta.append({"id": self._next_id, "key": entry["key"], "value": entry["value"]})
            product["date_modified"] = datetime.datetime.now(datetime.UTC).isoformat()
            return 200, copy.deepcopy(product)

    def create_tag(self, body: dict[str, Any]) -> tuple[int, Any]:
        name = str(body.get("name", "")).strip()
        if not name:
            return _error(400, "rest_missing_callback_param", "Missing parameter(s): name")
        with self.lock:
            for tag in self.tags:
                if tag["name"].casefold() == name.casefold():
                    return _error(
                        400,
                        "term_exists",
                        "A term with the name provided already exists with this parent.",
                        resource_id=tag["id"],
                    )
            return 201, self.add_tag(name)

    def handle(
        self, method: str, raw_path: str, headers: Any, body: bytes
    ) -> tuple[int, Any, dict[str, str]]:
        parts = urlsplit(raw_path)
        path = parts.path
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        auth = headers.get("Authorization", "")
        self.requests.append(
            (method, path, "oauth" if "oauth_signature" in query else auth.split(" ")[0])
        )
        if path in ("/wp-json", "/wp-json/") and method == "GET":
            if auth:  # WordPress takes Basic credentials for an application password
                return (
                    *_error(
                        401,
                        "incorrect_password",
                        "The provided password is an invalid application password.",
                    ),
                    {},
                )
            return 200, self.index(), {}
        if not path.startswith("/wp-json/wc/") or "wc/v3" not in self.namespaces:
            return (
                *_error(
                    404, "rest_no_route", "No route was found matching the URL and request method."
                ),
                {},
            )
        key, refusal = self.authenticate(method, path, query, headers)
        if refusal is not None:
            return (*refusal, {})
        assert key is not None
        refusal = self.permitted(key, method)
        if refusal is not None:
            return (*refusal, {})
        route = path[len("/wp-json/wc/v3") :].rstrip("/")
        payload = json.loads(body) if body else {}
        if route == "/products" and method == "GET":
            return self.list_products(query)
        if route == "/products/categories" and method == "GET":
            return (
                200,
                self.categories,
                {"X-WP-Total": str(len(self.categories)), "X-WP-TotalPages": "1"},
            )
        if route == "/products/tags" and method == "GET":
            search = query.get("search", "").casefold()
            found = [tag for tag in self.tags if search in tag["name"].casefold()]
            return 200, found, {"X-WP-Total": str(len(found)), "X-WP-TotalPages": "1"}
        if route == "/products/tags" and method == "POST":
            return (*self.create_tag(payload), {})
        if route.startswith("/products/") and route[len("/products/") :].isdigit():
            product_id = int(route[len("/products/") :])
            if method == "GET":
                product = self.products.get(product_id)
                if product is None:
                    return (*_error(404, "woocommerce_rest_product_invalid_id", "Invalid ID."), {})
                return 200, copy.deepcopy(product), {}
            if method in ("PUT", "POST", "PATCH"):
                return (*self.update_product(product_id, payload), {})
        return (
            *_error(
                404, "rest_no_route", "No route was found matching the URL and request method."
            ),
            {},
        )


def _handler(shop: Shop) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            status, answer, extra = shop.handle(self.command, self.path, self.headers, body)
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=UTF-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in extra.items():
                self.send_header(name, value)
            if status == 401 and shop.tls:
                self.send_header("WWW-Authenticate", 'Basic realm="WooCommerce API"')
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the tests read ``shop.requests`` instead."""

    return Handler


def _certificate(directory: Path) -> tuple[Path, Path]:
    """A throw-away self-signed certificate for 127.0.0.1: (certificate, private key)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "shop.crt", directory / "shop.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@dataclass
class RunningShop:
    """A served shop: its address, its state, and (over https) the certificate to trust."""

    url: str
    shop: Shop
    certificate: Path | None = None

    def client_ssl_context(self) -> ssl.SSLContext:
        """An SSL context that trusts this shop's certificate."""
        assert self.certificate is not None
        return ssl.create_default_context(cafile=str(self.certificate))


@contextmanager
def running_shop(
    shop: Shop, *, tls: bool = False, directory: Path | None = None
) -> Iterator[RunningShop]:
    """Serve ``shop`` on a free loopback port (over TLS with ``tls``) until the block ends."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(shop))
    server.daemon_threads = True
    certificate = None
    if tls:
        assert directory is not None, "a directory for the certificate"
        certificate, key = _certificate(directory)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certificate, key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    port = server.server_address[1]
    shop.tls = tls
    shop.home_url = f"{'https' if tls else 'http'}://127.0.0.1:{port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield RunningShop(url=shop.home_url, shop=shop, certificate=certificate)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
