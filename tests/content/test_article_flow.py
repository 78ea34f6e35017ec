"""The article flow on the engine with the shipped fake provider forcing each kind of failure.

The fake model answers by step (outline, section, intro, ...); tests script bad answers and
prove the defence order: repair re-asks quoting the violations, then deterministic fixes,
then a clear error; a broken article is never a success.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from presswright.content.models import ContentData, ContentRequest
from presswright.content.rules import check_article
from presswright.content.service import article_inputs, builtin_flow
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.llm.types import ProviderRequest
from presswright.store.brand_profiles import BrandProfileCreate, create_brand_profile
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from tests.flows.engine_harness import Engine, engine  # noqa: F401 - the fixture

INTRO = (
    "Baking sourdough bread at home takes patience, but a lively starter and a slow rise "
    "reward you with a crust that crackles and a crumb full of flavour."
)
REPAIRED_INTRO = (
    "Sourdough bread baked at home takes patience, but a lively starter and a slow rise "
    "reward you with a crust that crackles and a crumb full of flavour."
)
SEO_TITLE = "Sourdough bread at home: a patient baker's guide"
META = (
    "Learn how to bake sourdough bread at home: feed a lively starter, shape the loaf, and "
    "bake a crackling crust with an open, flavourful crumb."
)
SECTIONS = ["Feeding the starter", "Mixing and folding", "Shaping and baking"]
SITE = [
    {"title": "How to feed a sourdough starter", "url": "https://example.com/starter"},
    {"title": "Choosing a Dutch oven", "url": "https://example.com/dutch-oven"},
    {"title": "Knitting for beginners", "url": "https://example.com/knitting"},
]

Answer = Callable[[str], dict[str, Any] | None]


class FakeWriter:
    """Answers each drafting step; ``overrides[step]`` replaces an answer (a list: in turn)."""

    def __init__(self) -> None:
        self.overrides: dict[str, list[dict[str, Any]]] = {}
        self.prompts: dict[str, list[str]] = {}

    def step(self, prompt: str) -> str:
        if prompt.startswith("An article in "):
            # One field asked for again: quoting why it failed, or afresh from the brief.
            return "field_repair" if "It was refused because" in prompt else "field_fresh"
        for marker, step in (
            ("Rewrite the search metadata", "seo_repair"),
            ("Rewrite the opening paragraph", "intro_repair"),
            ("Plan an article", "outline"),
            ("Write the section", "section"),
            ("opening paragraph", "intro"),
            ("closing section", "conclusion"),
            ("frequently asked questions", "faq"),
            ("search metadata", "seo"),
        ):
            if marker in prompt:
                return step
        raise AssertionError(f"unexpected prompt: {prompt[:80]}")

    def default(self, step: str, prompt: str) -> dict[str, Any]:
        if step.startswith("field_"):
            return {"text": self.field_text(prompt)}
        if step == "outline":
            return {"title": "Sourdough bread at home", "sections": SECTIONS}
        if step == "section":
            heading = next(s for s in SECTIONS if s in prompt)
            return {
                "paragraphs": [
                    f"{heading} is where most home bakers learn the rhythm of sourdough: "
                    "watch the dough, not the clock, and keep notes on every bake."
                ]
            }
        if step == "intro":
            return {"paragraph": INTRO}
        if step == "intro_repair":
            # A repaired opening must lead with the first keyword (the repair's schema says so).
            return {"paragraph": REPAIRED_INTRO}
        if step == "conclusion":
            return {
                "heading": "Your first loaf",
                "paragraph": "Start simple, bake often, and your sourdough will improve with "
                "every loaf you pull from the oven.",
            }
        if step == "faq":
            return {
                "items": [
                    {"question": "How long does sourdough take?", "answer": "About a day."},
                    {"question": "Can I use a loaf tin?", "answer": "Yes, it bakes well."},
                ]
            }
        return {
            "seo_title": SEO_TITLE,
            "meta_desc": META,
            "excerpt": "A patient guide to sourdough at home.",
        }

    @staticmethod
    def field_text(prompt: str) -> str:
        """A good text for the field a rewrite prompt names in its "Write ..." line."""
        asked = next(line for line in prompt.splitlines() if line.startswith("Write "))
        for what, text in (
            ("meta description", META),
            ("opening paragraph", REPAIRED_INTRO),
            ("search result title", SEO_TITLE),
            ("excerpt", "A patient guide to sourdough at home."),
            ("answer", "Yes, and it keeps well for three days."),
            ("heading", "Baking day"),
        ):
            if what in asked:
                return text
        return (
            "A good loaf needs time more than skill: let the dough rise slowly, fold it gently,"
            " and bake it in a very hot oven."
        )

    def __call__(self, request: ProviderRequest) -> str:
        # The first user message names the step (a schema repair appends more messages).
        prompt = next(m.content for m in request.messages if m.role == "user")
        step = self.step(prompt)
        self.prompts.setdefault(step, []).append(prompt)
        queued = self.overrides.get(step)
        answer = queued.pop(0) if queued else self.default(step, prompt)
        if step == "outline" and not queued and request.json_schema:
            # The outline's schema asks for exactly the sections the brief wants.
            wanted = request.json_schema["properties"]["sections"]["maxItems"]
            answer = {**answer, "sections": answer["sections"][:wanted]}
        return json.dumps(answer)


@pytest.fixture
def writer(engine: Engine) -> Iterator[FakeWriter]:  # noqa: F811
    script = FakeProvider.scripts["fake"] = FakeScript()
    fake = FakeWriter()
    script.add(*[fake] * 200)
    with engine.instance.database.tenant_session(engine.tenant_id) as session:
        create_provider_config(
            session,
            data=ProviderConfigCreate(name="fake", kind="fake"),
            box=engine.instance.secretbox,
        )
    yield fake
    FakeProvider.scripts.pop("fake", None)


def run_article(engine: Engine, **brief: Any) -> tuple[str, Any]:  # noqa: F811
    request = ContentRequest.model_validate(
        {"topic": "Baking sourdough bread at home", "keywords": ["sourdough bread"], **brief}
    )
    inputs = article_inputs(engine.instance, engine.tenant_id, request, model="fake:test")
    return asyncio.run(engine.run(builtin_flow("article"), inputs))


@pytest.mark.timeout(60)
def test_good_drafts_become_an_article_that_meets_the_contract(
    engine: Engine,  # noqa: F811
    writer: FakeWriter,
) -> None:
    _, status = run_article(engine, sections=3, faq=True, site_index=SITE)
    assert status.status == "completed", status.error
    article = ContentData.model_validate(status.outputs["article"])
    request = ContentRequest(
        topic="Baking sourdough bread at home", keywords=["sourdough bread"], site_index=SITE
    )
    assert check_article(article, request) == []
    assert [h.text for h in article.headings][:3] == SECTIONS
    assert article.meta.slug == "sourdough-bread-at-home-a-patient-bakers-guide"
    # Links come from the site index, placed by relevance; the unrelated page is left out.
    assert {link.url for link in article.internal_links} <= {s["url"] for s in SITE[:2]}
    assert "https://example.com/starter" in {link.url for link in article.internal_links}
    types = {node["@type"] for node in article.schema_ld_json["@graph"]}
    assert types == {"Article", "FAQPage"}
    assert set(writer.prompts) == {"outline", "section", "intro", "conclusion", "faq", "seo"}


@pytest.mark.timeout(60)
def test_the_brand_voice_reaches_every_prompt(engine: Engine, writer: FakeWriter) -> None:  # noqa: F811
    with engine.instance.database.tenant_session(engine.tenant_id) as session:
        create_brand_profile(
            session,
            data=BrandProfileCreate(
                name="Bakery", tone="warm", banned_words=["cheap"], custom_instructions="Say we."
            ),
        )
    script = FakeProvider.scripts["fake"]
    _, status = run_article(engine, sections=2, brand_profile="Bakery")
    assert status.status == "completed", status.error
    systems = [r.messages[0].content for r in script.requests if r.messages[0].role == "system"]
    assert len(systems) == len(script.requests) >= 6
    assert all("Brand tone: warm." in s and "cheap" in s and "Say we." in s for s in systems)


@pytest.mark.timeout(60)
def test_violations_are_quoted_back_and_repaired_by_the_model(
    engine: Engine,  # noqa: F811
    writer: FakeWriter,
) -> None:
    writer.overrides["seo"] = [
        {
            "seo_title": SEO_TITLE,
            "meta_desc": "Learn to bake sourdough bread at home with a lively starter.",
            "excerpt": "Short but long enough.",
        }
    ]
    writer.overrides["intro"] = [{"paragraph": "An opening that forgets what it is about."}]
    _, status = run_article(engine, sections=2)
    assert status.status == "completed", status.error
    article = ContentData.model_validate(status.outputs["article"])
    assert article.meta.meta_desc == META and article.body_html.startswith(f"<p>{REPAIRED_INTRO}")
    # One re-ask each, quoting what was wrong.
    assert len(writer.prompts["seo_repair"]) == 1 and len(writer.prompts["intro_repair"]) == 1
    assert "140" in writer.prompts["seo_repair"][0]
    assert "sourdough bread" in writer.prompts["intro_repair"][0]


@pytest.mark.timeout(60)
def test_what_the_model_keeps_breaking_is_fixed_deterministically(
    engine: Engine,  # noqa: F811
    writer: FakeWriter,
) -> None:
    long_title = "Sourdough bread at home: the complete and patient guide for bakers"
    bad = {
        "seo_title": long_title,
        "meta_desc": META,
        "excerpt": "A patient guide to sourdough at home.",
    }
    writer.overrides["seo"] = [bad]
    writer.overrides["seo_repair"] = [bad, bad]
    _, status = run_article(engine, sections=2)
    assert status.status == "completed", status.error
    article = ContentData.model_validate(status.outputs["article"])
    assert len(writer.prompts["seo_repair"]) == 2
    assert len(article.meta.seo_title) <= 60
    assert long_title.startswith(article.meta.seo_title.rstrip("…").rstrip())
    assert not article.meta.seo_title.endswith((" ", ":", ","))


@pytest.mark.timeout(60)
def test_an_unfixable_article_fails_with_every_violation_and_no_output(
    engine: Engine,  # noqa: F811
    writer: FakeWriter,
) -> None:
    forgetful = {"paragraph": "An opening that forgets what it is about, every single time."}
    writer.overrides["intro"] = [forgetful]
    writer.overrides["intro_repair"] = [forgetful] * 12  # every re-ask and its retries
    execution_id, status = run_article(engine, sections=2)
    assert status.status == "failed"
    assert "ContentContractError" in (status.error or "") or "breaks" in (status.error or "")
    assert "sourdough bread" in (status.error or "")
    assert "article" not in status.outputs
    assert engine.node_status(execution_id)["article"] == "failed"


PRODUCT = {
    "title": "Linen apron for bakers",
    "short_description": "Linen apron for bakers: sturdy, with deep pockets and adjustable straps.",
    "long_description": [
        "This linen apron for bakers keeps flour off your clothes through long bakes, "
        "with deep pockets for a scraper and a thermometer."
    ],
    "feature_bullets": ["Washed linen", "Two deep pockets", "Adjustable straps"],
    "seo_title": "Linen apron for bakers with deep pockets",
    "meta_desc": "A sturdy linen apron for bakers: washed linen, two deep pockets and "
    "adjustable straps that keep the flour off your clothes through long bakes.",
    "tags": ["apron", "linen", "baking"],
    "image_alt_text": "Natural linen apron for bakers hanging on a hook",
}
GERMAN_PRODUCT = {
    **PRODUCT,
    "long_description": [
        "Diese Leinenschürze für Bäcker hält das Mehl von der Kleidung fern, auch wenn das"
        " Backen lange dauert, und sie hat tiefe Taschen für einen Teigschaber und ein"
        " Thermometer."
    ],
}
FACTS = {
    "name": "Linen apron",
    "category": "Kitchen textiles",
    "attributes": {"material": "linen"},
    # The copy above says what these facts say: a bullet beyond them is an unsupported claim.
    "features": ["two pockets", "adjustable straps"],
    "keywords": ["linen apron"],
}


def run_product(engine: Engine, replies: list[dict[str, Any]]) -> Any:  # noqa: F811
    from presswright.content.models import ProductFacts
    from presswright.content.service import product_inputs

    # The provider of this process keeps its script object: refill it, do not replace it.
    script = FakeProvider.scripts["fake"]
    script.replies.clear()
    script.requests.clear()
    script.add(*[json.dumps(reply) for reply in replies])
    inputs = product_inputs(
        engine.instance, engine.tenant_id, ProductFacts.model_validate(FACTS), model="fake:test"
    )
    _, status = asyncio.run(engine.run(builtin_flow("product"), inputs))
    return status, script


@pytest.mark.timeout(60)
def test_product_copy_is_repaired_then_fixed(engine: Engine, writer: FakeWriter) -> None:  # noqa: F811
    from presswright.content.models import ProductCopy, ProductFacts
    from presswright.content.rules import check_product

    wordy = {
        **PRODUCT,
        "short_description": (
            "This linen apron keeps flour, butter and dough off your clothes on every baking"
            " day, from the first knead in the early morning to the last tray of rolls in the"
            " evening. It has two deep pockets for a scraper and a thermometer, straps that"
            " adjust to any height, and a washed finish that grows softer every time you wash"
            " the linen apron."
        ),
    }
    status, script = run_product(engine, [wordy, PRODUCT])
    assert status.status == "completed", status.error
    copy = ProductCopy.model_validate(status.outputs["product"])
    assert check_product(copy, ProductFacts.model_validate(FACTS)) == []
    assert len(script.requests) == 2 and "50" in script.requests[1].messages[-1].content

    long_title = {**PRODUCT, "seo_title": "Linen apron for bakers with two deep pockets and straps"}
    long_title["seo_title"] += " for you"
    assert len(long_title["seo_title"]) > 60
    status, script = run_product(engine, [long_title] * 3)
    assert status.status == "completed", status.error
    assert len(ProductCopy.model_validate(status.outputs["product"]).meta.seo_title) <= 60


@pytest.mark.timeout(60)
def test_unfixable_product_copy_fails_clearly(engine: Engine, writer: FakeWriter) -> None:  # noqa: F811
    # The fixes never rewrite what the model wrote, so a description in the wrong language stays.
    status, _ = run_product(engine, [GERMAN_PRODUCT] * 3)
    assert status.status == "failed" and "reads as German" in (status.error or "")
    assert "product" not in status.outputs


@pytest.mark.timeout(60)
def test_the_outline_is_asked_for_exactly_the_sections_the_brief_wants(
    engine: Engine,  # noqa: F811
    writer: FakeWriter,
) -> None:
    script = FakeProvider.scripts["fake"]
    _, status = run_article(engine, sections=2)
    assert status.status == "completed", status.error
    (outline,) = [r for r in script.requests if "Plan an article" in r.messages[-1].content]
    assert outline.json_schema is not None
    sections = outline.json_schema["properties"]["sections"]
    assert (sections["minItems"], sections["maxItems"]) == (2, 2)
    article = ContentData.model_validate(status.outputs["article"])
    assert [h.text for h in article.headings][:2] == SECTIONS[:2]
