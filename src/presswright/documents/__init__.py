"""The document library: everything Presswright made, with its versions and exports.

A document is one piece of work of a workspace (an article, product copy, a block pattern;
later books, sites, images): its kind, title, language, the execution that made it, and a
history of versions that only grows (a generation, a regeneration or a manual edit each add
one). :func:`generate` is the one use case "run a built-in flow for this brief and give me
its document" that every front door calls.

Errors::

    PresswrightError
    ├── NotFoundError           no such document (or version) in this workspace
    ├── ConflictError           an edit based on a version that is no longer current
    │   └── EditConflictError   ... kept as a draft, named in the message
    ├── ContentContractError    generated or edited content that breaks its contract
    └── ProviderError           the model failed the run
"""

from __future__ import annotations

from presswright.documents.editing import EditConflictError, edit_document
from presswright.documents.exports import (
    EXPORT_FORMATS,
    ExportFormat,
    Rendering,
    delete_document,
    export_document,
    render_version,
)
from presswright.documents.generation import (
    Brief,
    Generation,
    Started,
    generate,
    open_document,
    settle,
    start_generation,
    wait_for_generation,
)
from presswright.documents.library import (
    DocumentDraftPublic,
    DocumentKind,
    DocumentPage,
    DocumentPublic,
    DocumentStatus,
    DocumentVersionPublic,
    article_of,
    get_document,
    get_version,
    list_documents,
    list_drafts,
    list_versions,
)

__all__ = [
    "EXPORT_FORMATS",
    "Brief",
    "DocumentDraftPublic",
    "DocumentKind",
    "DocumentPage",
    "DocumentPublic",
    "DocumentStatus",
    "DocumentVersionPublic",
    "EditConflictError",
    "ExportFormat",
    "Generation",
    "Rendering",
    "Started",
    "article_of",
    "delete_document",
    "edit_document",
    "export_document",
    "generate",
    "get_document",
    "get_version",
    "list_documents",
    "list_drafts",
    "list_versions",
    "open_document",
    "render_version",
    "settle",
    "start_generation",
    "wait_for_generation",
]
