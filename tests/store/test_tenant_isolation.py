"""Tenant A can never read, list, update or delete tenant B's rows, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import delete, func, select, update

from presswright.bootstrap import Instance
from presswright.errors import NotFoundError, TenantScopeError
from presswright.store.api_keys import create_api_key, list_api_keys, revoke_api_key
from presswright.store.brand_profiles import (
    BrandProfileCreate,
    BrandProfileUpdate,
    create_brand_profile,
    delete_brand_profile,
    get_brand_profile,
    list_brand_profiles,
    update_brand_profile,
)
from presswright.store.models import (
    ApiKey,
    BrandProfile,
    Membership,
    PatternTemplate,
    ProviderConfig,
    Role,
)
from presswright.store.pattern_templates import insert_pattern_template
from presswright.store.provider_configs import (
    ProviderConfigCreate,
    ProviderConfigUpdate,
    create_provider_config,
    delete_provider_config,
    list_provider_configs,
    update_provider_config,
)
from presswright.store.scoping import get_scoped
from presswright.store.tenancy import (
    add_member,
    create_tenant,
    create_user,
    list_members,
    remove_member,
    set_member_role,
)

SCOPED_MODELS = [Membership, ApiKey, ProviderConfig, BrandProfile, PatternTemplate]


@dataclass
class Workspace:
    tenant_id: uuid.UUID
    user_id: uuid.UUID
    ids: dict[type, uuid.UUID]


def _make_workspace(instance: Instance, name: str) -> Workspace:
    db = instance.database
    with db.system_session() as session:
        tenant = create_tenant(session, name=name)
        user = create_user(session, email=f"{name}@example.com", password="correct horse battery")
        tenant_id, user_id = tenant.id, user.id
    with db.tenant_session(tenant_id) as session:
        membership = add_member(session, user_id=user_id, role=Role.OWNER)
        key, _ = create_api_key(session, user_id=user_id, name="ci")
        provider = create_provider_config(
            session,
            data=ProviderConfigCreate(
                name="openai", kind="openai", api_key=f"sk-{name}-0123456789"
            ),
            box=instance.secretbox,
        )
        brand = create_brand_profile(session, data=BrandProfileCreate(name="Voice", tone=name))
        pattern = insert_pattern_template(
            session,
            name="hero",
            category="hero",
            spec={
                "title": name,
                "category": "hero",
                "blocks": [{"type": "paragraph", "text": name}],
            },
        )
        ids = {
            Membership: membership.id,
            ApiKey: key.id,
            ProviderConfig: provider.id,
            BrandProfile: brand.id,
            PatternTemplate: pattern.id,
        }
    return Workspace(tenant_id, user_id, ids)


@pytest.fixture
def two(instance: Instance) -> tuple[Workspace, Workspace]:
    return _make_workspace(instance, "alpha"), _make_workspace(instance, "beta")


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__tablename__)
def test_cannot_read_other_tenants_row(instance: Instance, two, model) -> None:
    a, b = two
    with instance.database.tenant_session(a.tenant_id) as session:
        assert get_scoped(session, model, a.ids[model], what="row").tenant_id == a.tenant_id
        with pytest.raises(NotFoundError):
            get_scoped(session, model, b.ids[model], what="row")
        assert session.get(model, b.ids[model]) is None
        rows = session.scalars(select(model)).all()
        assert rows
        assert {row.tenant_id for row in rows} == {a.tenant_id}
        assert session.scalar(select(func.count()).select_from(model)) == 1


def test_list_functions_only_show_own_tenant(instance: Instance, two) -> None:
    a, _b = two
    with instance.database.tenant_session(a.tenant_id) as session:
        assert [m.user_id for m in list_members(session)] == [a.user_id]
        assert [k.id for k in list_api_keys(session)] == [a.ids[ApiKey]]
        assert [p.id for p in list_provider_configs(session)] == [a.ids[ProviderConfig]]
        assert [p.id for p in list_brand_profiles(session)] == [a.ids[BrandProfile]]


def test_repository_updates_and_deletes_refuse_other_tenant(instance: Instance, two) -> None:
    a, b = two
    box = instance.secretbox
    with instance.database.tenant_session(a.tenant_id) as session:
        with pytest.raises(NotFoundError):
            update_brand_profile(
                session, profile_id=b.ids[BrandProfile], data=BrandProfileUpdate(tone="hacked")
            )
        with pytest.raises(NotFoundError):
            delete_brand_profile(session, profile_id=b.ids[BrandProfile])
        with pytest.raises(NotFoundError):
            update_provider_config(
                session,
                config_id=b.ids[ProviderConfig],
                data=ProviderConfigUpdate(base_url="http://evil"),
                box=box,
            )
        with pytest.raises(NotFoundError):
            delete_provider_config(session, config_id=b.ids[ProviderConfig])
        with pytest.raises(NotFoundError):
            revoke_api_key(session, key_id=b.ids[ApiKey])
        with pytest.raises(NotFoundError):
            set_member_role(session, membership_id=b.ids[Membership], role=Role.VIEWER)
        with pytest.raises(NotFoundError):
            remove_member(session, membership_id=b.ids[Membership])
    with instance.database.tenant_session(b.tenant_id) as session:
        brand = get_brand_profile(session, profile_id=b.ids[BrandProfile])
        assert brand.tone == "beta"
        assert session.get(ProviderConfig, b.ids[ProviderConfig]).base_url is None
        assert session.get(ApiKey, b.ids[ApiKey]).revoked_at is None
        assert session.get(Membership, b.ids[Membership]).role is Role.OWNER


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__tablename__)
def test_bulk_statements_touch_only_own_tenant(instance: Instance, two, model) -> None:
    a, b = two
    with instance.database.tenant_session(a.tenant_id) as session:
        session.execute(update(model).values(created_at=func.current_timestamp()))
        session.execute(delete(model))
        assert session.scalar(select(func.count()).select_from(model)) == 0
    with instance.database.tenant_session(b.tenant_id) as session:
        assert session.get(model, b.ids[model]) is not None


def test_cannot_write_into_another_tenant(instance: Instance, two) -> None:
    a, b = two
    with (
        pytest.raises(TenantScopeError, match="another tenant"),
        instance.database.tenant_session(a.tenant_id) as session,
    ):
        session.add(BrandProfile(tenant_id=b.tenant_id, name="planted"))
    with instance.database.tenant_session(a.tenant_id) as session:
        own = get_brand_profile(session, profile_id=a.ids[BrandProfile])
        own.tenant_id = b.tenant_id
        with pytest.raises(TenantScopeError, match="another tenant"):
            session.flush()
        session.rollback()
    with instance.database.tenant_session(b.tenant_id) as session:
        assert [p.name for p in list_brand_profiles(session)] == ["Voice"]


def test_new_rows_are_stamped_with_the_session_tenant(instance: Instance, two) -> None:
    a, _ = two
    with instance.database.tenant_session(a.tenant_id) as session:
        profile = BrandProfile(name="Stamped")
        session.add(profile)
        session.flush()
        assert profile.tenant_id == a.tenant_id


def test_system_session_refuses_tenant_data(instance: Instance, two) -> None:
    with instance.database.system_session() as session:
        for model in (ProviderConfig, BrandProfile):
            with pytest.raises(TenantScopeError, match=model.__tablename__):
                session.scalars(select(model)).all()
        # Identity lookups are allowed to read, never to change.
        assert len(session.scalars(select(ApiKey)).all()) == 2
        with pytest.raises(TenantScopeError):
            session.execute(delete(ApiKey))
    with (
        pytest.raises(TenantScopeError, match="without a tenant"),
        instance.database.system_session() as session,
    ):
        session.add(BrandProfile(tenant_id=two[0].tenant_id, name="x"))
