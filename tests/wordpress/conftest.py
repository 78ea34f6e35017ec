"""WordPress test fixtures: one real WordPress for the whole session, tenants and connected sites.

The site (the ``wordpress`` fixture of tests/conftest.py) is installed once per session;
tests keep apart by giving every article a slug of its own and every test a tenant of its
own. What these tests exercise is
the conversation with WordPress, so they run on SQLite; the ones that lean on the stored
records (tenant walls, publish records) also run on PostgreSQL, marked ``BOTH_BACKENDS``.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable

import pytest

from presswright.bootstrap import Instance
from presswright.publish.wordpress.sites import SiteConnect, connect_site
from presswright.store.tenancy import create_tenant
from tests.wordpress.wordpress_site import RunningWordPress, WordPressUser

Connect = Callable[[WordPressUser], str]
BOTH_BACKENDS = pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)


@pytest.fixture
def backend() -> str:
    """SQLite, unless a test asks for both backends with ``BOTH_BACKENDS``."""
    return "sqlite"


@pytest.fixture
def tenant_id(instance: Instance) -> uuid.UUID:
    """A new workspace of the test installation."""
    with instance.database.system_session() as session:
        return create_tenant(session, name=f"WP {uuid.uuid4().hex[:6]}").id


@pytest.fixture
def connect(instance: Instance, tenant_id: uuid.UUID, wordpress: RunningWordPress) -> Connect:
    """Connect the test site to the test tenant as ``user``; returns the site's name."""

    def connect_as(user: WordPressUser) -> str:
        data = SiteConnect(url=wordpress.url, username=user.login, app_password=user.app_password)
        connection = asyncio.run(connect_site(instance, tenant_id=tenant_id, data=data))
        return connection.site.name

    return connect_as
