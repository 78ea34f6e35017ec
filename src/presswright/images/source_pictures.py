"""Library pictures as the start of an edit or a variation: the source's bytes and its mask.

The mask a person uploads is kept in the file store (owned by the source picture, so it
goes with it) and named by its file id in the run's inputs: a run reads it again when it
resumes, and the inputs stay small.
"""

from __future__ import annotations

import uuid

from presswright.bootstrap import Instance
from presswright.files.factory import open_file_store
from presswright.images.checks import ImageFieldError
from presswright.images.library import image_owner, read_image
from presswright.images.provider import ImageSource
from presswright.images.sources import edit_source

__all__ = ["load_source", "store_mask"]


def _uuid(value: str | None, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise ImageFieldError(field, f"{value!r} is not an id") from None


def load_source(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    operation: str,
    source_id: str | None,
    mask_file_id: str | None = None,
) -> ImageSource:
    """The workspace's picture ``source_id`` (and the stored mask) ready to send; an
    ImageFieldError for an unknown operation, NotFoundError for another workspace's."""
    if operation not in ("edit", "variation"):
        raise ImageFieldError("operation", f"{operation!r} is not generate, edit or variation")
    document_id = _uuid(source_id, "source_id")
    files = open_file_store(instance.settings)
    with instance.database.tenant_session(tenant_id) as session:
        _, body = read_image(session, document_id)
        picture = files.read_file(session, file_id=body.file("main").file_id)
        mask = (
            files.read_file(session, file_id=_uuid(mask_file_id, "mask_file_id"))
            if mask_file_id
            else None
        )
    return edit_source(picture, operation=operation, mask=mask)  # type: ignore[arg-type]


def store_mask(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID | None,
    source_id: uuid.UUID,
    mask: bytes,
) -> uuid.UUID:
    """Keep an uploaded mask (checked against its picture first) with the picture; its id."""
    files = open_file_store(instance.settings)
    with instance.database.tenant_session(tenant_id) as session:
        _, body = read_image(session, source_id)
        picture = files.read_file(session, file_id=body.file("main").file_id)
    edit_source(picture, operation="edit", mask=mask)  # refuses a mask that does not fit
    with instance.database.tenant_session(tenant_id) as session:
        stored = files.store_file(
            session,
            filename="mask.png",
            content=mask,
            content_type="image/png",
            owner=image_owner(source_id),
            created_by=user_id,
        )
        return stored.id
