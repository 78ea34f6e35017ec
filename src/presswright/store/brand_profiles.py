"""Brand profiles: the voice (tone, vocabulary, sentence length, banned words) of content."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
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


# A name has no control characters and no space at either end; free text has no NUL
# (PostgreSQL text cannot hold it); a banned word is one line. Spaces are spelled out, not
# written \s: regex engines disagree on what \s covers.
_NAME_PATTERN = r"^[^\x00-\x20\x7f-\xa0](?:[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\xa0])?$"
_TEXT_PATTERN = r"^[^\x00]*$"
_BannedWord = Annotated[
    str, StringConstraints(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f-\x9f]+$")
]


class BrandProfileBase(BaseModel):
    """Fields shared by every brand-profile schema."""

    model_config = ConfigDict(extra="forbid")

    tone: str | None = Field(
        default=None, max_length=100, pattern=_TEXT_PATTERN, examples=["warm and direct"]
    )
    vocabulary_level: str | None = Field(
        default=None, max_length=50, pattern=_TEXT_PATTERN, examples=["plain"]
    )
    sentence_length: str | None = Field(
        default=None, max_length=50, pattern=_TEXT_PATTERN, examples=["short"]
    )
    custom_instructions: str | None = Field(default=None, max_length=4000, pattern=_TEXT_PATTERN)
    banned_words: list[_BannedWord] = Field(default_factory=list, max_length=200)


class BrandProfileCreate(BrandProfileBase):
    """A new brand profile."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Bakery",
                    "tone": "warm and direct",
                    "vocabulary_level": "plain",
                    "sentence_length": "short",
                    "banned_words": ["cheap", "synergy"],
                }
            ]
        }
    )

    name: str = Field(min_length=1, max_length=100, pattern=_NAME_PATTERN, examples=["Bakery"])


class BrandProfileUpdate(BaseModel):
    """Fields to change on a brand profile; a null ``name`` or ``banned_words`` is ignored."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"tone": "playful", "banned_words": ["cheap"]}]},
    )

    name: str | None = Field(default=None, min_length=1, max_length=100, pattern=_NAME_PATTERN)
    tone: str | None = Field(default=None, max_length=100, pattern=_TEXT_PATTERN)
    vocabulary_level: str | None = Field(default=None, max_length=50, pattern=_TEXT_PATTERN)
    sentence_length: str | None = Field(default=None, max_length=50, pattern=_TEXT_PATTERN)
    custom_instructions: str | None = Field(default=None, max_length=4000, pattern=_TEXT_PATTERN)
    banned_words: list[_BannedWord] | None = Field(default=None, max_length=200)


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
        raise AlreadyExistsError(
            f"a brand profile named {name!r} exists", hint="pick another name", fields=("name",)
        )


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
