"""API test fixtures: an app over the test instance, and members of tenants with given roles."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from presswright.api import create_app
from presswright.bootstrap import Instance
from presswright.flows.runtime import Runtime
from presswright.store.models import Role
from presswright.store.tenancy import add_member, create_tenant, create_user

PASSWORD = "correct horse battery"


@dataclass
class Member:
    """A user with a role in a tenant, as the tests know them."""

    tenant_id: uuid.UUID
    user_id: uuid.UUID
    email: str
    role: Role


MakeMember = Callable[..., Member]


@pytest.fixture
def make_member(instance: Instance) -> MakeMember:
    """Create a user with ``role`` in ``tenant_id`` (default: a new tenant)."""

    def make(role: Role = Role.OWNER, tenant_id: uuid.UUID | None = None) -> Member:
        email = f"{role.value}-{uuid.uuid4().hex[:8]}@example.com"
        with instance.database.system_session() as session:
            if tenant_id is None:
                tenant_id = create_tenant(session, name=f"Tenant {uuid.uuid4().hex[:6]}").id
            user_id = create_user(session, email=email, password=PASSWORD).id
        with instance.database.tenant_session(tenant_id) as session:
            add_member(session, user_id=user_id, role=role)
        return Member(tenant_id=tenant_id, user_id=user_id, email=email, role=role)

    return make


@pytest.fixture
def client(instance: Instance) -> Iterator[TestClient]:
    """A test client of a fresh app (its own rate-limit counts and metrics)."""
    with TestClient(create_app(instance), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def runtime(instance: Instance) -> Iterator[Runtime]:
    """The flow runtime launched in this process (as `presswright serve` does), shut down after."""
    launched = Runtime(instance, executor_id=f"api-test-{uuid.uuid4().hex[:8]}")
    launched.launch()
    try:
        yield launched
    finally:
        launched.shutdown()


@pytest.fixture
def served(instance: Instance, runtime: Runtime) -> Iterator[TestClient]:
    """A test client of an app whose executions run in this process, as under `serve`."""
    app = create_app(instance, runtime=runtime)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def login(client: TestClient, member: Member, **extra: object) -> dict[str, str]:
    """Log ``member`` in and return the token pair."""
    response = client.post(
        "/api/v1/auth/login", json={"email": member.email, "password": PASSWORD, **extra}
    )
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def bearer(token: str) -> dict[str, str]:
    """An Authorization header carrying ``token``."""
    return {"Authorization": f"Bearer {token}"}
