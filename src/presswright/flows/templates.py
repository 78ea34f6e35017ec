"""Sandboxed Jinja2 templates over a run's inputs and upstream node outputs.

The sandbox refuses attribute access to internals (``__class__`` and friends) and every
unsafe call; undefined names are errors, never silent blanks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from jinja2 import StrictUndefined, TemplateError, Undefined, meta, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from presswright.errors import UserInputError

__all__ = ["TemplateRenderError", "references", "render", "render_value", "syntax_error"]

_SINGLE_EXPRESSION = re.compile(r"^\s*\{\{(.*)\}\}\s*$", re.DOTALL)


class TemplateRenderError(UserInputError):
    """A template could not be rendered with the values at hand."""


class _Environment(ImmutableSandboxedEnvironment):
    """The sandbox, where ``inputs.items`` is the input called items, not ``dict.items``."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, Mapping) and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


@cache
def _environment() -> ImmutableSandboxedEnvironment:
    return _Environment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)


def syntax_error(template: str) -> str | None:
    """The syntax error in ``template``, or None if it parses."""
    try:
        _environment().parse(template)
    except TemplateError as error:
        return str(error)
    return None


def references(template: str) -> dict[str, set[str]]:
    """Names a template reads, each with the first attributes read from it.

    ``"{{ outline.sections }} {{ inputs.topic }}"`` -> ``{"outline": {"sections"},
    "inputs": {"topic"}}``; a bare ``{{ item }}`` gives ``{"item": set()}``.
    """
    tree = _environment().parse(template)
    found: dict[str, set[str]] = {name: set() for name in meta.find_undeclared_variables(tree)}
    for attr in tree.find_all(nodes.Getattr):
        assert isinstance(attr, nodes.Getattr)
        if isinstance(attr.node, nodes.Name) and attr.node.name in found:
            found[attr.node.name].add(attr.attr)
    for item in tree.find_all(nodes.Getitem):
        assert isinstance(item, nodes.Getitem)
        target, key = item.node, item.arg
        if (
            isinstance(target, nodes.Name)
            and target.name in found
            and isinstance(key, nodes.Const)
            and isinstance(key.value, str)
        ):
            found[target.name].add(key.value)
    return found


def render(template: str, variables: dict[str, Any]) -> str:
    """Render ``template`` to text."""
    try:
        return _environment().from_string(template).render(variables)
    except SecurityError as error:
        raise TemplateRenderError(f"template refused by the sandbox: {error}") from None
    except TemplateError as error:
        raise TemplateRenderError(
            f"template {template[:80]!r} failed: {error}", hint="check the names it uses"
        ) from None


def render_value(template: str, variables: dict[str, Any]) -> Any:
    """Evaluate a template that is one ``{{ expression }}`` to its native value (a list, a dict).

    Anything else renders to text.
    """
    match = _SINGLE_EXPRESSION.match(template)
    if match is None:
        return render(template, variables)
    expression = match.group(1).strip()
    try:
        value = _environment().compile_expression(expression, undefined_to_none=False)(variables)
    except SecurityError as error:
        raise TemplateRenderError(f"expression refused by the sandbox: {error}") from None
    except TemplateError as error:
        raise TemplateRenderError(
            f"expression {expression[:80]!r} failed: {error}", hint="check the names it uses"
        ) from None
    if isinstance(value, Undefined):
        raise TemplateRenderError(
            f"expression {expression[:80]!r} is undefined", hint="check the names it uses"
        )
    return value
