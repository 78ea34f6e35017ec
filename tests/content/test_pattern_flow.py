"""The pattern flow on the engine with the shipped fake provider forcing each kind of failure.

Archetype path: the fake model fills slots; a slot that fails the quality gate is re-asked
alone quoting why, then its group is drawn afresh (``GenerationParams.sample``), then the
run fails listing every reason. Free path (a brief no archetype fits, on a model with
native structured output): the model's own layout is repaired by path, held to the brief's
counts, fixed, and replaced by the archetype skeleton when it still misses something.
WordPress's own parser reads every finished pattern back with no invalid or freeform block.
"""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from presswright.content.blocks import render_pattern, validate_pattern
from presswright.content.pattern import PatternRequest
from presswright.content.pattern_asks import count_parts
from presswright.content.pattern_draft import pattern_draft_schema
from presswright.content.service import builtin_flow, pattern_from_outputs, pattern_inputs
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.llm.types import ProviderRequest
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from tests.content.test_blocks import expected_tree, names, tree
from tests.content.test_pattern_corpus import SlotWriter
from tests.content.wordpress_php import freeform_or_invalid, parse_blocks
from tests.flows.engine_harness import Engine, engine  # noqa: F401 - the fixture

# Names no archetype: a model with native structured output designs the layout itself.
THREE_COLUMNS = "Our bakery's history in three columns, from the first oven to today"
DESCRIPTION = "A timeline of our bakery's history, from the first oven to today"
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
                {"type": "paragraph", "text": "Sourdough, rye & pastries before sunrise."},
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
    """Answers a free layout's draft and repair prompts from ``answers[step]`` queues, and
    every slot request with ``slots`` (functions of the request, each used once; None
    leaves the answer to the :class:`SlotWriter`)."""

    def __init__(self) -> None:
        self.answers: dict[str, list[dict[str, Any]]] = {"draft": [], "repair": []}
        self.prompts: dict[str, list[str]] = {"draft": [], "repair": [], "slots": []}
        self.systems: list[str] = []
        self.schemas: list[dict[str, Any] | None] = []
        self.slot_requests: list[ProviderRequest] = []
        self.slots: list[Callable[[ProviderRequest], dict[str, str] | None]] = []
        self.writer = SlotWriter()

    def __call__(self, request: ProviderRequest) -> str:
        prompt = next(m.content for m in request.messages if m.role == "user")
        if request.json_schema and request.json_schema.get("title") == "PatternText":
            self.prompts["slots"].append(prompt)
            self.slot_requests.append(request)
            answer = self.slots.pop(0)(request) if self.slots else None
            return json.dumps(answer) if answer is not None else self.writer(request)
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
    script.add(*[fake] * 100)
    with engine.instance.database.tenant_session(engine.tenant_id) as session:
        create_provider_config(
            session,
            data=ProviderConfigCreate(name="fake", kind="fake"),
            box=engine.instance.secretbox,
        )
    yield fake
    FakeProvider.scripts.pop("fake", None)


def run_pattern(
    engine: Engine,  # noqa: F811
    category: str | None = None,
    description: str = DESCRIPTION,
) -> tuple[str, Any]:
    request = PatternRequest(description=description, category=category)
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
    assert designer.prompts["repair"] == [] and designer.prompts["slots"] == []
    assert DESCRIPTION in designer.prompts["draft"][0]
    assert result.asks == {"archetype": "text", "language": "en"}
    # The system prompt names each block type with where it may sit, and holds no example.
    assert "- button: required text, url, only inside buttons" in designer.systems[0]
    assert "Example" not in designer.systems[0] and "Friday" not in designer.systems[0]
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
def test_a_free_layout_missing_the_asked_columns_is_re_asked_quoting_them(
    engine: Engine,  # noqa: F811
    designer: FakeDesigner,
) -> None:
    two = copy.deepcopy(GOOD)  # GOOD has one columns block, of two
    three = copy.deepcopy(GOOD)
    three["blocks"][1]["inner"].append({"type": "column", "inner": [OPEN_DAILY]})
    designer.answers["draft"] = [two]
    designer.answers["repair"] = [three]
    _, status = run_pattern(engine, description=THREE_COLUMNS)
    assert status.status == "completed", status.error
    assert "It must have exactly 3 columns side by side." in designer.prompts["draft"][0]
    repair = designer.prompts["repair"][0]
    assert "the brief asks for 3 columns side by side; the pattern has 2" in repair
    assert status.outputs["pattern"]["spec"] == three
    asks = status.outputs["pattern"]["asks"]
    assert asks == {"archetype": "text", "columns": 3, "language": "en"}


@pytest.mark.timeout(60)
def test_a_free_layout_that_never_meets_the_asks_gives_way_to_the_archetype(
    engine: Engine,  # noqa: F811
    designer: FakeDesigner,
) -> None:
    _, status = run_pattern(engine, description=THREE_COLUMNS)
    assert status.status == "completed", status.error
    spec = status.outputs["pattern"]["spec"]
    assert count_parts(spec["blocks"])["columns"] == [3]
    assert len(designer.prompts["repair"]) == 2 and designer.prompts["slots"]
    read_back(status.outputs["pattern"]["markup"], spec)


@pytest.mark.timeout(60)
def test_an_unfixable_free_layout_falls_back_to_the_archetype_skeleton(
    engine: Engine,  # noqa: F811
    designer: FakeDesigner,
) -> None:
    hopeless = {"title": "Bakery", "category": "featured", "blocks": [{"type": "slider"}]}
    designer.answers["draft"] = [hopeless]
    designer.answers["repair"] = [hopeless, hopeless]
    _, status = run_pattern(engine)
    assert status.status == "completed", status.error
    spec = status.outputs["pattern"]["spec"]
    assert validate_pattern(spec) == [] and spec["blocks"][0]["type"] == "group"
    assert len(designer.prompts["repair"]) == 2
    read_back(status.outputs["pattern"]["markup"], spec)


def junk_in(writer: SlotWriter, key: str) -> Callable[[ProviderRequest], dict[str, str] | None]:
    """A slot answer whose ``key`` is keyboard mash (other requests: the writer's)."""

    def answer(request: ProviderRequest) -> dict[str, str] | None:
        assert request.json_schema is not None
        if key not in request.json_schema["properties"]:
            return None
        good: dict[str, str] = json.loads(writer(request))
        return {**good, key: "asdf qwer zxcv asdf qwer zxcv hjkl uiop"}

    return answer


def reasked(designer: FakeDesigner) -> list[ProviderRequest]:
    """The slot requests that re-ask failing slots."""
    return [r for r in designer.slot_requests if "broke these rules" in r.messages[-1].content]


@pytest.mark.timeout(60)
def test_a_failing_slot_is_re_asked_alone_quoting_the_reason(
    engine: Engine,  # noqa: F811
    designer: FakeDesigner,
) -> None:
    designer.slots = [junk_in(designer.writer, "intro")]
    _, status = run_pattern(engine, description="FAQ with four questions for a bike repair shop")
    assert status.status == "completed", status.error
    [again] = reasked(designer)
    assert again.json_schema is not None
    assert list(again.json_schema["properties"]) == ["intro"]  # only the failing slot
    assert "intro (was 'asdf qwer zxcv" in again.messages[-1].content
    spec = status.outputs["pattern"]["spec"]
    assert "asdf" not in json.dumps(spec)
    assert count_parts(spec["blocks"])["questions"] == 4


@pytest.mark.timeout(60)
def test_a_slot_that_stays_bad_fails_the_run_after_a_fresh_sample_listing_every_reason(
    engine: Engine,  # noqa: F811
    designer: FakeDesigner,
) -> None:
    designer.slots = [junk_in(designer.writer, "heading")] * 40
    execution_id, status = run_pattern(engine, description="A call to action for a charity run")
    assert status.status == "failed"
    error = status.error or ""
    assert "block pattern text still breaks" in error
    assert "s0.heading: " in error and "write real words of the language" in error
    assert "pattern" not in status.outputs
    assert engine.node_status(execution_id)["pattern"] == "failed"
    samples = [r.params.sample for r in designer.slot_requests]
    assert samples[0] == 0 and max(samples) == 2  # the first draw, then a fresh one
    assert len(reasked(designer)) == 4  # two re-asks after each draw
