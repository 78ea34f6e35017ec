"""The declared profile of the model a node asks, for nodes that adapt how they ask.

Writers that work part by part (the book's chapter writer, the site's pages) read the
model's :class:`~presswright.llm.types.ModelProfile` where their own config is silent: a
small model is asked for shorter answers and given more fresh draws before a node gives up.
"""

from __future__ import annotations

from presswright.errors import PresswrightError
from presswright.flows.nodes.base import NodeContext
from presswright.llm.client import LLMClient
from presswright.llm.types import ModelProfile

__all__ = ["model_profile"]


def model_profile(context: NodeContext, model: str | None) -> ModelProfile | None:
    """The declared profile of ``model`` (or the default model); None when it cannot be read.

    None when the node's ``complete`` is no LLM client's (a bare function in a test) or the
    model is unknown or unavailable: the request itself reports that.
    """
    client = getattr(context.complete, "__self__", None)
    if not isinstance(client, LLMClient):
        return None
    try:
        provider, name = client.registry.resolve(model or client.settings.default_model)
    except PresswrightError:
        return None
    return provider.profile(name)
