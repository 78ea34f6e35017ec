"""Regenerating one node reruns it and what depends on it, and reuses everything else."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from presswright.errors import UserInputError
from presswright.flows import operations as ops
from tests.flows.engine_harness import (
    Engine,
    chain,
    flow,
    sleep,
)

pytestmark = pytest.mark.usefixtures("with_test_node_types")


@pytest.mark.timeout(60)
def test_regenerate_reruns_a_node_and_its_descendants_only(engine: Engine) -> None:
    spec = flow(
        [sleep("a", 0.01), sleep("b", 0.01), sleep("c", 0.01), {"id": "d", "type": "merge"}],
        [*chain("a", "b", "d"), *chain("a", "c", "d")],
    )

    async def regenerate(execution_id: str, overrides: dict[str, Any] | None) -> ops.RunStatus:
        await ops.regenerate(
            engine.instance,
            tenant_id=engine.tenant_id,
            execution_id=execution_id,
            node_id="b",
            overrides=overrides,
            runtime=engine.runtime,
        )
        return await engine.wait(execution_id)

    async def scenario() -> None:
        execution_id, first = await engine.run(spec)
        assert first.status == "completed"
        assert first.outputs["d"]["b"]["value"] == "b"

        again = await regenerate(execution_id, None)
        assert again.status == "completed", again.error
        assert engine.runs(execution_id) == {"a": 1, "b": 2, "c": 1, "d": 2}

        changed = await regenerate(execution_id, {"value": "B2"})
        assert changed.status == "completed", changed.error
        assert engine.runs(execution_id) == {"a": 1, "b": 3, "c": 1, "d": 3}
        assert changed.outputs["d"]["b"]["value"] == "B2"
        assert changed.outputs["d"]["c"]["value"] == "c"
        assert engine.effects_of(execution_id) == {"a": 1, "b": 3, "c": 1}
        assert changed.generation == 2

        with pytest.raises(UserInputError, match="no node 'zz'"):
            await ops.regenerate(
                engine.instance,
                tenant_id=engine.tenant_id,
                execution_id=execution_id,
                node_id="zz",
            )

    asyncio.run(scenario())


@pytest.mark.timeout(60)
def test_regenerating_one_map_item_reruns_it_alone_then_the_map_and_its_descendants(
    engine: Engine,
) -> None:
    child = {"type": "template", "config": {"template": "{{ item }}!"}}
    spec = flow(
        [
            sleep("a", 0.01),
            {"id": "each", "type": "map", "config": {"over": "{{ inputs.xs }}", "node": child}},
            sleep("side", 0.01),
            {"id": "d", "type": "merge"},
        ],
        [*chain("a", "each", "d"), *chain("a", "side", "d")],
        inputs={"xs": {"type": "array", "default": ["x0", "x1", "x2"]}},
    )

    def attempts_of(execution_id: str) -> dict[str, int]:
        return {node: len(rows) for node, rows in engine.rows(execution_id).items()}

    async def regenerate(execution_id: str, node_id: str, **extra: Any) -> None:
        await ops.regenerate(
            engine.instance,
            tenant_id=engine.tenant_id,
            execution_id=execution_id,
            node_id=node_id,
            runtime=engine.runtime,
            **extra,
        )

    async def scenario() -> None:
        execution_id, first = await engine.run(spec)
        assert first.status == "completed", first.error
        assert attempts_of(execution_id) == {
            "a": 1, "each[0]": 1, "each[1]": 1, "each[2]": 1, "each": 1, "side": 1, "d": 1,
        }  # fmt: skip

        await regenerate(execution_id, "each[1]")
        again = await engine.wait(execution_id)
        assert again.status == "completed", again.error
        # The item ran again; its siblings, "a" and "side" were reused; the map's result
        # and "d" were recorded anew.
        assert attempts_of(execution_id) == {
            "a": 1, "each[0]": 1, "each[1]": 2, "each[2]": 1, "each": 2, "side": 1, "d": 2,
        }  # fmt: skip
        assert again.outputs["d"]["each"] == ["x0!", "x1!", "x2!"]
        rows = engine.rows(execution_id)
        assert rows["each[1]"][-1].generation == again.generation == 1
        assert rows["each[0]"][-1].generation == 0

        with pytest.raises(UserInputError, match="no item 7") as missing:
            await regenerate(execution_id, "each[7]")
        assert "3 item(s)" in str(missing.value.hint)
        with pytest.raises(UserInputError, match="not a map"):
            await regenerate(execution_id, "side[0]")
        with pytest.raises(UserInputError, match="share one config"):
            await regenerate(execution_id, "each[0]", overrides={"template": "?"})
        with pytest.raises(UserInputError, match="no node 'zz'"):
            await regenerate(execution_id, "zz[0]")

    asyncio.run(scenario())
