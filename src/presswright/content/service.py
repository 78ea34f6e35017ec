"""Running the built-in content flows: briefs in, checked content out.

The flows are ordinary flow specs shipped with the package (``content/flows/*.yaml``), so a
content run is an execution like any other: durable, resumable, one node regenerable.
"""

from __future__ import annotations

import uuid
from functools import cache
from importlib import resources
from typing import Any

import yaml

from presswright.bootstrap import Instance
from presswright.content.models import ContentData, ContentRequest, ProductCopy, ProductFacts
from presswright.content.pattern import PatternRequest, PatternResult
from presswright.errors import PresswrightError
from presswright.flows.spec import FlowSpec
from presswright.store.brand_profiles import BrandProfilePublic, get_brand_profile_by_name

__all__ = [
    "article_from_outputs",
    "article_inputs",
    "brand_voice",
    "builtin_flow",
    "content_output",
    "pattern_from_outputs",
    "pattern_inputs",
    "product_from_outputs",
    "product_inputs",
]


@cache
def builtin_flow(name: str) -> FlowSpec:
    """A flow spec shipped with Presswright: ``article``, ``product`` or ``pattern``."""
    text = resources.files("presswright.content").joinpath("flows", f"{name}.yaml").read_text()
    return FlowSpec.model_validate(yaml.safe_load(text))


def brand_voice(
    instance: Instance, tenant_id: uuid.UUID, name: str | None
) -> dict[str, Any] | None:
    """The named brand profile of the tenant as prompt data (NotFoundError names the fix)."""
    if not name:
        return None
    with instance.database.tenant_session(tenant_id) as session:
        profile = get_brand_profile_by_name(session, name=name)
        return BrandProfilePublic.model_validate(profile).model_dump(
            mode="json",
            include={
                "name",
                "tone",
                "vocabulary_level",
                "sentence_length",
                "custom_instructions",
                "banned_words",
            },
        )


def article_inputs(
    instance: Instance, tenant_id: uuid.UUID, request: ContentRequest, *, model: str | None
) -> dict[str, Any]:
    """The article flow's inputs for a brief, with the brand profile resolved."""
    inputs = request.model_dump(mode="json", exclude={"brand_profile"})
    inputs["brand"] = brand_voice(instance, tenant_id, request.brand_profile)
    inputs["model"] = model
    return inputs


def content_output(outputs: dict[str, Any], name: str) -> dict[str, Any]:
    """A finished run's content document (the flow guarantees it passed its contract)."""
    value = outputs.get(name)
    if not isinstance(value, dict):
        raise PresswrightError(
            f"the run finished without its {name}", hint="see `presswright run status`"
        )
    return value


def article_from_outputs(outputs: dict[str, Any]) -> ContentData:
    """The checked article of a finished article run."""
    return ContentData.model_validate(content_output(outputs, "article"))


def product_inputs(
    instance: Instance, tenant_id: uuid.UUID, facts: ProductFacts, *, model: str | None
) -> dict[str, Any]:
    """The product flow's inputs, with the brand profile resolved."""
    return {
        "facts": facts.model_dump(mode="json"),
        "brand": brand_voice(instance, tenant_id, facts.brand_profile),
        "model": model,
    }


def product_from_outputs(outputs: dict[str, Any]) -> ProductCopy:
    """The checked product copy of a finished product run."""
    return ProductCopy.model_validate(content_output(outputs, "product"))


def pattern_inputs(request: PatternRequest, *, model: str | None) -> dict[str, Any]:
    """The pattern flow's inputs for a request."""
    return {**request.model_dump(mode="json"), "model": model}


def pattern_from_outputs(outputs: dict[str, Any]) -> PatternResult:
    """The checked pattern (spec and block markup) of a finished pattern run."""
    return PatternResult.model_validate(content_output(outputs, "pattern"))
