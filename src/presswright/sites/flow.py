"""The shipped site flow (``sites/flows/site.yaml``).

A site run is an execution like any other: durable, stoppable, resumable; one page
(``pages[2]``) or the design (``design``) can be generated again without redoing the rest.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

from presswright.flows.spec import FlowSpec

__all__ = ["SITE_FLOW", "shipped_site_flow", "site_flow"]

SITE_FLOW = "site"


@cache
def shipped_site_flow(name: str) -> FlowSpec:
    """A flow spec shipped in ``sites/flows`` (the master template ``site``)."""
    text = resources.files("presswright.sites").joinpath("flows", f"{name}.yaml").read_text()
    return FlowSpec.model_validate(yaml.safe_load(text))


def site_flow() -> FlowSpec:
    """The site flow spec shipped with Presswright."""
    return shipped_site_flow(SITE_FLOW)
