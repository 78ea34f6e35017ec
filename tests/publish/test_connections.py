"""The connection base every kind of remote site shares: records, statuses, walls, messages.

A fake kind over the WordPress table probes by the site's name, so these run without a
remote; tests/wordpress and tests/woocommerce drive the real kinds against real servers.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest

from presswright.bootstrap import Instance
from presswright.errors import AlreadyExistsError, NotFoundError
from presswright.publish.connections import ConnectionAccess, ConnectRequest, RemoteSites
from presswright.publish.wordpress.errors import (
    WordPressAuthError,
    WordPressError,
    WordPressUnreachableError,
)
from presswright.secretbox import SecretBox
from presswright.store.models import WordPressSite
from presswright.store.site_connections import (
    ConnectionTable,
    ensure_connection_free,
    get_connection,
)
from presswright.store.tenancy import create_tenant
from presswright.store.woocommerce import STORES, create_store
from presswright.store.wordpress import SITES, WordPressSitePublic, create_site


class _ProbedByName(RemoteSites[WordPressSite, ConnectionAccess, WordPressSitePublic]):
    """Sites whose probe answers by their name: refused, down, or fine."""

    def access_of(self, row: WordPressSite, box: SecretBox) -> ConnectionAccess:
        return ConnectionAccess(id=row.id, name=row.name, url=row.url, api_root=row.api_root)

    async def probe(
        self, access: ConnectionAccess, transport: httpx.AsyncBaseTransport | None
    ) -> None:
        if access.name == "refused":
            raise WordPressAuthError("HTTP 401 rest_not_logged_in", site=access.url, status=401)
        if access.name == "down":
            raise WordPressUnreachableError("cannot reach WordPress", site=access.url)


KIND = _ProbedByName(
    SITES, WordPressSitePublic, auth_error=WordPressAuthError, error=WordPressError
)


def _tenant(instance: Instance) -> uuid.UUID:
    with instance.database.system_session() as session:
        return create_tenant(session, name=f"C {uuid.uuid4().hex[:6]}").id


def _site(instance: Instance, tenant_id: uuid.UUID, name: str) -> None:
    with instance.database.tenant_session(tenant_id) as session:
        create_site(
            session, name=name, url=f"https://{name}.example.com",
            api_root=f"https://{name}.example.com/wp-json", username="u",
            app_password="p", remote_user_id=1, remote_user_name="U", remote_roles=["author"],
            box=instance.secretbox,
        )  # fmt: skip


def test_check_all_records_each_status_and_listing_shows_the_last(instance: Instance) -> None:
    tenant_id = _tenant(instance)
    for name in ("refused", "down", "fine"):
        _site(instance, tenant_id, name)

    checked = asyncio.run(KIND.check_all(instance, tenant_id=tenant_id))

    assert [(s.name, s.status) for s in checked] == [
        ("down", "unreachable"),
        ("fine", "ok"),
        ("refused", "unauthorized"),
    ]
    assert "HTTP 401" in (checked[2].status_detail or "")
    assert checked[1].status_detail is None
    listed = asyncio.run(KIND.overview(instance, tenant_id=tenant_id))
    assert [(s.name, s.status, s.status_detail) for s in listed] == [
        (s.name, s.status, s.status_detail) for s in checked
    ]


def test_connections_stay_in_their_tenant_and_go_with_what_belongs_to_them(
    instance: Instance,
) -> None:
    tenant_id, other = _tenant(instance), _tenant(instance)
    _site(instance, tenant_id, "fine")
    site = KIND.get(instance, tenant_id=tenant_id, ref="https://fine.example.com/")
    for ref in ("fine", site.id, str(site.id)):
        with pytest.raises(NotFoundError, match="no WordPress site"):
            KIND.get(instance, tenant_id=other, ref=ref)
        with pytest.raises(NotFoundError):
            KIND.remove(instance, tenant_id=other, ref=ref)
    assert asyncio.run(KIND.check_all(instance, tenant_id=other)) == []

    assert KIND.remove(instance, tenant_id=tenant_id, ref=site.id) == "fine"
    assert KIND.listed(instance, tenant_id=tenant_id) == []


def test_a_new_connection_takes_a_free_name_and_address(instance: Instance) -> None:
    tenant_id = _tenant(instance)
    _site(instance, tenant_id, "fine")
    taken = ConnectRequest(url="https://FINE.example.com/")
    with pytest.raises(AlreadyExistsError, match="connected already"):
        KIND.prepare(instance, tenant_id=tenant_id, data=taken)
    fresh = ConnectRequest(url="https://Other.example.com/blog/")
    assert KIND.prepare(instance, tenant_id=tenant_id, data=fresh) == (
        "https://other.example.com/blog",
        "other.example.com-blog",
    )
    # Another workspace may connect the same site under the same name.
    assert KIND.prepare(instance, tenant_id=_tenant(instance), data=taken)[1] == "fine.example.com"


@pytest.mark.parametrize(
    ("table", "name_taken", "url_hint"),
    [
        (SITES, "a WordPress site named 'shop' is connected", "other credentials"),
        (STORES, "a WooCommerce store named 'shop' is connected", "another key"),
    ],
)
def test_each_kind_names_itself_in_its_messages(
    instance: Instance, table: ConnectionTable[Any], name_taken: str, url_hint: str
) -> None:
    tenant_id = _tenant(instance)
    with instance.database.tenant_session(tenant_id) as session:
        create_store(
            session, name="shop", url="https://shop.example.com", api_root="https://shop.example.com/wp-json",
            consumer_key="ck_" + "1" * 40, consumer_secret="cs_" + "2" * 40, box=instance.secretbox,
        )  # fmt: skip
        _site_row = create_site(
            session, name="shop", url="https://shop.example.com", api_root="https://shop.example.com/wp-json",
            username="u", app_password="p", remote_user_id=1, remote_user_name="U",
            remote_roles=["author"], box=instance.secretbox,
        )  # fmt: skip
        assert _site_row.name == "shop"  # a site and a store are different kinds
        with pytest.raises(AlreadyExistsError, match=name_taken):
            ensure_connection_free(session, table, name="shop", url="https://elsewhere.example")
        with pytest.raises(AlreadyExistsError) as taken:
            ensure_connection_free(session, table, name="new", url="https://shop.example.com")
        assert url_hint in (taken.value.hint or "")
        with pytest.raises(NotFoundError, match=f"`{table.list_command}`"):
            get_connection(session, table, "nowhere")
