"""The ``llm`` node: one prompt to a model, text or a schema-validated object out."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from presswright.errors import UserInputError
from presswright.flows.nodes.base import NodeContext, NodeOutcome, NodeType
from presswright.llm.types import GenerationParams
from presswright.plugins import collect_registrations

__all__ = ["LLMConfig", "LLMNode", "named_output_schemas"]


@cache
def named_output_schemas() -> dict[str, type[BaseModel]]:
    """Output schemas that specs may name (filled once through register_output_schemas)."""

    def bind(add: Callable[[str, type[BaseModel]], None]) -> Callable[..., None]:
        def register(model: type[BaseModel], name: str | None = None) -> None:
            add(name or model.__name__, model)

        return register

    return collect_registrations("register_output_schemas", what="output schema", bind=bind)


class LLMConfig(BaseModel):
    """Config of an ``llm`` node."""

    model_config = ConfigDict(extra="forbid")

    prompt: str = Field(min_length=1, description="Jinja template over inputs and upstream nodes.")
    system: str | None = None
    model: str | None = Field(
        default=None,
        description="provider:model, or a template giving one; empty means the default model.",
    )
    output_schema: str | dict[str, Any] | None = Field(
        default=None,
        description="A registered schema name, an inline JSON Schema, or a template giving"
        " one (a schema an upstream node built, e.g. with the counts the brief asked for).",
    )
    temperature: float | None = Field(default=None, ge=0, le=2)
    max_tokens: int | None = Field(default=None, ge=1, le=200_000)
    language: str | None = Field(
        default=None,
        description="Language code (or a template giving one) the answer is written in;"
        " grammar-decoding models are held to its script.",
    )
    verbatim: str | list[str] | None = Field(
        default=None,
        description="Terms the answer may use as written in any script: a list, or a"
        " template giving one (e.g. the keywords).",
    )
    cache: bool = True


class LLMNode(NodeType):
    """Sends the rendered prompt to a model."""

    name = "llm"
    Config = LLMConfig
    description = "Ask a model; with output_schema the output is a validated object."

    def templates(self, config: BaseModel) -> dict[str, str]:
        assert isinstance(config, LLMConfig)
        found = {"prompt": config.prompt}
        if config.system:
            found["system"] = config.system
        if config.model and "{" in config.model:
            found["model"] = config.model
        if config.language and "{" in config.language:
            found["language"] = config.language
        if isinstance(config.verbatim, str):
            found["verbatim"] = config.verbatim
        if isinstance(config.output_schema, str) and "{{" in config.output_schema:
            found["output_schema"] = config.output_schema
        return found

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        assert isinstance(config, LLMConfig)
        variables = context.variables()
        schema: type[BaseModel] | dict[str, Any] | None = None
        if isinstance(config.output_schema, str) and "{{" in config.output_schema:
            built = context.render_value(config.output_schema, variables)
            if not isinstance(built, dict):
                raise UserInputError(
                    f"node {context.node_id!r}: output_schema gave {type(built).__name__},"
                    " not a JSON Schema object",
                    hint="make the template give an object, e.g. '{{ brief.schema }}'",
                )
            schema = built
        elif isinstance(config.output_schema, str):
            schema = named_output_schemas().get(config.output_schema)
            if schema is None:
                raise UserInputError(
                    f"node {context.node_id!r} names an unknown output schema"
                    f" {config.output_schema!r}",
                    hint=f"use one of: {', '.join(sorted(named_output_schemas())) or 'none'},"
                    " or an inline JSON Schema",
                )
        else:
            schema = config.output_schema
        model = config.model
        if model and "{" in model:
            model = context.render(model, variables).strip() or None
        result = await context.complete(
            context.render(config.prompt, variables),
            model=model,
            system=context.render(config.system, variables) if config.system else None,
            schema=schema,
            params=GenerationParams(
                temperature=config.temperature,
                max_tokens=config.max_tokens,
                language=self._language(config, context, variables),
                verbatim=self._verbatim(config, context, variables),
            ),
            cache=config.cache,
        )
        parsed = result.parsed
        output = parsed.model_dump(mode="json") if isinstance(parsed, BaseModel) else parsed
        return NodeOutcome(
            output=result.text if schema is None else output,
            tokens_in=result.tokens_in,
            tokens_out=result.tokens_out,
            cost=result.cost,
        )

    @staticmethod
    def _language(config: LLMConfig, context: NodeContext, variables: dict[str, Any]) -> str | None:
        language = config.language
        if language and "{" in language:
            language = context.render(language, variables)
        return language.strip() or None if language else None

    @staticmethod
    def _verbatim(
        config: LLMConfig, context: NodeContext, variables: dict[str, Any]
    ) -> tuple[str, ...]:
        terms = config.verbatim
        if isinstance(terms, str):
            terms = context.render_value(terms, variables)
        if terms is None:
            return ()
        if not isinstance(terms, list) or not all(isinstance(term, str) for term in terms):
            raise UserInputError(
                f"node {context.node_id!r}: verbatim must give a list of strings,"
                f" got {type(terms).__name__}",
                hint='e.g. verbatim: "{{ inputs.keywords }}"',
            )
        return tuple(terms)
