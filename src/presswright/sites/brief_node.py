"""``site_brief`` and ``site_sitemap``: the first steps of the site flow.

``site_brief`` checks the wizard's answers against the limits
(:class:`~presswright.sites.brief.SiteBrief`) and outputs what the later steps share: the
system prompt, the planner's schema (exactly the pages asked for), the names a model may
write as they are, and the contact lines. ``site_sitemap`` turns the planner's answer into
the sitemap (:func:`~presswright.sites.plan.build_sitemap`).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from presswright.errors import UserInputError
from presswright.flows.nodes.base import NoConfig, NodeContext, NodeOutcome, NodeType
from presswright.sites.brief import SiteBrief, brief_error
from presswright.sites.plan import build_sitemap, plan_schema

__all__ = ["SiteBriefNode", "SiteSitemapNode", "brief_of_inputs", "system_prompt"]


def brief_of_inputs(inputs: dict[str, Any]) -> SiteBrief:
    """The brief a run's inputs hold; UserInputError naming every limit it breaks."""
    fields = set(SiteBrief.model_fields)
    try:
        return SiteBrief.model_validate(
            {k: v for k, v in inputs.items() if k in fields and v is not None}
        )
    except ValidationError as error:
        raise brief_error(error) from None


def system_prompt(brief: SiteBrief) -> str:
    """What every request of the site flow shares: the job, the business, the language."""
    style = f" The style is {', '.join(brief.style_words)}." if brief.style_words else ""
    return (
        f"You write the website of {brief.business_name}, a {brief.business_type}, for"
        f" {brief.audience}, in {brief.language_name}.{style} Answer with one JSON object"
        " holding exactly the keys asked for; each value is plain text: real, specific words"
        " for this business, no markup, no placeholders, no copy of these instructions."
    )


class SiteBriefNode(NodeType):
    """Checks a site brief and outputs the guidance and schema the steps share."""

    name = "site_brief"
    Config = NoConfig
    description = "Check a site brief against its limits; output the planner's schema and guidance."

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        brief = brief_of_inputs(context.inputs)
        request = brief.model_dump(mode="json", exclude={"logo"})
        return NodeOutcome(
            output={
                "request": request,
                "language": brief.language,
                "language_name": brief.language_name,
                "system": system_prompt(brief),
                "plan_schema": plan_schema(len(brief.pages)),
                "pages": brief.pages,
                "goals": "; ".join(brief.goals),
                "style": ", ".join(brief.style_words),
                "verbatim": [brief.business_name],
                "contact_lines": brief.contact.lines() if brief.contact else [],
            }
        )


class SiteSitemapNode(NodeType):
    """The sitemap from the planner's answer: slugs, hero first, navigation."""

    name = "site_sitemap"
    Config = NoConfig
    description = "Make the sitemap (pages, slugs, sections, navigation) from the plan."

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        plan = context.upstream.get("plan")
        if not isinstance(plan, dict):
            raise UserInputError(
                f"node {context.node_id!r} reads the planner's answer from a node called 'plan'",
                hint="add an llm node 'plan' answering '{{ brief.plan_schema }}' before it",
            )
        brief = brief_of_inputs(context.inputs)
        return NodeOutcome(output=build_sitemap(brief, plan))
