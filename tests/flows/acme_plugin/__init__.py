"""A third-party Presswright plugin, as a package outside Presswright would ship it.

It only uses the public plugin surface: ``presswright.hookspecs.hookimpl`` and the node base
classes. ``test_nodes_plugin`` installs it the way pip would, with a ``presswright`` entry
point in a distribution's metadata, so the plugin manager finds it on its own.

``acme_stamp`` stamps a text with a prefix after an optional pause, and counts each piece of
work it does in ``<ACME_COUNTS>/<execution>-<node>`` (so tests know what really ran). Its
config has a rule of its own, and it fails with an error class of its own.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from presswright.flows.nodes.base import NodeContext, NodeOutcome, NodeType
from presswright.hookspecs import hookimpl

__all__ = ["COUNTS_VAR", "AcmeStampError", "StampNode", "register_node_types"]

COUNTS_VAR = "ACME_COUNTS"


class AcmeStampError(RuntimeError):
    """What the stamp node raises when it is told to fail."""


class StampConfig(BaseModel):
    """Config of ``acme_stamp``."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)
    prefix: str = "ACME"
    seconds: float = Field(default=0.0, ge=0, le=60)
    fail: bool = False

    @field_validator("prefix")
    @classmethod
    def _prefix_in_capitals(cls, value: str) -> str:
        if value != value.upper():
            raise ValueError(f"an acme prefix is written in capitals: use {value.upper()!r}")
        return value


class StampNode(NodeType):
    """Stamps ``text`` with ``prefix`` (after ``seconds``), or fails with AcmeStampError."""

    name = "acme_stamp"
    Config = StampConfig
    description = "Acme: stamp a text with a prefix."

    def templates(self, config: BaseModel) -> dict[str, str]:
        assert isinstance(config, StampConfig)
        return {"text": config.text}

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        assert isinstance(config, StampConfig)
        counts = os.environ.get(COUNTS_VAR)
        if counts:
            marker = Path(counts) / f"{context.execution_id}-{context.node_id}"
            marker.write_text(str(int(marker.read_text()) + 1 if marker.exists() else 1))
        await asyncio.sleep(config.seconds)
        if config.fail:
            raise AcmeStampError(f"the acme stamp for {config.text!r} ran out of ink")
        text = context.render(config.text, context.variables())
        return NodeOutcome(output=f"{config.prefix}: {text}")


@hookimpl
def register_node_types(register: Callable[[NodeType], None]) -> None:
    """acme_stamp."""
    register(StampNode())
