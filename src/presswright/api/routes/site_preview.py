"""``/api/v1/sites/{id}/live-preview``: a deployed page, as WordPress serves it, for a frame.

The studio's policy frames its own origin only (``frame-src 'self'``), and the WordPress a
site went to is another. So ``POST`` (any member of the workspace) has the server read the
page from the site's WordPress, as a visitor sees it (:mod:`presswright.sites.live_preview`:
from the site's deploy records, in the caller's workspace, never off the WordPress origin),
takes out everything active (:mod:`presswright.sites.live_html`) and keeps the page for
:data:`~presswright.api.preview_store.PREVIEW_TTL` seconds under an unguessable URL of this
origin, which it answers. The same page read again keeps its URL.

That URL is the only credential (a sandboxed frame sends none). It serves the page with its
own headers, which the API's defaults leave as they are (:mod:`presswright.api.middleware`):
a policy that runs no script at all and loads styles, fonts and images from that WordPress
origin only (:func:`live_policy`), sandboxed except that a link the person clicks opens the
live site in a tab of its own; framed by the studio only; no referrer, so WordPress never
sees the URL. The GET route is left out of the OpenAPI document: it serves a page, not data.

The pages are kept apart from the block previews of :mod:`.previews` (a store of their own,
under their own Redis prefix), so neither route serves the other's pages.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Annotated, Final

from fastapi import APIRouter, Depends, Request, status
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from presswright.api.context import ContextDep, context_of
from presswright.api.preview_store import PreviewStore, store_on
from presswright.api.principals import ViewerPrincipal
from presswright.api.problems import problem_responses
from presswright.api.routes import API_PREFIX
from presswright.api.routes.documents import NO_NUL
from presswright.errors import NotFoundError
from presswright.instance_secret import load_instance_secret
from presswright.sites.live_preview import live_page

__all__ = [
    "LivePreviewCreate",
    "LivePreviewPublic",
    "live_policy",
    "require_site_page",
    "router",
    "site_page_store",
]

PREFIX: Final = f"{API_PREFIX}/sites"
_SLUG: Final = r"^[a-z0-9][a-z0-9-]{0,199}$"
# What a CSP source may hold of an origin: no space, quote, semicolon or comma.
_ORIGIN: Final = re.compile(
    r"https?://[A-Za-z0-9.\-]+(?::\d{1,5})?|https?://\[[0-9A-Fa-f:.]+\](?::\d{1,5})?"
)

# Included by the sites router (routes/sites.py), under its prefix.
router = APIRouter()


def live_policy(origin: str) -> str:
    """The page's policy: no script; styles, fonts, images and media of ``origin`` only."""
    if not _ORIGIN.fullmatch(origin):
        raise ValueError(f"not an origin a policy can name: {origin!r}")
    return (
        f"default-src 'none'; style-src {origin} 'unsafe-inline'; img-src {origin} data:; "
        f"font-src {origin} data:; media-src {origin}; base-uri {origin}; form-action 'none'; "
        "frame-ancestors 'self'; sandbox allow-popups allow-popups-to-escape-sandbox"
    )


def _headers(origin: str) -> dict[str, str]:
    return {
        "Content-Security-Policy": live_policy(origin),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "SAMEORIGIN",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
    }


def site_page_store(request: Request) -> PreviewStore:
    """The app's store of live pages, opened on first use (a test may set
    ``app.state.site_pages``); in Redis apart from the block previews."""
    settings = context_of(request).instance.settings
    return store_on(
        request.app.state,
        "site_pages",
        redis_url=settings.redis_url,
        instance_secret=lambda: load_instance_secret(settings),
        prefix="presswright:site-page:",
    )


SitePageStoreDep = Annotated[PreviewStore, Depends(site_page_store)]


class LivePreviewCreate(BaseModel):
    """Which deployed page to show, from which WordPress."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"page": "about", "wordpress": "shop"}]}
    )

    page: str | None = Field(
        default=None, pattern=_SLUG, description="A page's slug; default: the front page."
    )
    wordpress: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        pattern=NO_NUL,
        description="A connected site's name or id; default: the one deployed to last.",
    )


class LivePreviewPublic(BaseModel):
    """Where the live page is for a frame, until when, and where WordPress serves it."""

    url: str = Field(
        description="The page, for an <iframe sandbox src>; no credentials needed.",
        examples=["/api/v1/sites/0b5c.../live-preview/3q2-7wE_ZlK1w8aV5PpQ0Ck7bV3pXo1hD9mT4sYyR2u"],
    )
    expires_at: datetime = Field(description="After this the URL answers 404; ask again.")
    wordpress: str = Field(description="The connected site's name.")
    page: str | None = Field(description="The page's slug; null for the front page.")
    source_url: str = Field(description="Where WordPress serves the page (open it there).")
    title: str = Field(description="The page's <title> as WordPress gave it.")


@router.post(
    "/{site_document_id}/live-preview",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(400, 401, 403, 404, 409, 422, 502, 504),
)
async def create_live_preview(
    site_document_id: uuid.UUID,
    principal: ViewerPrincipal,
    context: ContextDep,
    store: SitePageStoreDep,
    body: LivePreviewCreate | None = None,
) -> LivePreviewPublic:
    """Read a deployed page from the site's WordPress and keep it, inert, for a frame.

    409 when the site (or that page) is not deployed yet; 504 when WordPress does not
    answer; 502 when it answers with anything but the page (a 404, a redirect off the site,
    something that is not HTML).
    """
    asked = body or LivePreviewCreate()
    found = await live_page(
        context.instance,
        tenant_id=principal.tenant_id,
        site_id=site_document_id,
        slug=asked.page,
        wordpress=asked.wordpress,
    )
    live_policy(found.origin)  # refuse, before storing, an origin no policy can name
    token = store.token(
        tenant_id=principal.tenant_id,
        parts=("live", str(site_document_id), str(found.wordpress_id), found.url, found.page),
    )
    stored = json.dumps(
        {"site": str(site_document_id), "origin": found.origin, "page": found.page},
        ensure_ascii=False,
    )
    store.put(token, tenant_id=principal.tenant_id, page=stored)
    return LivePreviewPublic(
        url=f"{PREFIX}/{site_document_id}/live-preview/{token}",
        expires_at=datetime.now(UTC) + timedelta(seconds=store.ttl),
        wordpress=found.wordpress,
        page=found.slug,
        source_url=found.url,
        title=found.title,
    )


def require_site_page(
    site_document_id: uuid.UUID, token: str, store: SitePageStoreDep
) -> dict[str, str]:
    """The live page a token unlocks for this site; 404 when there is none (or it expired)."""
    raw = store.get(token)
    stored = json.loads(raw) if raw else None
    if not isinstance(stored, dict) or stored.get("site") != str(site_document_id):
        raise NotFoundError(
            "no such live preview: it never existed or has expired",
            hint="live previews last a few minutes; ask for a new one"
            " (POST /api/v1/sites/{id}/live-preview)",
        )
    return stored


@router.get("/{site_document_id}/live-preview/{token}", include_in_schema=False)
def show_live_preview(stored: Annotated[dict[str, str], Depends(require_site_page)]) -> Response:
    """The live page, under its own policy (no script; WordPress's styles; framed here only)."""
    return Response(
        stored["page"], media_type="text/html; charset=utf-8", headers=_headers(stored["origin"])
    )
