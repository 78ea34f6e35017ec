"""The AI cover: which picture a book run's cover is drawn on, and its file for the exporters.

A brief with ``cover: ai`` makes the book flow's ``cover_image`` step (an ``image`` node)
generate a portrait picture without lettering. :func:`cover_choice` reads what that step
left: the picture (an image document of the library, recorded on the book as
:class:`~presswright.books.model.CoverArt`), or why there is none (no image provider, the
provider failed), which the book's record keeps as ``cover_note`` while the cover stays
typographic. Never a stand-in picture.

:func:`cover_art_file` writes the picture's bytes (JPEG) beside an export, for typst to
draw under the title and author; a picture deleted from the library since leaves the cover
typographic (logged), it does not stop the export.
"""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import Any

from presswright.books.brief import BookBrief
from presswright.books.model import Book, CoverArt
from presswright.bootstrap import Instance
from presswright.errors import NotFoundError
from presswright.images.service import open_image

__all__ = ["COVER_IMAGE_STEP", "cover_art_file", "cover_choice"]

_log = logging.getLogger("presswright.books")

COVER_IMAGE_STEP = "cover_image"


def cover_choice(brief: BookBrief, step: Any) -> tuple[CoverArt | None, str | None]:
    """The AI cover's picture from the ``cover_image`` step's output, or why there is none.

    (None, None) for a typographic cover asked for.
    """
    if brief.cover != "ai":
        return None, None
    if not isinstance(step, dict):
        return None, (
            f"an AI cover was asked for, but the flow has no {COVER_IMAGE_STEP!r} step that"
            " made a picture; the cover is typographic"
        )
    images = step.get("images") or []
    if images and isinstance(images[0], dict) and images[0].get("document_id"):
        first = images[0]
        alt = first.get("alt_text")
        return CoverArt(
            document_id=uuid.UUID(str(first["document_id"])),
            alt_text=str(alt)[:1_000] if alt else None,
        ), None
    why = str(step.get("note") or "the image step made no picture")
    return None, f"an AI cover was asked for; the cover is typographic: {why}"


def cover_art_file(
    instance: Instance, tenant_id: uuid.UUID, book: Book, folder: Path
) -> Path | None:
    """The book's cover picture as a JPEG in ``folder``, or None (typographic cover)."""
    art = book.cover_art
    if art is None:
        return None
    try:
        picture = open_image(
            instance, tenant_id=tenant_id, document_id=art.document_id, format="jpeg"
        )
    except NotFoundError:
        _log.warning(
            "book cover: the picture %s is no longer in the library; the cover is typographic",
            art.document_id,
        )
        return None
    path = folder / "cover-art.jpg"
    path.write_bytes(picture.content)
    return path
