"""What a node type is: a config model, the templates in it, and an async ``run``.

Most node types are *tasks*: one call of ``run`` per attempt. Two kinds are driven by the
executor itself: ``map`` (one child step per item) and ``review`` (a pause until a person
approves or rejects).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from presswright.llm.types import Completion

if TYPE_CHECKING:
    import uuid

    from presswright.bootstrap import Instance

__all__ = ["NoConfig", "NodeContext", "NodeKind", "NodeOutcome", "NodeType"]

NodeKind = Literal["task", "map", "review"]


@dataclass
class NodeOutcome:
    """What one node produced: a JSON-serialisable output and what it cost."""

    output: Any
    tokens_in: int = 0
    tokens_out: int = 0
    cost: float = 0.0
    branch: str | None = None  # the branch a condition node took

    def add_usage(self, completion: Completion) -> None:
        """Count a model call the node made towards its tokens and cost."""
        self.tokens_in += completion.tokens_in
        self.tokens_out += completion.tokens_out
        self.cost += completion.cost


class NoConfig(BaseModel):
    """The config of a node type that takes none (any key is an error)."""

    model_config = ConfigDict(extra="forbid")


@dataclass
class NodeContext:
    """What a running node can see and use."""

    execution_id: str
    node_id: str
    inputs: dict[str, Any]
    upstream: dict[str, Any]
    render: Callable[[str, dict[str, Any]], str]
    render_value: Callable[[str, dict[str, Any]], Any]
    complete: Callable[..., Awaitable[Any]]  # LLMClient.complete of the execution's tenant
    direct: dict[str, Any] = field(default_factory=dict)  # direct predecessors, in edge order
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. {"item": ..., "index": ...}
    # Where the run belongs, for nodes that use the app's stores (a book's document and file
    # store); None when a node is run outside an execution.
    instance: Instance | None = None
    tenant_id: uuid.UUID | None = None
    user_id: uuid.UUID | None = None

    def variables(self) -> dict[str, Any]:
        """Template variables: ``inputs``, every upstream node by id, and extras."""
        return {**self.upstream, "inputs": self.inputs, **self.extra}


class NodeType(ABC):
    """A kind of node. Subclasses set ``name`` and ``Config`` and implement ``run``."""

    name: ClassVar[str]
    Config: ClassVar[type[BaseModel]]
    kind: ClassVar[NodeKind] = "task"
    description: ClassVar[str] = ""
    # Names the node's own templates may read besides inputs and upstream node ids (a node
    # that renders a template several times with a variable of its own, e.g. ``batch``).
    template_names: ClassVar[frozenset[str]] = frozenset()

    def parse_config(self, raw: dict[str, Any]) -> BaseModel:
        """The validated config (raises pydantic.ValidationError)."""
        return self.Config.model_validate(raw)

    def templates(self, config: BaseModel) -> dict[str, str]:
        """Config fields that are Jinja templates, by field path, for validation."""
        return {}

    @abstractmethod
    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        """Do the node's work once."""
