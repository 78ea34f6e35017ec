"""Provider configs (encrypted at rest, masked on read) and brand profiles."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from presswright.bootstrap import Instance
from presswright.errors import AlreadyExistsError, SecretError
from presswright.secretbox import SecretBox
from presswright.store.brand_profiles import (
    BrandProfileCreate,
    BrandProfilePublic,
    BrandProfileUpdate,
    create_brand_profile,
    get_brand_profile_by_name,
    update_brand_profile,
)
from presswright.store.provider_configs import (
    ProviderConfigCreate,
    ProviderConfigUpdate,
    create_provider_config,
    get_provider_config,
    provider_api_key,
    to_public,
    update_provider_config,
)
from presswright.store.tenancy import create_tenant

KEY = "sk-test-4f1d9c0e7b2a45c8a1f3e6d9b0c7a2e5"


@pytest.fixture
def tenant_id(instance: Instance):
    with instance.database.system_session() as session:
        return create_tenant(session, name="Agency").id


def test_provider_key_encrypted_at_rest_and_masked(instance: Instance, tenant_id) -> None:
    with instance.database.tenant_session(tenant_id) as session:
        config = create_provider_config(
            session,
            data=ProviderConfigCreate(name="openai", kind="openai", api_key=KEY, models=["gpt-4o"]),
            box=instance.secretbox,
        )
        public = to_public(config, instance.secretbox)
        assert public.api_key == "…a2e5"
        assert KEY not in public.model_dump_json()
        assert provider_api_key(config, instance.secretbox) == KEY
    with instance.database.engine.connect() as connection:
        raw = connection.execute(text("SELECT api_key_encrypted FROM provider_configs")).scalar()
    assert raw
    assert KEY not in raw
    assert "a2e5" not in raw
    with instance.database.tenant_session(tenant_id) as session:
        config = get_provider_config(session, name="openai")
        other_box = SecretBox("a-different-instance-secret-0123456789abcdef")
        with pytest.raises(SecretError, match="restore the instance secret"):
            provider_api_key(config, other_box)


def test_provider_key_replace_and_remove(instance: Instance, tenant_id) -> None:
    box = instance.secretbox
    with instance.database.tenant_session(tenant_id) as session:
        config = create_provider_config(
            session, data=ProviderConfigCreate(name="ollama", kind="openai", api_key=KEY), box=box
        )
        update_provider_config(
            session,
            config_id=config.id,
            data=ProviderConfigUpdate(api_key="sk-new-key-0000000000000000", models=["llama3.2"]),
            box=box,
        )
        assert provider_api_key(config, box) == "sk-new-key-0000000000000000"
        assert config.models == ["llama3.2"]
        update_provider_config(
            session, config_id=config.id, data=ProviderConfigUpdate(api_key=""), box=box
        )
        assert config.api_key_encrypted is None
        assert to_public(config, box).api_key is None
        with pytest.raises(AlreadyExistsError):
            create_provider_config(
                session, data=ProviderConfigCreate(name="ollama", kind="openai"), box=box
            )


def test_provider_config_validates_input() -> None:
    with pytest.raises(ValueError, match="name"):
        ProviderConfigCreate(name="Bad Name!", kind="openai")
    with pytest.raises(ValueError, match="requests_per_minute"):
        ProviderConfigCreate(name="ok", kind="openai", requests_per_minute=0)
    with pytest.raises(ValueError, match="extra"):
        ProviderConfigCreate(name="ok", kind="openai", secret="x")  # type: ignore[call-arg]


def test_brand_profile_crud(instance: Instance, tenant_id) -> None:
    with instance.database.tenant_session(tenant_id) as session:
        profile = create_brand_profile(
            session,
            data=BrandProfileCreate(name="Bakery", tone="warm", banned_words=["cheap", "synergy"]),
        )
        update_brand_profile(
            session, profile_id=profile.id, data=BrandProfileUpdate(sentence_length="short")
        )
        with pytest.raises(AlreadyExistsError):
            create_brand_profile(session, data=BrandProfileCreate(name="Bakery"))
    with instance.database.tenant_session(tenant_id) as session:
        loaded = BrandProfilePublic.model_validate(
            get_brand_profile_by_name(session, name="Bakery")
        )
        assert (loaded.tone, loaded.sentence_length) == ("warm", "short")
        assert loaded.banned_words == ["cheap", "synergy"]
