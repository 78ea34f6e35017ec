"""Objects in GBNF: declared properties in order, optional ones, extra keys; allOf merging.

Also the finiteness check that keeps a recursive ``$ref`` from becoming a trap: a grammar
for ``{"next": {"$ref": "#"}}`` with ``next`` required has no end, so a model decoding under
it could never close the document.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from presswright.llm.grammar_gbnf import gbnf_literal, gbnf_set, group
from presswright.llm.grammar_strings import JSON_CHAR

if TYPE_CHECKING:
    from presswright.llm.grammar import _Converter

__all__ = ["ObjectBuilder", "finite", "merge_all_of"]

_LOWER = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
_UPPER = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")


class ObjectBuilder:
    """Builds object rules for one converter."""

    def __init__(self, converter: _Converter) -> None:
        self.converter = converter

    def object(self, schema: dict[str, Any], name: str, path: tuple[str, ...]) -> str:
        """``{`` declared properties (required ones always, optional ones maybe) ``}``."""
        converter = self.converter
        properties: dict[str, Any] = schema.get("properties") or {}
        required = set(schema.get("required") or [])
        document = converter.document
        pairs: list[tuple[str, bool]] = []
        for key, value in properties.items():
            if key not in required and not finite(value, document, set()):
                continue  # an optional property that could never end is simply not written
            rule = converter.visit(value, f"{name}-{key}", (*path, "properties", key))
            pair = converter.rules.add(
                f"{name}-{key}-kv",
                f'{gbnf_literal(json.dumps(key, ensure_ascii=False))} space ":" space {rule}',
            )
            pairs.append((pair, key in required))
        for key in sorted(required - set(properties)):
            literal = gbnf_literal(json.dumps(key, ensure_ascii=False))
            pair = converter.rules.add(
                f"{name}-{key}-kv", f'{literal} space ":" space {converter.primitive("value")}'
            )
            pairs.append((pair, True))
        extra = self._extra(schema, name, path, list(properties))
        rules = converter.rules
        # after[i]: the rest when something is already written (each pair comma-led).
        after = [
            " ".join(f'("," space {pair})' + ("" if needed else "?") for pair, needed in pairs[i:])
            for i in range(len(pairs) + 1)
        ]
        if extra:
            after = [f'{text} ("," space {extra})*'.strip() for text in after]
        first = f'({extra} ("," space {extra})*)?' if extra else ""
        for index in reversed(range(len(pairs))):
            pair, needed = pairs[index]
            written = f"{pair} {after[index + 1]}".strip()
            first = written if needed else _written_or(written, first)
        return rules.add(name, f'"{{" space {first} "}}" space'.replace("  ", " "))

    def _extra(
        self, schema: dict[str, Any], name: str, path: tuple[str, ...], declared: list[str]
    ) -> str:
        """The rule for one undeclared key and its value, or "" when none may appear."""
        allowed = schema.get("additionalProperties")
        if allowed is None or allowed is False:
            return ""
        converter = self.converter
        value = (
            converter.primitive("value")
            if allowed is True or allowed == {}
            else converter.visit(allowed, f"{name}-extra", (*path, "additionalProperties"))
        )
        key = self._key_other_than(name, declared)
        return converter.rules.add(f"{name}-extra-kv", f'{key} ":" space {value}')

    def _key_other_than(self, name: str, declared: list[str]) -> str:
        """A JSON string key that is none of ``declared`` (a trie of the declared keys)."""
        rules = self.converter.rules
        char = rules.add("char", JSON_CHAR)
        if not declared:
            return rules.add("string-key", f'"\\"" {char}* "\\"" space')
        trie: dict[str, Any] = {}
        for key in declared:
            node = trie
            for letter in json.dumps(key, ensure_ascii=False)[1:-1]:
                node = node.setdefault(letter, {})
            node[""] = {}  # end of a declared key

        def suffix(node: dict[str, Any], depth: int) -> str:
            letters = [letter for letter in node if letter]
            options = []
            for letter in letters:
                options.append(f"{gbnf_literal(letter)} {suffix(node[letter], depth + 1)}")
            blocked = sorted({ord(letter) for letter in letters} | {0x22, 0x5C})
            options.append(f"{gbnf_set([(code, code) for code in blocked], negated=True)} {char}*")
            body = group(options)
            rule = rules.add(f"{name}-key-{depth}", body)
            return rule if "" in node else f"{rule}?"

        return rules.add(f"{name}-key", f'"\\"" {suffix(trie, 0)} "\\"" space')


def _written_or(written: str, rest: str) -> str:
    """An optional property written here, or the rest of the object starting later."""
    return f"({written} | {rest})" if rest else f"({written})?"


def finite(schema: Any, document: dict[str, Any], visiting: set[str]) -> bool:
    """Whether some finite JSON document is valid against ``schema`` as a grammar sees it."""
    if schema is True or not isinstance(schema, dict):
        return schema is not False
    if "$ref" in schema:
        ref = schema["$ref"]
        if ref in visiting:
            return False
        return finite(_resolve(document, ref), document, visiting | {ref})
    if "allOf" in schema and not all(finite(part, document, visiting) for part in schema["allOf"]):
        return False
    for keyword in ("anyOf", "oneOf"):
        if keyword in schema and not any(
            finite(part, document, visiting) for part in schema[keyword]
        ):
            return False
    kinds = schema.get("type")
    if isinstance(kinds, list) and any(kind not in ("object", "array") for kind in kinds):
        return True
    properties = schema.get("properties") or {}
    for key in schema.get("required") or []:
        if key in properties and not finite(properties[key], document, visiting):
            return False
    if int(schema.get("minItems", 0)) > 0 and "items" in schema:
        return finite(schema["items"], document, visiting)
    return all(finite(item, document, visiting) for item in schema.get("prefixItems") or [])


def merge_all_of(converter: _Converter, schema: dict[str, Any]) -> dict[str, Any]:
    """One schema for ``allOf`` and its siblings: properties and required joined, the
    tighter of each bound, ``additionalProperties: false`` if any part says so."""
    parts = [{key: value for key, value in schema.items() if key != "allOf"}]
    for part in schema["allOf"]:
        while isinstance(part, dict) and "$ref" in part:
            part = _resolve(converter.document, part["$ref"])
        if isinstance(part, dict) and "allOf" in part:
            part = merge_all_of(converter, part)
        if isinstance(part, dict):
            parts.append(part)
    merged: dict[str, Any] = {}
    for part in parts:
        for key, value in part.items():
            if key not in merged:
                merged[key] = value
            elif key == "properties":
                joined = dict(merged[key])
                for name, sub in value.items():
                    joined[name] = {"allOf": [joined[name], sub]} if name in joined else sub
                merged[key] = joined
            elif key == "required":
                merged[key] = list(dict.fromkeys([*merged[key], *value]))
            elif key in _LOWER:
                merged[key] = max(merged[key], value)
            elif key in _UPPER:
                merged[key] = min(merged[key], value)
            elif key == "additionalProperties":
                merged[key] = False if value is False or merged[key] is False else merged[key]
            elif key == "enum":
                merged[key] = [item for item in merged[key] if item in value]
            elif key == "type" and {merged[key], value} == {"integer", "number"}:
                merged[key] = "integer"
    return merged


def _resolve(document: dict[str, Any], ref: str) -> Any:
    target: Any = document
    for part in ref[1:].split("/")[1:] if ref.startswith("#/") else []:
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(target, dict) or part not in target:
            return False
        target = target[part]
    return target
