"""Connecting sites against the real WordPress: verified, stored encrypted, checked, removed."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
from sqlalchemy import select, update

from presswright.bootstrap import Instance
from presswright.errors import AlreadyExistsError, NotFoundError
from presswright.publish.addresses import default_site_name
from presswright.publish.wordpress import (
    SiteConnect,
    WordPressAuthError,
    WordPressError,
    check_site,
    check_sites,
    connect_site,
)
from presswright.store.models import WordPressSite
from presswright.store.tenancy import create_tenant
from presswright.store.wordpress import (
    create_site,
    delete_site,
    get_site,
    list_sites,
    site_app_password,
)
from tests.wordpress.conftest import BOTH_BACKENDS, Connect
from tests.wordpress.wordpress_site import RunningWordPress, free_port


def test_connect_verifies_the_account_and_stores_the_password_encrypted(
    instance: Instance, tenant_id: uuid.UUID, wordpress: RunningWordPress
) -> None:
    author = wordpress.author
    data = SiteConnect(url=wordpress.url + "/", username="author", app_password=author.app_password)
    connection = asyncio.run(connect_site(instance, tenant_id=tenant_id, data=data))

    site = connection.site
    assert (site.url, site.name, site.status) == (
        wordpress.url,
        default_site_name(wordpress.url),
        "ok",
    )
    assert (site.remote_user_name, site.remote_roles) == ("Arthur Author", ["author"])
    assert connection.warnings == []  # authors are filtered by kses: nothing to warn about
    with instance.database.tenant_session(tenant_id) as session:
        row = get_site(session, site.name)
        assert author.app_password not in row.app_password_encrypted
        assert site_app_password(row, instance.secretbox) == author.app_password
    assert author.app_password not in site.model_dump_json()


def test_an_administrator_account_is_connected_with_a_warning(
    instance: Instance, tenant_id: uuid.UUID, wordpress: RunningWordPress
) -> None:
    data = SiteConnect(
        url=wordpress.url, username="admin", app_password=wordpress.admin.app_password, name="blog"
    )
    connection = asyncio.run(connect_site(instance, tenant_id=tenant_id, data=data))
    assert connection.site.name == "blog"
    assert "administrator" in connection.site.remote_roles
    (warning,) = connection.warnings
    assert "unfiltered_html" in warning
    assert "Author account" in warning


def test_a_wrong_application_password_is_a_clear_error_and_nothing_is_stored(
    instance: Instance, tenant_id: uuid.UUID, wordpress: RunningWordPress
) -> None:
    wrong = "abcd EFGH ijkl MNOP qrst UVWX"
    data = SiteConnect(url=wordpress.url, username="author", app_password=wrong)
    with pytest.raises(WordPressAuthError) as caught:
        asyncio.run(connect_site(instance, tenant_id=tenant_id, data=data))
    message = str(caught.value)
    assert f"WordPress at {wordpress.url}" in message
    assert "HTTP 401" in message
    assert caught.value.code in ("rest_not_logged_in", "incorrect_password")
    assert "Application Passwords" in message  # the fix
    assert wrong not in message
    with instance.database.tenant_session(tenant_id) as session:
        assert list_sites(session) == []


def test_the_same_site_cannot_be_connected_twice(
    instance: Instance, tenant_id: uuid.UUID, wordpress: RunningWordPress, connect: Connect
) -> None:
    connect(wordpress.author)
    data = SiteConnect(url=wordpress.url, username="admin", app_password="not checked")
    with pytest.raises(AlreadyExistsError, match="connected already"):
        asyncio.run(connect_site(instance, tenant_id=tenant_id, data=data))


@BOTH_BACKENDS
def test_status_is_checked_on_demand(
    instance: Instance, tenant_id: uuid.UUID, wordpress: RunningWordPress, connect: Connect
) -> None:
    name = connect(wordpress.author)
    dead = f"http://127.0.0.1:{free_port()}"
    with instance.database.tenant_session(tenant_id) as session:
        create_site(
            session, name="dead", url=dead, api_root=f"{dead}/wp-json", username="author",
            app_password="unused", remote_user_id=2, remote_user_name="A", remote_roles=["author"],
            box=instance.secretbox,
        )  # fmt: skip

    statuses = {s.name: s for s in asyncio.run(check_sites(instance, tenant_id=tenant_id))}
    assert statuses[name].status == "ok"
    assert statuses[name].status_detail is None
    assert statuses["dead"].status == "unreachable"
    assert f"cannot reach WordPress at {dead}" in (statuses["dead"].status_detail or "")

    # The password is revoked in WordPress (here: a different one is stored).
    with instance.database.tenant_session(tenant_id) as session:
        session.execute(
            update(WordPressSite)
            .where(WordPressSite.name == name)
            .values(app_password_encrypted=instance.secretbox.encrypt("revoked revoked"))
        )
    checked = asyncio.run(check_site(instance, tenant_id=tenant_id, site=name))
    assert checked.status == "unauthorized"
    assert "HTTP 401" in (checked.status_detail or "")
    assert checked.checked_at is not None


@BOTH_BACKENDS
def test_sites_are_per_tenant_and_removable(
    instance: Instance, tenant_id: uuid.UUID, wordpress: RunningWordPress, connect: Connect
) -> None:
    name = connect(wordpress.author)
    with instance.database.system_session() as session:
        other = create_tenant(session, name="Other").id
    with instance.database.tenant_session(tenant_id) as session:
        site_id = get_site(session, name).id
    with instance.database.tenant_session(other) as session:
        for ref in (name, site_id, str(site_id), wordpress.url):
            with pytest.raises(NotFoundError):
                get_site(session, ref)
        with pytest.raises(NotFoundError):
            delete_site(session, site_id)
    with instance.database.tenant_session(tenant_id) as session:
        delete_site(session, str(site_id))
        assert session.scalars(select(WordPressSite)).all() == []


def test_an_address_that_is_not_wordpress_is_named_as_such(
    instance: Instance, tenant_id: uuid.UUID
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, html="<html><body>A shop</body></html>")

    data = SiteConnect(url="https://shop.example", username="me", app_password="secret secret")
    with pytest.raises(WordPressError, match=r"no WordPress REST API at https://shop\.example"):
        asyncio.run(
            connect_site(
                instance, tenant_id=tenant_id, data=data, transport=httpx.MockTransport(handler)
            )
        )
