"""A write a unique constraint refuses is a DuplicateValueError naming the field, on both backends.

The rows here are written past the repositories' own "is it free?" checks, as the second of
two racing requests would be: only the database's constraint stands in the way.
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.exc import IntegrityError

from presswright.bootstrap import Instance
from presswright.errors import AlreadyExistsError, DuplicateValueError, StorageError
from presswright.store.models import BrandProfile, Flow, FlowVersion, Tenant, WordPressSite
from presswright.store.tenancy import create_tenant
from presswright.store.unique_violations import duplicate_value_error


def _tenant(instance: Instance) -> uuid.UUID:
    with instance.database.system_session() as session:
        return create_tenant(session, name=f"Shop {uuid.uuid4().hex[:6]}").id


def write(instance: Instance, tenant_id: uuid.UUID | None, *rows: object) -> None:
    """Add ``rows`` one by one in one transaction (a system one without ``tenant_id``)."""
    database = instance.database
    opened = database.system_session() if tenant_id is None else database.tenant_session(tenant_id)
    with opened as session:
        for row in rows:
            session.add(row)
            session.flush()


def _site(tenant_id: uuid.UUID, name: str, url: str) -> WordPressSite:
    return WordPressSite(
        tenant_id=tenant_id,
        name=name,
        url=url,
        api_root=f"{url}/wp-json/",
        username="author",
        app_password_encrypted="x",
        remote_user_id=2,
        remote_user_name="Author",
        remote_roles=["author"],
        status="ok",
    )


def test_a_taken_name_is_a_409_error_naming_the_field(instance: Instance) -> None:
    tenant_id = _tenant(instance)
    write(instance, tenant_id, BrandProfile(tenant_id=tenant_id, name="Voice"))

    with pytest.raises(DuplicateValueError) as raised:
        write(instance, tenant_id, BrandProfile(tenant_id=tenant_id, name="Voice"))

    error = raised.value
    assert isinstance(error, AlreadyExistsError)  # the API answers 409 already-exists
    assert (error.table, error.fields) == ("brand_profiles", ("name",))
    assert str(error).startswith("another brand profile already has this name;")


def test_the_constraint_that_refused_is_the_one_named(instance: Instance) -> None:
    """Two unique constraints on one table: the address, not the name, is the one taken."""
    tenant_id = _tenant(instance)
    write(instance, tenant_id, _site(tenant_id, "blog", "https://blog.example.com"))

    with pytest.raises(DuplicateValueError) as raised:
        write(instance, tenant_id, _site(tenant_id, "other-name", "https://blog.example.com"))

    assert (raised.value.table, raised.value.fields) == ("wordpress_sites", ("url",))
    assert "another wordpress site already has this url" in str(raised.value)


def test_a_column_unique_across_workspaces_and_a_version_pair(instance: Instance) -> None:
    write(instance, None, Tenant(name="A", slug="same-slug"))
    with pytest.raises(DuplicateValueError) as slug:
        write(instance, None, Tenant(name="B", slug="same-slug"))
    assert slug.value.fields == ("slug",)

    tenant_id = _tenant(instance)
    twins = [Flow(tenant_id=tenant_id, name="weekly", latest_version=1) for _ in range(2)]
    with pytest.raises(DuplicateValueError) as name:
        write(instance, tenant_id, *twins)
    assert (name.value.table, name.value.fields) == ("flows", ("name",))

    # (flow_id, version): the flow is where the number is unique; the version is what was taken.
    flow = Flow(tenant_id=tenant_id, name="daily", latest_version=1)
    write(instance, tenant_id, flow)
    versions = [
        FlowVersion(tenant_id=tenant_id, flow_id=flow.id, version=1, spec={}) for _ in range(2)
    ]
    with pytest.raises(DuplicateValueError) as version:
        write(instance, tenant_id, *versions)
    assert (version.value.table, version.value.fields) == ("flow_versions", ("version",))
    assert str(version.value).startswith("another flow version already has this version;")


def test_other_integrity_errors_stay_storage_errors(instance: Instance) -> None:
    """A missing foreign key is not a duplicate: no 409 for what is a bug."""
    missing = uuid.uuid4()
    with pytest.raises(StorageError) as raised:
        write(instance, missing, BrandProfile(tenant_id=missing, name="x"))
    assert not isinstance(raised.value, AlreadyExistsError)


def test_an_error_of_no_known_driver_is_left_alone() -> None:
    error = IntegrityError("INSERT ...", {}, Exception("UNIQUE constraint failed: t.c"))
    assert duplicate_value_error(error) is None
