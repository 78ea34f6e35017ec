"""React Flow graphs (Lekhika's engines, the studio canvas) to flow specs and back."""

from __future__ import annotations

from typing import Any

import pytest

from presswright.flows.problems import FlowValidationError
from presswright.flows.react_flow import (
    literal_text,
    react_flow_from_spec,
    spec_from_react_flow,
    spec_node_id,
)
from presswright.flows.spec import FlowSpec, NodePosition
from presswright.flows.templates import render


def lekhika_node(node_id: str, kind: str, **data: Any) -> dict[str, Any]:
    return {
        "id": node_id,
        "type": kind,
        "position": {"x": 0, "y": 0},
        "data": {"type": kind} | data,
    }


def edge(source: str, target: str, **extra: Any) -> dict[str, Any]:
    return {"id": f"{source}->{target}", "source": source, "target": target} | extra


BOOK: dict[str, Any] = {
    "nodes": [
        lekhika_node(
            "input-1",
            "input",
            inputFields=[
                {"variable": "topic", "type": "text", "required": True},
                {"name": "Word Count", "type": "number"},
            ],
        ),
        lekhika_node(
            "process-1",
            "process",
            label="Story Architect",
            systemPrompt='Plan {{ like this }} as JSON: {"parts": []}',
            userPrompt="Plan a book on {{topic}}.",
            selectedModels=["openai:gpt-4o-mini"],
            temperature=0.4,
            maxTokens=900,
        ),
        lekhika_node(
            "Process 2",
            "process",
            label="Writer",
            aiConfig={"userPrompt": "Write from {{Story Architect}}.", "temperature": 0.9},
        ),
        lekhika_node("output-1", "output", label="Book"),
    ],
    "edges": [
        edge("input-1", "process-1"),
        edge("process-1", "Process 2"),
        edge("Process 2", "output-1"),
    ],
    "viewport": {"x": 0, "y": 0, "zoom": 1},
}


def test_ids_read_the_same_way_every_time() -> None:
    assert spec_node_id("process-1") == "process_1"
    assert spec_node_id("Process 2") == "process_2"
    assert spec_node_id("17") == "n_17"
    assert spec_node_id("dndnode_0") == spec_node_id("dndnode_0") == "dndnode_0"


def test_a_lekhika_engine_becomes_a_checked_spec() -> None:
    spec = spec_from_react_flow(BOOK, name="book")
    assert [(n.id, n.type) for n in spec.nodes] == [
        ("process_1", "llm"),
        ("process_2", "llm"),
        ("output_1", "template"),
    ]
    assert [(e.source, e.target) for e in spec.edges] == [
        ("process_1", "process_2"),
        ("process_2", "output_1"),
    ]
    assert spec.inputs == {
        "topic": {"type": "string"},
        "Word Count": {"type": ["number", "null"], "default": None},
    }
    architect = spec.node("process_1").config
    assert (architect["model"], architect["temperature"], architect["max_tokens"]) == (
        "openai:gpt-4o-mini",
        0.4,
        900,
    )
    variables = {"inputs": {"topic": "bees", "Word Count": None}, "process_1": "PLAN"}
    assert render(architect["prompt"], variables).startswith("Plan a book on bees.\n\nInputs:")
    # Braces that name no input or node are Lekhika's text, kept as written.
    assert render(architect["system"], variables) == 'Plan {{ like this }} as JSON: {"parts": []}'
    writer = spec.node("process_2").config
    assert render(writer["prompt"], variables).startswith("Write from PLAN.")
    assert "Story Architect:" not in writer["prompt"]  # read once, where the prompt names it
    assert spec.node("output_1").config == {"template": "{{ process_2 }}"}


def test_an_upstream_output_not_named_in_the_prompt_follows_it() -> None:
    graph = {
        "nodes": [
            lekhika_node("a", "process", label="Research", userPrompt="Research."),
            lekhika_node("b", "process", userPrompt="Summarise."),
        ],
        "edges": [edge("a", "b")],
    }
    prompt = spec_from_react_flow(graph).node("b").config["prompt"]
    assert render(prompt, {"inputs": {}, "a": "FACTS"}) == "Summarise.\n\nResearch:\nFACTS"


def test_every_unconvertible_node_is_named_with_what_is_wrong() -> None:
    graph = {
        "nodes": [
            lekhika_node("pic", "image", prompt="a cat"),
            lekhika_node("p", "process", label="no prompt"),
        ],
        "edges": [],
    }
    with pytest.raises(FlowValidationError) as raised:
        spec_from_react_flow(graph)
    where = {problem.where: problem.message for problem in raised.value.problems}
    assert "'image' has no Presswright equivalent" in where["node 'pic'"]
    assert "userPrompt" in where["node 'p'"]
    assert len(where) == 2


def test_a_canvas_node_of_a_presswright_type_is_checked_like_any_spec_node() -> None:
    graph = {"nodes": [{"id": "t", "data": {"type": "template", "config": {"x": 1}}}]}
    with pytest.raises(FlowValidationError) as raised:
        spec_from_react_flow(graph)
    assert {p.where for p in raised.value.problems} == {"node 't'"}  # missing and unknown


@pytest.mark.parametrize(
    ("graph", "where", "says"),
    [
        ({"nodes": []}, "nodes", "non-empty"),
        ({"nodes": [{"type": "process"}]}, "nodes[0]", "needs an id"),
        (
            {"nodes": [lekhika_node("a-1", "output"), lekhika_node("a_1", "output")]},
            "node 'a_1'",
            "like another",
        ),
        (
            {"nodes": [lekhika_node("a", "output")], "edges": [edge("a", "ghost")]},
            "edges[0]",
            "target 'ghost' is no node",
        ),
        (
            {"nodes": [lekhika_node("i", "input", inputFields=[{"type": "text"}])]},
            "node 'i'",
            "no name or variable",
        ),
    ],
)
def test_malformed_graphs_name_the_place(graph: dict[str, Any], where: str, says: str) -> None:
    with pytest.raises(FlowValidationError) as raised:
        spec_from_react_flow(graph)
    assert [(p.where, says in p.message) for p in raised.value.problems] == [(where, True)]


def test_a_cycle_is_refused_by_the_specs_own_check() -> None:
    graph = {
        "nodes": [lekhika_node("a", "process", userPrompt="A"), lekhika_node("b", "output")],
        "edges": [edge("a", "b"), edge("b", "a")],
    }
    with pytest.raises(FlowValidationError, match="cycle"):
        spec_from_react_flow(graph)


def test_inputs_a_run_brings_are_declared_when_no_input_node_does() -> None:
    graph = {"nodes": [lekhika_node("p", "process", userPrompt="Go.")], "edges": []}
    spec = spec_from_react_flow(graph, given_inputs=["topic"])
    assert spec.inputs == {"topic": {"default": None}}
    assert "{{ inputs['topic'] }}" in spec.node("p").config["prompt"]


def test_any_spec_goes_to_the_canvas_and_back_unchanged() -> None:
    spec = FlowSpec.model_validate(
        {
            "name": "branching",
            "version": 3,
            "inputs": {"n": {"type": "integer"}},
            "nodes": [
                {"id": "check", "type": "condition", "config": {"if": "inputs.n > 3"}},
                {"id": "big", "type": "template", "config": {"template": "big"}, "retries": 2},
                {"id": "small", "type": "template", "config": {"template": "small"}},
            ],
            "edges": [
                {"from": "check", "to": "big", "when": "true"},
                {"from": "check", "to": "small", "when": "false"},
            ],
            "outputs": {"answer": "{{ big }}"},
        }
    )
    canvas = react_flow_from_spec(spec)
    assert canvas["edges"][0] == {
        "id": "check-big",
        "source": "check",
        "target": "big",
        "sourceHandle": "true",
    }
    assert canvas["nodes"][1]["position"] == {"x": 280, "y": 0}
    back = spec_from_react_flow(canvas)
    # Read back, the spec is the same but for where its nodes are drawn, which it now keeps.
    unplaced = {"nodes": {"__all__": {"position"}}}
    assert back.model_dump(exclude=unplaced) == spec.model_dump(exclude=unplaced)
    assert back.node("big").position == NodePosition(x=280, y=0)
    assert spec_from_react_flow(react_flow_from_spec(back)) == back
    lekhika = spec_from_react_flow(BOOK, name="book")
    assert spec_from_react_flow(react_flow_from_spec(lekhika)) == lekhika


def test_where_a_node_was_dragged_is_saved_and_drawn_there_again() -> None:
    spec = FlowSpec.model_validate(
        {
            "name": "placed",
            "nodes": [
                {"id": "a", "type": "template", "config": {"template": "a"}},
                {
                    "id": "b",
                    "type": "template",
                    "config": {"template": "{{ a }}"},
                    "position": {"x": 512.5, "y": -40},
                },
            ],
            "edges": [{"from": "a", "to": "b"}],
        }
    )
    canvas = react_flow_from_spec(spec)
    assert canvas["nodes"][0]["position"] == {"x": 0, "y": 0}  # laid out: never placed
    assert canvas["nodes"][1]["position"] == {"x": 512.5, "y": -40.0}
    canvas["nodes"][0]["position"] = {"x": 10, "y": 300}
    moved = spec_from_react_flow(canvas)
    assert moved.node("a").position == NodePosition(x=10, y=300)
    assert moved.node("b").position == NodePosition(x=512.5, y=-40)


@pytest.mark.parametrize(
    "position",
    [None, "left", {"x": "far"}, {"x": 1}, {"x": float("nan"), "y": 0}, {"x": 1e9, "y": 0}],
)
def test_an_unusable_position_is_laid_out_anew(position: Any) -> None:
    graph = {
        "nodes": [
            {
                "id": "only",
                "position": position,
                "data": {"type": "template", "config": {"template": "x"}},
            }
        ],
        "edges": [],
    }
    assert spec_from_react_flow(graph, name="one").node("only").position is None


def test_a_position_in_a_spec_is_checked() -> None:
    with pytest.raises(ValueError, match="position"):
        FlowSpec.model_validate(
            {
                "name": "bad",
                "nodes": [
                    {
                        "id": "a",
                        "type": "template",
                        "config": {"template": "a"},
                        "position": {"x": 1},
                    }
                ],
            }
        )


@pytest.mark.parametrize("text", ["plain", "{{ x }} {% if %}", "a {% endraw %} b {{ y }}"])
def test_literal_text_renders_to_itself(text: str) -> None:
    assert render(literal_text(text), {}) == text
