"""Structured output: a JSON Schema to constrain generation, validation, and repair prompts.

A schema is either a Pydantic model (the result is a validated instance) or a raw JSON
Schema document (the result is the parsed JSON, validated with ``jsonschema``). Before
validation a prose field longer than its ``maxLength`` is cut at its last sentence end within
the limit (:func:`presswright.llm.prose.fit_prose`); one that cannot be is reported too long.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import jsonschema
from pydantic import BaseModel, ValidationError

from presswright.errors import UserInputError
from presswright.llm.prose import fit_prose
from presswright.llm.types import Message

__all__ = ["MAX_REPAIRS", "OutputSchema", "extract_json", "repair_messages"]

MAX_REPAIRS = 2
_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


def extract_json(text: str) -> str:
    """The JSON document in a model's answer: fenced, bare, or the outermost braces."""
    fenced = _FENCE.search(text)
    if fenced:
        return fenced.group(1).strip()
    stripped = text.strip()
    if stripped[:1] in ("{", "["):
        return stripped
    start, end = stripped.find("{"), stripped.rfind("}")
    return stripped[start : end + 1] if 0 <= start < end else stripped


def _path(parts: Any) -> str:
    rendered = "$"
    for part in parts:
        rendered += f"[{part}]" if isinstance(part, int) else f".{part}"
    return rendered


@dataclass(frozen=True)
class OutputSchema:
    """What the output must look like, and how to check it."""

    json_schema: dict[str, Any]
    name: str
    model: type[BaseModel] | None = None

    @classmethod
    def of(cls, schema: type[BaseModel] | dict[str, Any]) -> OutputSchema:
        """Build from a Pydantic model class or a JSON Schema document."""
        if isinstance(schema, type) and issubclass(schema, BaseModel):
            return cls(schema.model_json_schema(), schema.__name__, schema)
        if not isinstance(schema, dict):
            raise UserInputError("a schema must be a JSON Schema object or a Pydantic model")
        try:
            jsonschema.validators.validator_for(schema).check_schema(schema)
        except jsonschema.SchemaError as error:
            raise UserInputError(
                f"the JSON Schema is invalid at {_path(error.absolute_path)}: {error.message}",
                hint="fix the schema file; see https://json-schema.org/understanding-json-schema",
            ) from None
        name = re.sub(r"[^A-Za-z0-9_-]", "_", str(schema.get("title") or "output"))[:64]
        return cls(schema, name or "output", None)

    def validate(self, text: str) -> tuple[Any, list[str]]:
        """Parse, fit prose fields to their limits (whole sentences) and check ``text``: the
        value and no violations, or None and the violations."""
        candidate = extract_json(text)
        try:
            data = json.loads(candidate, strict=False)  # raw newlines inside strings are fine
        except json.JSONDecodeError as error:
            return None, [
                f"$: not valid JSON ({error.msg} at line {error.lineno} column {error.colno})"
            ]
        data = fit_prose(self.json_schema, data)
        if self.model is not None:
            try:
                return self.model.model_validate(data), []
            except ValidationError as error:
                return None, [
                    f"{_path(item['loc'])}: {item['msg']}"
                    for item in error.errors(include_url=False)
                ]
        validator = jsonschema.validators.validator_for(self.json_schema)(self.json_schema)
        violations = [
            f"{_path(error.absolute_path)}: {error.message}"
            for error in sorted(
                validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))
            )
        ]
        return (None, violations) if violations else (data, [])

    def instructions(self) -> str:
        """A system-prompt line that tells models without constrained decoding what to emit."""
        return (
            "Reply with one JSON document only, no prose, valid against this JSON Schema:\n"
            + json.dumps(self.json_schema, separators=(",", ":"))
        )


def repair_messages(
    messages: tuple[Message, ...], bad_output: str, violations: list[str]
) -> tuple[Message, ...]:
    """The conversation plus a re-ask that quotes each violation of the previous answer."""
    listed = "\n".join(f"- {violation}" for violation in violations[:20])
    return (
        *messages,
        Message(role="assistant", content=bad_output[:4000]),
        Message(
            role="user",
            content=(
                "Your JSON did not match the required schema:\n"
                f"{listed}\n"
                "Reply with the corrected JSON document only."
            ),
        ),
    )
