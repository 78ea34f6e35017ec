"""Nodes the executor drives itself: ``map`` (fan-out) and ``human_review`` (pause)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from presswright.errors import UserInputError
from presswright.flows.nodes.base import NodeContext, NodeOutcome, NodeType

__all__ = ["ChildNode", "HumanReviewNode", "MapNode", "ReviewRejectedError"]


class ChildNode(BaseModel):
    """The node each item of a map runs; its templates may use ``item`` and ``index``."""

    model_config = ConfigDict(extra="forbid")

    type: str
    config: dict[str, Any] = Field(default_factory=dict)


class MapConfig(BaseModel):
    """Config of a ``map`` node."""

    model_config = ConfigDict(extra="forbid")

    over: str = Field(description="A list produced upstream, e.g. '{{ outline.sections }}'.")
    node: ChildNode
    concurrency: int = Field(default=4, ge=1, le=64)
    failure: Literal["fail", "skip", "collect"] = Field(
        default="fail",
        description="fail the node; skip failed items; or collect {ok, output|error} per item.",
    )
    max_items: int = Field(default=1000, ge=1, le=100_000)


class MapNode(NodeType):
    """One child step per item of a list, at most ``concurrency`` at a time."""

    name = "map"
    Config = MapConfig
    kind = "map"
    description = "Fan out over a list; the output is the list of child outputs."

    def templates(self, config: BaseModel) -> dict[str, str]:
        assert isinstance(config, MapConfig)
        # A bare reference (outline.sections) is an expression too: check it like one.
        over = config.over if "{" in config.over else "{{ " + config.over + " }}"
        return {"over": over}

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        raise RuntimeError("map nodes are run by the executor, one step per item")


class ReviewConfig(BaseModel):
    """Config of a ``human_review`` node."""

    model_config = ConfigDict(extra="forbid")

    message: str | None = Field(default=None, description="What the reviewer is asked.")
    value: str | None = Field(
        default=None, description="Template of what is reviewed; default: the direct inputs."
    )


class ReviewRejectedError(UserInputError):
    """A reviewer rejected the node's value."""


class HumanReviewNode(NodeType):
    """Pauses the run until a person approves (optionally with edits) or rejects."""

    name = "human_review"
    Config = ReviewConfig
    kind = "review"
    description = "Pause for approval; the output is the approved (possibly edited) value."

    def templates(self, config: BaseModel) -> dict[str, str]:
        assert isinstance(config, ReviewConfig)
        return {k: v for k, v in (("message", config.message), ("value", config.value)) if v}

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        """The value put up for review (the executor then waits for the decision)."""
        assert isinstance(config, ReviewConfig)
        if config.value:
            return NodeOutcome(output=context.render_value(config.value, context.variables()))
        direct = list(context.direct.values())
        return NodeOutcome(output=direct[0] if len(direct) == 1 else dict(context.direct))
