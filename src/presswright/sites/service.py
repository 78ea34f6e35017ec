"""Sites in the library: the use cases every front door (API, CLI, studio) calls.

* :func:`start_site`: a brief in; the site's document and the job (execution) making it.
* :func:`list_sites`, :func:`get_site`, :func:`site_version`: read the library.
* :func:`regenerate_page`, :func:`regenerate_design`: the engine makes one page
  (``pages[i]``) or the design again, reusing everything else; the job's finish adds the
  next version.
* :func:`preview_page_html`: one page as a standalone preview (no script, sanitized).

Deploying is :mod:`presswright.sites.deploy`; jobs are :mod:`presswright.sites.jobs`.
Errors: NotFoundError for another workspace's site, an id that is not a site, a page the
site does not have; ConflictError while the site has no version or its job is under way;
UserInputError for a refused brief (naming the limit).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from presswright.bootstrap import Instance
from presswright.content.block_preview import preview_page
from presswright.documents import list_documents
from presswright.documents.generation import start_with_document
from presswright.errors import ConflictError, NotFoundError
from presswright.flows import operations as ops
from presswright.flows.records import FINISHED, get_execution
from presswright.flows.runtime import Runtime
from presswright.sites.brief import SiteBrief
from presswright.sites.compile import Site
from presswright.sites.documents import (
    SITE_KIND,
    open_site_document,
    read_site_version,
    site_document,
)
from presswright.sites.flow import site_flow
from presswright.sites.page_edit import find_page
from presswright.sites.public import SitePublic, SiteStarted, SiteStatus, site_public
from presswright.store.documents import publish_records_of
from presswright.store.wordpress import list_sites as list_wordpress_sites

__all__ = [
    "SiteListPage",
    "SiteSummary",
    "deploy_key",
    "get_site",
    "list_sites",
    "preview_page_html",
    "regenerate_design",
    "regenerate_page",
    "site_version",
    "start_site",
]


def deploy_key(site_id: uuid.UUID, part: str | None = None) -> str:
    """The publish-record key of a deployed site (``part``: ``page:<slug>``, ``logo``...)."""
    return f"site:{site_id}" if part is None else f"site:{site_id}:{part}"


async def start_site(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID | None,
    brief: SiteBrief,
    model: str | None = None,
    runtime: Runtime | None = None,
) -> SiteStarted:
    """Create the site's document and start the site flow that fills it.

    Runs in ``runtime`` when given, else on the queue for any worker.
    """
    document_id, execution_id = await start_with_document(
        instance,
        tenant_id=tenant_id,
        user_id=user_id,
        spec=site_flow(),
        inputs=brief.flow_inputs(model=model),
        runtime=runtime,
        open_document=lambda session, execution_id: open_site_document(
            session, brief=brief, execution_id=execution_id, user_id=user_id
        ),
    )
    return SiteStarted(site_id=document_id, job_id=execution_id)


class SiteSummary(BaseModel):
    """A site as the list shows it: status (draft, generating, active), where it went."""

    id: uuid.UUID
    title: str
    status: SiteStatus
    language: str | None
    current_version: int
    job_id: str | None
    error: str | None
    created_at: datetime
    updated_at: datetime
    deployed_to: list[str] = Field(
        default_factory=list, description="Names of the WordPress sites it was deployed to."
    )


_SUMMARY_FIELDS = set(SiteSummary.model_fields)


class SiteListPage(BaseModel):
    """One page of sites, newest first."""

    items: list[SiteSummary]
    total: int = Field(description="Sites matching the filters, on all pages.")
    next_offset: int | None = Field(description="The offset of the next page; null on the last.")


def _deployed_to(session: Session, site_ids: list[uuid.UUID]) -> dict[str, list[str]]:
    """The WordPress sites each site was deployed to, by deploy key (one query for them all)."""
    if not site_ids:
        return {}
    records = publish_records_of(session, keys=[deploy_key(i) for i in site_ids])
    names = {row.id: row.name for row in list_wordpress_sites(session)}
    found: dict[str, set[str]] = {}
    for record in records:
        if record.site_id in names:
            found.setdefault(record.document_key, set()).add(names[record.site_id])
    return {key: sorted(value) for key, value in found.items()}


def list_sites(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    status: str | None = None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> SiteListPage:
    """The workspace's sites, newest first, each with its status as :func:`get_site` says it.

    ``status`` filters on the library's document status; ``q`` finds every word in titles
    and pages.
    """
    documents = list_documents(
        instance,
        tenant_id=tenant_id,
        kind=SITE_KIND,
        status=status,
        q=q,
        limit=limit,
        offset=offset,
    )
    with instance.database.tenant_session(tenant_id) as session:
        deployed = _deployed_to(session, [item.id for item in documents.items])
    items = []
    for item in documents.items:
        public = site_public(item, None, deployed.get(deploy_key(item.id), []), item.status)
        items.append(SiteSummary.model_validate(public.model_dump(include=_SUMMARY_FIELDS)))
    return SiteListPage(items=items, total=documents.total, next_offset=documents.next_offset)


def get_site(instance: Instance, *, tenant_id: uuid.UUID, site_id: uuid.UUID) -> SitePublic:
    """One site: status (generating, draft, active), plan, pages, design, plugins."""
    with instance.database.tenant_session(tenant_id) as session:
        document = site_document(session, site_id)
        site = read_site_version(session, document) if document.current_version else None
        deployed = _deployed_to(session, [site_id]).get(deploy_key(site_id), [])
        return site_public(document, site, deployed, document.status)


def site_version(
    instance: Instance, *, tenant_id: uuid.UUID, site_id: uuid.UUID, version: int | None = None
) -> tuple[int, Site]:
    """A stored version of a site (default: the current one) and its number."""
    with instance.database.tenant_session(tenant_id) as session:
        document = site_document(session, site_id)
        number = version or document.current_version
        return number, read_site_version(session, document, number)


async def _regenerate(
    instance: Instance,
    tenant_id: uuid.UUID,
    site_id: uuid.UUID,
    node_id: str,
    runtime: Runtime | None,
) -> SiteStarted:
    with instance.database.tenant_session(tenant_id) as session:
        document = site_document(session, site_id)
        execution_id = document.execution_id
        if execution_id is None:
            raise ConflictError(f"site {site_id} was not made by a job", hint="start a new site")
        execution = get_execution(session, execution_id)
        if execution.status not in FINISHED:
            raise ConflictError(
                f"site {site_id} is being generated (its job is {execution.status})",
                hint="wait for the job to end, or stop it, then regenerate",
            )
    await ops.regenerate(
        instance, tenant_id=tenant_id, execution_id=execution_id, node_id=node_id, runtime=runtime
    )
    return SiteStarted(site_id=site_id, job_id=execution_id, node_id=node_id)


async def regenerate_page(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    site_id: uuid.UUID,
    page: str,
    runtime: Runtime | None = None,
) -> SiteStarted:
    """Write one page again (by slug, or its number from 1), reusing every other page."""
    _, site = site_version(instance, tenant_id=tenant_id, site_id=site_id)
    index = find_page(site, page, site_id)
    return await _regenerate(instance, tenant_id, site_id, f"pages[{index}]", runtime)


async def regenerate_design(
    instance: Instance, *, tenant_id: uuid.UUID, site_id: uuid.UUID, runtime: Runtime | None = None
) -> SiteStarted:
    """Choose the palette and fonts again; the pages are kept as they are."""
    site_version(instance, tenant_id=tenant_id, site_id=site_id)  # a site with a version
    return await _regenerate(instance, tenant_id, site_id, "design", runtime)


def preview_page_html(site: Site, slug: str | None = None, *, stylesheet_url: str) -> str:
    """One page of ``site`` (default: the front page) as a standalone, script-free preview."""
    wanted = slug or site.front_page
    page = next((p for p in site.pages if p.slug == wanted), None)
    if page is None:
        raise NotFoundError(
            f"the site has no page {wanted!r}",
            hint=f"its pages: {', '.join(p.slug for p in site.pages)}",
        )
    return preview_page(
        page.markup, language=site.language, title=page.seo_title, stylesheet_url=stylesheet_url
    )
