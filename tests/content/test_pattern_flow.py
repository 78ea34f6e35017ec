"""The pattern flow on the engine with the shipped fake provider forcing each kind of failure.

The fake model answers the draft prompt and the repair prompts from scripted queues; the
tests prove the defence order (repair re-asks quoting each violation by path, then
deterministic fixes, then a clear error), and WordPress's own parser reads every finished
pattern back with no invalid or freeform block.
"""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest

from presswright.content.blocks import render_pattern, validate_pattern
from presswright.content.pattern import PatternRequest
from presswright.content.pattern_draft import pattern_draft_schema
from presswright.content.service import builtin_flow, pattern_from_outputs, pattern_inputs
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.llm.types import ProviderRequest
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from tests.content.test_blocks import expected_tree, names, tree
from tests.content.wordpress_php import freeform_or_invalid, parse_blocks
from tests.flows.test_durability import Engine, engine  # noqa: F401 - the fixture

DESCRIPTION = "Hero with a call to action for a small bakery"
IMG = "https://cdn.example.com/bakery/loaves.jpg"
OPEN_DAILY = {"type": "paragraph", "text": "Open daily."}

# Every supported block type, nested no deeper than the draft allows.
GOOD: dict[str, Any] = {
    "title": "Bakery hero",
    "category": "featured",
    "blocks": [
        {
            "type": "cover",
            "url": IMG,
            "alt": "Loaves on a wooden counter",
            "inner": [
                {"type": "heading", "level": 1, "text": "Fresh every morning"},
                {"type": "paragraph", "text": "Sourdough, rye & pastries <before> sunrise."},
                {
                    "type": "buttons",
                    "inner": [
                        {"type": "button", "text": "Order now", "url": "/order"},
                        {"type": "button", "text": "Visit us", "url": "#visit"},
                    ],
                },
            ],
        },
        {
            "type": "columns",
            "inner": [
                {"type": "column", "inner": [{"type": "image", "url": IMG, "alt": "Rye"}]},
                {"type": "column", "inner": [{"type": "list", "items": ["Sourdough", "Rye"]}]},
            ],
        },
        {
            "type": "media-text",
            "url": IMG,
            "alt": "Our wood-fired oven",
            "inner": [{"type": "paragraph", "text": "Baking since 1987."}],
        },
        {
            "type": "group",
            "inner": [
                {"type": "quote", "text": "Best bread in town."},
                {"type": "separator"},
                {"type": "table", "rows": [["Mon-Fri", "7-18"], ["Sat", "8-14"]]},
            ],
        },
        {"type": "spacer"},
    ],
}


class FakeDesigner:
    """Answers the draft and the repair prompts; ``answers[step]`` queues answers in turn."""

    def __init__(self) -> None:
        self.answers: dict[str, list[dict[str, Any]]] = {"draft": [], "repair": []}
        self.prompts: dict[str, list[str]] = {"draft": [], "repair": []}
        self.systems: list[str] = []
        self.schemas: list[dict[str, Any] | None] = []

    def __call__(self, request: ProviderRequest) -> str:
        prompt = next(m.content for m in request.messages if m.role == "user")
        if prompt.startswith("Rewrite this block pattern"):
            step = "repair"
        elif prompt.startswith("Design a WordPress block pattern"):
            step = "draft"
        else:
            raise AssertionError(f"unexpected prompt: {prompt[:80]}")
        self.prompts[step].append(prompt)
        self.systems.extend(m.content for m in request.messages if m.role == "system")
        self.schemas.append(request.json_schema)
        queued = self.answers[step]
        return json.dumps(queued.pop(0) if queued else GOOD)


@pytest.fixture
def designer(engine: Engine) -> Iterator[FakeDesigner]:  # noqa: F811
    script = FakeProvider.scripts["fake"] = FakeScript()
    fake = FakeDesigner()
    script.add(*[fake] * 50)
    with engine.instance.database.tenant_session(engine.tenant_id) as session:
        create_provider_config(
            session,
            data=ProviderConfigCreate(name="fake", kind="fake"),
            box=engine.instance.secretbox,
        )
    yield fake
    FakeProvider.scripts.pop("fake", None)


def run_pattern(engine: Engine, category: str | None = None) -> tuple[str, Any]:  # noqa: F811
    request = PatternRequest(description=DESCRIPTION, category=category)
    inputs = pattern_inputs(request, model="fake:test")
    return asyncio.run(engine.run(builtin_flow("pattern"), inputs))


def read_back(markup: str, spec: dict[str, Any]) -> None:
    """WordPress parses the markup into exactly the spec's blocks, none invalid or freeform."""
    parsed = parse_blocks(markup)
    expected = expected_tree(spec["blocks"])
    assert freeform_or_invalid(parsed, names(expected)) == []
    assert tree(parsed) == expected


@pytest.mark.timeout(60)
def test_a_valid_draft_becomes_the_pattern_unchanged(
    engine: Engine,  # noqa: F811
    designer: FakeDesigner,
) -> None:
    _, status = run_pattern(engine)
    assert status.status == "completed", status.error
    result = pattern_from_outputs(status.outputs)
    assert status.outputs["pattern"]["spec"] == GOOD
    assert result.markup == render_pattern(GOOD)
    read_back(result.markup, GOOD)
    assert designer.prompts["repair"] == []
    assert DESCRIPTION in designer.prompts["draft"][0]
    # The system prompt names each block type with where it may sit.
    assert "- button: required text, url, only inside buttons" in designer.systems[0]
    # Constrained decoding gets the strict schema: only valid nesting can be generated.
    assert designer.schemas == [pattern_draft_schema()]


@pytest.mark.timeout(60)
def test_the_users_category_replaces_the_models(
    engine: Engine,  # noqa: F811
    designer: FakeDesigner,
) -> None:
    _, status = run_pattern(engine, category="bakery")
    assert status.status == "completed", status.error
    assert status.outputs["pattern"]["spec"]["category"] == "bakery"
    assert "Category: bakery." in designer.prompts["draft"][0]


@pytest.mark.timeout(60)
def test_violations_are_quoted_back_by_path_and_repaired_by_the_model(
    engine: Engine,  # noqa: F811
    designer: FakeDesigner,
) -> None:
    broken = copy.deepcopy(GOOD)
    broken["blocks"][0]["inner"][2] = {"type": "button", "text": "Order", "url": "javascript:x"}
    broken["blocks"][1]["inner"][0]["type"] = "carousel"
    designer.answers["draft"] = [broken]
    _, status = run_pattern(engine)
    assert status.status == "completed", status.error
    assert status.outputs["pattern"]["spec"] == GOOD
    assert len(designer.prompts["repair"]) == 1
    repair = designer.prompts["repair"][0]
    assert "blocks[0].inner[2]: a button block must sit directly inside buttons" in repair
    assert "blocks[0].inner[2].url: URL 'javascript:x' is not allowed" in repair
    assert "blocks[1].inner[0]: unknown block type 'carousel'" in repair
    assert DESCRIPTION in repair and '"carousel"' in repair  # the answer it is to rewrite
    read_back(status.outputs["pattern"]["markup"], GOOD)


@pytest.mark.timeout(60)
def test_what_the_model_keeps_breaking_is_fixed_deterministically(
    engine: Engine,  # noqa: F811
    designer: FakeDesigner,
) -> None:
    stubborn = {
        "title": "Bakery hero",
        "category": "featured",
        "blocks": [
            {"type": "slider", "text": "Fresh bread"},
            {
                "type": "cover",
                "url": IMG,
                "alt": "Loaves",
                "inner": [
                    {"type": "heading", "level": 9, "text": "Fresh every morning"},
                    {"type": "paragraph", "text": "  "},
                    {"type": "button", "text": "Order now", "url": "javascript:alert(1)"},
                    {"type": "button", "text": "Call us", "url": "/contact"},
                ],
            },
            {"type": "column", "inner": [{**OPEN_DAILY, "level": 2}]},
        ],
    }
    designer.answers["draft"] = [stubborn]
    designer.answers["repair"] = [stubborn, stubborn]
    _, status = run_pattern(engine)
    assert status.status == "completed", status.error
    assert len(designer.prompts["repair"]) == 2
    fixed = {
        "title": "Bakery hero",
        "category": "featured",
        "blocks": [
            {
                "type": "cover",
                "url": IMG,
                "alt": "Loaves",
                "inner": [
                    {"type": "heading", "level": 6, "text": "Fresh every morning"},
                    {
                        "type": "buttons",
                        "inner": [
                            {"type": "button", "text": "Order now", "url": "#"},
                            {"type": "button", "text": "Call us", "url": "/contact"},
                        ],
                    },
                ],
            },
            {"type": "columns", "inner": [{"type": "column", "inner": [OPEN_DAILY]}]},
        ],
    }
    assert status.outputs["pattern"]["spec"] == fixed
    assert validate_pattern(fixed) == []
    read_back(status.outputs["pattern"]["markup"], fixed)


@pytest.mark.timeout(60)
def test_an_earlier_fixable_answer_is_used_when_the_repairs_are_worse(
    engine: Engine,  # noqa: F811
    designer: FakeDesigner,
) -> None:
    loose = copy.deepcopy(GOOD)
    loose["blocks"][0]["inner"][2] = {"type": "button", "text": "Order now", "url": "/order"}
    nothing = {"title": "Bakery hero", "category": "featured", "blocks": [{"type": "slider"}]}
    designer.answers["draft"] = [loose]
    designer.answers["repair"] = [nothing, nothing]
    _, status = run_pattern(engine)
    assert status.status == "completed", status.error
    spec = status.outputs["pattern"]["spec"]
    assert spec["blocks"][0]["inner"][2] == {
        "type": "buttons",
        "inner": [{"type": "button", "text": "Order now", "url": "/order"}],
    }
    assert validate_pattern(spec) == []


@pytest.mark.timeout(60)
def test_an_unfixable_pattern_fails_with_every_violation_and_no_output(
    engine: Engine,  # noqa: F811
    designer: FakeDesigner,
) -> None:
    hopeless = {
        "title": "Bakery hero",
        "category": "featured",
        "blocks": [{"type": "slider", "text": "Fresh"}, {"type": "paragraph", "text": " "}],
    }
    designer.answers["draft"] = [hopeless]
    designer.answers["repair"] = [hopeless, hopeless]
    execution_id, status = run_pattern(engine)
    assert status.status == "failed"
    error = status.error or ""
    assert "block pattern still breaks" in error
    assert "blocks[0]: unknown block type 'slider'" in error
    assert "blocks[1].text: a paragraph block needs a non-empty text" in error
    assert "blocks: a pattern needs a block" in error
    assert "pattern" not in status.outputs
    assert engine.node_status(execution_id)["pattern"] == "failed"
    assert len(designer.prompts["repair"]) == 2


@pytest.mark.local_model
@pytest.mark.timeout(300)
def test_the_local_model_designs_a_pattern_that_passes_every_check(engine: Engine) -> None:  # noqa: F811
    request = PatternRequest(description=DESCRIPTION)
    inputs = pattern_inputs(request, model="local:smollm2")
    _, status = asyncio.run(engine.run(builtin_flow("pattern"), inputs))
    assert status.status == "completed", status.error
    result = pattern_from_outputs(status.outputs)
    spec = result.spec.model_dump(mode="json", exclude_defaults=True)
    assert validate_pattern(spec) == []
    assert freeform_or_invalid(parse_blocks(result.markup)) == []
    read_back(result.markup, spec)
