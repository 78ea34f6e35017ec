"""The product copy flow's nodes: facts in, ProductCopy that meets its contract out.

Same defence order as articles: the model drafts everything in one constrained answer,
violations are quoted back in up to ``max_repairs`` re-asks, deterministic fixes follow, and
whatever still breaks a rule fails the node with :class:`ContentContractError`.
"""

from __future__ import annotations

import html
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from presswright.content.drafts import ProductDraft, requiring_terms
from presswright.content.field_rewrites import TextField, rewrite_failing_fields
from presswright.content.fixes import fix_product
from presswright.content.models import (
    LANGUAGES,
    META_DESC_MAX,
    META_DESC_MIN,
    SEO_TITLE_MAX,
    ProductCopy,
    ProductFacts,
    SeoMeta,
)
from presswright.content.rules import IMAGE_ALT_MAX, IMAGE_ALT_MIN, check_product
from presswright.content.sanitize import sanitize_html
from presswright.content.slugs import slugify
from presswright.content.violations import Violation, failure_hint
from presswright.content.voice import guidance
from presswright.errors import ContentContractError, StructuredOutputError
from presswright.flows.nodes.base import NoConfig, NodeContext, NodeOutcome, NodeType
from presswright.llm.types import GenerationParams

__all__ = ["ProductBriefNode", "ProductFinishNode", "assemble_product", "facts_prompt"]


def facts_prompt(facts: ProductFacts) -> str:
    """The product facts as the model reads them."""
    lines = [f"Product: {facts.name}", f"Category: {facts.category}"]
    if facts.price:
        lines.append(f"Price: {facts.price}")
    if facts.audience:
        lines.append(f"For: {facts.audience}")
    lines.extend(f"{key}: {value}" for key, value in facts.attributes.items())
    if facts.features:
        lines.append("Features: " + "; ".join(facts.features))
    return "\n".join(lines)


class ProductBriefNode(NodeType):
    """Checks the product facts and prepares the shared system prompt."""

    name = "product_brief"
    Config = NoConfig
    description = "Validate product facts; output them with the shared system prompt."

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        facts = ProductFacts.model_validate(context.inputs["facts"])
        return NodeOutcome(
            output={
                "facts": facts.model_dump(mode="json"),
                "facts_text": facts_prompt(facts),
                "system": guidance(
                    language=facts.language,
                    tone="persuasive and precise",
                    keywords=facts.keywords,
                    brand=context.inputs.get("brand") or None,
                ),
                "language_name": LANGUAGES[facts.language],
                "keywords": ", ".join(facts.keywords) or "none",
                "language": facts.language,
                "verbatim": [facts.name, *facts.keywords],
            }
        )


def assemble_product(facts: ProductFacts, draft: ProductDraft) -> ProductCopy:
    """ProductCopy from a draft: sanitized HTML, slug from data."""
    body = "".join(f"<p>{html.escape(p.strip())}</p>" for p in draft.long_description if p.strip())
    return ProductCopy(
        language=facts.language,
        title=draft.title.strip(),
        short_description=draft.short_description.strip(),
        long_description_html=sanitize_html(body or "<p></p>"),
        feature_bullets=[b.strip() for b in draft.feature_bullets],
        meta=SeoMeta(
            seo_title=draft.seo_title.strip(),
            meta_desc=draft.meta_desc.strip(),
            slug=slugify(draft.seo_title or draft.title, facts.language) or "product",
        ),
        tags=[t.strip() for t in draft.tags],
        image_alt_text=draft.image_alt_text.strip(),
        keywords=facts.keywords,
    )


class ProductFinishConfig(BaseModel):
    """Config of ``product_finish``."""

    model_config = ConfigDict(extra="forbid")

    max_repairs: int = Field(default=2, ge=0, le=5)


class ProductFinishNode(NodeType):
    """Returns product copy that meets every contract rule, or fails listing each violation."""

    name = "product_finish"
    Config = ProductFinishConfig
    description = "Assemble, repair (re-ask, then fix) and check product copy."

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        assert isinstance(config, ProductFinishConfig)
        brief = context.upstream["brief"]
        facts = ProductFacts.model_validate(brief["facts"])
        draft = ProductDraft.model_validate(context.upstream["draft"])
        outcome = NodeOutcome(output=None)
        model = context.inputs.get("model") or None
        rewrites = await rewrite_failing_fields(
            context.complete,
            _text_fields(draft, facts),
            language=facts.language,
            subject=f"Product copy in {LANGUAGES[facts.language]} for this product.\n"
            + brief["facts_text"],
            brief=brief["facts_text"],
            system=brief["system"],
            model=model,
            verbatim=(facts.name, *facts.keywords),
            task_talk=True,
        )
        for completion in rewrites.completions:
            outcome.add_usage(completion)
        draft = _with_texts(draft, rewrites.texts)
        copy = assemble_product(facts, draft)
        violations = check_product(copy, facts)
        for _ in range(config.max_repairs):
            if not violations:
                break
            try:
                result = await context.complete(
                    _repair_prompt(violations, draft, brief["facts_text"], facts),
                    model=model,
                    system=brief["system"],
                    schema=requiring_terms(
                        ProductDraft,
                        "short_description",
                        language=facts.language,
                        terms=facts.keywords,
                        verbatim=(facts.name,),
                    ),
                    params=GenerationParams(
                        temperature=0.2,
                        language=facts.language,
                        verbatim=(facts.name, *facts.keywords),
                    ),
                    cache=False,
                )
            except StructuredOutputError:
                # No usable repair: keep the draft; the fixes and the final check decide.
                continue
            outcome.add_usage(result)
            draft = ProductDraft.model_validate(result.parsed)
            copy = assemble_product(facts, draft)
            violations = check_product(copy, facts)
        if violations:
            copy = fix_product(copy, facts)
            violations = check_product(copy, facts)
        if violations:
            raise ContentContractError(
                "product copy", [str(v) for v in violations], hint=failure_hint(violations)
            )
        outcome.output = copy.model_dump(mode="json")
        return outcome


_LISTS = {"long_description", "feature_bullets", "tags"}


def _text_fields(draft: ProductDraft, facts: ProductFacts) -> list[TextField]:
    """Every free-text field of a product draft, with what it is for and its bounds."""
    name = facts.name
    fields = [
        TextField("title", f"the product title for {name!r}", draft.title, "short", 3, 200,
                  distinct=False),
        TextField("short_description", "a short description of the product in one or two"
                  " sentences", draft.short_description, "prose", 10, 400, tuple(facts.keywords),
                  distinct=False),
    ]  # fmt: skip
    fields += [
        TextField(f"long_description[{index}]", f"paragraph {index + 1} of the product"
                  " description: what it is, what it is made of, why it is useful", text,
                  "prose", 30, 1200)
        for index, text in enumerate(draft.long_description)
    ]  # fmt: skip
    fields += [
        TextField(f"feature_bullets[{index}]", "one feature of the product, in a few words",
                  text, "short", 3, 200)
        for index, text in enumerate(draft.feature_bullets)
    ]  # fmt: skip
    fields += [
        TextField(f"tags[{index}]", "one shop tag for the product: one to three words", text,
                  "short", 2, 40, distinct=False)
        for index, text in enumerate(draft.tags)
    ]  # fmt: skip
    fields += [
        TextField("seo_title", "the search result title", draft.seo_title, "short", 10,
                  SEO_TITLE_MAX, distinct=False),
        TextField("meta_desc", "the meta description: what the product is and why to buy it",
                  draft.meta_desc, "prose", META_DESC_MIN, META_DESC_MAX, distinct=False),
        TextField("image_alt_text", "the alt text of the product photo: what it shows",
                  draft.image_alt_text, "short", IMAGE_ALT_MIN, IMAGE_ALT_MAX),
    ]  # fmt: skip
    return fields


def _with_texts(draft: ProductDraft, texts: dict[str, str]) -> ProductDraft:
    """The draft with rewritten field texts put back by the paths of :func:`_text_fields`."""
    values: dict[str, Any] = draft.model_dump()
    for path, text in texts.items():
        found = re.fullmatch(r"(\w+)(?:\[(\d+)\])?", path)
        assert found is not None, path
        name, index = found.groups()
        if name in _LISTS:
            values[name][int(index)] = text
        else:
            values[name] = text
    return ProductDraft.model_validate(values)


def _repair_prompt(
    violations: list[Violation], draft: ProductDraft, facts_text: str, facts: ProductFacts
) -> str:
    quoted = "\n".join(f"- {v.message}" for v in violations)
    return (
        f"Rewrite this product copy so that it follows every rule.\n{facts_text}\n"
        f"Your previous answer broke these rules:\n{quoted}\n"
        f"Previous answer: {draft.model_dump_json()}\n"
        f"Keywords that must appear: {', '.join(facts.keywords) or 'none'}."
    )
