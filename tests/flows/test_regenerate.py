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
