"""Reading a flow spec from a JSON or YAML file, or from already-parsed data.

Every way a file can be wrong (missing, unreadable, not JSON/YAML, not an object, not the
spec's shape) becomes a ``FlowValidationError`` whose problems each name their place.
Loading checks only the shape; ``validation.check_spec`` checks the meaning.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NoReturn

import yaml
from pydantic import ValidationError

from presswright.flows.spec import FlowSpec
from presswright.flows.validation import FlowProblem, FlowValidationError, problems_from_pydantic

__all__ = ["load_spec", "parse_spec"]

SUFFIXES = {".json": "JSON", ".yaml": "YAML", ".yml": "YAML"}
_HINT = "fix the file, then check it with `presswright flow validate FILE`"


def load_spec(path: Path) -> FlowSpec:
    """The flow spec in a ``.json``, ``.yaml`` or ``.yml`` file."""
    source = str(path)
    language = SUFFIXES.get(path.suffix.lower())
    if language is None:
        _fail(source, f"unsupported file type '{path.suffix}'; use .json, .yaml or .yml")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        _fail(source, "no such file")
    except IsADirectoryError:
        _fail(source, "is a directory, not a spec file")
    except UnicodeDecodeError:
        _fail(source, "is not UTF-8 text")
    except OSError as error:
        _fail(source, f"cannot read: {error.strerror}")
    data = _parse_json(text, source) if language == "JSON" else _parse_yaml(text, source)
    return parse_spec(data, source=source)


def parse_spec(data: object, *, source: str) -> FlowSpec:
    """A ``FlowSpec`` from parsed JSON/YAML data; ``source`` names it in errors.

    A boolean ``when`` on an edge (YAML reads an unquoted ``true`` as one) is taken as the
    branch name ``'true'`` / ``'false'``.
    """
    if not isinstance(data, dict):
        found = "nothing" if data is None else f"a {type(data).__name__}"
        _fail(source, f"a flow spec must be an object (a mapping), found {found}")
    try:
        return FlowSpec.model_validate(_branch_names(data))
    except ValidationError as error:
        raise FlowValidationError(
            problems_from_pydantic(error), subject=source, hint=_HINT
        ) from None


def _branch_names(data: dict[str, Any]) -> dict[str, Any]:
    edges = data.get("edges")
    if not isinstance(edges, list):
        return data
    fixed = [
        {**edge, "when": str(edge["when"]).lower()}
        if isinstance(edge, dict) and isinstance(edge.get("when"), bool)
        else edge
        for edge in edges
    ]
    return {**data, "edges": fixed}


def _parse_json(text: str, source: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        _fail(source, f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}")


def _parse_yaml(text: str, source: str) -> object:
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = error.problem or error.context or "unreadable"
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        _fail(source, f"not valid YAML: {what}{where}")
    except yaml.YAMLError as error:
        _fail(source, f"not valid YAML: {error}")


def _fail(source: str, message: str) -> NoReturn:
    raise FlowValidationError([FlowProblem(source, message)], subject=source, hint=_HINT)
