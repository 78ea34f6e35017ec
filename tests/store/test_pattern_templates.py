"""Pattern templates: stored only when valid, by name or id, walled off per tenant."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import delete, func, select

from presswright.bootstrap import Instance
from presswright.content.blocks import render_pattern
from presswright.content.pattern_templates import create_pattern_template
from presswright.errors import (
    AlreadyExistsError,
    InvalidPatternError,
    NotFoundError,
    TenantScopeError,
)
from presswright.store.models import PatternTemplate
from presswright.store.pattern_templates import (
    PatternTemplateCreate,
    PatternTemplatePublic,
    delete_pattern_template,
    get_pattern_template,
    list_pattern_templates,
)
from presswright.store.tenancy import create_tenant


def hero_spec(headline: str = "Baked before sunrise") -> dict[str, Any]:
    return {
        "title": "Bakery hero",
        "category": "featured",
        "blocks": [
            {
                "type": "cover",
                "url": "https://cdn.example.com/loaves.jpg",
                "alt": "Loaves",
                "inner": [
                    {"type": "heading", "level": 1, "text": headline},
                    {
                        "type": "buttons",
                        "inner": [{"type": "button", "text": "Order", "url": "/order"}],
                    },
                ],
            }
        ],
    }


PRICES = {
    "title": "Price table",
    "category": "text",
    "blocks": [{"type": "table", "head": ["Bread", "Price"], "rows": [["Rye", "4.50"]]}],
}


@pytest.fixture
def tenants(instance: Instance) -> tuple[uuid.UUID, uuid.UUID]:
    with instance.database.system_session() as session:
        return create_tenant(session, name="Alpha").id, create_tenant(session, name="Beta").id


def test_create_list_get_delete(instance: Instance, tenants) -> None:
    tenant, _ = tenants
    with instance.database.tenant_session(tenant) as session:
        hero = create_pattern_template(
            session, data=PatternTemplateCreate(name="bakery-hero", spec=hero_spec())
        )
        prices = create_pattern_template(
            session, data=PatternTemplateCreate(name="prices", category="tables", spec=PRICES)
        )
        hero_id = hero.id
        assert hero.category == "featured"  # taken from the spec when not given
        assert prices.category == "tables"
    with instance.database.tenant_session(tenant) as session:
        assert [t.name for t in list_pattern_templates(session)] == ["bakery-hero", "prices"]
        assert [t.name for t in list_pattern_templates(session, category="tables")] == ["prices"]
        assert list_pattern_templates(session, category="gallery") == []
        by_name = get_pattern_template(session, "bakery-hero")
        assert by_name.id == hero_id
        assert get_pattern_template(session, hero_id) is by_name
        assert get_pattern_template(session, str(hero_id)) is by_name
        public = PatternTemplatePublic.model_validate(by_name)
        assert public.spec == hero_spec()
        assert "Baked before sunrise" in render_pattern(public.spec)
        delete_pattern_template(session, "prices")
    with instance.database.tenant_session(tenant) as session:
        assert [t.name for t in list_pattern_templates(session)] == ["bakery-hero"]
        delete_pattern_template(session, hero_id)
        assert list_pattern_templates(session) == []


def test_duplicate_names_are_refused_within_a_tenant(instance: Instance, tenants) -> None:
    a, b = tenants
    with instance.database.tenant_session(a) as session:
        create_pattern_template(session, data=PatternTemplateCreate(name="hero", spec=hero_spec()))
        with pytest.raises(AlreadyExistsError, match="'hero' exists") as raised:
            create_pattern_template(
                session, data=PatternTemplateCreate(name="hero", spec=hero_spec("Other"))
            )
        assert raised.value.hint and "another name" in raised.value.hint
    with instance.database.tenant_session(b) as session:
        create_pattern_template(session, data=PatternTemplateCreate(name="hero", spec=hero_spec()))
    with instance.database.tenant_session(a) as session:
        assert len(list_pattern_templates(session)) == 1


def test_missing_templates_are_not_found(instance: Instance, tenants) -> None:
    tenant, _ = tenants
    with instance.database.tenant_session(tenant) as session:
        for missing in ("nope", uuid.uuid4(), str(uuid.uuid4())):
            with pytest.raises(NotFoundError, match="no pattern template") as raised:
                get_pattern_template(session, missing)
            assert raised.value.hint and "list" in raised.value.hint
            with pytest.raises(NotFoundError):
                delete_pattern_template(session, missing)


def test_invalid_spec_is_refused_and_nothing_is_stored(instance: Instance, tenants) -> None:
    tenant, _ = tenants
    spec = hero_spec()
    spec["blocks"][0]["inner"].append({"type": "button", "text": "Loose", "url": "javascript:x"})
    with instance.database.tenant_session(tenant) as session:
        with pytest.raises(InvalidPatternError) as raised:
            create_pattern_template(session, data=PatternTemplateCreate(name="broken", spec=spec))
        message = str(raised.value)
        assert "blocks[0].inner[2]: a button block must sit directly inside buttons" in message
        assert "blocks[0].inner[2].url" in message
        assert session.scalar(select(func.count()).select_from(PatternTemplate)) == 0
    with instance.database.tenant_session(tenant) as session:
        assert list_pattern_templates(session) == []


def test_tenants_cannot_see_each_others_templates(instance: Instance, tenants) -> None:
    a, b = tenants
    with instance.database.tenant_session(b) as session:
        theirs = create_pattern_template(
            session, data=PatternTemplateCreate(name="secret-hero", spec=hero_spec())
        ).id
    with instance.database.tenant_session(a) as session:
        create_pattern_template(session, data=PatternTemplateCreate(name="mine", spec=PRICES))
        assert [t.name for t in list_pattern_templates(session)] == ["mine"]
        assert list_pattern_templates(session, category="featured") == []
        for key in (theirs, str(theirs), "secret-hero"):
            with pytest.raises(NotFoundError):
                get_pattern_template(session, key)
            with pytest.raises(NotFoundError):
                delete_pattern_template(session, key)
        assert session.get(PatternTemplate, theirs) is None
        rows = session.scalars(select(PatternTemplate)).all()
        assert {row.tenant_id for row in rows} == {a}
        session.execute(delete(PatternTemplate))  # a bulk delete stays inside tenant A
    with instance.database.tenant_session(b) as session:
        assert get_pattern_template(session, theirs).name == "secret-hero"


def test_templates_need_a_tenant_session(instance: Instance, tenants) -> None:
    a, b = tenants
    with instance.database.system_session() as session:
        with pytest.raises(TenantScopeError, match="pattern_templates"):
            session.scalars(select(PatternTemplate)).all()
        with pytest.raises(TenantScopeError):
            list_pattern_templates(session)
    with (
        pytest.raises(TenantScopeError, match="another tenant"),
        instance.database.tenant_session(a) as session,
    ):
        session.add(PatternTemplate(tenant_id=b, name="planted", category="x", spec=PRICES))
