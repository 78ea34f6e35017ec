"""Master templates: the flow specs shipped with Presswright (``content/flows/*.yaml`` and
``books/flows/*.yaml``).

Shared by every workspace and read-only; a workspace copies one to change it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from importlib import resources

from sqlalchemy.orm import Session

from presswright.books.flow import shipped_book_flow
from presswright.content.service import builtin_flow
from presswright.errors import NotFoundError
from presswright.flows.library import FlowCreate, create_flow
from presswright.flows.spec import FlowSpec
from presswright.sites.flow import shipped_site_flow
from presswright.store.models import Flow

__all__ = ["copy_master_template", "master_template", "master_template_names"]


# Each package whose ``flows`` folder ships specs, with how one of them is loaded.
_SHIPPED: tuple[tuple[str, Callable[[str], FlowSpec]], ...] = (
    ("presswright.content", builtin_flow),
    ("presswright.books", shipped_book_flow),
    ("presswright.sites", shipped_site_flow),
)


def _loaders() -> dict[str, Callable[[str], FlowSpec]]:
    found: dict[str, Callable[[str], FlowSpec]] = {}
    for package, load in _SHIPPED:
        for entry in resources.files(package).joinpath("flows").iterdir():
            if entry.name.endswith(".yaml"):
                found[entry.name.removesuffix(".yaml")] = load
    return found


def master_template_names() -> list[str]:
    """Names of the flow specs shipped with Presswright, sorted."""
    return sorted(_loaders())


def master_template(name: str) -> FlowSpec:
    """The shipped flow spec called ``name``."""
    load = _loaders().get(name)
    if load is None:
        raise NotFoundError(
            f"no master template named {name!r}",
            hint=f"the master templates are: {', '.join(master_template_names())}",
        )
    return load(name)


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
