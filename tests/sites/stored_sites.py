"""A finished site stored straight into a workspace's library, without running the flow.

For tests that need a site document with a version (tenant walls) but no model: the version
is what a finished run stores (a hero page of core blocks, a design from the design tokens).
"""

from __future__ import annotations

import uuid

from presswright.bootstrap import Instance
from presswright.content.blocks import render_pattern
from presswright.sites.compile import NavItem, Site, SitePage
from presswright.sites.design.tokens import design_site
from presswright.sites.design_node import design_record
from presswright.sites.documents import SITE_KIND, add_site_version
from presswright.store.documents import create_document


def stored_site(
    instance: Instance, tenant_id: uuid.UUID, title: str = "Rosa's Bakery"
) -> uuid.UUID:
    """A one-page English site stored as version 1 of a new site document."""
    spec = {
        "title": "Home",
        "category": "page",
        "blocks": [
            {
                "type": "cover",
                "overlay_color": "#1f2937",
                "inner": [
                    {"type": "heading", "level": 1, "text": "Fresh sourdough bread every day"},
                    {"type": "paragraph", "text": "Come and taste fresh sourdough bread in Leeds."},
                ],
            }
        ],
    }
    page = SitePage(
        index=0,
        title="Home",
        slug="home",
        purpose="Welcome visitors and show the bread.",
        keyword="fresh sourdough bread",
        sections=["hero"],
        front=True,
        h1="Fresh sourdough bread every day",
        seo_title="Fresh sourdough bread | Rosa's Bakery",
        meta_desc="Fresh sourdough bread baked every morning in Leeds by a family bakery.",
        spec=spec,
        markup=render_pattern(spec),
    )
    made = design_site(language="en", style_words="warm friendly")
    site = Site(
        title=title,
        tagline="Warm bread and friendly faces",
        language="en",
        brief={"business_name": title, "business_type": "bakery"},
        pages=[page],
        navigation=[NavItem(label="Home", slug="home")],
        front_page="home",
        design=design_record(made, {}),
        plugins=[],
    )
    with instance.database.tenant_session(tenant_id) as session:
        document = create_document(
            session, kind=SITE_KIND, title=title, language="en", execution_id=None, created_by=None
        )
        add_site_version(
            session, document, site, source="generated", execution_id=None, generation=None,
            author=None,
        )  # fmt: skip
        return document.id
