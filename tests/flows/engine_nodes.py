"""Node types for engine tests, registered through the same hook a third-party plugin uses.

It is loaded by the engine tests (``engine_harness``), by ``worker_main.py`` in worker
subprocesses and by the engine benchmark, each calling :func:`install`.

``sleep`` leaves a trace outside the database: one line ``"<execution_id> <node_id>"`` per
finished piece of work in the file named by ``PW_TEST_EFFECTS``, appended and fsynced before
the node returns. That file is the ground truth of how often work really ran, whatever the
database says. The same line also goes to ``<that file>.starts`` when the work begins, so
work cut short by a crash is counted too. ``flaky`` keeps its attempt counts in files next
to the log.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from presswright.flows.nodes.base import NodeContext, NodeOutcome, NodeType
from presswright.hookspecs import hookimpl

__all__ = [
    "EFFECTS_VAR",
    "WORKER_VAR",
    "BoomNode",
    "FlakyNode",
    "NoopNode",
    "SleepNode",
    "install",
    "read_effects",
    "starts_path",
    "uninstall",
    "work_id",
]

EFFECTS_VAR = "PW_TEST_EFFECTS"
PLUGIN_NAME = "presswright-test-nodes"
WORKER_VAR = "PW_TEST_WORKER"  # set by the tests on each worker subprocess, shown in outputs


def work_id(context: NodeContext) -> str:
    """The node id as node_runs spells it: ``node`` or, for a map item, ``node[index]``."""
    index = context.extra.get("index")
    return context.node_id if index is None else f"{context.node_id}[{index}]"


def _effects_path() -> Path | None:
    raw = os.environ.get(EFFECTS_VAR)
    return Path(raw) if raw else None


def starts_path(effects: Path) -> Path:
    """Where ``sleep`` notes each piece of work as it begins."""
    return effects.with_name(effects.name + ".starts")


def _append_effect(line: str, *, started: bool = False) -> None:
    path = _effects_path()
    if path is None:
        return
    if started:
        path = starts_path(path)
    # One small O_APPEND write per line: lines from concurrent processes never interleave.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def read_effects(path: Path) -> dict[tuple[str, str], int]:
    """How many times each (execution, node) did its work, from an effects log."""
    counts: dict[tuple[str, str], int] = {}
    if not path.exists():
        return counts
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        execution_id, node_id = line.split(" ", 1)
        counts[(execution_id, node_id)] = counts.get((execution_id, node_id), 0) + 1
    return counts


class SleepConfig(BaseModel):
    """Config of a ``sleep`` node."""

    model_config = ConfigDict(extra="forbid")

    seconds: float = Field(default=0.0, ge=0, le=600)
    value: str = ""
    tokens: int = Field(default=0, ge=0, description="Tokens to report as spent (out).")


class SleepNode(NodeType):
    """Sleeps, logs one effect line, outputs its value and who did the work."""

    name = "sleep"
    Config = SleepConfig
    description = "Test node: sleep, then record the work in the effects log."

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        assert isinstance(config, SleepConfig)
        line = f"{context.execution_id} {work_id(context)}\n"
        _append_effect(line, started=True)
        await asyncio.sleep(config.seconds)
        _append_effect(line)
        return NodeOutcome(
            output={
                "value": config.value,
                "item": context.extra.get("item"),
                "worker": os.environ.get(WORKER_VAR, "embedded"),
                "pid": os.getpid(),
            },
            tokens_out=config.tokens,
        )


class FlakyConfig(BaseModel):
    """Config of a ``flaky`` node."""

    model_config = ConfigDict(extra="forbid")

    failures: int = Field(default=1, ge=0, le=100, description="Attempts that fail first.")
    value: str = "ok"


class FlakyNode(NodeType):
    """Fails its first ``failures`` attempts per (execution, node), then succeeds."""

    name = "flaky"
    Config = FlakyConfig
    description = "Test node: fail a fixed number of times, then succeed."

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        assert isinstance(config, FlakyConfig)
        effects = _effects_path()
        if effects is None:
            raise RuntimeError(f"the flaky node needs {EFFECTS_VAR} for its attempt counts")
        counter = effects.parent / f"flaky-{context.execution_id}-{work_id(context)}.count"
        seen = int(counter.read_text()) if counter.exists() else 0
        counter.write_text(str(seen + 1))
        if seen < config.failures:
            raise RuntimeError(f"flaky failure {seen + 1} of {config.failures}")
        return NodeOutcome(output={"value": config.value, "attempts": seen + 1})


class BoomConfig(BaseModel):
    """Config of a ``boom`` node."""

    model_config = ConfigDict(extra="forbid")

    message: str = "boom"


class BoomNode(NodeType):
    """Always fails."""

    name = "boom"
    Config = BoomConfig
    description = "Test node: always raise."

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        assert isinstance(config, BoomConfig)
        raise RuntimeError(config.message)


class NoopConfig(BaseModel):
    """Config of a ``noop`` node."""

    model_config = ConfigDict(extra="forbid")

    value: Any = None


class NoopNode(NodeType):
    """Returns its value at once: what the engine costs when a node costs nothing."""

    name = "noop"
    Config = NoopConfig
    description = "Test node: output the configured value."

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        assert isinstance(config, NoopConfig)
        return NodeOutcome(output=config.value)


@hookimpl
def register_node_types(register: Callable[[NodeType], None]) -> None:
    """sleep, flaky, boom and noop."""
    for node_type in (SleepNode(), FlakyNode(), BoomNode(), NoopNode()):
        register(node_type)


def install() -> None:
    """Register these node types in this process (once) and refresh the node-type registry."""
    from presswright.flows.registry import node_types
    from presswright.plugins import plugin_manager

    manager = plugin_manager()
    if not manager.has_plugin(PLUGIN_NAME):
        manager.register(sys.modules[__name__], name=PLUGIN_NAME)
    node_types.cache_clear()


def uninstall() -> None:
    """Take these node types out again, so later tests see only the real ones."""
    from presswright.flows.registry import node_types
    from presswright.plugins import plugin_manager

    manager = plugin_manager()
    if manager.has_plugin(PLUGIN_NAME):
        manager.unregister(name=PLUGIN_NAME)
    node_types.cache_clear()
