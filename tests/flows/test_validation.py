"""Spec checks, input checks and graph helpers, against small stand-ins for the built-in types."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field

from presswright.errors import UserInputError
from presswright.flows.loading import load_spec, parse_spec
from presswright.flows.nodes.base import NodeContext, NodeOutcome, NodeType
from presswright.flows.spec import FlowSpec
from presswright.flows.validation import (
    FlowProblem,
    FlowValidationError,
    ancestors,
    check_inputs,
    check_spec,
    descendants,
    topological_layers,
    validate_spec,
)

SPECS = Path(__file__).parent / "specs"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class _Stub(NodeType):
    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        raise NotImplementedError


class LlmConfig(_Strict):
    prompt: str
    system: str | None = None
    model: str | None = None
    output_schema: str | dict[str, Any] | None = None
    temperature: float | None = Field(default=None, ge=0, le=2)
    max_tokens: int | None = Field(default=None, ge=1)


class Llm(_Stub):
    name = "llm"
    Config = LlmConfig

    def templates(self, config: BaseModel) -> dict[str, str]:
        assert isinstance(config, LlmConfig)
        return {"prompt": config.prompt, **({"system": config.system} if config.system else {})}


class TemplateConfig(_Strict):
    template: str


class Template(_Stub):
    name = "template"
    Config = TemplateConfig

    def templates(self, config: BaseModel) -> dict[str, str]:
        assert isinstance(config, TemplateConfig)
        return {"template": config.template}


class MapConfig(_Strict):
    over: str
    node: dict[str, Any]
    concurrency: int = Field(default=4, ge=1)
    failure: Literal["fail", "skip", "collect"] = "fail"


class Map(_Stub):
    name = "map"
    Config = MapConfig
    kind = "map"

    def templates(self, config: BaseModel) -> dict[str, str]:
        assert isinstance(config, MapConfig)
        return {"over": config.over}


class ConditionConfig(_Strict):
    if_: str = Field(alias="if")


class Condition(_Stub):
    name = "condition"
    Config = ConditionConfig

    def templates(self, config: BaseModel) -> dict[str, str]:
        assert isinstance(config, ConditionConfig)
        return {"if": config.if_}


class Merge(_Stub):
    name = "merge"
    Config = _Strict


class Review(_Stub):
    name = "human_review"
    Config = _Strict
    kind = "review"


TYPES: dict[str, NodeType] = {
    t.name: t for t in (Llm(), Template(), Map(), Condition(), Merge(), Review())
}


def node(node_id: str, type_: str = "template", **fields: Any) -> dict[str, Any]:
    config = fields.pop("config", {"template": "x"} if type_ == "template" else {})
    return {"id": node_id, "type": type_, "config": config, **fields}


def edge(source: str, target: str, when: str | None = None) -> dict[str, Any]:
    return {"from": source, "to": target, **({"when": when} if when else {})}


BASE: dict[str, Any] = {
    "name": "t",
    "inputs": {"topic": {"type": "string"}},
    "nodes": [
        node("a", "llm", config={"prompt": "About {{ inputs.topic }}"}),
        node("b", config={"template": "{{ a }}"}),
    ],
    "edges": [edge("a", "b")],
}


def spec_with(**changes: Any) -> FlowSpec:
    data = copy.deepcopy(BASE)
    data.update(changes)
    return FlowSpec.model_validate(data)


def problems_of(**changes: Any) -> list[str]:
    return [str(problem) for problem in validate_spec(spec_with(**changes), types=TYPES)]


def test_base_spec_is_clean() -> None:
    assert problems_of() == []


@pytest.mark.parametrize("name", ["article.json", "article.yaml"])
def test_multi_branch_spec_validates_clean(name: str) -> None:
    spec = load_spec(SPECS / name)
    assert validate_spec(spec, types=TYPES) == []
    check_spec(spec, types=TYPES)


@pytest.mark.parametrize("name", ["article.json", "article.yaml"])
def test_multi_branch_spec_validates_clean_against_the_registered_types(name: str) -> None:
    assert validate_spec(load_spec(SPECS / name)) == []


A = node("a", "llm", config={"prompt": "About {{ inputs.topic }}"})
COND = node("c", "condition", config={"if": "{{ a }}"})
SCHEMA = {"type": "object", "properties": {"title": {"type": "string"}}}
CHILD = {"type": "llm", "config": {"prompt": "{{ item }} #{{ index }} of {{ a }}"}}


def map_node(child: dict[str, Any], over: str = "{{ a.items }}") -> dict[str, Any]:
    return node("m", "map", config={"over": over, "node": child})


ERROR_CASES: list[tuple[str, dict[str, Any], str]] = [
    ("no nodes", {"nodes": [], "edges": []}, "flow: has no nodes"),
    (
        "duplicate node id",
        {"nodes": [*BASE["nodes"], node("b")]},
        "node 'b': id used by 2 nodes",
    ),
    ("reserved node id", {"nodes": [*BASE["nodes"], node("inputs")]}, "node 'inputs': id is re"),
    (
        "unknown node type",
        {"nodes": [*BASE["nodes"], node("c", "nope")]},
        "node 'c': unknown node type 'nope'; known types: condition, human_review, llm, map,"
        " merge, template",
    ),
    (
        "config value out of range",
        {"nodes": [node("a", "llm", config={"prompt": "x", "temperature": 5}), BASE["nodes"][1]]},
        "node 'a': config.temperature: Input should be less than or equal to 2",
    ),
    (
        "config field missing",
        {"nodes": [A, node("b", config={})]},
        "node 'b': config: missing field 'template'",
    ),
    (
        "config field unknown",
        {"nodes": [A, node("b", config={"template": "x", "tempate": "y"})]},
        "node 'b': config: unknown field 'tempate'",
    ),
    (
        "edge from unknown node",
        {"edges": [edge("a", "b"), edge("x", "b")]},
        "edge x->b: 'from' names no node of this flow: 'x'",
    ),
    (
        "edge to unknown node",
        {"edges": [edge("a", "b"), edge("a", "y")]},
        "edge a->y: 'to' names no node of this flow: 'y'",
    ),
    (
        "duplicate edge",
        {"edges": [edge("a", "b"), edge("a", "b")]},
        "edge a->b: listed more than once",
    ),
    (
        "self-loop",
        {"edges": [edge("a", "b"), edge("b", "b")]},
        "edge b->b: a node cannot depend on itself",
    ),
    (
        "cycle",
        {
            "nodes": [A, node("b"), node("c"), node("d")],
            "edges": [edge("a", "b"), edge("b", "c"), edge("c", "d"), edge("d", "b")],
        },
        "node 'b': is on a cycle b -> c -> d -> b; remove one of these edges",
    ),
    (
        "branch from a non-condition node",
        {"edges": [edge("a", "b", "true")]},
        "edge a->b: when 'true' needs a condition node as source; 'a' is a 'llm' node",
    ),
    (
        "unknown when",
        {"nodes": [A, COND, node("b")], "edges": [edge("a", "c"), edge("c", "b", "maybe")]},
        "edge c->b: when must be 'true', 'false' or 'error', not 'maybe'",
    ),
    (
        "condition out-edge without when",
        {"nodes": [A, COND, node("b")], "edges": [edge("a", "c"), edge("c", "b")]},
        "edge c->b: an edge from a condition node needs when 'true' or 'false'",
    ),
    (
        "error edge without on_error branch",
        {"edges": [edge("a", "b", "error")]},
        "edge a->b: when 'error' needs on_error 'branch' on node 'a' (it is 'fail')",
    ),
    (
        "on_error branch without error edge",
        {"nodes": [{**A, "on_error": "branch"}, BASE["nodes"][1]]},
        "node 'a': on_error is 'branch' but no edge from it has when 'error'",
    ),
    (
        "template syntax error",
        {"nodes": [A, node("b", config={"template": "{{ a }"})]},
        "node 'b': config.template is not a valid template: unexpected '}'",
    ),
    (
        "template reads an unknown name",
        {"nodes": [A, node("b", config={"template": "{{ a }} {{ stuff }}"})]},
        "node 'b': config.template reads unknown name 'stuff'",
    ),
    (
        "template reads a node that is not upstream",
        {"nodes": [A, node("b", config={"template": "{{ a }} {{ c }}"}), node("c")]},
        "node 'b': config.template reads 'c', which does not run before it; add an edge c->b",
    ),
    (
        "template reads an undeclared input",
        {"nodes": [node("a", "llm", config={"prompt": "{{ inputs.subject }}"}), node("b")]},
        "node 'a': config.prompt reads inputs.subject, which is not a declared input"
        " (declared: topic)",
    ),
    (
        "template reads a field the output schema lacks",
        {
            "nodes": [
                node("a", "llm", config={"prompt": "x", "output_schema": SCHEMA}),
                node("b", config={"template": "{{ a.titel }}"}),
            ]
        },
        "node 'b': config.template reads a.titel, but the output_schema of 'a' has no property"
        " 'titel' (it has: title)",
    ),
    (
        "item outside a map",
        {"nodes": [A, node("b", config={"template": "{{ item }}"})]},
        "node 'b': config.template reads unknown name 'item'",
    ),
    (
        "map over a node that is not upstream",
        {"nodes": [A, node("b"), map_node(CHILD, over="{{ b }}")], "edges": [edge("a", "m")]},
        "node 'm': config.over reads 'b', which does not run before it; add an edge b->m",
    ),
    (
        "map child reads a node that is not upstream",
        {
            "nodes": [
                A,
                node("b"),
                map_node({"type": "template", "config": {"template": "{{ b }}"}}),
            ],
            "edges": [edge("a", "m")],
        },
        "node 'm': config.node.config.template reads 'b', which does not run before it",
    ),
    (
        "map child config invalid",
        {"nodes": [A, map_node({"type": "llm", "config": {}})], "edges": [edge("a", "m")]},
        "node 'm': config.node.config: missing field 'prompt'",
    ),
    (
        "map child of unknown type",
        {"nodes": [A, map_node({"type": "nope"})], "edges": [edge("a", "m")]},
        "node 'm': config.node.type: unknown node type 'nope'",
    ),
    (
        "map child without type",
        {"nodes": [A, map_node({"config": {}})], "edges": [edge("a", "m")]},
        "node 'm': config.node needs a 'type'",
    ),
    (
        "map child that is not a task",
        {"nodes": [A, map_node({"type": "human_review"})], "edges": [edge("a", "m")]},
        "node 'm': config.node.type: a map's child must be a task node, not 'human_review'",
    ),
    (
        "output reads an unknown name",
        {"outputs": {"text": "{{ b }} {{ nobody }}"}},
        "output 'text': template reads unknown name 'nobody'",
    ),
    (
        "output template syntax error",
        {"outputs": {"text": "{% if b %}"}},
        "output 'text': template is not a valid template: Unexpected end of template",
    ),
    (
        "input schema invalid",
        {"inputs": {"topic": {"type": "strng"}}},
        "input 'topic': not a valid JSON Schema: 'strng' is not valid",
    ),
    (
        "input default does not fit its schema",
        {"inputs": {"topic": {"type": "string", "default": 3}}},
        "input 'topic': default does not fit: 3 is not of type 'string'",
    ),
    (
        "input schema refers to nothing",
        {"inputs": {"topic": {"$ref": "#/nope", "default": 1}}},
        "input 'topic': $ref '#/nope' points nowhere; refer inside the schema ($defs)",
    ),
]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [pytest.param(changes, expected, id=name) for name, changes, expected in ERROR_CASES],
)
def test_each_error_kind_is_one_problem_naming_its_place(
    changes: dict[str, Any], expected: str
) -> None:
    problems = problems_of(**changes)
    assert len(problems) == 1, problems
    assert problems[0].startswith(expected), problems[0]


def test_map_child_may_read_item_and_index() -> None:
    assert problems_of(nodes=[A, map_node(CHILD)], edges=[edge("a", "m")]) == []


class MapReportingChild(Map):
    """A map type whose ``templates`` also reports its child's templates."""

    def templates(self, config: BaseModel) -> dict[str, str]:
        assert isinstance(config, MapConfig)
        return {"over": config.over, "node.config.prompt": config.node["config"]["prompt"]}


def test_child_templates_reported_by_the_map_type_are_checked_once_with_item() -> None:
    types = {**TYPES, "map": MapReportingChild()}
    bad_child = {"type": "llm", "config": {"prompt": "{{ item }} {{ nobody }}"}}
    spec = spec_with(nodes=[A, map_node(bad_child)], edges=[edge("a", "m")])
    assert [str(problem) for problem in validate_spec(spec, types=types)] == [
        "node 'm': config.node.config.prompt reads unknown name 'nobody'; templates can read"
        " inputs, upstream node ids, item and index"
    ]


def test_every_problem_is_reported_not_just_the_first() -> None:
    spec = load_spec(SPECS / "problems.json")
    assert [str(problem) for problem in validate_spec(spec, types=TYPES)] == [
        "node 'summary': unknown node type 'no_such_type'; known types: condition, human_review,"
        " llm, map, merge, template",
        "edge draft->ghost: 'to' names no node of this flow: 'ghost'",
        "node 'outline': config.prompt reads inputs.subject, which is not a declared input"
        " (declared: topic)",
        "node 'draft': config.template reads 'summary', which does not run before it;"
        " add an edge summary->draft",
    ]


def test_check_spec_raises_one_error_listing_every_problem_on_one_line() -> None:
    spec = load_spec(SPECS / "problems.json")
    with pytest.raises(FlowValidationError) as caught:
        check_spec(spec, types=TYPES)
    error = caught.value
    assert isinstance(error, UserInputError)
    assert len(error.problems) == 4
    assert error.message.startswith("4 problems in flow 'problems': node 'summary': unknown")
    assert "\n" not in str(error)
    assert error.hint is not None
    assert "presswright flow validate" in error.hint


def test_problem_is_one_line() -> None:
    assert str(FlowProblem("node 'a'", "first\n  second")) == "node 'a': first second"


def diamond() -> FlowSpec:
    # Spec order differs from edge order on purpose: layers must follow spec order.
    return spec_with(
        nodes=[A, node("c"), node("b"), node("d"), node("e"), node("late")],
        edges=[
            edge("a", "b"),
            edge("a", "c"),
            edge("b", "d"),
            edge("c", "d"),
            edge("a", "late"),
            edge("d", "late"),
        ],
    )


def test_topological_layers_of_a_diamond_keep_spec_order() -> None:
    assert topological_layers(diamond()) == [["a", "e"], ["c", "b"], ["d"], ["late"]]


def test_topological_layers_of_the_article_flow() -> None:
    assert topological_layers(load_spec(SPECS / "article.json")) == [
        ["outline"],
        ["intro", "sections"],
        ["draft"],
        ["is_long"],
        ["shorten", "keep"],
        ["fallback"],
    ]


def test_topological_layers_refuse_a_cycle() -> None:
    spec = spec_with(nodes=[A, node("b"), node("c")], edges=[edge("b", "c"), edge("c", "b")])
    with pytest.raises(FlowValidationError, match="cycle; cannot order nodes b, c"):
        topological_layers(spec)


def test_ancestors_and_descendants_of_a_diamond() -> None:
    spec = diamond()
    assert descendants(spec, "a") == {"b", "c", "d", "late"}
    assert descendants(spec, "b") == {"d", "late"}
    assert descendants(spec, "late") == set()
    assert ancestors(spec, "d") == {"a", "b", "c"}
    assert ancestors(spec, "a") == set()
    assert ancestors(spec, "e") == descendants(spec, "e") == set()


INPUTS_SPEC = spec_with(
    inputs={
        "topic": {"type": "string", "minLength": 5},
        "tone": {"type": "string", "enum": ["friendly", "formal"], "default": "friendly"},
        "tags": {"type": "array", "items": {"type": "string"}, "default": []},
    }
)


def test_check_inputs_names_each_missing_input_once() -> None:
    spec = spec_with(inputs={"topic": {"type": "string"}, "audience": {"type": "string"}})
    with pytest.raises(FlowValidationError) as caught:
        check_inputs(spec, {})
    assert [str(problem) for problem in caught.value.problems] == [
        "input 'audience': missing (required)",
        "input 'topic': missing (required)",
    ]


def test_check_inputs_applies_defaults() -> None:
    filled = check_inputs(INPUTS_SPEC, {"topic": "gardening"})
    assert filled == {"topic": "gardening", "tone": "friendly", "tags": []}
    filled["tags"].append("mutated")
    assert check_inputs(INPUTS_SPEC, {"topic": "gardening"})["tags"] == []


def test_check_inputs_keeps_given_values_over_defaults() -> None:
    filled = check_inputs(INPUTS_SPEC, {"topic": "gardening", "tone": "formal"})
    assert filled["tone"] == "formal"


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        pytest.param({}, ["input 'topic': missing (required)"], id="missing"),
        pytest.param({"topic": 5}, ["input 'topic': 5 is not of type 'string'"], id="wrong-type"),
        pytest.param({"topic": "abc"}, ["input 'topic': 'abc' is too short"], id="too-short"),
        pytest.param(
            {"topic": "gardening", "color": "red"},
            ["input 'color': unknown input (declared: tags, tone, topic)"],
            id="unknown",
        ),
        pytest.param(
            {"topic": "gardening", "tags": ["ok", 7]},
            ["input 'tags': [1]: 7 is not of type 'string'"],
            id="nested",
        ),
        pytest.param(
            {"tone": "rude", "extra": 1},
            [
                "input 'extra': unknown input (declared: tags, tone, topic)",
                "input 'tone': 'rude' is not one of ['friendly', 'formal']",
                "input 'topic': missing (required)",
            ],
            id="several",
        ),
    ],
)
def test_check_inputs_lists_each_bad_input(inputs: dict[str, Any], expected: list[str]) -> None:
    with pytest.raises(FlowValidationError) as caught:
        check_inputs(INPUTS_SPEC, inputs)
    assert [str(problem) for problem in caught.value.problems] == expected
    assert "the inputs of flow 't'" in caught.value.message


JSON_SCHEMA_INPUTS = {
    "type": "object",
    "properties": {
        "topic": {"type": "string", "minLength": 5},
        "audience": {"$ref": "#/$defs/audience"},
    },
    "required": ["topic"],
    "$defs": {"audience": {"enum": ["beginners", "experts"]}},
}


def test_inputs_may_be_one_json_schema_object() -> None:
    spec = spec_with(inputs=JSON_SCHEMA_INPUTS)
    assert validate_spec(spec, types=TYPES) == []
    assert spec.input_schema()["required"] == ["topic"]
    # A property outside required may be left out; it is then null.
    assert check_inputs(spec, {"topic": "gardening"}) == {"topic": "gardening", "audience": None}
    assert (
        check_inputs(spec, {"topic": "gardening", "audience": "experts"})["audience"] == "experts"
    )
    with pytest.raises(FlowValidationError) as caught:
        check_inputs(spec, {"topic": "gardening", "audience": "children"})
    assert [str(problem) for problem in caught.value.problems] == [
        "input 'audience': 'children' is not one of ['beginners', 'experts']"
    ]
    with pytest.raises(FlowValidationError, match="input 'topic': missing"):
        check_inputs(spec, {})


@pytest.mark.parametrize(
    "inputs",
    [
        pytest.param({"topic": "string"}, id="map-entry-not-a-schema"),
        pytest.param({"type": "array", "items": {"type": "string"}}, id="not-an-object"),
        pytest.param({"type": "object", "properties": {}, "required": ["topic"]}, id="undeclared"),
        pytest.param(["topic"], id="a-list"),
    ],
)
def test_invalid_inputs_show_both_accepted_shapes(inputs: Any) -> None:
    data = copy.deepcopy(BASE)
    data["inputs"] = inputs
    with pytest.raises(FlowValidationError) as caught:
        parse_spec(data, source="flow.json")
    message = caught.value.message
    assert "map of input name to its JSON Schema" in message
    assert '"type": "object", "properties"' in message
