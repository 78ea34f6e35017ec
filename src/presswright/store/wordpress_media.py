"""Which Media Library item holds which image on a site: one row per (site, content hash).

The publish layer (:mod:`presswright.publish.wordpress.media`) writes a row only after the
upload succeeded and checks the item still exists before it reuses one; the row is only
a shortcut, WordPress stays the truth.
"""

from __future__ import annotations

import uuid

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from presswright.store.models import WordPressMedia
from presswright.store.scoping import session_tenant

__all__ = ["forget_media", "get_media", "save_media"]


def get_media(session: Session, *, site_id: uuid.UUID, sha256: str) -> WordPressMedia | None:
    """The Media Library item that holds the image with this hash on the site, if known."""
    session_tenant(session)
    return session.scalar(
        select(WordPressMedia).where(
            WordPressMedia.site_id == site_id, WordPressMedia.sha256 == sha256
        )
    )


def save_media(
    session: Session, *, site_id: uuid.UUID, sha256: str, media_id: int, source_url: str
) -> WordPressMedia:
    """Remember that item ``media_id`` holds the image with this hash (replacing what was known)."""
    tenant_id = session_tenant(session)
    row = get_media(session, site_id=site_id, sha256=sha256)
    if row is None:
        row = WordPressMedia(tenant_id=tenant_id, site_id=site_id, sha256=sha256)
        session.add(row)
    row.media_id = media_id
    row.source_url = source_url
    session.flush()
    return row


def forget_media(session: Session, *, site_id: uuid.UUID, sha256: str) -> None:
    """Forget the item of this hash (it was deleted in WordPress)."""
    session_tenant(session)
    session.execute(
        delete(WordPressMedia).where(
            WordPressMedia.site_id == site_id, WordPressMedia.sha256 == sha256
        )
    )
