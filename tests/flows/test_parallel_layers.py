"""Branches and maps: a condition runs one branch, a map keeps to its concurrency and its
failure policy.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from presswright.flows.spec import FlowSpec
from tests.flows.engine_harness import (
    Engine,
    flow,
    sleep,
)

pytestmark = pytest.mark.usefixtures("with_test_node_types")


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("flag", "taken", "skipped"), [(True, "yes", "no"), (False, "no", "yes")])
def test_condition_runs_one_branch_and_skips_the_other(
    engine: Engine, flag: bool, taken: str, skipped: str
) -> None:
    spec = flow(
        [
            {"id": "check", "type": "condition", "config": {"if": "{{ inputs.flag }}"}},
            sleep("yes", 0.01),
            sleep("no", 0.01),
            sleep("after_no", 0.01),
            {"id": "join", "type": "merge", "config": {"mode": "object"}},
        ],
        [
            {"from": "check", "to": "yes", "when": "true"},
            {"from": "check", "to": "no", "when": "false"},
            {"from": "no", "to": "after_no"},
            {"from": "yes", "to": "join"},
            {"from": "after_no", "to": "join"},
        ],
        inputs={"flag": {"type": "boolean"}},
    )

    async def scenario() -> None:
        execution_id, final = await engine.run(spec, {"flag": flag})
        assert final.status == "completed", final.error
        states = engine.node_status(execution_id)
        assert states[taken] == "completed"
        assert states[skipped] == "skipped"
        assert states["after_no"] == ("completed" if taken == "no" else "skipped")
        assert states["join"] == "completed"
        assert engine.runs(execution_id)[skipped] == 0
        assert skipped not in engine.effects_of(execution_id)
        assert final.progress == 100

    asyncio.run(scenario())


def map_flow(
    items: list[Any], child: dict[str, Any], *, concurrency: int = 4, failure: str = "fail"
) -> FlowSpec:
    config = {"over": "{{ inputs.xs }}", "node": child, "concurrency": concurrency}
    return flow(
        [{"id": "each", "type": "map", "config": {**config, "failure": failure}}],
        [],
        inputs={"xs": {"type": "array", "default": items}},
    )


@pytest.mark.timeout(60)
def test_map_never_runs_more_items_at_once_than_its_concurrency(engine: Engine) -> None:
    spec = map_flow(list(range(6)), {"type": "sleep", "config": {"seconds": 0.2}}, concurrency=2)

    async def scenario() -> None:
        execution_id, final = await engine.run(spec)
        assert final.status == "completed", final.error
        assert [out["item"] for out in final.outputs["each"]] == list(range(6))
        rows = [r for n, rs in engine.rows(execution_id).items() if "[" in n for r in rs]
        assert len(rows) == 6
        events = sorted(
            [(r.started_at, 1) for r in rows] + [(r.finished_at, -1) for r in rows if r.finished_at]
        )
        running = peak = 0
        for _, change in events:
            running += change
            peak = max(peak, running)
        assert peak == 2
        assert len(engine.effects_of(execution_id)) == 6

    asyncio.run(scenario())


# Item 0 fails: 10 // 0 raises while rendering.
DIVIDE = {"type": "template", "config": {"template": "{{ 10 // item }}"}}


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("failure", "status", "output"),
    [
        ("fail", "failed", None),
        ("skip", "completed", [10, 5]),
        ("collect", "completed", "collected"),
    ],
)
def test_map_failure_policies(engine: Engine, failure: str, status: str, output: Any) -> None:
    spec = map_flow([1, 0, 2], DIVIDE, failure=failure)

    async def scenario() -> None:
        execution_id, final = await engine.run(spec)
        assert final.status == status, final.error
        items = engine.rows(execution_id)
        assert [items[f"each[{i}]"][-1].status for i in range(3)] == [
            "completed",
            "failed",
            "completed",
        ]
        if failure == "fail":
            assert final.error is not None
            assert final.error.startswith("node 'each' failed: item 1 failed: ")
            assert "ZeroDivisionError" in final.error
        elif failure == "skip":
            assert final.outputs == {"each": output}
        else:
            collected = final.outputs["each"]
            assert collected[0] == {"ok": True, "output": 10}
            assert collected[1]["ok"] is False
            assert "ZeroDivisionError" in collected[1]["error"]
            assert collected[2] == {"ok": True, "output": 5}

    asyncio.run(scenario())
