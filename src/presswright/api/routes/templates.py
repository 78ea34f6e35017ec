"""``/api/v1/templates``: the workspace's library of block pattern templates.

The same library as `presswright templates ...`: a spec is stored only once it passes every
pattern check (422 naming each problem by path otherwise). Viewers read; editors write.
Each template comes with the block markup its spec renders to; ``/templates/categories``
lists the categories in use, with counts, and WordPress's own to suggest.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, status
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.responses import Response

from presswright.api.context import ContextDep
from presswright.api.principals import EditorPrincipal, ViewerPrincipal
from presswright.api.problems import problem_responses
from presswright.api.routes import API_PREFIX
from presswright.content.block_types import PatternSpec
from presswright.content.blocks import render_pattern
from presswright.content.pattern_draft import PATTERN_CATEGORIES
from presswright.content.pattern_templates import (
    create_pattern_template,
    pattern_template_problems,
    update_pattern_template,
)
from presswright.content.violations import summarize_violations
from presswright.errors import InvalidPatternError
from presswright.store.pattern_templates import (
    PatternTemplateCreate,
    PatternTemplatePublic,
    PatternTemplateUpdate,
    count_pattern_templates,
    count_pattern_templates_by_category,
    delete_pattern_template,
    get_pattern_template,
    list_pattern_templates,
)

__all__ = [
    "TemplateCategories",
    "TemplateCategory",
    "TemplateCreate",
    "TemplatePage",
    "TemplatePublic",
    "TemplateUpdate",
    "router",
]

# Names and categories are text columns: no control characters (PostgreSQL refuses NUL).
PLAIN_TEXT = r"^[^\x00-\x1f\x7f]+$"
MAX_OFFSET = 1_000_000

_EXAMPLE_SPEC: dict[str, Any] = {
    "title": "Bakery hero",
    "category": "featured",
    "blocks": [
        {
            "type": "cover",
            "url": "https://cdn.example.com/loaves.jpg",
            "alt": "Loaves on a wooden counter",
            "inner": [
                {"type": "heading", "level": 1, "text": "Fresh every morning"},
                {
                    "type": "buttons",
                    "inner": [{"type": "button", "text": "Order now", "url": "/order"}],
                },
            ],
        }
    ],
}

# 400: a body that is not JSON at all, or an X-Tenant-ID that is not a workspace id.
router = APIRouter(
    prefix=f"{API_PREFIX}/templates",
    tags=["templates"],
    responses=problem_responses(400, 401, 403, 422),
)


class _TemplateSpec(BaseModel):
    """A pattern spec (and category) that must pass every pattern check to be stored."""

    spec: PatternSpec
    category: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        pattern=PLAIN_TEXT,
        description="The category to file it under; default: the spec's own.",
        examples=["featured"],
    )

    @model_validator(mode="after")
    def _passes_the_checks(self) -> _TemplateSpec:
        violations = pattern_template_problems(self.stored_spec(), category=self.category)
        if violations:
            raise ValueError(
                f"the pattern spec has {len(violations)} problem(s): "
                + summarize_violations(violations)
            )
        return self

    def stored_spec(self) -> dict[str, Any]:
        """The spec as it is stored: JSON, without the fields left at their defaults."""
        return self.spec.model_dump(mode="json", exclude_defaults=True)


class TemplateCreate(_TemplateSpec):
    """A new template: a name unique in the workspace, a pattern spec, a category."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"name": "bakery-hero", "spec": _EXAMPLE_SPEC}]},
    )

    name: str = Field(min_length=1, max_length=100, pattern=PLAIN_TEXT, examples=["bakery-hero"])


class TemplateUpdate(_TemplateSpec):
    """A template's new spec and category; its name and id stay."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"spec": _EXAMPLE_SPEC, "category": "banner"}]},
    )


class TemplatePublic(PatternTemplatePublic):
    """A stored template, with the block markup its spec renders to."""

    markup: str | None = Field(
        description="The spec as block markup, what the block editor saves; null if the spec"
        " no longer passes the pattern checks (replace it to fix that)."
    )


def _public(template: object) -> TemplatePublic:
    stored = PatternTemplatePublic.model_validate(template)
    try:
        markup: str | None = render_pattern(stored.spec)
    except InvalidPatternError:  # stored under older, looser checks
        markup = None
    return TemplatePublic(**stored.model_dump(), markup=markup)


class TemplatePage(BaseModel):
    """One page of templates, by name, and where the next page starts."""

    items: list[TemplatePublic]
    total: int = Field(description="How many templates match, on every page together.")
    limit: int
    offset: int
    next_offset: int | None = Field(description="The offset of the next page; null on the last.")


class TemplateCategory(BaseModel):
    """A category templates are filed under, and how many are."""

    name: str = Field(examples=["call-to-action"])
    count: int = Field(ge=1)


class TemplateCategories(BaseModel):
    """The workspace's categories in use, and WordPress's own pattern categories to offer."""

    items: list[TemplateCategory] = Field(description="The categories in use, by name.")
    total: int = Field(description="How many templates the workspace has in all.")
    suggested: list[str] = Field(
        description="The pattern categories WordPress registers; any other name is allowed.",
        examples=[list(PATTERN_CATEGORIES[:4])],
    )


@router.get("")
def list_templates(
    principal: ViewerPrincipal,
    context: ContextDep,
    category: Annotated[str | None, Query(min_length=1, max_length=100, pattern=PLAIN_TEXT)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> TemplatePage:
    """The workspace's templates by name, optionally of one category, a page at a time."""
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        total = count_pattern_templates(session, category=category)
        items = [
            _public(template)
            for template in list_pattern_templates(
                session, category=category, limit=limit, offset=offset
            )
        ]
    following = offset + len(items)
    return TemplatePage(
        items=items,
        total=total,
        limit=limit,
        offset=offset,
        next_offset=following if following < total and items else None,
    )


@router.get("/categories")
def list_template_categories(principal: ViewerPrincipal, context: ContextDep) -> TemplateCategories:
    """The categories the workspace's templates are filed under, each with its count."""
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        counts = count_pattern_templates_by_category(session)
    return TemplateCategories(
        items=[TemplateCategory(name=name, count=count) for name, count in counts],
        total=sum(count for _, count in counts),
        suggested=list(PATTERN_CATEGORIES),
    )


@router.post("", status_code=status.HTTP_201_CREATED, responses=problem_responses(409))
def create_template(
    body: TemplateCreate, principal: EditorPrincipal, context: ContextDep
) -> TemplatePublic:
    """Save a pattern spec as a template (409 naming the name field if the name is taken)."""
    data = PatternTemplateCreate(name=body.name, spec=body.stored_spec(), category=body.category)
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        return _public(create_pattern_template(session, data=data))


@router.get("/{template_id}", responses=problem_responses(404))
def get_template(
    template_id: uuid.UUID, principal: ViewerPrincipal, context: ContextDep
) -> TemplatePublic:
    """One template of the workspace, with its spec and markup."""
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        return _public(get_pattern_template(session, template_id))


@router.put("/{template_id}", responses=problem_responses(404))
def replace_template(
    template_id: uuid.UUID, body: TemplateUpdate, principal: EditorPrincipal, context: ContextDep
) -> TemplatePublic:
    """Replace a template's spec and category; its name and id stay."""
    data = PatternTemplateUpdate(spec=body.stored_spec(), category=body.category)
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        return _public(update_pattern_template(session, template_id, data=data))


@router.delete(
    "/{template_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(404)
)
def delete_template(
    template_id: uuid.UUID, principal: EditorPrincipal, context: ContextDep
) -> Response:
    """Delete a template of the workspace."""
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        delete_pattern_template(session, template_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
