"""Tenant walls inside the ORM: the only way to reach tenant data is a tenant session.

A *tenant session* adds ``tenant_id = :tenant`` to every ORM SELECT, UPDATE and DELETE
of a :class:`TenantScoped` entity (including relationship and ``session.get`` loads),
stamps new rows with its tenant and refuses rows of another tenant at flush.

A *system session* serves tenants, users and identity lookups (an API key before its
tenant is known); any other statement on tenant data in it raises TenantScopeError.
"""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from sqlalchemy import Select, event
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from presswright.errors import NotFoundError, TenantScopeError
from presswright.store.models import TenantScoped

M = TypeVar("M", bound=TenantScoped)

__all__ = [
    "SCOPE_KEY",
    "SYSTEM",
    "enter_tenant",
    "get_scoped",
    "install_tenant_guards",
    "session_tenant",
]

SCOPE_KEY = "presswright_tenant"
SYSTEM = "system"


def session_tenant(session: Session) -> uuid.UUID:
    """The tenant of a tenant session; TenantScopeError for any other session."""
    scope = session.info.get(SCOPE_KEY)
    if not isinstance(scope, uuid.UUID):
        raise TenantScopeError("this operation needs a tenant session, not a system session")
    return scope


def _scoped_entities(state: ORMExecuteState) -> list[type[TenantScoped]]:
    found: list[type[TenantScoped]] = []
    statement = state.statement
    descriptions = statement.column_descriptions if isinstance(statement, Select) else []
    for description in descriptions:
        entity = description.get("entity")
        if isinstance(entity, type) and issubclass(entity, TenantScoped):
            found.append(entity)
    if state.is_update or state.is_delete:
        mapper = state.bind_mapper
        if mapper is not None and issubclass(mapper.class_, TenantScoped):
            found.append(mapper.class_)
    return found


def _on_execute(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    scope = state.session.info.get(SCOPE_KEY)
    if isinstance(scope, uuid.UUID):
        if state.is_column_load or state.is_relationship_load:
            return  # the criteria of the parent statement already travel with these loads
        state.statement = state.statement.options(
            with_loader_criteria(
                TenantScoped,
                lambda cls: cls.tenant_id == scope,
                include_aliases=True,
                track_closure_variables=False,
            )
        )
        return
    if scope != SYSTEM:
        raise TenantScopeError("a database session must be opened as a tenant or system session")
    for entity in _scoped_entities(state):
        if not (state.is_select and entity.identity_lookup):
            raise TenantScopeError(
                f"{entity.__tablename__} holds tenant data and cannot be queried"
                " without a tenant; open a tenant session"
            )


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    scope = session.info.get(SCOPE_KEY)
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if not isinstance(obj, TenantScoped):
            continue
        if not isinstance(scope, uuid.UUID):
            raise TenantScopeError(
                f"cannot write {type(obj).__tablename__} rows without a tenant;"
                " open a tenant session"
            )
        if obj in session.new and obj.tenant_id is None:
            obj.tenant_id = scope
        if obj.tenant_id != scope:
            raise TenantScopeError(
                f"refusing to write a {type(obj).__tablename__} row of another tenant"
            )


def install_tenant_guards(session_class: type[Session]) -> None:
    """Attach the tenant filters and write guards to every session of ``session_class``."""
    event.listen(session_class, "do_orm_execute", _on_execute)
    event.listen(session_class, "before_flush", _before_flush)


def get_scoped(session: Session, model: type[M], row_id: uuid.UUID, *, what: str) -> M:
    """Load ``row_id`` of ``model`` in the session's tenant, or raise NotFoundError."""
    session_tenant(session)
    row = session.get(model, row_id)
    if row is None:
        raise NotFoundError(
            f"no {what} with id {row_id} in this workspace", hint="list them to see valid ids"
        )
    return row


def enter_tenant(session: Session, tenant_id: uuid.UUID) -> None:
    """Turn a system session into a tenant session, so a new tenant is set up in one transaction."""
    if session.info.get(SCOPE_KEY) != SYSTEM:
        raise TenantScopeError("only a system session can enter a tenant")
    session.info[SCOPE_KEY] = tenant_id
