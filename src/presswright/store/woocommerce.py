"""A tenant's WooCommerce stores and the record of copy written to their products.

Stores are connections (:mod:`presswright.store.site_connections`). Consumer keys and secrets
are encrypted with the instance's secret box and never leave this module except to the
WooCommerce client (:func:`store_credentials`); people see the last four characters of the
key (``key_hint``) to tell keys apart.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from presswright.secretbox import SecretBox
from presswright.store.models import WooCommerceStore, WooCommerceWrite, utcnow
from presswright.store.site_connections import (
    ConnectionPublic,
    ConnectionTable,
    create_connection,
    delete_connection,
    get_connection,
    list_connections,
    open_secrets,
)

__all__ = [
    "STORES",
    "WooCommerceStorePublic",
    "WooCommerceWritePublic",
    "create_store",
    "delete_store",
    "get_store",
    "list_stores",
    "list_writes",
    "record_write",
    "store_credentials",
]

STORES = ConnectionTable(
    model=WooCommerceStore,
    noun="WooCommerce store",
    short="store",
    list_command="presswright wc stores",
    other_credentials="another key",
    credential_name="REST API key",
    dependents=(WooCommerceWrite.store_id,),
)


class WooCommerceStorePublic(ConnectionPublic):
    """A connected store as shown to people: no key or secret, the last known status."""

    name: str = Field(examples=["shop"])
    url: str = Field(examples=["https://shop.example.com"])
    key_hint: str = Field(
        description="The last characters of the consumer key.", examples=["…3f9a"]
    )


class WooCommerceWritePublic(BaseModel):
    """One write of generated copy to a product, as recorded here."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    store_id: uuid.UUID
    product_id: int = Field(examples=[42])
    product_name: str = Field(examples=["Linen apron"])
    product_url: str | None
    execution_id: str | None = Field(description="The product run the copy came from.")
    fields: list[str] = Field(
        description="The product fields written.",
        examples=[["description", "short_description", "tags", "images", "meta_data"]],
    )
    tags: list[str]
    seo_title: str
    seo_description: str
    seo_note: str
    written_at: datetime


def _key_hint(consumer_key: str) -> str:
    return "…" + consumer_key[-4:] if len(consumer_key) >= 12 else "…"


def create_store(
    session: Session,
    *,
    name: str,
    url: str,
    api_root: str,
    consumer_key: str,
    consumer_secret: str,
    box: SecretBox,
) -> WooCommerceStore:
    """Store a verified store connection for the session's tenant, key and secret encrypted."""
    columns = {
        "consumer_key_encrypted": box.encrypt(consumer_key),
        "consumer_secret_encrypted": box.encrypt(consumer_secret),
        "key_hint": _key_hint(consumer_key),
    }
    return create_connection(
        session, STORES, name=name, url=url, api_root=api_root, columns=columns
    )


def list_stores(session: Session) -> list[WooCommerceStore]:
    """The session tenant's stores, by name."""
    return list_connections(session, STORES)


def get_store(session: Session, ref: str | uuid.UUID) -> WooCommerceStore:
    """A store of the session's tenant by id, name or address; NotFoundError otherwise."""
    return get_connection(session, STORES, ref)


def delete_store(session: Session, ref: str | uuid.UUID) -> None:
    """Remove a store and its write records (the store itself is untouched)."""
    delete_connection(session, STORES, ref)


def store_credentials(store: WooCommerceStore, box: SecretBox) -> tuple[str, str]:
    """The decrypted consumer key and secret, for the WooCommerce client only."""
    key, secret = open_secrets(
        STORES, store, box, (store.consumer_key_encrypted, store.consumer_secret_encrypted)
    )
    return key, secret


def record_write(
    session: Session,
    *,
    store_id: uuid.UUID,
    product_id: int,
    product_name: str,
    product_url: str | None,
    execution_id: str | None,
    fields: Sequence[str],
    tags: Sequence[str],
    seo_title: str,
    seo_description: str,
    seo_note: str,
) -> WooCommerceWrite:
    """Add a record of copy written to a product of the store."""
    store = get_store(session, store_id)
    write = WooCommerceWrite(
        tenant_id=store.tenant_id,
        store_id=store.id,
        product_id=product_id,
        product_name=product_name[:300],
        product_url=product_url[:2000] if product_url else None,
        execution_id=execution_id,
        fields=list(fields),
        tags=list(tags),
        seo_title=seo_title,
        seo_description=seo_description,
        seo_note=seo_note,
        written_at=utcnow(),
    )
    session.add(write)
    session.flush()
    return write


def list_writes(
    session: Session, store: str | uuid.UUID, *, product_id: int | None = None
) -> list[WooCommerceWrite]:
    """The store's write records, newest first (of one product if ``product_id`` is given)."""
    store_row = get_store(session, store)
    query = select(WooCommerceWrite).where(WooCommerceWrite.store_id == store_row.id)
    if product_id is not None:
        query = query.where(WooCommerceWrite.product_id == product_id)
    return list(
        session.scalars(
            query.order_by(WooCommerceWrite.written_at.desc(), WooCommerceWrite.id.desc())
        )
    )
