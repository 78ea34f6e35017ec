"""Saving pattern templates: a spec is checked as block markup before the store keeps it.

The store (:mod:`presswright.store.pattern_templates`) persists names, categories and
specs as given; what makes a spec a valid pattern is this layer's rule.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlalchemy.orm import Session

from presswright.content.blocks import validate_pattern
from presswright.content.violations import Violation, summarize_violations
from presswright.errors import InvalidPatternError
from presswright.store.models import PatternTemplate
from presswright.store.pattern_templates import (
    PatternTemplateCreate,
    PatternTemplateUpdate,
    get_pattern_template,
    insert_pattern_template,
    replace_pattern_template_spec,
)

__all__ = ["create_pattern_template", "pattern_template_problems", "update_pattern_template"]

# A stored category is a plain text column: PostgreSQL refuses NUL in it, and no category
# needs control characters.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


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
    category = _checked_category(data.name, data.spec, data.category)
    return insert_pattern_template(session, name=data.name, category=category, spec=data.spec)


def update_pattern_template(
    session: Session, name_or_id: str | uuid.UUID, *, data: PatternTemplateUpdate
) -> PatternTemplate:
    """Replace a template's spec and category, checked as on create; its name and id stay."""
    template = get_pattern_template(session, name_or_id)
    category = _checked_category(template.name, data.spec, data.category)
    return replace_pattern_template_spec(session, template, category=category, spec=data.spec)
