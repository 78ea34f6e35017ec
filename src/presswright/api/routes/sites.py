"""``/api/v1/sites``: the site builder. A business brief in, a site out, deployed to WordPress.

Thin over :mod:`presswright.sites.service` and :mod:`presswright.sites.deploy`. Generating a
site (or one page, or the design, again) spends tokens, so it counts against the caller's
generation budget and answers 202 with the job to follow at ``GET /api/v1/jobs/{job_id}``.
A brief outside its limits answers 422 naming each limit (pages, goals, style words,
language, a logo that is not an image, an empty business name). Deploying is a job too
(202): it needs an editor and a connected WordPress site; the job fails naming the check
when the account may not manage options and theme options, or WordPress fails.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from presswright.api.context import ContextDep
from presswright.api.principals import EditorPrincipal, ViewerPrincipal
from presswright.api.problems import problem_responses
from presswright.api.routes import API_PREFIX
from presswright.api.routes.content import MODEL_ID
from presswright.api.routes.documents import NO_NUL
from presswright.api.routes.execution_bodies import ACCEPTED
from presswright.api.routes.files import content_disposition
from presswright.api.routes.site_preview import router as live_preview_router
from presswright.api.throttles import GenerationPrincipal
from presswright.documents import DocumentStatus
from presswright.sites.brief import SiteBrief
from presswright.sites.deploy_job import start_deploy
from presswright.sites.export import site_theme
from presswright.sites.page_edit import PageEdit, edit_page
from presswright.sites.public import SitePublic, SiteStarted
from presswright.sites.service import (
    SiteListPage,
    get_site,
    list_sites,
    regenerate_design,
    regenerate_page,
    start_site,
)

__all__ = ["SiteCreate", "SiteDeploy", "router"]

router = APIRouter(
    prefix=f"{API_PREFIX}/sites",
    tags=["sites"],
    responses=problem_responses(400, 401, 403, 422),
)

PageRef = Annotated[
    str, Path(min_length=1, max_length=200, description="The page's slug, or its number from 1.")
]


class SiteCreate(SiteBrief):
    """The wizard's answers, and the model that writes the site."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "business_name": "Rosa's Bakery",
                    "business_type": "bakery",
                    "description": "A family bakery in Leeds baking sourdough and cakes.",
                    "goals": ["more visitors to the shop"],
                    "pages": ["Home", "About", "Services", "Contact"],
                    "style_words": ["warm", "friendly"],
                    "language": "en",
                }
            ]
        },
    )

    model: str | None = Field(
        default=None,
        max_length=200,
        pattern=MODEL_ID,
        description="provider:model (or an alias); default: the configured model.",
    )


class SiteDeploy(BaseModel):
    """Where to deploy, and which version (default: the current one)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"wordpress": "shop"}]}
    )

    wordpress: str = Field(
        min_length=1, max_length=200, pattern=NO_NUL, description="A connected site's name or id."
    )
    version: int | None = Field(default=None, ge=1, le=1_000_000)


@router.post("/generate", status_code=202, responses={**ACCEPTED, **problem_responses(429)})
async def generate_site(
    body: SiteCreate, principal: GenerationPrincipal, context: ContextDep, response: Response
) -> SiteStarted:
    """Start generating a site from the wizard's answers: 202 with ``{job_id, status}``.

    Follow the job at Location (GET /api/v1/jobs/{job_id}); the site is at
    GET /api/v1/sites/{site_document_id}.
    """
    brief = SiteBrief.model_validate(body.model_dump(include=set(SiteBrief.model_fields)))
    started = await start_site(
        context.instance,
        tenant_id=principal.tenant_id,
        user_id=principal.user_id,
        brief=brief,
        model=body.model,
        runtime=context.runtime,
    )
    response.headers["Location"] = f"{API_PREFIX}/jobs/{started.job_id}"
    return started


@router.get("")
def list_library_sites(
    principal: ViewerPrincipal,
    context: ContextDep,
    status: Annotated[
        DocumentStatus | None, Query(description="Only this document status.")
    ] = None,
    q: Annotated[
        str | None, Query(max_length=200, pattern=NO_NUL, description="Words in titles or pages.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> SiteListPage:
    """The workspace's sites, newest first, each with its status (draft, generating, active)."""
    return list_sites(
        context.instance,
        tenant_id=principal.tenant_id,
        status=status,
        q=q,
        limit=limit,
        offset=offset,
    )


@router.get("/{site_document_id}", responses=problem_responses(404))
def read_site(
    site_document_id: uuid.UUID, principal: ViewerPrincipal, context: ContextDep
) -> SitePublic:
    """One site: status (generating, draft, active), its pages, design and plugins."""
    return get_site(context.instance, tenant_id=principal.tenant_id, site_id=site_document_id)


@router.patch("/{site_document_id}/pages/{page}", responses=problem_responses(404, 409))
def edit_site_page(
    site_document_id: uuid.UUID,
    page: PageRef,
    body: PageEdit,
    principal: EditorPrincipal,
    context: ContextDep,
) -> SitePublic:
    """Edit one page's text before deploying: a new version of the site (nothing overwritten).

    The edit names the version it was made on; 409 when another edit or a regenerate came
    first (the edit is kept as a draft of the site's document). Held to the pages' content
    contract (core blocks only, one H1, the SEO lengths): 422 naming each field otherwise.
    """
    edit_page(
        context.instance,
        tenant_id=principal.tenant_id,
        site_id=site_document_id,
        page=page,
        edit=body,
        author=principal.user_id,
    )
    return get_site(context.instance, tenant_id=principal.tenant_id, site_id=site_document_id)


@router.post(
    "/{site_document_id}/pages/{page}/regenerate",
    status_code=202,
    responses={**ACCEPTED, **problem_responses(404, 409, 429)},
)
async def regenerate_one_page(
    site_document_id: uuid.UUID,
    page: PageRef,
    principal: GenerationPrincipal,
    context: ContextDep,
    response: Response,
) -> SiteStarted:
    """Write one page again; every other page, the plan and the design are kept."""
    started = await regenerate_page(
        context.instance,
        tenant_id=principal.tenant_id,
        site_id=site_document_id,
        page=page,
        runtime=context.runtime,
    )
    response.headers["Location"] = f"{API_PREFIX}/jobs/{started.job_id}"
    return started


@router.post(
    "/{site_document_id}/design/regenerate",
    status_code=202,
    responses={**ACCEPTED, **problem_responses(404, 409, 429)},
)
async def regenerate_site_design(
    site_document_id: uuid.UUID,
    principal: GenerationPrincipal,
    context: ContextDep,
    response: Response,
) -> SiteStarted:
    """Choose the palette and fonts again; the pages are kept."""
    started = await regenerate_design(
        context.instance,
        tenant_id=principal.tenant_id,
        site_id=site_document_id,
        runtime=context.runtime,
    )
    response.headers["Location"] = f"{API_PREFIX}/jobs/{started.job_id}"
    return started


@router.post(
    "/{site_document_id}/deploy",
    status_code=202,
    responses={**ACCEPTED, **problem_responses(404, 409)},
)
async def deploy_to_wordpress(
    site_document_id: uuid.UUID,
    body: SiteDeploy,
    principal: EditorPrincipal,
    context: ContextDep,
    response: Response,
) -> SiteStarted:
    """Start deploying the site to a connected WordPress: 202 with ``{job_id, status}``.

    Follow the job at Location (GET /api/v1/jobs/{job_id}): progress 0-100 through the
    account check, each page, the front page and title, the menu, the global styles and the
    plugins; its outputs hold the deploy's result. Deploying again updates the same pages;
    a job that failed resumes at POST /api/v1/executions/{job_id}/resume. 404 for a site or
    WordPress the workspace does not have, 409 while another deploy of the site runs.
    """
    started = await start_deploy(
        context.instance,
        tenant_id=principal.tenant_id,
        user_id=principal.user_id,
        site_id=site_document_id,
        wordpress=body.wordpress,
        version=body.version,
        runtime=context.runtime,
    )
    response.headers["Location"] = f"{API_PREFIX}/jobs/{started.job_id}"
    return started


@router.get(
    "/{site_document_id}/theme",
    response_class=Response,
    responses={
        200: {"content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}},
        **problem_responses(404, 409, 503),
    },
)
async def download_theme(
    site_document_id: uuid.UUID,
    principal: ViewerPrincipal,
    context: ContextDep,
    version: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
) -> Response:
    """The site's block theme as the ZIP WordPress installs (Appearance > Themes > Upload)."""
    theme = await run_in_threadpool(
        site_theme,
        context.instance,
        tenant_id=principal.tenant_id,
        site_id=site_document_id,
        version=version,
    )
    return Response(
        theme.data,
        media_type="application/zip",
        headers={"Content-Disposition": content_disposition(theme.filename)},
    )


# The live preview of a deployed site: POST .../live-preview and the page it keeps.
router.include_router(live_preview_router)
