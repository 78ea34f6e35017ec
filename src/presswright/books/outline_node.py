"""``book_outline``: the outline asked for in batches of chapters, so long books fit small models.

An ``llm`` node with one more setting, ``batch``. The chapters the outline schema asks for (its
``chapters`` list's ``maxItems``, which the brief sets to the book's chapter count) are
asked at most ``batch`` at a time, in order, in batches of sizes within one of each other
(the shipped flow asks six, the most the packaged model was measured to outline in one
call: a 60-chapter outline is ten calls of six, each well inside its 4,096-token context
and its call timeout, where one call of 60 is neither).
The prompt is the node's own template, rendered once per batch with a variable ``batch``:

* ``batch.first``, ``batch.last``: the chapter numbers asked for (1 is the first);
* ``batch.size``, ``batch.count``: how many chapters that is, and the book's count;
* ``batch.earlier``: the chapters of the batch before (``number``, ``title``,
  ``end_state``), so the next batch goes on from where they leave the story.

Each call answers the outline schema with exactly the batch's chapters; the output is one
outline (``{"chapters": [...]}``) in reading order, as the ``llm`` node would give it. A
book of ``batch`` chapters or fewer is one call, ``batch.first`` 1 and ``batch.last`` its
count.
"""

from __future__ import annotations

import copy
import dataclasses
import math
from typing import Any, ClassVar

from pydantic import BaseModel, Field

from presswright.errors import UserInputError
from presswright.flows.nodes.base import NodeContext, NodeOutcome
from presswright.flows.nodes.llm import LLMConfig, LLMNode, named_output_schemas

__all__ = ["BookOutlineConfig", "BookOutlineNode"]


class BookOutlineConfig(LLMConfig):
    """Config of ``book_outline``: an llm node's, and the batch size."""

    batch: int = Field(default=6, ge=1, le=60, description="Most chapters asked for in one call.")


def _schema(config: BookOutlineConfig, context: NodeContext) -> dict[str, Any]:
    """The outline's JSON Schema, as the llm node would resolve ``output_schema``."""
    raw = config.output_schema
    if isinstance(raw, str) and "{{" in raw:
        found: Any = context.render_value(raw, context.variables())
    elif isinstance(raw, str):
        model = named_output_schemas().get(raw)
        found = model.model_json_schema() if model else None
    else:
        found = raw
    chapters = found.get("properties", {}).get("chapters") if isinstance(found, dict) else None
    if not isinstance(chapters, dict) or not isinstance(chapters.get("maxItems"), int):
        raise UserInputError(
            f"node {context.node_id!r}: the outline schema does not say how many chapters"
            " (properties.chapters.maxItems)",
            hint="use the brief's schema: output_schema: '{{ brief.outline_schema }}'",
        )
    assert isinstance(found, dict)
    return found


def _batch_schema(schema: dict[str, Any], size: int) -> dict[str, Any]:
    batch = copy.deepcopy(schema)
    batch["properties"]["chapters"].update(minItems=size, maxItems=size)
    return batch


def _batches(count: int, most: int) -> list[tuple[int, int]]:
    """(first chapter, size) of each batch: as few as ``most`` allows, sizes within one."""
    calls = math.ceil(count / most)
    base, extra = divmod(count, calls)
    sizes = [base + 1] * extra + [base] * (calls - extra)
    starts = [1 + sum(sizes[:index]) for index in range(calls)]
    return list(zip(starts, sizes, strict=True))


class BookOutlineNode(LLMNode):
    """Asks a model for the book's outline, a batch of chapters at a time."""

    name = "book_outline"
    Config = BookOutlineConfig
    description = (
        "Outline the book's chapters in batches (each call a few chapters, with the batch"
        " before it as context), so a long book fits a small model's context."
    )
    template_names: ClassVar[frozenset[str]] = frozenset({"batch"})

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        assert isinstance(config, BookOutlineConfig)
        schema = _schema(config, context)
        count = int(schema["properties"]["chapters"]["maxItems"])
        outcome = NodeOutcome(output=None)
        chapters: list[dict[str, Any]] = []
        earlier: list[dict[str, Any]] = []
        for first, size in _batches(count, config.batch):
            last = first + size - 1
            batch = {
                "first": first,
                "last": last,
                "size": size,
                "count": count,
                "earlier": earlier,
            }
            asked = config.model_copy(update={"output_schema": _batch_schema(schema, size)})
            seen = dataclasses.replace(context, extra={**context.extra, "batch": batch})
            answer = await super().run(asked, seen)
            got = answer.output.get("chapters") if isinstance(answer.output, dict) else None
            if not isinstance(got, list) or len(got) != size:
                raise UserInputError(
                    f"node {context.node_id!r}: chapters {first} to {last} came back as"
                    f" {len(got) if isinstance(got, list) else 'no list'} chapter(s)",
                    hint="run the step again",
                )
            outcome.tokens_in += answer.tokens_in
            outcome.tokens_out += answer.tokens_out
            outcome.cost += answer.cost
            chapters += got
            earlier = [
                {
                    "number": first + index,
                    "title": str(chapter.get("title", "")),
                    "end_state": str(chapter.get("end_state", "")),
                }
                for index, chapter in enumerate(got)
            ]
        outcome.output = {"chapters": chapters}
        return outcome
