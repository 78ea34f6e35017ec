"""A site as a document of the library: its version body, and what a settling run does to it.

Every version of a site document holds a :class:`~presswright.sites.compile.Site`. A
finished run adds one (``generated``; ``regenerated`` after a page or the design was made
again). :func:`record_site_run` is called by the document library's outcome hook
(:mod:`presswright.documents.outcome`) for documents of kind ``site``, inside the
transaction that records the run's new status. The search text and word count are the
pages' words (never the logo's bytes or the markup's tags).
"""

from __future__ import annotations

import uuid

from pydantic import ValidationError
from sqlalchemy.orm import Session

from presswright.documents.text import body_text, search_text, word_count
from presswright.errors import ConflictError, NotFoundError, PresswrightError
from presswright.sites.brief import SiteBrief
from presswright.sites.compile import Site, site_from_outputs
from presswright.store.documents import (
    add_version,
    claim_version,
    create_document,
    get_document,
    get_version,
    version_of_run,
)
from presswright.store.models import Document, Execution

__all__ = [
    "SITE_KIND",
    "open_site_document",
    "read_site_version",
    "record_site_run",
    "site_document",
    "store_site_version",
]

SITE_KIND = "site"
_CLAIMS = 20


def open_site_document(
    session: Session, *, brief: SiteBrief, execution_id: str, user_id: uuid.UUID | None
) -> uuid.UUID:
    """Create the site document the run ``execution_id`` of ``brief`` will fill."""
    document = create_document(
        session,
        kind=SITE_KIND,
        title=brief.business_name[:500],
        language=brief.language,
        execution_id=execution_id,
        created_by=user_id,
    )
    return document.id


def site_document(session: Session, document_id: uuid.UUID) -> Document:
    """The tenant's site document ``document_id``; NotFoundError for anything else."""
    document = get_document(session, document_id)
    if document.kind != SITE_KIND:
        raise NotFoundError(
            f"no site {document_id} in this workspace (it is a {document.kind})",
            hint="see `presswright site status` or GET /api/v1/sites",
        )
    return document


def read_site_version(session: Session, document: Document, version: int | None = None) -> Site:
    """A stored version (default: the current one) of a site document."""
    number = version or document.current_version
    if not number:
        raise ConflictError(
            f"site {document.id} has no version yet ({document.status})",
            hint="wait for its run to finish: `presswright site status`",
        )
    return Site.model_validate(get_version(session, document_id=document.id, version=number).body)


def _page_text(site: Site) -> dict[str, list[str]]:
    texts = [
        f"{p.title}\n{p.seo_title}\n{p.meta_desc}\n{body_text('pattern', {'spec': p.spec})}"
        for p in site.pages
    ]
    return {"pages": [site.tagline, *texts]}


def add_site_version(
    session: Session,
    document: Document,
    site: Site,
    *,
    source: str,
    execution_id: str | None,
    generation: int | None,
    author: uuid.UUID | None,
) -> int:
    """Store ``site`` as the document's next version; its number."""
    for _ in range(_CLAIMS):
        session.refresh(document)
        base = document.current_version
        if claim_version(session, document_id=document.id, base_version=base):
            break
    else:
        raise ConflictError(
            f"document {document.id} changed {_CLAIMS} times while a version was added",
            hint="retry",
        )
    store_site_version(
        session,
        document,
        site,
        base + 1,
        source=source,
        execution_id=execution_id,
        generation=generation,
        author=author,
    )
    return base + 1


def store_site_version(
    session: Session,
    document: Document,
    site: Site,
    version: int,
    *,
    source: str,
    execution_id: str | None,
    generation: int | None,
    author: uuid.UUID | None,
) -> None:
    """Store ``site`` as version ``version`` (already claimed with claim_version) and show it."""
    text = _page_text(site)
    words = word_count("\n".join(text["pages"]))
    add_version(
        session,
        document=document,
        version=version,
        body=site.model_dump(mode="json"),
        word_count=words,
        source=source,
        execution_id=execution_id,
        generation=generation,
        author=author,
    )
    session.refresh(document)
    document.title = site.title[:500]
    document.language = site.language
    document.word_count = words
    document.search_text = search_text(site.title, SITE_KIND, text)
    document.status = "ready"
    document.error = None


def _completed(session: Session, document: Document, execution: Execution) -> None:
    if version_of_run(
        session, document_id=document.id, execution_id=execution.id, generation=execution.generation
    ):
        return
    try:
        site = site_from_outputs(execution.outputs or {})
    except (PresswrightError, ValidationError) as error:
        _failed(document, f"the run's output is not a valid site: {error}", "failed")
        return
    add_site_version(
        session,
        document,
        site,
        source="regenerated" if execution.forced_nodes else "generated",
        execution_id=execution.id,
        generation=execution.generation,
        author=execution.user_id,
    )


def _failed(document: Document, reason: str, status: str) -> None:
    document.error = reason
    if document.current_version == 0:
        document.status = status


def record_site_run(session: Session, document: Document, execution: Execution) -> None:
    """Bring a site document up to its run's new status."""
    if execution.status == "completed":
        _completed(session, document, execution)
    elif execution.status == "failed":
        _failed(document, execution.error or "the run failed without a recorded reason", "failed")
    elif execution.status == "cancelled":
        _failed(document, "the run was stopped before it finished", "cancelled")
    elif execution.status == "queued" and document.current_version == 0:
        document.status = "generating"
        document.error = None
