"""A tenant's connections to remote sites: one repository for every kind of connection table.

A connection is a row naming a remote site Presswright publishes to (a WordPress site, a
WooCommerce store): its short name and address (each unique per tenant), its REST API root,
encrypted credentials, and the result of its last check. :class:`ConnectionTable` says how
one kind is stored and named in messages; the functions here read and write any of them.
The kinds' own modules (:mod:`presswright.store.wordpress`, :mod:`presswright.store.woocommerce`)
add what only they keep. Like every repository, these persist what they are given: the
publish layer verifies a connection before it is stored.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import delete, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from presswright.errors import AlreadyExistsError, NotFoundError
from presswright.secretbox import SecretBox
from presswright.store.models import WooCommerceStore, WordPressSite, utcnow
from presswright.store.scoping import session_tenant

__all__ = [
    "ConnectionPublic",
    "ConnectionStatus",
    "ConnectionTable",
    "create_connection",
    "delete_connection",
    "ensure_connection_free",
    "get_connection",
    "list_connections",
    "open_secrets",
    "record_connection_status",
]

ConnectionStatus = Literal["ok", "unauthorized", "unreachable"]
# Every connection table; a new kind of connection (a media library, a site deployment
# target) adds its table here and gets the whole repository.
RowT = TypeVar("RowT", WordPressSite, WooCommerceStore)


class ConnectionPublic(BaseModel):
    """A connection as shown to people: never a credential, the last known status."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    url: str
    status: ConnectionStatus = Field(
        description="Result of the last check: ok, unauthorized, unreachable."
    )
    status_detail: str | None = Field(description="Why the last check failed, if it did.")
    checked_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class ConnectionTable(Generic[RowT]):
    """How one kind of connection is stored, and the words its messages use."""

    model: type[RowT]
    noun: str  # "WordPress site": how messages name one
    short: str  # "site"
    list_command: str  # the CLI command that lists them, for hints
    other_credentials: str  # what to connect again with: "other credentials", "another key"
    credential_name: str  # "application password": what the encrypted columns hold
    # Rows that belong to a connection and go with it: (table, column of the connection id).
    dependents: tuple[InstrumentedAttribute[uuid.UUID], ...] = ()


def ensure_connection_free(
    session: Session, table: ConnectionTable[RowT], *, name: str, url: str
) -> None:
    """Raise AlreadyExistsError if the tenant has such a connection with this name or address."""
    session_tenant(session)
    model = table.model
    if session.scalar(select(model.id).where(model.url == url)):
        raise AlreadyExistsError(
            f"the {table.noun} {url} is connected already",
            hint=f"remove it first to connect it with {table.other_credentials}",
            fields=("url",),
        )
    if session.scalar(select(model.id).where(model.name == name)):
        raise AlreadyExistsError(
            f"a {table.noun} named {name!r} is connected",
            hint=f"pick another name, or remove that {table.short} first",
            fields=("name",),
        )


def create_connection(
    session: Session,
    table: ConnectionTable[RowT],
    *,
    name: str,
    url: str,
    api_root: str,
    columns: Mapping[str, Any],
) -> RowT:
    """Store a verified connection for the session's tenant; ``columns`` are the kind's own."""
    tenant_id = session_tenant(session)
    ensure_connection_free(session, table, name=name, url=url)
    row = table.model(
        tenant_id=tenant_id,
        name=name,
        url=url,
        api_root=api_root,
        status="ok",
        checked_at=utcnow(),
        **columns,
    )
    session.add(row)
    session.flush()
    return row


def list_connections(session: Session, table: ConnectionTable[RowT]) -> list[RowT]:
    """The session tenant's connections of this kind, by name."""
    session_tenant(session)
    return list(session.scalars(select(table.model).order_by(table.model.name)))


def get_connection(session: Session, table: ConnectionTable[RowT], ref: str | uuid.UUID) -> RowT:
    """A connection of the session's tenant by id, name or address; NotFoundError otherwise."""
    session_tenant(session)
    model = table.model
    row = session.get(model, ref) if isinstance(ref, uuid.UUID) else None
    if row is None and isinstance(ref, str):
        row_id = _as_uuid(ref)
        query = select(model).where((model.name == ref) | (model.url == ref.rstrip("/")))
        row = session.get(model, row_id) if row_id else session.scalar(query)
    if row is None:
        raise NotFoundError(
            f"no {table.noun} {str(ref)!r} in this workspace",
            hint=f"list the connected {table.short}s (`{table.list_command}`) for names and ids",
        )
    return row


def delete_connection(session: Session, table: ConnectionTable[RowT], ref: str | uuid.UUID) -> str:
    """Remove a connection and the rows that belong to it; its name (the remote is untouched)."""
    row = get_connection(session, table, ref)
    name = row.name
    for column in table.dependents:
        session.execute(delete(column.class_).where(column == row.id))
    session.delete(row)
    session.flush()
    return name


def record_connection_status(
    session: Session,
    table: ConnectionTable[RowT],
    *,
    row_id: uuid.UUID,
    status: ConnectionStatus,
    detail: str | None,
) -> RowT:
    """Remember the result of a check of a connection."""
    row = get_connection(session, table, row_id)
    row.status = status
    row.status_detail = detail
    row.checked_at = utcnow()
    session.flush()
    return row


def open_secrets(
    table: ConnectionTable[RowT], row: RowT, box: SecretBox, sealed: tuple[str, ...]
) -> tuple[str, ...]:
    """The decrypted ``sealed`` values of a connection, for its client only (never for display)."""
    what = f"the {table.credential_name} of {table.noun} {row.name!r}"
    return tuple(box.decrypt(value, what=what) for value in sealed)


def _as_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None
