"""The curated plugin catalogue, and which of its plugins a site is recommended, and why.

Each entry is a plugin from the WordPress.org directory that does one job well; a site gets
the entries its brief and sitemap call for, each with the reason in one sentence. Deploy
activates the recommended plugins the site already has installed (``/wp/v2/plugins``);
the rest are listed for the owner to install.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from presswright.flows.nodes.base import NoConfig, NodeContext, NodeOutcome, NodeType

__all__ = ["CATALOGUE", "CataloguePlugin", "SitePluginsNode", "recommend_plugins"]

_SHOP_WORDS = re.compile(
    r"\b(online (shop|store|sales|orders?)|e-?commerce|web ?shop|sell(ing)? online)\b",
    re.IGNORECASE,
)


class CataloguePlugin(BaseModel):
    """One plugin of the catalogue."""

    model_config = ConfigDict(frozen=True)

    slug: str = Field(description="The WordPress.org directory slug.")
    plugin: str = Field(description="The id /wp/v2/plugins uses: folder/main-file.")
    name: str
    purpose: str = Field(description="seo, forms, spam, caching, security or shop.")
    reason: str = ""


CATALOGUE: dict[str, CataloguePlugin] = {
    p.purpose: p
    for p in (
        CataloguePlugin(slug="wordpress-seo", plugin="wordpress-seo/wp-seo", name="Yoast SEO",
                        purpose="seo"),
        CataloguePlugin(slug="contact-form-7", plugin="contact-form-7/wp-contact-form-7",
                        name="Contact Form 7", purpose="forms"),
        CataloguePlugin(slug="akismet", plugin="akismet/akismet", name="Akismet Anti-spam",
                        purpose="spam"),
        CataloguePlugin(slug="wp-super-cache", plugin="wp-super-cache/wp-cache",
                        name="WP Super Cache", purpose="caching"),
        CataloguePlugin(slug="limit-login-attempts-reloaded",
                        plugin="limit-login-attempts-reloaded/limit-login-attempts-reloaded",
                        name="Limit Login Attempts Reloaded", purpose="security"),
        CataloguePlugin(slug="woocommerce", plugin="woocommerce/woocommerce", name="WooCommerce",
                        purpose="shop"),
    )
}  # fmt: skip


def _with(purpose: str, reason: str) -> CataloguePlugin:
    return CATALOGUE[purpose].model_copy(update={"reason": reason})


def recommend_plugins(request: dict[str, Any], sitemap: dict[str, Any]) -> list[CataloguePlugin]:
    """The catalogue's plugins this site calls for, each with its reason, in a fixed order."""
    pages = list(sitemap.get("pages") or [])
    chosen = [
        _with(
            "seo",
            f"writes the SEO title and meta description each of the {len(pages)} pages was"
            " given into the page's head, and publishes an XML sitemap for search engines",
        )
    ]
    contact_pages = [p["title"] for p in pages if "contact" in p["sections"]]
    if contact_pages or request.get("contact"):
        where = f" on {', '.join(contact_pages)}" if contact_pages else ""
        chosen.append(
            _with("forms", f"gives visitors a contact form{where}, sent to the owner's e-mail")
        )
    if contact_pages or sitemap.get("posts_page"):
        chosen.append(_with("spam", "keeps spam out of the contact form and the comments"))
    text = " ".join([request.get("business_type", ""), *request.get("goals", [])])
    if request.get("shop") or _SHOP_WORDS.search(text):
        chosen.append(
            _with("shop", "the business sells online: products, cart, checkout and payments")
        )
    chosen.append(
        _with("caching", "serves pages from a cache, so they load fast on any shared host")
    )
    chosen.append(
        _with("security", "limits password guessing on the login page, the most common attack")
    )
    return chosen


class SitePluginsNode(NodeType):
    """Recommends plugins from the curated catalogue, each with its reason."""

    name = "site_plugins"
    Config = NoConfig
    description = "Recommend plugins (SEO, forms, caching, security, shop) from the catalogue."

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        request = context.upstream["brief"]["request"]
        sitemap = context.upstream.get("sitemap") or {}
        chosen = recommend_plugins(request, sitemap)
        return NodeOutcome(output={"plugins": [p.model_dump() for p in chosen]})
