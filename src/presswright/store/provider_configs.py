"""A tenant's LLM provider connections; API keys are encrypted at rest and masked on read."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, SecretStr
from sqlalchemy import select
from sqlalchemy.orm import Session

from presswright.errors import AlreadyExistsError, NotFoundError
from presswright.secretbox import SecretBox, mask_secret
from presswright.store.models import ProviderConfig
from presswright.store.scoping import get_scoped, session_tenant

__all__ = [
    "ProviderConfigCreate",
    "ProviderConfigPublic",
    "ProviderConfigUpdate",
    "create_provider_config",
    "delete_provider_config",
    "get_provider_config",
    "list_provider_configs",
    "provider_api_key",
    "to_public",
    "update_provider_config",
]

_NAME = r"^[a-z][a-z0-9_-]{0,63}$"


class ProviderConfigCreate(BaseModel):
    """What a tenant supplies to connect a provider."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=_NAME, examples=["openai", "ollama"])
    kind: str = Field(pattern=r"^[a-z][a-z0-9_-]{0,31}$", examples=["openai", "anthropic"])
    base_url: str | None = Field(default=None, max_length=500)
    api_key: SecretStr | None = Field(default=None, max_length=500)
    models: list[str] = Field(default_factory=list, max_length=200)
    requests_per_minute: int | None = Field(default=None, ge=1, le=1_000_000)
    tokens_per_minute: int | None = Field(default=None, ge=1, le=1_000_000_000)


class ProviderConfigUpdate(BaseModel):
    """Fields to change; ``api_key`` replaces the stored key, an empty string removes it."""

    model_config = ConfigDict(extra="forbid")

    base_url: str | None = Field(default=None, max_length=500)
    api_key: SecretStr | None = Field(default=None, max_length=500)
    models: list[str] | None = Field(default=None, max_length=200)
    requests_per_minute: int | None = Field(default=None, ge=1, le=1_000_000)
    tokens_per_minute: int | None = Field(default=None, ge=1, le=1_000_000_000)


class ProviderConfigPublic(BaseModel):
    """A provider connection as shown to people: the key is masked."""

    id: uuid.UUID
    name: str
    kind: str
    base_url: str | None
    api_key: str | None = Field(description="Last four characters only, or null.")
    models: list[str]
    requests_per_minute: int | None
    tokens_per_minute: int | None
    created_at: datetime
    updated_at: datetime


def to_public(config: ProviderConfig, box: SecretBox) -> ProviderConfigPublic:
    """The masked view of a stored provider connection."""
    return ProviderConfigPublic(
        id=config.id,
        name=config.name,
        kind=config.kind,
        base_url=config.base_url,
        api_key=mask_secret(provider_api_key(config, box)),
        models=list(config.models),
        requests_per_minute=config.requests_per_minute,
        tokens_per_minute=config.tokens_per_minute,
        created_at=config.created_at,
        updated_at=config.updated_at,
    )


def provider_api_key(config: ProviderConfig, box: SecretBox) -> str | None:
    """Decrypt the stored API key (for the provider layer only, never for display)."""
    if config.api_key_encrypted is None:
        return None
    return box.decrypt(config.api_key_encrypted, what=f"the API key of provider {config.name!r}")


def create_provider_config(
    session: Session, *, data: ProviderConfigCreate, box: SecretBox
) -> ProviderConfig:
    """Store a provider connection for the session's tenant."""
    tenant_id = session_tenant(session)
    if session.scalar(select(ProviderConfig.id).where(ProviderConfig.name == data.name)):
        raise AlreadyExistsError(
            f"a provider named {data.name!r} exists", hint="update it or remove it first"
        )
    key = data.api_key.get_secret_value() if data.api_key else None
    config = ProviderConfig(
        tenant_id=tenant_id,
        name=data.name,
        kind=data.kind,
        base_url=data.base_url,
        api_key_encrypted=box.encrypt(key) if key else None,
        models=list(data.models),
        requests_per_minute=data.requests_per_minute,
        tokens_per_minute=data.tokens_per_minute,
    )
    session.add(config)
    session.flush()
    return config


def list_provider_configs(session: Session) -> list[ProviderConfig]:
    """The session tenant's provider connections, by name."""
    session_tenant(session)
    return list(session.scalars(select(ProviderConfig).order_by(ProviderConfig.name)))


def get_provider_config(session: Session, *, name: str) -> ProviderConfig:
    """The session tenant's provider connection called ``name``."""
    session_tenant(session)
    config = session.scalar(select(ProviderConfig).where(ProviderConfig.name == name))
    if config is None:
        raise NotFoundError(
            f"no provider named {name!r} in this workspace",
            hint="see `presswright providers list`",
        )
    return config


def update_provider_config(
    session: Session, *, config_id: uuid.UUID, data: ProviderConfigUpdate, box: SecretBox
) -> ProviderConfig:
    """Change the given fields of a provider connection of the session's tenant."""
    config = get_scoped(session, ProviderConfig, config_id, what="provider")
    changes = data.model_dump(exclude_unset=True)
    if "api_key" in changes:
        key = data.api_key.get_secret_value() if data.api_key else ""
        config.api_key_encrypted = box.encrypt(key) if key else None
        del changes["api_key"]
    for field, value in changes.items():
        setattr(config, field, value)
    session.flush()
    return config


def delete_provider_config(session: Session, *, config_id: uuid.UUID) -> None:
    """Remove a provider connection of the session's tenant."""
    session.delete(get_scoped(session, ProviderConfig, config_id, what="provider"))
    session.flush()
