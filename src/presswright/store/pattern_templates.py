"""Pattern templates as stored: a tenant's library of block pattern specs, by name.

Specs are stored as given: :mod:`presswright.content.pattern_templates` checks each one
(and works out its category) before it calls these functions.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from presswright.errors import AlreadyExistsError, NotFoundError
from presswright.store.models import PatternTemplate
from presswright.store.scoping import session_tenant

__all__ = [
    "PatternTemplateCreate",
    "PatternTemplatePublic",
    "PatternTemplateUpdate",
    "count_pattern_templates",
    "count_pattern_templates_by_category",
    "delete_pattern_template",
    "get_pattern_template",
    "insert_pattern_template",
    "list_pattern_templates",
    "replace_pattern_template_spec",
]


class PatternTemplateBase(BaseModel):
    """Fields shared by every pattern-template schema."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100, examples=["bakery-hero"])
    spec: dict[str, Any] = Field(description="the pattern spec, as validate_pattern reads it")


class PatternTemplateCreate(PatternTemplateBase):
    """A new pattern template; the category defaults to the spec's own."""

    category: str | None = Field(default=None, min_length=1, max_length=100, examples=["featured"])


class PatternTemplateUpdate(BaseModel):
    """A template's new spec, and its category (default: the new spec's own); the name stays."""

    model_config = ConfigDict(extra="forbid")

    spec: dict[str, Any] = Field(description="the pattern spec, as validate_pattern reads it")
    category: str | None = Field(default=None, min_length=1, max_length=100, examples=["featured"])


class PatternTemplatePublic(PatternTemplateBase):
    """A stored pattern template."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    category: str
    created_at: datetime


def insert_pattern_template(
    session: Session, *, name: str, category: str, spec: dict[str, Any]
) -> PatternTemplate:
    """Store a pattern template for the session's tenant, as given."""
    tenant_id = session_tenant(session)
    taken = session.scalar(select(PatternTemplate.id).where(PatternTemplate.name == name))
    if taken is not None:
        raise AlreadyExistsError(
            f"a pattern template named {name!r} exists",
            hint="pick another name, or delete the old template first",
            fields=("name",),
        )
    template = PatternTemplate(tenant_id=tenant_id, name=name, category=category, spec=spec)
    session.add(template)
    session.flush()
    return template


def replace_pattern_template_spec(
    session: Session, template: PatternTemplate, *, category: str, spec: dict[str, Any]
) -> PatternTemplate:
    """Give a stored template a new spec and category, as given; its name and id stay."""
    template.category = category
    template.spec = spec
    session.flush()
    return template


def list_pattern_templates(
    session: Session,
    *,
    category: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[PatternTemplate]:
    """The session tenant's pattern templates by name, optionally of one category, paged."""
    session_tenant(session)
    query = select(PatternTemplate).order_by(PatternTemplate.name).offset(offset).limit(limit)
    if category is not None:
        query = query.where(PatternTemplate.category == category)
    return list(session.scalars(query))


def count_pattern_templates(session: Session, *, category: str | None = None) -> int:
    """How many pattern templates the session's tenant has, optionally of one category."""
    session_tenant(session)
    query = select(func.count()).select_from(PatternTemplate)
    if category is not None:
        query = query.where(PatternTemplate.category == category)
    return int(session.scalar(query) or 0)


def count_pattern_templates_by_category(session: Session) -> list[tuple[str, int]]:
    """The categories the session tenant's templates are filed under, each with its count."""
    session_tenant(session)
    query = (
        select(PatternTemplate.category, func.count())
        .group_by(PatternTemplate.category)
        .order_by(PatternTemplate.category)
    )
    return [(category, int(count)) for category, count in session.execute(query)]


def get_pattern_template(session: Session, name_or_id: str | uuid.UUID) -> PatternTemplate:
    """A pattern template of the session's tenant, by id or by name."""
    session_tenant(session)
    template_id = _as_uuid(name_or_id)
    template = None
    if template_id is not None:
        template = session.get(PatternTemplate, template_id)
    if template is None and isinstance(name_or_id, str):
        template = session.scalar(select(PatternTemplate).where(PatternTemplate.name == name_or_id))
    if template is None:
        raise NotFoundError(
            f"no pattern template {str(name_or_id)!r} in this workspace",
            hint="list the pattern templates to see their names and ids",
        )
    return template


def delete_pattern_template(session: Session, name_or_id: str | uuid.UUID) -> None:
    """Remove a pattern template of the session's tenant, by id or by name."""
    session.delete(get_pattern_template(session, name_or_id))
    session.flush()


def _as_uuid(value: str | uuid.UUID) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(value)
    except ValueError:
        return None
