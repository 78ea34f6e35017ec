"""Gibberish, leaked prompts and repetition are rewritten or fail the run: never a success.

The shipped fake provider is scripted with what the packaged model really wrote when the
contract only checked shapes (issue 15). Each bad field is asked for again quoting why it
failed, then written afresh with the next sample; what is still bad fails the run with
every reason.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from presswright.content.models import ContentData, ProductCopy, ProductFacts
from presswright.content.service import builtin_flow, product_inputs
from presswright.llm.providers.fake import FakeProvider
from presswright.llm.types import ProviderRequest
from tests.content.test_article_flow import (  # noqa: F401 - fixtures
    FACTS,
    PRODUCT,
    FakeWriter,
    run_article,
    writer,
)
from tests.flows.engine_harness import Engine, engine  # noqa: F401 - the fixture

TIMESTAMP_JUNK = (
    "./10.2,4836597-2022-11-01T18:47:54Z+s/-SJBKDgVbWfjwcAxNzFaYhGnMdCiL/IAM.com, 23 Dec 2022,"
)
LETTER_JUNK = ", s, bf, daf, fb, gd"
GLUED = "Baking soursoploftenbreadisbestfavreelastewoodlampbake"
SPANISHISH = "Lo que se panadero la masa madre del cuando pan en casa hornear con la levadura"


def garbage_section(text: str) -> dict[str, Any]:
    return {"paragraphs": [text]}


@pytest.mark.timeout(120)
def test_a_garbage_section_is_asked_again_with_the_reason(
    engine: Engine,  # noqa: F811
    writer: FakeWriter,  # noqa: F811
) -> None:
    writer.overrides["section"] = [garbage_section(TIMESTAMP_JUNK)]
    _, status = run_article(engine, sections=2)
    assert status.status == "completed", status.error
    article = ContentData.model_validate(status.outputs["article"])
    assert "4836597" not in article.body_html and "IAM.com" not in article.body_html
    (repair,) = writer.prompts["field_repair"]
    assert "It was refused because" in repair and "4836597-2022-11-01T18:47:54Z" in repair
    assert "field_fresh" not in writer.prompts


@pytest.mark.timeout(120)
@pytest.mark.parametrize(
    ("step", "answer"),
    [
        pytest.param("section", garbage_section(TIMESTAMP_JUNK), id="timestamp-and-hash"),
        pytest.param("section", garbage_section(LETTER_JUNK + LETTER_JUNK), id="letter-clusters"),
        pytest.param("conclusion", {"heading": "Bake", "paragraph": GLUED}, id="glued-words"),
        pytest.param(
            "seo",
            {"seo_title": "140-256,793.8,", "meta_desc": SPANISHISH * 2, "excerpt": SPANISHISH},
            id="digits-title-and-wrong-language",
        ),
    ],
)
def test_garbage_that_no_rewrite_fixes_fails_the_run_with_every_reason(
    engine: Engine,  # noqa: F811
    writer: FakeWriter,  # noqa: F811
    step: str,
    answer: dict[str, Any],
) -> None:
    writer.overrides[step] = [answer]
    stubborn = next(iter(value for value in answer.values() if isinstance(value, str)), None)
    bad_text = stubborn if stubborn is not None else answer["paragraphs"][0]
    # The model keeps writing the same garbage however it is asked.
    writer.overrides["field_repair"] = [{"text": bad_text}] * 40
    writer.overrides["field_fresh"] = [{"text": bad_text}] * 40
    writer.overrides[f"{step}_repair"] = [answer] * 40
    script = FakeProvider.scripts["fake"]
    execution_id, status = run_article(engine, sections=2)
    assert status.status == "failed", "garbage was returned as a success"
    assert "article" not in status.outputs
    assert engine.node_status(execution_id)["article"] == "failed"
    assert "still breaks" in (status.error or "")
    # A quality rule fired: the hint says a retry may pass and a larger model would.
    assert "retry draws fresh samples" in (status.error or "")
    # Re-asked with the reason first, then asked afresh with a new sample and no old text.
    assert writer.prompts["field_repair"] and writer.prompts["field_fresh"]
    fresh = [r for r in script.requests if _user(r).startswith("An article in ")]
    fresh = [r for r in fresh if "It was refused because" not in _user(r)]
    assert fresh and all(r.params.sample >= 1 for r in fresh)
    assert all(bad_text not in _user(r) for r in fresh)


def test_a_paragraph_repeated_four_times_is_not_published(
    engine: Engine,  # noqa: F811
    writer: FakeWriter,  # noqa: F811
) -> None:
    same = (
        "Sourdough rewards patience: feed the starter, wait for bubbles, and bake when the"
        " dough has doubled in size."
    )
    writer.overrides["section"] = [{"paragraphs": [same, same]}, {"paragraphs": [same, same]}]
    writer.overrides["field_repair"] = [{"text": same}] * 40
    writer.overrides["field_fresh"] = [{"text": same}] * 40
    _, status = run_article(engine, sections=2)
    assert status.status == "failed", "a repeated paragraph was returned as a success"
    assert "repeat" in (status.error or "")


def _user(request: ProviderRequest) -> str:
    return next(m.content for m in request.messages if m.role == "user")


LEAKY_PRODUCT = {
    **PRODUCT,
    "title": "At most 50 words,",
    "feature_bullets": ["140 to 395 words", "At most 60 characters", "Two deep pockets"],
    "long_description": ["Keywords to use: linen apron"],
}


def run_product_with(engine: Engine, answer: Any) -> tuple[Any, list[ProviderRequest]]:  # noqa: F811
    script = FakeProvider.scripts["fake"]
    script.replies.clear()
    script.requests.clear()
    script.add(*[answer] * 60)
    inputs = product_inputs(
        engine.instance, engine.tenant_id, ProductFacts.model_validate(FACTS), model="fake:test"
    )
    _, status = asyncio.run(engine.run(builtin_flow("product"), inputs))
    return status, script.requests


@pytest.mark.timeout(120)
def test_leaked_instructions_in_product_copy_are_rewritten(
    engine: Engine,  # noqa: F811
    writer: FakeWriter,  # noqa: F811
) -> None:
    good = {
        "title": "Linen apron for bakers",
        "feature_bullets[0]": "Washed linen that softens",
        "feature_bullets[1]": "Straps that adjust",
        "long_description[0]": PRODUCT["long_description"][0],
    }

    def model(request: ProviderRequest) -> str:
        prompt = _user(request)
        if prompt.startswith("Write product copy"):
            return json.dumps(LEAKY_PRODUCT)
        for field, text in good.items():
            if f"{field!r}" in prompt or _asks_for(prompt, field):
                return json.dumps({"text": text})
        return json.dumps(PRODUCT)

    status, _ = run_product_with(engine, model)
    assert status.status == "completed", status.error
    copy = ProductCopy.model_validate(status.outputs["product"])
    published = json.dumps(copy.model_dump(mode="json"))
    for leak in ("At most", "140 to 395 words", "Keywords to use"):
        assert leak not in published


def _asks_for(prompt: str, field: str) -> bool:
    asked = {
        "title": "the product title",
        "feature_bullets[0]": "one feature",
        "feature_bullets[1]": "one feature",
        "long_description[0]": "paragraph 1 of the product description",
    }[field]
    return asked in prompt


@pytest.mark.timeout(120)
def test_product_copy_that_keeps_leaking_the_prompt_fails(
    engine: Engine,  # noqa: F811
    writer: FakeWriter,  # noqa: F811
) -> None:
    def model(request: ProviderRequest) -> str:
        if _user(request).startswith("Write product copy"):
            return json.dumps(LEAKY_PRODUCT)
        if "Rewrite this product copy" in _user(request):
            return json.dumps(LEAKY_PRODUCT)
        return json.dumps({"text": "At most 60 characters"})

    status, _ = run_product_with(engine, model)
    assert status.status == "failed", "copy quoting the prompt was returned as a success"
    assert "product" not in status.outputs
    assert "quality_prompt_leak" in (status.error or "") or "instruction" in (status.error or "")
