"""Exports of a document version (json, html, gutenberg, md) into the file store, and deletion.

An export is a file owned by its document (``document:<id>``); deleting the document
deletes its versions, drafts and files, blobs included, so a deleted document's file
answers 404, never stale bytes.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from typing import Any, Literal

from presswright.bootstrap import Instance
from presswright.content.models import ContentData, ProductCopy
from presswright.errors import UserInputError
from presswright.files import StoredFilePublic, open_file_store
from presswright.store import documents as store

__all__ = [
    "EXPORT_FORMATS",
    "ExportFormat",
    "Rendering",
    "delete_document",
    "export_document",
    "render_version",
]

ExportFormat = Literal["json", "html", "gutenberg", "md"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("json", "html", "gutenberg", "md")
_FILENAME_UNSAFE = re.compile(r"[^\w.-]+")


@dataclass(frozen=True)
class Rendering:
    """A body rendered in one format: the text, its media type and file extension."""

    text: str
    content_type: str
    extension: str


def _content(kind: str, body: dict[str, Any]) -> ContentData | ProductCopy:
    if kind == "article":
        return ContentData.model_validate(body)
    return ProductCopy.model_validate(body)


def render_version(kind: str, body: dict[str, Any], fmt: str) -> Rendering:
    """A version's body in ``fmt``; UserInputError for a format its kind does not have."""
    from presswright.content.render import render_gutenberg, render_html, render_markdown

    if fmt == "json":
        text = json.dumps(body, ensure_ascii=False, indent=2)
        return Rendering(text, "application/json", "json")
    if kind == "pattern" and fmt == "gutenberg":
        return Rendering(str(body.get("markup", "")), "text/html; charset=utf-8", "html")
    if kind in ("article", "product"):
        content = _content(kind, body)
        if fmt == "html":
            return Rendering(
                render_html(content, document=True), "text/html; charset=utf-8", "html"
            )
        if fmt == "gutenberg":
            return Rendering(render_gutenberg(content), "text/html; charset=utf-8", "html")
        if fmt == "md":
            return Rendering(render_markdown(content), "text/markdown; charset=utf-8", "md")
    offered = (
        "json, html, gutenberg or md" if kind in ("article", "product") else "json or gutenberg"
    )
    raise UserInputError(
        f"a {kind} document cannot be exported as {fmt!r}", hint=f"export it as {offered}"
    )


def _filename(title: str, version: int, fmt: str, extension: str) -> str:
    stem = _FILENAME_UNSAFE.sub("-", title).strip("-.")[:120] or "document"
    suffix = "-gutenberg" if fmt == "gutenberg" else ""
    return f"{stem}-v{version}{suffix}.{extension}"


def export_document(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    document_id: uuid.UUID,
    fmt: str,
    version: int | None = None,
    user_id: uuid.UUID | None = None,
) -> StoredFilePublic:
    """Render a version (default: the current one) and store it as a file of the document.

    FileTooLargeError (413) when the rendering is over the file store's limit: nothing is
    stored then.
    """
    files = open_file_store(instance.settings)
    with instance.database.tenant_session(tenant_id) as session:
        document = store.get_document(session, document_id)
        number = document.current_version if version is None else version
        row = store.get_version(session, document_id=document_id, version=number)
        rendering = render_version(document.kind, row.body, fmt)
        return files.store_file(
            session,
            filename=_filename(document.title, number, fmt, rendering.extension),
            content=rendering.text.encode("utf-8"),
            content_type=rendering.content_type,
            owner=f"document:{document_id}",
            created_by=user_id,
        )


def delete_document(instance: Instance, *, tenant_id: uuid.UUID, document_id: uuid.UUID) -> int:
    """Delete a document with its versions, drafts and files; how many files went with it."""
    files = open_file_store(instance.settings)
    with instance.database.tenant_session(tenant_id) as session:
        store.get_document(session, document_id)
        removed = files.delete_owned(session, owner=f"document:{document_id}")
        store.delete_document_rows(session, document_id=document_id)
    return removed
