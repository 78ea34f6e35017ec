"""The literal instruction text of every built-in prompt, to catch a model that copies it.

Gathered from the sources themselves so a new prompt is covered without a list to keep up:
every ``prompt``/``system`` string of ``content/flows/*.yaml`` (template expressions cut
out), the string literals of every prompt-building function of the content package
(``guidance``, ``brand_summary``, ``*_prompt``), the pattern block guide, the text of every
module-level ``*EXAMPLE*`` shown to the model, and the retired prompt text that real outputs
are known to have copied.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import yaml

__all__ = ["instruction_labels", "instruction_shingles", "instruction_texts", "shingles", "words"]

_EXPRESSION = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_WORD = re.compile(r"[^\W_]+")
_PROMPT_FUNCTION = re.compile(r"^_?(guidance|brand_summary|.*_prompt)$")
# Text an example shows the model (pattern._EXAMPLE and its kind): the values of these keys.
_EXAMPLE_KEYS = frozenset({"text", "title", "items", "caption", "label"})
SHINGLE_WORDS = 5
# Instruction text of earlier built-in prompts that real outputs copied (issue 15): content
# made then is still checked by `presswright check`, so these stay instructions.
_RETIRED = (
    "short_description: at most 50 words. seo_title: at most 60 characters.",
    "meta_desc: 140 to 160 characters. Keywords to use:",
    "Get our weekly letter",
    "One short email every Friday.",
)


def words(text: str) -> list[str]:
    """The casefolded words (letters and digits) of a text."""
    return _WORD.findall(text.casefold())


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[tuple[str, ...]]:
    """Every run of ``size`` consecutive words of a text."""
    found = words(text)
    return {tuple(found[i : i + size]) for i in range(len(found) - size + 1)}


def _flow_texts() -> Iterator[str]:
    flows = resources.files("presswright.content").joinpath("flows")
    for entry in sorted(flows.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".yaml"):
            yield from _prompt_strings(yaml.safe_load(entry.read_text(encoding="utf-8")))


def _prompt_strings(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in {"prompt", "system"} and isinstance(value, str):
                yield from (part for part in _EXPRESSION.split(value) if part.strip())
            else:
                yield from _prompt_strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _prompt_strings(item)


def _module_texts(module: Any) -> Iterator[str]:
    source = importlib.import_module(module.name)
    path = getattr(source, "__file__", None)
    if not path:
        return
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef) and _PROMPT_FUNCTION.match(function.name):
            for node in ast.walk(function):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    if function.body and node is _docstring(function):
                        continue
                    yield node.value
    for name, value in vars(source).items():
        if "EXAMPLE" in name and isinstance(value, dict | list):
            yield from _example_texts(value)


def _docstring(function: ast.FunctionDef) -> ast.AST | None:
    first = function.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        return first.value
    return None


def _example_texts(node: Any, key: str = "") -> Iterator[str]:
    if isinstance(node, dict):
        for name, value in node.items():
            yield from _example_texts(value, name)
    elif isinstance(node, list):
        for item in node:
            yield from _example_texts(item, key)
    elif isinstance(node, str) and key in _EXAMPLE_KEYS:
        yield node


@cache
def instruction_texts() -> tuple[str, ...]:
    """The literal instruction text of every built-in prompt and example, deduplicated."""
    from presswright import content
    from presswright.content.pattern_draft import block_guide

    texts: list[str] = [*_flow_texts(), block_guide(), *_RETIRED]
    for module in pkgutil.iter_modules(content.__path__, prefix="presswright.content."):
        if not module.ispkg:
            texts.extend(_module_texts(module))
    seen: dict[str, None] = {}
    for text in texts:
        cleaned = " ".join(text.split())
        if words(cleaned):
            seen.setdefault(cleaned, None)
    return tuple(seen)


@cache
def instruction_shingles() -> frozenset[tuple[str, ...]]:
    """Every 5-word run of the instruction texts (none spans a template expression)."""
    found: set[tuple[str, ...]] = set()
    for text in instruction_texts():
        found |= shingles(text)
    return frozenset(found)


@cache
def instruction_labels() -> tuple[str, ...]:
    """Labels of two or more words that introduce a value in a prompt ("Keywords to use:")."""
    labels: set[str] = set()
    for text in instruction_texts():
        for match in re.finditer(r"([^\W\d_][\w ]*?)\s*:", text):
            label = " ".join(words(match.group(1))[-4:])
            if len(label.split()) >= 2:
                labels.add(label)
    return tuple(sorted(labels))
