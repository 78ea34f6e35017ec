"""A tenant's WordPress sites, where each document was published, and each site's link index.

Application passwords are encrypted with the instance's secret box and never leave this
module except to the WordPress client (:func:`site_app_password`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from presswright.content.models import SiteLink
from presswright.errors import AlreadyExistsError, NotFoundError
from presswright.secretbox import SecretBox
from presswright.store.models import PublishRecord, WordPressLink, WordPressSite, utcnow
from presswright.store.scoping import session_tenant

__all__ = [
    "LinkRow",
    "PublishedPost",
    "SiteStatus",
    "WordPressSitePublic",
    "create_site",
    "delete_site",
    "ensure_site_free",
    "get_publish_record",
    "get_site",
    "list_sites",
    "record_site_status",
    "replace_site_links",
    "save_publish_record",
    "site_app_password",
    "site_links",
]

SiteStatus = Literal["ok", "unauthorized", "unreachable"]


class WordPressSitePublic(BaseModel):
    """A connected site as shown to people: no password, the last known status."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str = Field(examples=["myblog"])
    url: str = Field(examples=["https://blog.example.com"])
    username: str = Field(examples=["presswright"])
    remote_user_name: str | None = Field(description="The WordPress user's display name.")
    remote_roles: list[str] = Field(examples=[["author"]])
    status: SiteStatus = Field(
        description="Result of the last check: ok, unauthorized, unreachable."
    )
    status_detail: str | None = Field(description="Why the last check failed, if it did.")
    checked_at: datetime | None
    links_pulled_at: datetime | None
    created_at: datetime


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


def ensure_site_free(session: Session, *, name: str, url: str) -> None:
    """Raise AlreadyExistsError if the tenant has a site with this name or address."""
    session_tenant(session)
    if session.scalar(select(WordPressSite.id).where(WordPressSite.url == url)):
        raise AlreadyExistsError(
            f"the WordPress site {url} is connected already",
            hint="remove it first to connect it with other credentials",
        )
    if session.scalar(select(WordPressSite.id).where(WordPressSite.name == name)):
        raise AlreadyExistsError(
            f"a WordPress site named {name!r} is connected",
            hint="pick another name, or remove that site first",
        )


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
    tenant_id = session_tenant(session)
    ensure_site_free(session, name=name, url=url)
    site = WordPressSite(
        tenant_id=tenant_id,
        name=name,
        url=url,
        api_root=api_root,
        username=username,
        app_password_encrypted=box.encrypt(app_password),
        remote_user_id=remote_user_id,
        remote_user_name=remote_user_name,
        remote_roles=list(remote_roles),
        status="ok",
        checked_at=utcnow(),
    )
    session.add(site)
    session.flush()
    return site


def list_sites(session: Session) -> list[WordPressSite]:
    """The session tenant's sites, by name."""
    session_tenant(session)
    return list(session.scalars(select(WordPressSite).order_by(WordPressSite.name)))


def get_site(session: Session, ref: str | uuid.UUID) -> WordPressSite:
    """A site of the session's tenant by id, name or address; NotFoundError otherwise."""
    session_tenant(session)
    site = session.get(WordPressSite, ref) if isinstance(ref, uuid.UUID) else None
    if site is None and isinstance(ref, str):
        site_id = _as_uuid(ref)
        query = select(WordPressSite).where(
            (WordPressSite.name == ref) | (WordPressSite.url == ref.rstrip("/"))
        )
        site = session.get(WordPressSite, site_id) if site_id else session.scalar(query)
    if site is None:
        raise NotFoundError(
            f"no WordPress site {str(ref)!r} in this workspace",
            hint="list the connected sites (`presswright wp sites`) for names and ids",
        )
    return site


def delete_site(session: Session, ref: str | uuid.UUID) -> None:
    """Remove a site with its publish records and link index (WordPress itself is untouched)."""
    site = get_site(session, ref)
    session.execute(delete(WordPressLink).where(WordPressLink.site_id == site.id))
    session.execute(delete(PublishRecord).where(PublishRecord.site_id == site.id))
    session.delete(site)
    session.flush()


def site_app_password(site: WordPressSite, box: SecretBox) -> str:
    """The decrypted application password, for the WordPress client only (never for display)."""
    return box.decrypt(
        site.app_password_encrypted,
        what=f"the application password of WordPress site {site.name!r}",
    )


def record_site_status(
    session: Session, *, site_id: uuid.UUID, status: SiteStatus, detail: str | None
) -> WordPressSite:
    """Remember the result of a check of a site."""
    site = get_site(session, site_id)
    site.status = status
    site.status_detail = detail
    site.checked_at = utcnow()
    session.flush()
    return site


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


def site_links(session: Session, site: str | uuid.UUID) -> list[SiteLink]:
    """A site's link index as the article flow reads it: ``{title, url}`` by title."""
    site_row = get_site(session, site)
    rows = session.scalars(
        select(WordPressLink)
        .where(WordPressLink.site_id == site_row.id)
        .order_by(WordPressLink.title, WordPressLink.remote_id)
    )
    return [SiteLink(title=row.title, url=row.url) for row in rows]


def _as_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None
