"""``site_compile``: the site a run hands to the library, from every step's output.

The site is plain data (:class:`Site`): the business's name and tagline, the sitemap's
navigation, each page (block markup of core blocks, its pattern spec, its SEO fields), the
design, the recommended plugins and the logo. Deploy (:mod:`.deploy`) and the theme read it.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from presswright.errors import PresswrightError
from presswright.flows.nodes.base import NoConfig, NodeContext, NodeOutcome, NodeType
from presswright.sites.brief import decode_logo

__all__ = ["Logo", "NavItem", "Site", "SiteCompileNode", "SitePage", "site_from_outputs"]


SeoSource = Literal["model", "page", "person"]
_MODEL: SeoSource = "model"


class SitePage(BaseModel):
    """One page of a site: where it sits, what it says, its search fields."""

    model_config = ConfigDict(extra="ignore")

    index: int
    title: str
    slug: str
    purpose: str
    keyword: str
    sections: list[str]
    front: bool = False
    h1: str
    seo_title: str
    meta_desc: str
    spec: dict[str, Any]
    markup: str
    seo_source: dict[str, SeoSource] = Field(
        default_factory=lambda: dict.fromkeys(("seo_title", "meta_desc"), _MODEL),
        description="Where each search field came from: the model's answer, the page's own"
        " text (when the model's never passed the content contract), or a person's edit.",
    )


class NavItem(BaseModel):
    """One link of the site's navigation menu."""

    label: str
    slug: str


class Logo(BaseModel):
    """The brief's logo: its bytes as base64, media type and hash."""

    data: str = Field(repr=False)
    media_type: str
    sha256: str

    def content(self) -> bytes:
        """The image file's bytes."""
        return base64.b64decode(self.data)


class Site(BaseModel):
    """A generated site, as every version of a site document holds it."""

    model_config = ConfigDict(extra="ignore")

    title: str
    tagline: str
    language: str
    brief: dict[str, Any]
    pages: list[SitePage]
    navigation: list[NavItem]
    front_page: str
    posts_page: NavItem | None = None
    design: dict[str, Any]
    plugins: list[dict[str, Any]]
    logo: Logo | None = None


def site_from_outputs(outputs: dict[str, Any]) -> Site:
    """The site of a finished site run."""
    value = outputs.get("site")
    if not isinstance(value, dict):
        raise PresswrightError(
            "the run finished without its site", hint="see `presswright run status`"
        )
    return Site.model_validate(value)


class SiteCompileNode(NodeType):
    """Puts the plan, pages, design and plugins together into the site."""

    name = "site_compile"
    Config = NoConfig
    description = "Compile the site (pages, navigation, design, plugins, logo) from the steps."

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        up = context.upstream
        brief, sitemap = up["brief"], up.get("plan_review") or up["sitemap"]
        logo = None
        if context.inputs.get("logo"):
            data, media_type = decode_logo(str(context.inputs["logo"]))
            logo = Logo(
                data=base64.b64encode(data).decode("ascii"),
                media_type=media_type,
                sha256=hashlib.sha256(data).hexdigest(),
            )
        posts = sitemap.get("posts_page")
        site = Site(
            title=brief["request"]["business_name"],
            tagline=sitemap["tagline"],
            language=brief["language"],
            brief=brief["request"],
            pages=[SitePage.model_validate(page) for page in up["pages"]],
            navigation=[NavItem.model_validate(item) for item in sitemap["navigation"]],
            front_page=sitemap["front_page"],
            posts_page=NavItem(label=posts["title"], slug=posts["slug"]) if posts else None,
            design=up["design"],
            plugins=list(up["plugins"]["plugins"]),
            logo=logo,
        )
        return NodeOutcome(output=site.model_dump(mode="json"))
