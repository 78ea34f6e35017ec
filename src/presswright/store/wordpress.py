"""A tenant's WordPress sites, where each document was published, and each site's link index.

Sites are connections (:mod:`presswright.store.site_connections`): application passwords are
encrypted with the instance's secret box and never leave this module except to the
WordPress client (:func:`site_app_password`). Repositories persist plain values; the
publish layer turns them into content models.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from pydantic import Field
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from presswright.secretbox import SecretBox
from presswright.store.models import (
    PublishRecord,
    WordPressLink,
    WordPressMedia,
    WordPressSite,
    utcnow,
)
from presswright.store.scoping import session_tenant
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
    "SITES",
    "LinkRow",
    "PublishedPost",
    "WordPressSitePublic",
    "create_site",
    "delete_site",
    "get_publish_record",
    "get_site",
    "list_sites",
    "replace_site_links",
    "save_publish_record",
    "site_app_password",
    "site_links",
]

SITES = ConnectionTable(
    model=WordPressSite,
    noun="WordPress site",
    short="site",
    list_command="presswright wp sites",
    other_credentials="other credentials",
    credential_name="application password",
    dependents=(WordPressLink.site_id, PublishRecord.site_id, WordPressMedia.site_id),
)


class WordPressSitePublic(ConnectionPublic):
    """A connected site as shown to people: no password, the last known status."""

    name: str = Field(examples=["myblog"])
    url: str = Field(examples=["https://blog.example.com"])
    username: str = Field(examples=["presswright"])
    remote_user_name: str | None = Field(description="The WordPress user's display name.")
    remote_roles: list[str] = Field(examples=[["author"]])
    links_pulled_at: datetime | None


@dataclass(frozen=True)
class PublishedPost:
    """What one publish of a document left on the site, as the publish record keeps it."""

    marker: str
    remote_id: int
    remote_url: str
    remote_status: str
    featured_media_id: int | None
    featured_image_sha256: str | None
    seo_title: str
    seo_description: str
    seo_note: str


@dataclass(frozen=True)
class LinkRow:
    """One post or page of the link index."""

    kind: str
    remote_id: int
    title: str
    url: str


def create_site(
    session: Session,
    *,
    name: str,
    url: str,
    api_root: str,
    username: str,
    app_password: str,
    remote_user_id: int,
    remote_user_name: str,
    remote_roles: list[str],
    box: SecretBox,
) -> WordPressSite:
    """Store a verified site connection for the session's tenant, password encrypted."""
    columns = {
        "username": username,
        "app_password_encrypted": box.encrypt(app_password),
        "remote_user_id": remote_user_id,
        "remote_user_name": remote_user_name,
        "remote_roles": list(remote_roles),
    }
    return create_connection(session, SITES, name=name, url=url, api_root=api_root, columns=columns)


def list_sites(session: Session) -> list[WordPressSite]:
    """The session tenant's sites, by name."""
    return list_connections(session, SITES)


def get_site(session: Session, ref: str | uuid.UUID) -> WordPressSite:
    """A site of the session's tenant by id, name or address; NotFoundError otherwise."""
    return get_connection(session, SITES, ref)


def delete_site(session: Session, ref: str | uuid.UUID) -> None:
    """Remove a site with its publish records and link index (WordPress itself is untouched)."""
    delete_connection(session, SITES, ref)


def site_app_password(site: WordPressSite, box: SecretBox) -> str:
    """The decrypted application password, for the WordPress client only (never for display)."""
    (password,) = open_secrets(SITES, site, box, (site.app_password_encrypted,))
    return password


def get_publish_record(
    session: Session, *, site_id: uuid.UUID, document_key: str
) -> PublishRecord | None:
    """Where ``document_key`` was published on the site, if it was."""
    session_tenant(session)
    return session.scalar(
        select(PublishRecord).where(
            PublishRecord.site_id == site_id, PublishRecord.document_key == document_key
        )
    )


def save_publish_record(
    session: Session, *, site_id: uuid.UUID, document_key: str, post: PublishedPost
) -> PublishRecord:
    """Create or update the publish record of ``document_key`` on the site."""
    tenant_id = session_tenant(session)
    record = get_publish_record(session, site_id=site_id, document_key=document_key)
    if record is None:
        record = PublishRecord(tenant_id=tenant_id, site_id=site_id, document_key=document_key)
        session.add(record)
    record.marker = post.marker
    record.remote_id = post.remote_id
    record.remote_url = post.remote_url
    record.remote_status = post.remote_status
    record.featured_media_id = post.featured_media_id
    record.featured_image_sha256 = post.featured_image_sha256
    record.seo_title = post.seo_title
    record.seo_description = post.seo_description
    record.seo_note = post.seo_note
    session.flush()
    return record


def replace_site_links(session: Session, *, site_id: uuid.UUID, links: Iterable[LinkRow]) -> int:
    """Replace the site's link index with ``links``; returns how many were stored."""
    site = get_site(session, site_id)
    session.execute(delete(WordPressLink).where(WordPressLink.site_id == site.id))
    rows = [
        WordPressLink(
            tenant_id=site.tenant_id,
            site_id=site.id,
            kind=link.kind,
            remote_id=link.remote_id,
            title=link.title,
            url=link.url,
        )
        for link in links
    ]
    session.add_all(rows)
    site.links_pulled_at = utcnow()
    session.flush()
    return len(rows)


def site_links(session: Session, site: str | uuid.UUID) -> list[LinkRow]:
    """A site's link index, by title (the publish layer makes the article flow's links of it)."""
    site_row = get_site(session, site)
    rows = session.scalars(
        select(WordPressLink)
        .where(WordPressLink.site_id == site_row.id)
        .order_by(WordPressLink.title, WordPressLink.remote_id)
    )
    return [
        LinkRow(kind=row.kind, remote_id=row.remote_id, title=row.title, url=row.url)
        for row in rows
    ]
