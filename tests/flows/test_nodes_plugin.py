"""A third-party node type, installed as pip would: through a ``presswright`` entry point.

The node type lives in its own package (``tests/flows/acme_plugin``) and reaches Presswright
only through the entry point a distribution declares; nothing registers it by hand. Once the
plugin manager loads entry points again, the node type is used in a flow spec, validated
(with its own config rules), executed durably, stopped and resumed without repeating its
finished work, and its errors are reported with its own messages.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from presswright.flows import operations as ops
from presswright.flows.registry import node_types
from presswright.flows.spec import FlowSpec
from presswright.flows.validation import FlowValidationError, check_spec
from presswright.plugins import plugin_manager
from tests.flows.acme_plugin import COUNTS_VAR, StampNode
from tests.flows.engine_harness import Engine, chain

ENTRY_POINTS = "[presswright]\nacme = tests.flows.acme_plugin\n"


def _reload_plugins() -> None:
    plugin_manager.cache_clear()
    node_types.cache_clear()


@pytest.fixture
def acme_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The acme distribution on sys.path, its entry point loaded; gone again afterwards."""
    site = tmp_path / "site-packages"
    dist_info = site / "acme_presswright-1.0.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: acme-presswright\nVersion: 1.0\n", encoding="utf-8"
    )
    (dist_info / "entry_points.txt").write_text(ENTRY_POINTS, encoding="utf-8")
    counts = tmp_path / "counts"
    counts.mkdir()
    monkeypatch.setenv(COUNTS_VAR, str(counts))
    monkeypatch.syspath_prepend(str(site))
    _reload_plugins()
    try:
        yield counts
    finally:
        monkeypatch.undo()
        _reload_plugins()


def stamp(node_id: str, text: str, **config: object) -> dict[str, object]:
    return {"id": node_id, "type": "acme_stamp", "config": {"text": text, **config}}


def flow(*nodes: dict[str, object], edges: list[dict[str, str]] | None = None) -> FlowSpec:
    return FlowSpec.model_validate({"name": "acme", "nodes": list(nodes), "edges": edges or []})


def runs(counts: Path, execution_id: str, node_id: str) -> int:
    marker = counts / f"{execution_id}-{node_id}"
    return int(marker.read_text()) if marker.exists() else 0


def test_the_entry_point_registers_the_node_type(acme_installed: Path) -> None:
    manager = plugin_manager()
    assert manager.has_plugin("acme")
    assert isinstance(node_types()["acme_stamp"], StampNode)
    # Built-ins are still there beside it.
    assert {"llm", "map", "template", "acme_stamp"} <= set(node_types())


def test_without_the_distribution_the_node_type_is_unknown() -> None:
    _reload_plugins()
    assert "acme_stamp" not in node_types()
    with pytest.raises(FlowValidationError, match="acme_stamp"):
        check_spec(flow(stamp("a", "hello")))


def test_its_config_is_validated_with_its_own_rules(acme_installed: Path) -> None:
    spec = flow(stamp("a", "hello", prefix="acme"), stamp("b", "", seconds=-1))
    with pytest.raises(FlowValidationError) as raised:
        check_spec(spec)
    problems = {(p.where, p.message) for p in raised.value.problems}
    text = str(raised.value)
    assert "an acme prefix is written in capitals: use 'ACME'" in text, problems
    assert any(where.startswith("node 'a'") for where, _ in problems), problems
    assert any(where.startswith("node 'b'") for where, _ in problems), problems
    # Its templates are checked like a built-in's.
    with pytest.raises(FlowValidationError, match="node 'c'"):
        check_spec(flow(stamp("c", "{{ broken ")))


@pytest.mark.timeout(60)
def test_it_runs_durably_and_a_stop_and_resume_repeats_no_finished_work(
    acme_installed: Path, engine: Engine
) -> None:
    counts = acme_installed
    spec = flow(
        stamp("a", "first"),
        stamp("b", "{{ a }} then second", seconds=1.0),
        stamp("c", "{{ b }}", prefix="DONE"),
        edges=chain("a", "b", "c"),
    )

    async def scenario() -> None:
        execution_id = await engine.start(spec)
        await engine.wait_node(execution_id, "b", "running")
        stopped = ops.stop(engine.instance, tenant_id=engine.tenant_id, execution_id=execution_id)
        assert stopped.status == "cancelled"
        assert engine.node_status(execution_id) == {
            "a": "completed",
            "b": "cancelled",
            "c": "pending",
        }
        await ops.resume(
            engine.instance,
            tenant_id=engine.tenant_id,
            execution_id=execution_id,
            runtime=engine.runtime,
        )
        final = await engine.wait(execution_id)
        assert final.status == "completed", final.error
        assert final.outputs == {"c": "DONE: ACME: ACME: first then second"}
        assert runs(counts, execution_id, "a") == 1  # finished before the stop: kept
        assert runs(counts, execution_id, "b") == 2  # cut short once, then run again
        assert runs(counts, execution_id, "c") == 1
        assert engine.runs(execution_id) == {"a": 1, "b": 2, "c": 1}

    asyncio.run(scenario())


@pytest.mark.timeout(60)
def test_its_errors_are_reported_with_its_own_messages(
    acme_installed: Path, engine: Engine
) -> None:
    spec = flow(stamp("a", "ink"), stamp("b", "{{ a }}", fail=True), edges=chain("a", "b"))

    async def scenario() -> None:
        execution_id, final = await engine.run(spec)
        assert final.status == "failed"
        assert final.error == (
            "node 'b' failed: AcmeStampError: the acme stamp for '{{ a }}' ran out of ink"
        )
        assert engine.node_status(execution_id) == {"a": "completed", "b": "failed"}
        [row] = engine.rows(execution_id)["b"]
        assert row.error is not None and "ran out of ink" in row.error

    asyncio.run(scenario())
