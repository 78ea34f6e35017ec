"""A node that fails, hangs or spends too much: retries, on_error, timeouts, the token cap,
and a fresh sample per attempt.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from presswright.llm.providers.fake import FakeScript
from tests.flows.engine_harness import (
    Engine,
    chain,
    flow,
    sleep,
)

pytestmark = pytest.mark.usefixtures("with_test_node_types")


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("failures", "status", "runs"), [(1, "completed", 2), (3, "failed", 3)])
def test_retries(engine: Engine, failures: int, status: str, runs: int) -> None:
    spec = flow(
        [
            {
                "id": "f",
                "type": "flaky",
                "config": {"failures": failures},
                "retries": 2,
                "retry_delay": 0.01,
            }
        ],
        [],
    )

    async def scenario() -> None:
        execution_id, final = await engine.run(spec)
        assert final.status == status, final.error
        assert engine.runs(execution_id) == {"f": runs}
        rows = engine.rows(execution_id)["f"]
        assert [r.status for r in rows] == ["failed"] * (runs - 1) + [
            "completed" if status == "completed" else "failed"
        ]
        if status == "completed":
            assert final.outputs == {"f": {"value": "ok", "attempts": 2}}

    asyncio.run(scenario())


@pytest.mark.timeout(60)
def test_on_error_default_uses_the_default_as_output(engine: Engine) -> None:
    spec = flow(
        [
            {"id": "x", "type": "boom", "on_error": "default", "default": {"fallback": True}},
            {"id": "y", "type": "template", "config": {"template": "{{ x.fallback }}"}},
        ],
        chain("x", "y"),
    )

    async def scenario() -> None:
        execution_id, final = await engine.run(spec)
        assert final.status == "completed", final.error
        assert final.outputs == {"y": True}
        assert engine.node_status(execution_id) == {"x": "failed", "y": "completed"}

    asyncio.run(scenario())


@pytest.mark.timeout(60)
def test_on_error_branch_follows_only_the_error_edge(engine: Engine) -> None:
    spec = flow(
        [
            {"id": "x", "type": "boom", "config": {"message": "kaput"}, "on_error": "branch"},
            sleep("normal", 0.01),
            {"id": "handler", "type": "template", "config": {"template": "{{ x.error }}"}},
        ],
        [{"from": "x", "to": "normal"}, {"from": "x", "to": "handler", "when": "error"}],
    )

    async def scenario() -> None:
        execution_id, final = await engine.run(spec)
        assert final.status == "completed", final.error
        assert engine.node_status(execution_id) == {
            "x": "failed",
            "normal": "skipped",
            "handler": "completed",
        }
        assert final.outputs == {"handler": "RuntimeError: kaput"}
        assert engine.effects_of(execution_id) == {}

    asyncio.run(scenario())


@pytest.mark.timeout(60)
def test_node_timeout_fails_the_attempt(engine: Engine) -> None:
    spec = flow([sleep("slow", 30, timeout=0.3)], [])

    async def scenario() -> None:
        started = time.monotonic()
        execution_id, final = await engine.run(spec)
        assert final.status == "failed"
        assert final.error == "node 'slow' failed: timed out"
        assert time.monotonic() - started < 10
        assert engine.node_status(execution_id) == {"slow": "failed"}
        assert engine.effects_of(execution_id) == {}

    asyncio.run(scenario())


@pytest.mark.timeout(60)
def test_token_cap_stops_after_the_layer_that_reaches_it(
    engine: Engine, fake_llm: FakeScript
) -> None:
    fake_llm.add("one two three four five six", "seven eight", "nine")
    llm = {"type": "llm", "config": {"model": "fake:test", "cache": False}}
    spec = flow(
        [
            {"id": "first", **llm, "config": {**llm["config"], "prompt": "write six words"}},
            {"id": "second", **llm, "config": {**llm["config"], "prompt": "{{ first }}"}},
            {"id": "third", **llm, "config": {**llm["config"], "prompt": "{{ second }}"}},
        ],
        chain("first", "second", "third"),
    )

    async def scenario() -> None:
        # first: 3 words in + 6 out = 9 tokens, under the cap; second: 6 + 2 = 8 more.
        execution_id, final = await engine.run(spec, token_cap=12)
        assert final.status == "failed"
        assert final.error is not None
        assert final.error.startswith("token cap reached: 17 of 12 tokens used")
        assert (final.tokens_in, final.tokens_out) == (9, 8)
        assert engine.node_status(execution_id) == {
            "first": "completed",
            "second": "completed",
            "third": "pending",
        }
        assert len(fake_llm.requests) == 2

        _, uncapped = await engine.run(spec)
        assert uncapped.status == "completed", uncapped.error
        assert uncapped.outputs == {"third": "nine"}

    asyncio.run(scenario())


@pytest.mark.timeout(60)
def test_each_attempt_of_a_node_asks_for_a_fresh_sample(
    engine: Engine, fake_llm: FakeScript
) -> None:
    # A retry that repeated the failed draw could never succeed on a seeded sampler.
    fake_llm.add(RuntimeError("the first draw fails"), "second draw")
    spec = flow(
        [
            {
                "id": "write",
                "type": "llm",
                "retries": 1,
                "retry_delay": 0,
                "config": {"model": "fake:test", "cache": False, "prompt": "write"},
            }
        ],
        [],
    )

    async def scenario() -> None:
        _, final = await engine.run(spec)
        assert final.status == "completed", final.error
        assert final.outputs == {"write": "second draw"}
        assert [request.params.sample for request in fake_llm.requests] == [0, 1]

    asyncio.run(scenario())
