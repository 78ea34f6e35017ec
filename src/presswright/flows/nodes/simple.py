"""Small built-in nodes: ``template``, ``condition`` and ``merge``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from presswright.flows.nodes.base import NodeContext, NodeOutcome, NodeType

__all__ = ["ConditionNode", "MergeNode", "TemplateNode"]


def _expression(text: str) -> str:
    """A bare expression (``inputs.n > 3``) as the single-expression template it means."""
    return text if "{" in text else "{{ " + text + " }}"


class TemplateConfig(BaseModel):
    """Config of a ``template`` node."""

    model_config = ConfigDict(extra="forbid")

    template: str = Field(description="Jinja template; a single {{ expression }} keeps its type.")


class TemplateNode(NodeType):
    """Renders a template: text, or the native value of a single expression."""

    name = "template"
    Config = TemplateConfig
    description = "Render a template over inputs and upstream outputs."

    def templates(self, config: BaseModel) -> dict[str, str]:
        assert isinstance(config, TemplateConfig)
        return {"template": config.template}

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        assert isinstance(config, TemplateConfig)
        return NodeOutcome(output=context.render_value(config.template, context.variables()))


class ConditionConfig(BaseModel):
    """Config of a ``condition`` node."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    test: str = Field(alias="if", description="Expression; its truth picks the branch.")


class ConditionNode(NodeType):
    """Picks the 'true' or 'false' branch; nodes on the other branch are skipped."""

    name = "condition"
    Config = ConditionConfig
    description = "Branch on an expression: out-edges carry when='true' or when='false'."

    def templates(self, config: BaseModel) -> dict[str, str]:
        assert isinstance(config, ConditionConfig)
        return {"if": _expression(config.test)}

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        assert isinstance(config, ConditionConfig)
        value = context.render_value(_expression(config.test), context.variables())
        if isinstance(value, str):
            value = value.strip().lower() not in ("", "false", "0", "no", "none")
        branch = "true" if value else "false"
        return NodeOutcome(output=branch == "true", branch=branch)


class MergeConfig(BaseModel):
    """Config of a ``merge`` node."""

    model_config = ConfigDict(extra="forbid")

    mode: Literal["object", "list", "concat"] = Field(
        default="object",
        description="object: {node id: output}; list: outputs in edge order; concat: joined text.",
    )
    separator: str = "\n\n"


class MergeNode(NodeType):
    """Joins the outputs of its upstream nodes (skipped branches are left out)."""

    name = "merge"
    Config = MergeConfig
    description = "Combine upstream outputs into one value."

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        assert isinstance(config, MergeConfig)
        if config.mode == "object":
            return NodeOutcome(output=dict(context.direct))
        values = list(context.direct.values())
        if config.mode == "list":
            return NodeOutcome(output=values)
        return NodeOutcome(
            output=config.separator.join(v if isinstance(v, str) else str(v) for v in values)
        )
