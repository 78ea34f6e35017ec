"""The site flow's answers for the served studio: the scripted model of tests/sites.

:class:`BrowserSites` answers the site flow's requests (the plan, each page's slot groups,
each page's SEO fields, the design) with :class:`tests.sites.site_fakes.FakeSiteModel`, which
answers as a good model would for Rosa's Bakery. Every other prompt is left to the studio's
other fakes.
"""

from __future__ import annotations

from presswright.llm.types import ProviderRequest
from tests.sites.site_fakes import FakeSiteModel

__all__ = ["BrowserSites"]

_TITLES = {"SitePlan", "PageSeo", "SiteDesign"}


class BrowserSites:
    """The fake model's answers to the site flow."""

    def __init__(self) -> None:
        self.model = FakeSiteModel()

    @staticmethod
    def answers(request: ProviderRequest, prompt: str) -> bool:
        """Whether ``request`` is one of the site flow's (a page's texts name the website)."""
        schema = request.json_schema or {}
        return schema.get("title") in _TITLES or (
            bool(schema) and "page of the website of" in prompt
        )

    def __call__(self, request: ProviderRequest) -> str:
        answer = self.model(request)
        self.model.seo_prompts.clear()  # a served studio makes many sites: keep no prompts
        return answer
