"""The connection base: a remote site Presswright connects to, checks, and publishes to.

Every kind of remote (a WordPress site, a WooCommerce store; later a site deployment
target or the WordPress plugin's callback) works the same way around its own credentials:

- :class:`ConnectRequest` is what a person gives: the address (validated before any request
  is made) and an optional short name (default: the host);
- :meth:`RemoteSites.prepare` normalises both and refuses a name or address already taken;
  the kind verifies its credentials against the remote, then stores them sealed with the
  instance's secret box (:mod:`presswright.store.site_connections`);
- :meth:`RemoteSites.access` reads one back as a :class:`ConnectionAccess`, the only place
  its credentials are decrypted, for the kind's REST client;
- :meth:`RemoteSites.check` and :meth:`RemoteSites.check_all` ask each remote whether it
  still accepts its credentials and record ``ok``, ``unauthorized`` or ``unreachable``.

A kind subclasses :class:`RemoteSites` with how to build its access from a stored row and
how to probe the remote; front doors call the kind's functions, never the store.
"""

from __future__ import annotations

import asyncio
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

import httpx
from pydantic import BaseModel, Field, field_validator
from sqlalchemy.orm import Session

from presswright.bootstrap import Instance
from presswright.publish.addresses import (
    SITE_NAME_PATTERN,
    SITE_URL_PATTERN,
    default_site_name,
    normalize_site_url,
    web_address,
)
from presswright.secretbox import SecretBox
from presswright.store.site_connections import (
    ConnectionPublic,
    ConnectionStatus,
    ConnectionTable,
    RowT,
    delete_connection,
    ensure_connection_free,
    get_connection,
    list_connections,
    record_connection_status,
)

__all__ = [
    "CHECK_TIMEOUT",
    "ConnectRequest",
    "ConnectionAccess",
    "ConnectionPublic",
    "ConnectionStatus",
    "RemoteSites",
]

# A status check answers within this, so listing connections never hangs on one that is down.
CHECK_TIMEOUT = 10.0

AccessT = TypeVar("AccessT", bound="ConnectionAccess")
PublicT = TypeVar("PublicT", bound=ConnectionPublic)


class ConnectRequest(BaseModel):
    """What connecting any remote site starts from: its address and a short name for it."""

    url: str = Field(min_length=8, max_length=500, pattern=SITE_URL_PATTERN)
    name: str | None = Field(
        default=None,
        pattern=SITE_NAME_PATTERN,
        description="A short name to refer to it by; default: its host name.",
    )

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        """The address must be one the remote can be reached at (checked before any request)."""
        return web_address(value)


@dataclass(frozen=True)
class ConnectionAccess:
    """What every kind needs to talk to one stored remote (read in one short transaction)."""

    id: uuid.UUID
    name: str
    url: str
    api_root: str


class RemoteSites(ABC, Generic[RowT, AccessT, PublicT]):
    """One kind of remote site: its table, its public shape, and how to reach and probe it.

    ``auth_error`` is the failure that means the remote refused the credentials (the status
    becomes ``unauthorized``); any other ``error`` means it did not answer like a working
    one (``unreachable``).
    """

    def __init__(
        self,
        table: ConnectionTable[RowT],
        public: type[PublicT],
        *,
        auth_error: type[Exception],
        error: type[Exception],
    ) -> None:
        self.table: ConnectionTable[RowT] = table
        self.public: type[PublicT] = public
        self.auth_error = auth_error
        self.error = error

    @abstractmethod
    def access_of(self, row: RowT, box: SecretBox) -> AccessT:
        """The address and decrypted credentials of a stored row, for the kind's client."""

    @abstractmethod
    async def probe(self, access: AccessT, transport: httpx.AsyncBaseTransport | None) -> None:
        """One authenticated request that a working remote answers; raises its errors."""

    def prepare(
        self, instance: Instance, *, tenant_id: uuid.UUID, data: ConnectRequest
    ) -> tuple[str, str]:
        """The normalised address and the name of a new connection; refuses ones taken."""
        url = normalize_site_url(data.url)
        name = data.name or default_site_name(url)
        with instance.database.tenant_session(tenant_id) as session:
            ensure_connection_free(session, self.table, name=name, url=url)
        return url, name

    def store(
        self, instance: Instance, *, tenant_id: uuid.UUID, create: Callable[[Session], RowT]
    ) -> PublicT:
        """Store a verified connection (``create`` writes the kind's row) and show it."""
        with instance.database.tenant_session(tenant_id) as session:
            return self.public.model_validate(create(session))

    def access(self, instance: Instance, *, tenant_id: uuid.UUID, ref: str | uuid.UUID) -> AccessT:
        """The address and decrypted credentials of a connection of the tenant (id, name, URL)."""
        with instance.database.tenant_session(tenant_id) as session:
            return self.access_of(get_connection(session, self.table, ref), instance.secretbox)

    def listed(self, instance: Instance, *, tenant_id: uuid.UUID) -> list[PublicT]:
        """The tenant's connections of this kind by name, with their last known status."""
        with instance.database.tenant_session(tenant_id) as session:
            return [
                self.public.model_validate(row) for row in list_connections(session, self.table)
            ]

    def get(self, instance: Instance, *, tenant_id: uuid.UUID, ref: str | uuid.UUID) -> PublicT:
        """One connection of the tenant (NotFoundError for any other), with its last status."""
        with instance.database.tenant_session(tenant_id) as session:
            return self.public.model_validate(get_connection(session, self.table, ref))

    def remove(self, instance: Instance, *, tenant_id: uuid.UUID, ref: str | uuid.UUID) -> str:
        """Forget a connection and what belongs to it (the remote is untouched); its name."""
        with instance.database.tenant_session(tenant_id) as session:
            return delete_connection(session, self.table, ref)

    async def overview(
        self,
        instance: Instance,
        *,
        tenant_id: uuid.UUID,
        check: bool = False,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> list[PublicT]:
        """The tenant's connections by name: checked now, or with their last known status."""
        if check:
            return await self.check_all(instance, tenant_id=tenant_id, transport=transport)
        return await asyncio.to_thread(self.listed, instance, tenant_id=tenant_id)

    async def status(
        self, access: AccessT, transport: httpx.AsyncBaseTransport | None = None
    ) -> tuple[ConnectionStatus, str | None]:
        """Whether the remote accepts its credentials now, and why not if it does not."""
        try:
            await self.probe(access, transport)
        except self.auth_error as error:
            return "unauthorized", str(error)
        except self.error as error:  # no answer, or not one a working remote gives
            return "unreachable", str(error)
        return "ok", None

    async def check(
        self,
        instance: Instance,
        *,
        tenant_id: uuid.UUID,
        ref: str | uuid.UUID,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> PublicT:
        """Check that the remote still accepts its credentials; store and return the status."""
        access = self.access(instance, tenant_id=tenant_id, ref=ref)
        status, detail = await self.status(access, transport)
        with instance.database.tenant_session(tenant_id) as session:
            row = record_connection_status(
                session, self.table, row_id=access.id, status=status, detail=detail
            )
            return self.public.model_validate(row)

    async def check_all(
        self,
        instance: Instance,
        *,
        tenant_id: uuid.UUID,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> list[PublicT]:
        """Check every connection of the tenant at once; by name, with their fresh status."""
        with instance.database.tenant_session(tenant_id) as session:
            ids = [row.id for row in list_connections(session, self.table)]
        return list(
            await asyncio.gather(
                *(
                    self.check(instance, tenant_id=tenant_id, ref=row_id, transport=transport)
                    for row_id in ids
                )
            )
        )
