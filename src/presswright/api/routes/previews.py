"""``/api/v1/previews``: block markup shown as a block theme would, for a sandboxed frame.

The studio's own policy (``style-src 'self'``) refuses the ``style=""`` attributes block
markup carries, and a ``srcdoc`` frame inherits it; so the preview is a page of its own,
served from here with its own policy. ``POST`` (any member of the workspace) sanitizes the
markup (or renders a template of the workspace), builds the page
(:mod:`presswright.content.block_preview`) and answers its URL; for the next
:data:`~presswright.api.preview_store.PREVIEW_TTL` seconds that URL serves the page, and
``<url>/blocks.css`` its stylesheet, to whoever holds it. A frame cannot send the studio's
credentials, so the unguessable token in the URL is the credential
(:func:`require_preview` checks it); the same preview asked for again keeps its URL.

The page carries its own headers, which the API's defaults leave as they are (see
:mod:`presswright.api.middleware`): a policy that runs no script at all, loads styles from
this origin and the markup's own attributes, images from anywhere, and sandboxes the page
(:data:`PREVIEW_POLICY`); it may be framed by the studio only. The two GET routes are left
out of the OpenAPI document: they serve a page and a stylesheet to a frame, not data.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Final, cast

from fastapi import APIRouter, Depends, Request, status
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from starlette.responses import Response

from presswright.api.context import ContextDep, context_of
from presswright.api.preview_store import PreviewStore, store_on
from presswright.api.principals import ViewerPrincipal
from presswright.api.problems import problem_responses
from presswright.api.routes import API_PREFIX
from presswright.content.block_preview import preview_page, preview_stylesheet
from presswright.content.blocks import render_pattern
from presswright.content.models import Language
from presswright.errors import NotFoundError
from presswright.instance_secret import load_instance_secret
from presswright.store.pattern_templates import get_pattern_template

__all__ = [
    "MAX_MARKUP",
    "PREVIEW_HEADERS",
    "PREVIEW_POLICY",
    "PreviewCreate",
    "PreviewPublic",
    "preview_store",
    "require_preview",
    "router",
]

PREFIX: Final = f"{API_PREFIX}/previews"
# Characters. Far more than a pattern's markup (the library's run 2-20 KB); and even written
# as JSON escapes (12 bytes for a character outside the BMP) a body this long stays under the
# API's default body limit of 1 MiB, so a longer one is this 422, not the body limit's 413.
MAX_MARKUP: Final = 80_000
TITLE_MAX: Final = 200
PLAIN_TEXT: Final = r"^[^\x00-\x1f\x7f]+$"

# No script of any kind; styles from this origin (the stylesheet) and inline (the markup's
# style attributes, which the sanitizer has reduced to WordPress's safe properties); images
# from anywhere a pattern may point; nothing else, not even a form or a <base href>. The
# sandbox gives the page an origin of its own, framed by the studio's pages only.
PREVIEW_POLICY: Final = (
    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src data: https: http:; "
    "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox"
)
PREVIEW_HEADERS: Final = {
    "Content-Security-Policy": PREVIEW_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
_STYLESHEET_HEADERS: Final = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, max-age=600",
}

router = APIRouter(prefix=PREFIX, tags=["previews"])


def preview_store(request: Request) -> PreviewStore:
    """The app's preview store, opened on first use (a test may set ``app.state.previews``)."""
    settings = context_of(request).instance.settings
    return store_on(
        request.app.state,
        "previews",
        redis_url=settings.redis_url,
        instance_secret=lambda: load_instance_secret(settings),
    )


PreviewStoreDep = Annotated[PreviewStore, Depends(preview_store)]


class PreviewCreate(BaseModel):
    """What to preview: block markup, or a template of the workspace; in which language."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "markup": '<!-- wp:heading -->\n<h2 class="wp-block-heading">Fresh every'
                    " morning</h2>\n<!-- /wp:heading -->",
                    "language": "en",
                }
            ]
        },
    )

    markup: str | None = Field(
        default=None,
        description="Block markup to preview (what the block editor saves). Give this or"
        " template_id.",
        json_schema_extra={"maxLength": MAX_MARKUP},
    )
    template_id: uuid.UUID | None = Field(
        default=None, description="A template of the workspace to preview, rendered from its spec."
    )
    language: Language = Field(
        default="en", description="The page's language; ar and fa read right to left."
    )
    title: str | None = Field(
        default=None,
        min_length=1,
        max_length=TITLE_MAX,
        pattern=PLAIN_TEXT,
        description="The page's title; default: the template's title, or 'Pattern preview'.",
    )

    @field_validator("markup")
    @classmethod
    def _markup_fits(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.strip():
            raise ValueError("the markup is empty: send the block markup to preview")
        if len(value) > MAX_MARKUP:
            raise ValueError(
                f"the markup is {len(value):,} characters long; a preview takes at most"
                f" {MAX_MARKUP:,}: preview a smaller part of it"
            )
        return value

    @model_validator(mode="after")
    def _one_source(self) -> PreviewCreate:
        if (self.markup is None) == (self.template_id is None):
            raise ValueError("send either markup or template_id (exactly one of them)")
        return self


class PreviewPublic(BaseModel):
    """Where the preview page is, until when, and in which language."""

    url: str = Field(
        description="The page, for an <iframe sandbox src>; no credentials needed.",
        examples=["/api/v1/previews/3q2-7wE_ZlK1w8aV5PpQ0Ck7bV3pXo1hD9mT4sYyR2u"],
    )
    expires_at: datetime = Field(description="After this the URL answers 404; ask again.")
    language: Language


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(400, 401, 403, 404, 413, 422),
)
def create_preview(
    body: PreviewCreate, principal: ViewerPrincipal, context: ContextDep, store: PreviewStoreDep
) -> PreviewPublic:
    """Render block markup (or a template) as a sanitized page, kept for a few minutes."""
    if body.template_id is not None:
        with context.instance.database.tenant_session(principal.tenant_id) as session:
            template = get_pattern_template(session, body.template_id)
            spec: dict[str, Any] = dict(template.spec)
            name = template.name
        markup = render_pattern(spec)
        title = body.title or str(spec.get("title") or name)
    else:
        markup = cast(str, body.markup)
        title = body.title or "Pattern preview"
    token = store.token(tenant_id=principal.tenant_id, parts=(body.language, title, markup))
    url = f"{PREFIX}/{token}"
    page = preview_page(
        markup, language=body.language, title=title, stylesheet_url=f"{url}/blocks.css"
    )
    store.put(token, tenant_id=principal.tenant_id, page=page)
    expires_at = datetime.now(UTC) + timedelta(seconds=store.ttl)
    return PreviewPublic(url=url, expires_at=expires_at, language=body.language)


def require_preview(token: str, store: PreviewStoreDep) -> str:
    """The page a preview token unlocks; 404 when there is none (or it has expired)."""
    page = store.get(token)
    if page is None:
        raise NotFoundError(
            "no such preview: it never existed or has expired",
            hint="previews last a few minutes; ask for a new one (POST /api/v1/previews)",
        )
    return page


PreviewPage = Annotated[str, Depends(require_preview)]


@router.get("/{token}", include_in_schema=False)
def show_preview(page: PreviewPage) -> Response:
    """The preview page, under its own policy (no script; framed by the studio only)."""
    return Response(page, media_type="text/html; charset=utf-8", headers=PREVIEW_HEADERS)


@router.get("/{token}/blocks.css", include_in_schema=False, dependencies=[Depends(require_preview)])
def preview_styles() -> Response:
    """The stylesheet a preview page links (the same for every page)."""
    return Response(
        preview_stylesheet(), media_type="text/css; charset=utf-8", headers=_STYLESHEET_HEADERS
    )
