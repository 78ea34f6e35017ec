"""Pattern templates: a tenant's library of block pattern specs, checked before they are stored."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from presswright.content.blocks import validate_pattern
from presswright.content.violations import Violation, summarize_violations
from presswright.errors import AlreadyExistsError, InvalidPatternError, NotFoundError
from presswright.store.models import PatternTemplate
from presswright.store.scoping import session_tenant

__all__ = [
    "PatternTemplateCreate",
    "PatternTemplatePublic",
    "PatternTemplateUpdate",
    "count_pattern_templates",
    "create_pattern_template",
    "delete_pattern_template",
    "get_pattern_template",
    "list_pattern_templates",
    "pattern_template_problems",
    "update_pattern_template",
]

# A stored category is a plain text column: PostgreSQL refuses NUL in it, and no category
# needs control characters.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


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


def pattern_template_problems(
    spec: dict[str, Any], *, category: str | None = None
) -> list[Violation]:
    """Why ``spec`` cannot be a template under ``category`` (default: its own); empty if it can."""
    violations = validate_pattern(spec)
    stored = category if category is not None else spec.get("category")
    if isinstance(stored, str) and _CONTROL.search(stored):
        violations.append(
            Violation(
                field="category",
                rule="bad_value",
                message="the category holds control characters; use plain text",
            )
        )
    return violations


def _checked_category(name: str, spec: dict[str, Any], category: str | None) -> str:
    """The category a spec that passes every check is stored under; else InvalidPatternError."""
    violations = pattern_template_problems(spec, category=category)
    if violations:
        raise InvalidPatternError(
            f"pattern template {name!r} was not saved; its spec has"
            f" {len(violations)} problem(s): {summarize_violations(violations)}",
            hint="fix each listed block as its message says, then save the template again",
        )
    # validate_pattern has made sure the spec's category is a non-empty string
    return (category or str(spec["category"]).strip())[:100]


def create_pattern_template(session: Session, *, data: PatternTemplateCreate) -> PatternTemplate:
    """Store a pattern template for the session's tenant once its spec is valid."""
    tenant_id = session_tenant(session)
    category = _checked_category(data.name, data.spec, data.category)
    taken = session.scalar(select(PatternTemplate.id).where(PatternTemplate.name == data.name))
    if taken is not None:
        raise AlreadyExistsError(
            f"a pattern template named {data.name!r} exists",
            hint="pick another name, or delete the old template first",
        )
    template = PatternTemplate(
        tenant_id=tenant_id, name=data.name, category=category, spec=data.spec
    )
    session.add(template)
    session.flush()
    return template


def update_pattern_template(
    session: Session, name_or_id: str | uuid.UUID, *, data: PatternTemplateUpdate
) -> PatternTemplate:
    """Replace a template's spec and category, checked as on create; its name and id stay."""
    template = get_pattern_template(session, name_or_id)
    template.category = _checked_category(template.name, data.spec, data.category)
    template.spec = data.spec
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
