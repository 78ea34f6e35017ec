"""Pictures as documents of the library: kind ``image``, a body per version, files in the store.

A generated picture is stored processed, never as the provider sent it: decoded and checked
(:func:`presswright.images.processing.process_image`), metadata gone, made at the size asked
for, encoded in the main format (WebP by default) within a byte budget, plus a JPEG (PNG
when transparent) fallback every browser shows. Each file belongs to its document
(``document:<id>``) and goes with it. The version body (:class:`ImageBody`) says what the
picture is: title, prompt, model, size, format, the source's hash, the files, and the alt
text with how it was written (``vision``, ``prompt`` or ``person``).

Versions only grow: alt text written later (describe) or by a person is a new version that
keeps the same files.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from presswright.documents.text import search_text
from presswright.errors import ConflictError, NotFoundError
from presswright.files.service import FileStore
from presswright.images.encoding import EncodedImage, OutputFormat, TargetSize
from presswright.images.processing import ProcessedImage
from presswright.store.documents import (
    add_version,
    claim_version,
    get_document,
    get_version,
)
from presswright.store.models import Document
from presswright.store.scoping import session_tenant

__all__ = [
    "IMAGE_KIND",
    "AltSource",
    "ImageAttachment",
    "ImageBody",
    "ImageFile",
    "add_image_version",
    "attachment_term",
    "create_image_document",
    "image_owner",
    "read_image",
    "target_size",
]

IMAGE_KIND = "image"
AltSource = Literal["vision", "prompt", "person"]
_CLAIMS = 20
_NAME = re.compile(r"[^a-z0-9]+")


class ImageFile(BaseModel):
    """One stored file of a picture: the main format or its fallback."""

    model_config = ConfigDict(extra="forbid")

    file_id: uuid.UUID
    role: Literal["main", "fallback"]
    format: OutputFormat
    media_type: str
    width: int
    height: int
    size: int = Field(description="Bytes.")
    sha256: str
    filename: str


class ImageAttachment(BaseModel):
    """The picture attached by a person to an article document (from that article's
    ``version`` on): its featured image, or in the body after a section (None: the end)."""

    model_config = ConfigDict(extra="forbid")

    document_id: uuid.UUID
    version: int
    placement: Literal["featured", "body"]
    after_section: int | None = None


def attachment_term(document_id: uuid.UUID) -> str:
    """The search word an image attached to ``document_id`` is found by."""
    return f"attachedto{document_id.hex}"


class ImageBody(BaseModel):
    """The body of one version of an image document."""

    model_config = ConfigDict(extra="forbid")

    title: str
    prompt: str
    negative_prompt: str | None = None
    revised_prompt: str | None = None
    style: str | None = None
    model: str = Field(description="provider:model that made the picture.")
    size: str | None = Field(description="The size asked for (WxH or W:H), if any.")
    width: int
    height: int
    format: OutputFormat = Field(description="The main file's format.")
    source_format: str = Field(description="The format the provider sent.")
    sha256: str = Field(description="SHA-256 of the provider's bytes, before processing.")
    seed: int | None = None
    cost: float = 0.0
    files: list[ImageFile]
    alt_text: str | None = None
    alt_source: AltSource | None = None
    alt_model: str | None = None
    alt_error: str | None = Field(
        default=None, description="Why no alt text was written when the picture was made."
    )
    language: str = "en"
    purpose: Literal["featured", "body"] | None = Field(
        default=None, description="What a flow made it for: an article's featured or body image."
    )
    operation: Literal["generate", "edit", "variation"] = Field(
        default="generate", description="How it was made: from a prompt, or from source_id."
    )
    source_id: uuid.UUID | None = Field(
        default=None, description="The library picture it is an edit of or a variation on."
    )
    execution_id: str | None = None
    node_id: str | None = None
    attachments: list[ImageAttachment] = Field(
        default_factory=list, description="Articles a person attached the picture to."
    )

    def file(self, role: str = "main") -> ImageFile:
        """The file of ``role``."""
        for item in self.files:
            if item.role == role:
                return item
        raise NotFoundError(f"this image has no {role} file", hint="download the main format")


def image_owner(document_id: uuid.UUID) -> str:
    """The owner string of a picture's files (removed with the document)."""
    return f"document:{document_id}"


def target_size(size: str | None, width: int, height: int) -> TargetSize:
    """The exact size to make: ``WxH`` asked for, else the picture's own (a ratio keeps it)."""
    if size is not None and "x" in size.lower():
        left, _, right = size.lower().partition("x")
        return TargetSize(int(float(left)), int(float(right)), "cover")
    return TargetSize(width, height, "cover")


def _file_stem(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return _NAME.sub("-", ascii_title.lower()).strip("-")[:60] or "image"


def _store(
    store: FileStore,
    session: Session,
    variant: EncodedImage,
    *,
    role: Literal["main", "fallback"],
    stem: str,
    owner: str,
    user_id: uuid.UUID | None,
) -> ImageFile:
    filename = f"{stem}.{variant.extension}"
    stored = store.store_file(
        session,
        filename=filename,
        content=variant.data,
        content_type=variant.media_type,
        owner=owner,
        created_by=user_id,
    )
    return ImageFile(
        file_id=stored.id,
        role=role,
        format=variant.format,
        media_type=variant.media_type,
        width=variant.width,
        height=variant.height,
        size=stored.size,
        sha256=stored.sha256,
        filename=filename,
    )


def create_image_document(
    session: Session,
    store: FileStore,
    *,
    document_id: uuid.UUID,
    processed: ProcessedImage,
    body: dict[str, Any],
    user_id: uuid.UUID | None,
    execution_id: str | None,
) -> uuid.UUID:
    """Store a processed picture's files and its document (version 1), in one transaction.

    ``body`` holds every :class:`ImageBody` field but ``files``, ``width``, ``height`` and
    ``format``, which come from ``processed``. A document of ``document_id`` that exists
    already (a step run again after a crash) is kept as it is.
    """
    if session.get(Document, document_id) is not None:
        return document_id
    owner = image_owner(document_id)
    # The document's id in the name: two pictures of one prompt download side by side.
    stem = f"{_file_stem(str(body['title']))}-{str(document_id)[:8]}"
    files = [
        _store(
            store,
            session,
            variant,
            role="main" if index == 0 else "fallback",
            stem=stem,
            owner=owner,
            user_id=user_id,
        )
        for index, variant in enumerate(processed.variants)
    ]
    main = processed.variants[0]
    checked = ImageBody.model_validate(
        {**body, "files": files, "width": main.width, "height": main.height, "format": main.format}
    )
    # The id is chosen by the caller, so that a step run again finds its own document.
    document = Document(
        id=document_id,
        tenant_id=session_tenant(session),
        kind=IMAGE_KIND,
        title=checked.title[:500],
        language=checked.language,
        status="ready",
        execution_id=execution_id,
        current_version=0,
        word_count=0,
        search_text="",
        created_by=user_id,
    )
    session.add(document)
    session.flush()
    _add(session, document, checked, source="generated", execution_id=execution_id, author=user_id)
    return document_id


def read_image(session: Session, document_id: uuid.UUID) -> tuple[Document, ImageBody]:
    """An image document of the session's tenant and its current body; NotFoundError for
    another tenant's, a missing one, or a document of another kind."""
    document = get_document(session, document_id)
    if document.kind != IMAGE_KIND or document.current_version < 1:
        raise NotFoundError(
            f"no image with id {document_id} in this workspace",
            hint="list them: GET /api/v1/images or `presswright image list`",
        )
    version = get_version(session, document_id=document.id, version=document.current_version)
    return document, ImageBody.model_validate(version.body)


def add_image_version(
    session: Session, document: Document, body: ImageBody, *, author: uuid.UUID | None
) -> int:
    """Store ``body`` as the next version (alt text written later or by a person)."""
    return _add(session, document, body, source="edited", execution_id=None, author=author)


def _add(
    session: Session,
    document: Document,
    body: ImageBody,
    *,
    source: str,
    execution_id: str | None,
    author: uuid.UUID | None,
) -> int:
    for _ in range(_CLAIMS):
        session.refresh(document)
        version = document.current_version + 1
        if claim_version(session, document_id=document.id, base_version=version - 1):
            break
    else:
        raise ConflictError(
            f"image {document.id} changed {_CLAIMS} times while a version was added",
            hint="retry",
        )
    dumped = body.model_dump(mode="json")
    add_version(
        session,
        document=document,
        version=version,
        body=dumped,
        word_count=0,
        source=source,
        execution_id=execution_id,
        generation=None,
        author=author,
    )
    session.refresh(document)
    document.title = body.title[:500]
    document.search_text = search_text(
        document.title,
        IMAGE_KIND,
        {
            "prompt": body.prompt,
            "alt_text": body.alt_text or "",
            "model": body.model,
            "attached": " ".join(attachment_term(a.document_id) for a in body.attachments),
        },
    )
    return version
