"""What the site builder's front doors show of a site: its summary, pages and state."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from presswright.sites.compile import SeoSource, Site

__all__ = ["SitePagePublic", "SitePublic", "SiteStarted", "SiteStatus", "site_public"]

SiteStatus = Literal["generating", "draft", "active", "failed", "cancelled"]
_SEO_FIELDS = ("seo_title", "meta_desc")
_MODEL: SeoSource = "model"  # a version stored before seo_source: the model wrote both


class SiteStarted(BaseModel):
    """A site (re)generation under way: the site's document and the job making it."""

    site_id: uuid.UUID
    job_id: str
    status: str = Field(default="queued", examples=["queued"])
    node_id: str | None = Field(default=None, description="What a regenerate makes again.")


class SitePagePublic(BaseModel):
    """One page as the site list shows it."""

    index: int
    title: str
    slug: str
    purpose: str
    keyword: str
    sections: list[str]
    h1: str
    seo_title: str
    meta_desc: str
    seo_source: dict[str, SeoSource] = Field(
        default_factory=lambda: dict.fromkeys(_SEO_FIELDS, _MODEL),
        description="Where each search field (seo_title, meta_desc) came from: 'model' (the"
        " model wrote it), 'page' (the model's versions never passed the content contract, so"
        " the SEO title was made from the page's H1 and the business's name and the meta"
        " description from whole sentences of the page's own text) or 'person' (edited).",
        examples=[{"seo_title": "model", "meta_desc": "page"}],
    )


class SitePublic(BaseModel):
    """A site of the library: status (draft, generating, active), its plan and design."""

    id: uuid.UUID
    title: str
    status: SiteStatus
    language: str | None
    current_version: int
    job_id: str | None
    error: str | None
    created_at: datetime
    updated_at: datetime
    tagline: str | None = None
    pages: list[SitePagePublic] = Field(default_factory=list)
    navigation: list[dict[str, str]] = Field(default_factory=list)
    front_page: str | None = None
    posts_page: dict[str, str] | None = None
    design: dict[str, Any] | None = None
    plugins: list[dict[str, Any]] = Field(default_factory=list)
    deployed_to: list[str] = Field(
        default_factory=list, description="Names of the WordPress sites it was deployed to."
    )


def site_public(
    document: Any, site: Site | None, deployed_to: list[str], document_status: str
) -> SitePublic:
    """The public view of a site document and (when it has one) its current version."""
    status: SiteStatus
    if document_status == "ready":
        status = "active" if deployed_to else "draft"
    elif document_status in ("failed", "cancelled"):
        status = document_status  # type: ignore[assignment]
    else:
        status = "generating"
    extra: dict[str, Any] = {}
    if site is not None:
        extra = {
            "tagline": site.tagline,
            "pages": [SitePagePublic.model_validate(p.model_dump()) for p in site.pages],
            "navigation": [item.model_dump() for item in site.navigation],
            "front_page": site.front_page,
            "posts_page": site.posts_page.model_dump() if site.posts_page else None,
            "design": site.design,
            "plugins": site.plugins,
        }
    return SitePublic(
        id=document.id,
        title=document.title,
        status=status,
        language=document.language,
        current_version=document.current_version,
        job_id=document.execution_id,
        error=document.error,
        created_at=document.created_at,
        updated_at=document.updated_at,
        deployed_to=deployed_to,
        **extra,
    )
