"""Sandboxed Jinja2 templates over a run's inputs and upstream node outputs.

The sandbox refuses attribute access to internals (``__class__`` and friends) and every
unsafe call; undefined names are errors, never silent blanks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from jinja2 import StrictUndefined, TemplateError, Undefined, meta, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from presswright.errors import UserInputError

__all__ = ["TemplateRenderError", "references", "render", "render_value", "syntax_error"]


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


def _single_expression(template: str) -> str | None:
    """The expression's source when ``template`` is exactly one ``{{ expression }}``, else None.

    Decided on the parsed template, not on its first and last characters:
    ``{{ a }} and {{ b }}`` starts with ``{{`` and ends with ``}}`` but is text.
    """
    stripped = template.strip()
    if not (stripped.startswith("{{") and stripped.endswith("}}")):
        return None
    body = _environment().parse(template).body
    if len(body) != 1 or not isinstance(body[0], nodes.Output):
        return None
    parts = [
        part
        for part in body[0].nodes
        if not (isinstance(part, nodes.TemplateData) and not part.data.strip())
    ]
    if len(parts) != 1 or isinstance(parts[0], nodes.TemplateData):
        return None
    source = stripped[2:-2]
    # Whitespace control ({{- x -}}) belongs to the tags, not to the expression.
    source = source[1:] if source[:1] in "-+" else source
    source = source[:-1] if source[-1:] in "-+" else source
    return source.strip()


@cache
def _compiled(template: str) -> tuple[str | None, Callable[..., Any]]:
    """What a run evaluates: one expression (and its source), or a text template."""
    expression = _single_expression(template)
    if expression is not None:
        return expression, _environment().compile_expression(expression, undefined_to_none=False)
    return None, _environment().from_string(template).render


def syntax_error(template: str) -> str | None:
    """Why ``template`` cannot be compiled as a run will compile it, or None if it can."""
    try:
        _compiled(template)
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
        return str(_environment().from_string(template).render(variables))
    except SecurityError as error:
        raise TemplateRenderError(f"template refused by the sandbox: {error}") from None
    except TemplateError as error:
        raise TemplateRenderError(
            f"template {template[:80]!r} failed: {error}", hint="check the names it uses"
        ) from None


def render_value(template: str, variables: dict[str, Any]) -> Any:
    """Evaluate a template that is one ``{{ expression }}`` to its native value (a list, a dict).

    Anything else, including a template holding several expressions, renders to text.
    """
    try:
        expression, evaluate = _compiled(template)
    except TemplateError as error:
        raise TemplateRenderError(
            f"template {template[:80]!r} does not compile: {error}", hint="fix its syntax"
        ) from None
    if expression is None:
        return render(template, variables)
    try:
        value = evaluate(variables)
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
