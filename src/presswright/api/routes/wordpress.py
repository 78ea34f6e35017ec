"""``/api/v1/wordpress``: connect WordPress sites, publish articles to them, pull their links.

Admins connect and remove sites, editors publish and pull links, anyone in the workspace
lists them. The application password is write-only: it is checked against the site,
stored encrypted and never shown again. When WordPress refuses or fails a request the
answer is 502 (504 when the site does not answer), never 401: that status is about the
caller's own Presswright credentials.
"""

from __future__ import annotations

import re
import uuid

from fastapi import APIRouter, status
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from presswright.api.context import ApiContext, ContextDep
from presswright.api.principals import AdminPrincipal, EditorPrincipal, ViewerPrincipal
from presswright.api.problems import problem_responses
from presswright.api.routes import API_PREFIX
from presswright.api.routes.connections import REMOTE_PROBLEMS, CheckNow
from presswright.content.models import ContentData, SiteLink
from presswright.content.service import article_from_outputs
from presswright.errors import ConflictError, PresswrightError, UserInputError
from presswright.flows.operations import execution_status
from presswright.publish.wordpress import (
    SITE_CONNECTIONS,
    PublishOptions,
    PublishResult,
    SiteConnect,
    SiteConnection,
    connect_site,
    link_index,
    publish_document,
    publish_library_document,
    pull_links,
)
from presswright.publish.wordpress.post_content import document_key_for
from presswright.publish.wordpress.publish import DOCUMENT_KEY_PATTERN
from presswright.sites.wordpress_check import WordPressCheck, WordPressCheckError, check_wordpress
from presswright.store.wordpress import WordPressSitePublic

__all__ = ["LinksPulled", "PublishRequest", "SiteConnectRequest", "router"]

router = APIRouter(
    prefix=f"{API_PREFIX}/wordpress",
    tags=["wordpress"],
    responses=problem_responses(400, 401, 403, 422),
)
_KEY = re.compile(DOCUMENT_KEY_PATTERN)


class SiteConnectRequest(SiteConnect):
    """A site's address, a WordPress user and one of its application passwords."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "url": "https://blog.example.com",
                    "username": "presswright",
                    "application_password": "abcd EFGH 1234 ijkl MNOP 5678",
                    "name": "blog",
                }
            ]
        },
    )

    app_password: SecretStr = Field(
        alias="application_password",
        min_length=1,
        max_length=200,
        description="Users → Profile → Application Passwords; write-only, stored encrypted.",
    )


class PublishRequest(PublishOptions):
    """What to publish (a completed article run, or an article document) and how."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "execution_id": "0b7e4a52-3f0c-4c55-9a1e-2d6f3c8b9e10",
                    "status": "draft",
                    "categories": ["Gardening"],
                    "tags": ["compost"],
                },
                {
                    "execution_id": "0b7e4a52-3f0c-4c55-9a1e-2d6f3c8b9e10",
                    "status": "future",
                    "date": "2030-01-01T09:00:00Z",
                },
            ]
        },
    )

    document_id: uuid.UUID | None = Field(
        default=None,
        description="An article of the document library (its current version); keyed"
        " document:<id> unless a key is given.",
    )
    execution_id: uuid.UUID | None = Field(
        default=None, description="A completed article run (POST /api/v1/content/generate)."
    )
    document: ContentData | None = Field(
        default=None, description="An article document, as the article run returns it."
    )
    document_key: str | None = Field(
        default=None,
        alias="key",
        pattern=DOCUMENT_KEY_PATTERN,
        description="What makes two publishes the same post; default: article:<slug>.",
    )

    @model_validator(mode="after")
    def _one_article(self) -> PublishRequest:
        given = [self.document_id, self.execution_id, self.document]
        if sum(value is not None for value in given) != 1:
            raise ValueError("give exactly one of document_id, execution_id and document")
        if self.document is not None and self.document_key is None:
            problem = _unkeyable(self.document)
            if problem:
                raise ValueError(f"{problem}: give a key")
        return self


class LinksPulled(BaseModel):
    """The site's internal-link index after a pull."""

    count: int = Field(ge=0, description="Published posts and pages the index now holds.")


def _unkeyable(document: ContentData) -> str | None:
    """Why the article's slug cannot make its default key (``article:<slug>``), if it cannot."""
    if _KEY.match(document_key_for(document)):
        return None
    return (
        f"the slug {document.meta.slug[:40]!r} cannot key the post (a key has letters,"
        " digits and . _ : / -, up to 200 characters)"
    )


def _run_article(context: ApiContext, tenant_id: uuid.UUID, execution_id: uuid.UUID) -> ContentData:
    """The article of a completed run of the tenant (404, 409 while it has none yet, 400)."""
    run = execution_status(context.instance, tenant_id=tenant_id, execution_id=str(execution_id))
    if run.status != "completed":
        raise ConflictError(
            f"execution {execution_id} is {run.status}: only a completed run can be published",
            hint=f"follow it at {API_PREFIX}/executions/{execution_id}; publish it once completed",
        )
    try:
        return article_from_outputs(run.outputs)
    except (PresswrightError, ValueError):  # a ValidationError is a ValueError
        raise UserInputError(
            f"execution {execution_id} ({run.flow}) has no article to publish",
            hint="give the id of an article run, or the article itself as document",
        ) from None


@router.post(
    "/sites",
    status_code=status.HTTP_201_CREATED,
    responses={**problem_responses(409), **REMOTE_PROBLEMS},
)
async def connect(
    body: SiteConnectRequest, principal: AdminPrincipal, context: ContextDep
) -> SiteConnection:
    """Connect a site: the credentials are checked against WordPress, then stored encrypted.

    409 if the workspace has a site of that name or address; 502 when WordPress refuses the
    username or application password (the detail says how to fix it) or the address is not
    a WordPress site; 504 when it does not answer. ``warnings`` flags an account that can
    post unfiltered HTML: an Author account is the safer choice.
    """
    return await connect_site(context.instance, tenant_id=principal.tenant_id, data=body)


@router.get("/sites")
async def list_connected(
    principal: ViewerPrincipal,
    context: ContextDep,
    check: CheckNow = False,
) -> list[WordPressSitePublic]:
    """The workspace's sites by name, each with its status: ok, unauthorized or unreachable."""
    return await SITE_CONNECTIONS.overview(
        context.instance, tenant_id=principal.tenant_id, check=check
    )


@router.get("/sites/{site_id}", responses=problem_responses(404))
def get_connected(
    site_id: uuid.UUID, principal: ViewerPrincipal, context: ContextDep
) -> WordPressSitePublic:
    """One site of this workspace (404 for any other id), with its last known status."""
    return SITE_CONNECTIONS.get(context.instance, tenant_id=principal.tenant_id, ref=site_id)


@router.delete(
    "/sites/{site_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(404)
)
def remove(site_id: uuid.UUID, principal: AdminPrincipal, context: ContextDep) -> Response:
    """Forget a site, its publish records and link index; WordPress itself is untouched."""
    SITE_CONNECTIONS.remove(context.instance, tenant_id=principal.tenant_id, ref=site_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/sites/{site_id}/publish", responses={**problem_responses(404, 409), **REMOTE_PROBLEMS}
)
async def publish(
    site_id: uuid.UUID, body: PublishRequest, principal: EditorPrincipal, context: ContextDep
) -> PublishResult:
    """Publish an article as a draft, a post or a scheduled post; again, it updates that post.

    The article is a document of the library (``document_id``: its current version), a
    completed article run's (``execution_id``), or given as ``document``: a given article
    must meet the article contract, or 422 lists each violation (``field: message``) and
    nothing is sent to WordPress. 404 for an unknown site or run; 409 while the run has not
    completed; 400 for a run without an article; 502/504 when WordPress refuses or does
    not answer.
    """
    tenant_id = principal.tenant_id
    await run_in_threadpool(
        SITE_CONNECTIONS.get, context.instance, tenant_id=tenant_id, ref=site_id
    )
    if body.document_id is not None:
        return await publish_library_document(
            context.instance,
            tenant_id=tenant_id,
            site=site_id,
            document_id=body.document_id,
            options=body,
        )
    if body.execution_id is not None:
        document = await run_in_threadpool(_run_article, context, tenant_id, body.execution_id)
        problem = _unkeyable(document) if body.document_key is None else None
        if problem:
            raise UserInputError(problem, hint="publish it with a key")
    else:
        assert body.document is not None  # the body's validator makes sure of one of both
        document = body.document
    # A completed run's article met the contract against its brief; a given one has not.
    return await publish_document(
        context.instance,
        tenant_id=tenant_id,
        site=site_id,
        document=document,
        options=body,
        check_contract=body.document is not None,
    )


@router.post("/sites/{site_id}/pull-links", responses={**problem_responses(404), **REMOTE_PROBLEMS})
async def pull(site_id: uuid.UUID, principal: EditorPrincipal, context: ContextDep) -> LinksPulled:
    """Read the site's published posts and pages into its internal-link index."""
    links = await pull_links(context.instance, tenant_id=principal.tenant_id, site=site_id)
    return LinksPulled(count=len(links))


@router.get("/sites/{site_id}/links", responses=problem_responses(404))
def links(site_id: uuid.UUID, principal: ViewerPrincipal, context: ContextDep) -> list[SiteLink]:
    """The site's internal-link index, by title: what articles may link to (``site_index``)."""
    return link_index(context.instance, tenant_id=principal.tenant_id, site=site_id)


class WordPressValidate(BaseModel):
    """A WordPress site's address and credentials to check (nothing is stored)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "url": "https://shop.example.com",
                    "username": "admin",
                    "app_password": "abcd EFGH 1234 ijkl MNOP 5678",
                }
            ]
        },
    )

    url: str = Field(min_length=1, max_length=2000)
    username: str = Field(min_length=1, max_length=100, pattern=r"^\S(.*\S)?$")
    app_password: SecretStr = Field(min_length=1, max_length=200)
    whole_site: bool = Field(
        default=True,
        description="Check the rights a site deploy needs (else those publishing needs).",
    )


@router.post("/validate", responses=problem_responses(422))
async def validate_wordpress(body: WordPressValidate, principal: EditorPrincipal) -> WordPressCheck:
    """Check a site's address, REST API, credentials and the account's capabilities.

    Nothing is stored. The first check that fails answers 422 naming it (``kind``: address,
    rest_api, credentials or capabilities) on the field at fault.
    """
    try:
        return await check_wordpress(
            body.url,
            body.username,
            body.app_password.get_secret_value(),
            whole_site=body.whole_site,
        )
    except WordPressCheckError as error:
        fix = f"; {error.hint}" if error.hint else ""
        raise RequestValidationError(
            [{"loc": ("body", error.field), "msg": f"{error}{fix}", "type": error.check}]
        ) from None
