"""Brand profiles: the voice (tone, vocabulary, sentence length, banned words) of content."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from presswright.errors import AlreadyExistsError, NotFoundError
from presswright.store.models import BrandProfile
from presswright.store.scoping import get_scoped, session_tenant

__all__ = [
    "BrandProfileCreate",
    "BrandProfilePublic",
    "BrandProfileUpdate",
    "create_brand_profile",
    "delete_brand_profile",
    "get_brand_profile",
    "get_brand_profile_by_name",
    "list_brand_profiles",
    "update_brand_profile",
]


class BrandProfileBase(BaseModel):
    """Fields shared by every brand-profile schema."""

    model_config = ConfigDict(extra="forbid")

    tone: str | None = Field(default=None, max_length=100, examples=["warm and direct"])
    vocabulary_level: str | None = Field(default=None, max_length=50, examples=["plain"])
    sentence_length: str | None = Field(default=None, max_length=50, examples=["short"])
    custom_instructions: str | None = Field(default=None, max_length=4000)
    banned_words: list[str] = Field(default_factory=list, max_length=200)


class BrandProfileCreate(BrandProfileBase):
    """A new brand profile."""

    name: str = Field(min_length=1, max_length=100, examples=["Bakery"])


class BrandProfileUpdate(BaseModel):
    """Fields to change on a brand profile."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=100)
    tone: str | None = Field(default=None, max_length=100)
    vocabulary_level: str | None = Field(default=None, max_length=50)
    sentence_length: str | None = Field(default=None, max_length=50)
    custom_instructions: str | None = Field(default=None, max_length=4000)
    banned_words: list[str] | None = Field(default=None, max_length=200)


class BrandProfilePublic(BrandProfileBase):
    """A stored brand profile."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    created_at: datetime
    updated_at: datetime


def _ensure_free(session: Session, name: str, *, except_id: uuid.UUID | None = None) -> None:
    found = session.scalar(select(BrandProfile.id).where(BrandProfile.name == name))
    if found is not None and found != except_id:
        raise AlreadyExistsError(f"a brand profile named {name!r} exists", hint="pick another name")


def create_brand_profile(session: Session, *, data: BrandProfileCreate) -> BrandProfile:
    """Store a brand profile for the session's tenant."""
    tenant_id = session_tenant(session)
    _ensure_free(session, data.name)
    profile = BrandProfile(tenant_id=tenant_id, **data.model_dump())
    session.add(profile)
    session.flush()
    return profile


def get_brand_profile(session: Session, *, profile_id: uuid.UUID) -> BrandProfile:
    """A brand profile of the session's tenant by id."""
    return get_scoped(session, BrandProfile, profile_id, what="brand profile")


def get_brand_profile_by_name(session: Session, *, name: str) -> BrandProfile:
    """A brand profile of the session's tenant by name."""
    session_tenant(session)
    profile = session.scalar(select(BrandProfile).where(BrandProfile.name == name))
    if profile is None:
        raise NotFoundError(f"no brand profile named {name!r} in this workspace")
    return profile


def list_brand_profiles(session: Session) -> list[BrandProfile]:
    """The session tenant's brand profiles, by name."""
    session_tenant(session)
    return list(session.scalars(select(BrandProfile).order_by(BrandProfile.name)))


def update_brand_profile(
    session: Session, *, profile_id: uuid.UUID, data: BrandProfileUpdate
) -> BrandProfile:
    """Change the given fields of a brand profile of the session's tenant."""
    profile = get_brand_profile(session, profile_id=profile_id)
    changes = data.model_dump(exclude_unset=True)
    if changes.get("name") is not None:
        _ensure_free(session, changes["name"], except_id=profile.id)
    for field, value in changes.items():
        if value is not None or field not in ("name", "banned_words"):
            setattr(profile, field, value)
    session.flush()
    return profile


def delete_brand_profile(session: Session, *, profile_id: uuid.UUID) -> None:
    """Remove a brand profile of the session's tenant."""
    session.delete(get_brand_profile(session, profile_id=profile_id))
    session.flush()
