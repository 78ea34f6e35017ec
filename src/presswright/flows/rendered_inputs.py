"""What a node attempt was given: its config's templates as the node rendered them.

The node inspector shows them (the prompt a model was actually sent, after every
``{{ ... }}`` was filled in). A node renders its own templates while it runs, so the engine
hands it a context whose ``render`` and ``render_value`` note each result, then names the
results by the config fields the node type declares as templates.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

from presswright.flows.nodes.base import NodeContext

__all__ = ["MAX_CHARS", "recording", "rendered_inputs"]

Renderer = Callable[[str, dict[str, Any]], Any]

# Past this, a rendered value is kept as its first characters and a note of the rest: the
# rows stay small even when a template pastes a 500-page site index into a prompt.
MAX_CHARS = 20_000


def recording(context: NodeContext, seen: dict[str, Any]) -> NodeContext:
    """``context`` with renderers that store each template's result in ``seen``."""

    def note(renderer: Renderer) -> Renderer:
        def rendered(template: str, variables: dict[str, Any]) -> Any:
            value = renderer(template, variables)
            seen[template] = value
            return value

        return rendered

    return dataclasses.replace(
        context, render=note(context.render), render_value=note(context.render_value)
    )


def rendered_inputs(templates: dict[str, str], seen: dict[str, Any]) -> dict[str, Any] | None:
    """Each template field the node rendered, by field path, bounded in size; None if none."""
    found = {path: _bounded(seen[t]) for path, t in templates.items() if t in seen}
    return found or None


def _bounded(value: Any) -> Any:
    if isinstance(value, str):
        return _cut(value)
    text = json.dumps(value, ensure_ascii=False, default=str)
    if len(text) > MAX_CHARS:
        return _cut(text)
    return json.loads(text)  # JSON-safe: what the column can store


def _cut(text: str) -> str:
    if len(text) <= MAX_CHARS:
        return text
    return f"{text[:MAX_CHARS]}… ({len(text) - MAX_CHARS} more characters)"
