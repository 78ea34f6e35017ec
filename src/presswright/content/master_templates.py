"""Master templates: the flow specs shipped with Presswright (``content/flows/*.yaml``).

Shared by every workspace and read-only; a workspace copies one to change it.
"""

from __future__ import annotations

import uuid
from importlib import resources

from sqlalchemy.orm import Session

from presswright.content.service import builtin_flow
from presswright.errors import NotFoundError
from presswright.flows.library import FlowCreate, create_flow
from presswright.flows.spec import FlowSpec
from presswright.store.models import Flow

__all__ = ["copy_master_template", "master_template", "master_template_names"]


def master_template_names() -> list[str]:
    """Names of the flow specs shipped with Presswright, sorted."""
    folder = resources.files("presswright.content").joinpath("flows")
    return sorted(
        entry.name.removesuffix(".yaml")
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    )


def master_template(name: str) -> FlowSpec:
    """The shipped flow spec called ``name``."""
    if name not in master_template_names():
        raise NotFoundError(
            f"no master template named {name!r}",
            hint=f"the master templates are: {', '.join(master_template_names())}",
        )
    return builtin_flow(name)


def copy_master_template(
    session: Session,
    *,
    template: str,
    name: str | None = None,
    description: str | None = None,
    user_id: uuid.UUID | None,
) -> Flow:
    """Save a master template as a new flow of the tenant (default: under its own name)."""
    spec = master_template(template)
    data = FlowCreate(
        name=name or spec.name,
        description=description if description is not None else spec.description or None,
        spec=spec,
    )
    return create_flow(
        session, data=data, user_id=user_id, note=f"copied from master template {template!r}"
    )
