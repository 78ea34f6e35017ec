"""What a settling run does to the document it fills.

Called from the ``execution_status_changed`` hook inside the transaction that records the
run's new status (for a finished run, inside the durable step that ends it), so the
document and the execution change together, whether anyone waits for the run or not, and
a run that finishes after a process restart still fills its document.

- completed: one new version (``generated``, or ``regenerated`` for a regenerate of a
  node); the document is ready and takes the body's title, language and word count;
- failed or stopped: a document without any version yet is ``failed`` (``cancelled``) with
  the reason; one that has versions keeps them, stays ready, and records the reason;
- queued again (resume, regenerate): a document without versions is ``generating`` again.

A step interrupted after its commit runs again; the version a generation added is found
by (execution, generation) and not added twice.
"""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from presswright.content.models import ContentData, ProductCopy
from presswright.content.pattern import PatternResult
from presswright.documents.text import body_text, search_text, title_of, word_count
from presswright.errors import ConflictError
from presswright.store.documents import (
    add_version,
    claim_version,
    document_by_execution,
    version_of_run,
)
from presswright.store.models import Document, Execution

__all__ = ["append_version", "record_run", "store_version"]

_CLAIMS = 20
_MODELS: dict[str, type[ContentData | ProductCopy | PatternResult]] = {
    "article": ContentData,
    "product": ProductCopy,
    "pattern": PatternResult,
}


def append_version(
    session: Session,
    document: Document,
    body: dict[str, Any],
    *,
    source: str,
    execution_id: str | None,
    generation: int | None,
    author: uuid.UUID | None,
) -> int:
    """Add ``body`` as the next version of a document, whatever it is; its number."""
    # Another writer may take the next number between the read and the claim: read again.
    for _ in range(_CLAIMS):
        session.refresh(document)
        version = document.current_version + 1
        if claim_version(session, document_id=document.id, base_version=version - 1):
            break
    else:
        raise ConflictError(
            f"document {document.id} changed {_CLAIMS} times while a version was added",
            hint="retry",
        )
    store_version(
        session,
        document,
        version,
        body,
        source=source,
        execution_id=execution_id,
        generation=generation,
        author=author,
    )
    return version


def store_version(
    session: Session,
    document: Document,
    version: int,
    body: dict[str, Any],
    *,
    source: str,
    execution_id: str | None,
    generation: int | None,
    author: uuid.UUID | None,
) -> None:
    """Store version ``version`` (already claimed) and make the document show it."""
    text = body_text(document.kind, body)
    words = word_count(text)
    add_version(
        session,
        document=document,
        version=version,
        body=body,
        word_count=words,
        source=source,
        execution_id=execution_id,
        generation=generation,
        author=author,
    )
    session.refresh(document)
    document.title = title_of(document.kind, body) or document.title
    language = body.get("language")
    if isinstance(language, str):
        document.language = language
    document.word_count = words
    document.search_text = search_text(document.title, document.kind, body)


def _completed(session: Session, document: Document, execution: Execution) -> None:
    if version_of_run(
        session,
        document_id=document.id,
        execution_id=execution.id,
        generation=execution.generation,
    ):
        return
    model = _MODELS.get(document.kind)
    raw = (execution.outputs or {}).get(document.kind)
    try:
        if model is None or not isinstance(raw, dict):
            raise ValueError(f"the run finished without its {document.kind}")
        body = model.model_validate(raw).model_dump(mode="json", exclude_none=True)
    except (ValueError, ValidationError) as error:
        _failed(document, f"the run's output is not a valid {document.kind}: {error}", "failed")
        return
    append_version(
        session,
        document,
        body,
        source="regenerated" if execution.forced_nodes else "generated",
        execution_id=execution.id,
        generation=execution.generation,
        author=execution.user_id,
    )
    document.status = "ready"
    document.error = None


def _failed(document: Document, reason: str, status: str) -> None:
    document.error = reason
    if document.current_version == 0:
        document.status = status


def record_run(session: Session, execution: Execution) -> None:
    """Bring the document ``execution`` fills (if any) up to the run's new status."""
    document = document_by_execution(session, execution.id)
    if document is None:
        return
    if document.kind == "book":
        # A book's versions are built by the books package (it builds on this library).
        from presswright.books.documents import record_book_run

        record_book_run(session, document, execution)
        return
    if document.kind == "site":
        # A site's versions are built by the sites package, as a book's are.
        from presswright.sites.documents import record_site_run

        record_site_run(session, document, execution)
        return
    if execution.status == "completed":
        _completed(session, document, execution)
    elif execution.status == "failed":
        _failed(document, execution.error or "the run failed without a recorded reason", "failed")
    elif execution.status == "cancelled":
        _failed(document, "the run was stopped before it finished", "cancelled")
    elif execution.status == "queued" and document.current_version == 0:
        document.status = "generating"
        document.error = None
