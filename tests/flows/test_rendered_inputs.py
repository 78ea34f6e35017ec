"""Each attempt keeps its config's templates as the node rendered them (the inspector's inputs)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from presswright.flows.nodes.base import NodeContext
from presswright.flows.rendered_inputs import MAX_CHARS, recording, rendered_inputs
from presswright.flows.templates import render, render_value
from presswright.store.models import NodeRun
from tests.flows.engine_harness import Engine, chain, flow

pytestmark = pytest.mark.usefixtures("with_test_node_types")


@pytest.mark.timeout(60)
def test_a_run_keeps_what_each_node_and_map_item_rendered(engine: Engine) -> None:
    child = {"type": "template", "config": {"template": "Item {{ index }}: {{ item }}"}}
    spec = flow(
        [
            {"id": "greet", "type": "template", "config": {"template": "Hi, {{ inputs.name }}!"}},
            {"id": "each", "type": "map", "config": {"over": "{{ inputs.xs }}", "node": child}},
        ],
        chain("greet", "each"),
        inputs={
            "name": {"type": "string", "default": "Ada"},
            "xs": {"type": "array", "default": ["tea", "cake"]},
        },
    )

    async def scenario() -> str:
        execution_id, status = await engine.run(spec)
        assert status.status == "completed", status.error
        return execution_id

    execution_id = asyncio.run(scenario())
    with engine.instance.database.tenant_session(engine.tenant_id) as session:
        rows = session.execute(
            select(NodeRun.node_id, NodeRun.inputs).where(NodeRun.execution_id == execution_id)
        ).all()
    inputs = dict(rows)
    assert inputs["greet"] == {"template": "Hi, Ada!"}
    assert inputs["each[0]"] == {"template": "Item 0: tea"}
    assert inputs["each[1]"] == {"template": "Item 1: cake"}
    assert inputs["each"] is None  # the map's own row holds its items' outputs, rendered nothing


def test_values_are_kept_json_safe_and_long_ones_are_cut() -> None:
    seen: dict[str, object] = {}
    context = recording(
        NodeContext(
            execution_id="e",
            node_id="n",
            inputs={},
            upstream={},
            render=render,
            render_value=render_value,
            complete=lambda *a, **k: None,  # type: ignore[arg-type,return-value]
        ),
        seen,
    )
    variables = {"long": "x" * (MAX_CHARS + 5), "rows": [{"a": 1}]}
    context.render("{{ long }}", variables)
    context.render_value("{{ rows }}", variables)
    kept = rendered_inputs(
        {"prompt": "{{ long }}", "schema": "{{ rows }}", "unused": "{{ other }}"}, seen
    )
    assert kept is not None
    assert kept["prompt"].endswith("… (5 more characters)")
    assert len(kept["prompt"]) < MAX_CHARS + 40
    assert kept["schema"] == [{"a": 1}]
    assert "unused" not in kept
    assert rendered_inputs({"prompt": "{{ x }}"}, {}) is None
