"""JSON Schema to GBNF: the grammar the local model (and a llama.cpp server) decodes under.

Written after llama.cpp's ``json-schema-to-grammar``; what it adds is that bounds reach the
grammar exactly, however large (see ``grammar_gbnf``, ``grammar_numbers``,
``grammar_strings``). Enforced while decoding:

* ``type`` (one or a list), ``nullable``, ``enum``, ``const``;
* integer ``minimum``/``maximum``/``exclusiveMinimum``/``exclusiveMaximum`` exactly; number
  bounds exactly when they are integers, widened to the integers around them otherwise;
* string ``minLength``/``maxLength`` (alone or next to a ``pattern`` or ``format``), the
  regex subset of ``grammar_regex``, formats date, time, date-time, email, uri, uuid;
* array ``items``, ``prefixItems``, ``minItems``/``maxItems``;
* object ``properties`` (in their order), ``required`` and optional ones,
  ``additionalProperties`` false, true or a schema (extra keys never repeat a declared one);
* ``$ref`` into ``$defs``/``definitions`` (recursive ones too, when they admit a finite
  document), ``anyOf``/``oneOf``, ``allOf`` (merged).

Left to validation: ``uniqueItems``, ``multipleOf``, ``not``, ``if``/``then``/``else``,
``contains``, ``dependentRequired``, ``patternProperties``, ``minProperties``, number bounds'
fractions, and a length bound next to a pattern whose counted grammar would pass
``grammar_strings.MAX_COUNTED_RULES`` (listed in ``Grammar.relaxed``). Without
``additionalProperties`` an object gets its declared properties only.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from presswright.llm.decoding_constraints import grammar_schema, language_pattern
from presswright.llm.grammar_gbnf import GrammarError, RuleSet, gbnf_literal, group, repetition
from presswright.llm.grammar_numbers import integer_between, number_between
from presswright.llm.grammar_objects import ObjectBuilder, finite, merge_all_of
from presswright.llm.grammar_regex import PatternNotSupportedError
from presswright.llm.grammar_strings import JSON_CHAR, EmptyStringError, StringBuilder

__all__ = [
    "BoundedLRU",
    "Grammar",
    "GrammarError",
    "PatternNotSupportedError",
    "decoding_grammar",
    "schema_key",
    "schema_to_grammar",
]

_VALUE = {
    "value": "object | array | string | number | boolean | null",
    "object": '"{" space ( string ":" space value ("," space string ":" space value)* )? "}" space',
    "array": '"[" space ( value ("," space value)* )? "]" space',
    "string": '"\\"" {char}* "\\"" space',
    "number": '"-"? ("0" | [1-9] [0-9]{0,15}) ("." [0-9]{1,15})? ([eE] [-+]? [0-9]{1,3})? space',
    "boolean": '("true" | "false") space',
    "null": '"null" space',
}


@dataclass(frozen=True)
class Grammar:
    """GBNF text for a schema, and the constraints it leaves to validation."""

    text: str
    relaxed: tuple[str, ...] = ()


K = TypeVar("K")
V = TypeVar("V")


class BoundedLRU(Generic[K, V]):
    """A small least-recently-used map (not thread-safe: callers hold their own lock)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        """The value for ``key`` (now the most recent), or None."""
        if key not in self._items:
            return None
        self._items.move_to_end(key)
        return self._items[key]

    def put(self, key: K, value: V) -> None:
        """Store ``value``, dropping the least recently used entry when full."""
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __len__(self) -> int:
        return len(self._items)


def schema_key(schema: dict[str, Any]) -> str:
    """A stable hash of a schema (keys sorted), for caches."""
    canonical = json.dumps(schema, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


_cache: BoundedLRU[str, Grammar] = BoundedLRU(128)  # grammars vary with language and terms
_cache_lock = threading.Lock()


def decoding_grammar(
    schema: dict[str, Any], *, language: str | None = None, verbatim: tuple[str, ...] = ()
) -> Grammar:
    """The grammar a provider decodes ``schema`` under: free text held to ``language``'s
    script, prose fields ending a sentence within their ceiling (``decoding_constraints``,
    ``prose``), cached by schema hash, language and terms."""
    key = schema_key({"schema": schema, "language": language, "verbatim": list(verbatim)})
    with _cache_lock:
        found = _cache.get(key)
    if found is None:
        pattern = language_pattern(language, verbatim) if language else None
        found = schema_to_grammar(grammar_schema(schema, pattern=pattern, language=language))
        with _cache_lock:
            _cache.put(key, found)
    return found


def schema_to_grammar(schema: dict[str, Any]) -> Grammar:
    """The GBNF grammar of JSON documents valid against ``schema`` (see the module docstring)."""
    converter = _Converter(schema)
    try:
        root = converter.visit(schema, "root", ())
        if not finite(schema, schema, set()):
            raise GrammarError(
                "the schema admits no finite document (a required $ref refers back to itself)",
                hint="make the recursive property optional or allow an empty array",
            )
        converter.rules.define("root", f"{root}")
    except (EmptyStringError, ValueError, RecursionError) as error:
        raise GrammarError(
            f"the output schema cannot become a grammar: {error}",
            hint="loosen the schema (bounds that admit some value, fewer nested levels)",
        ) from None
    return Grammar(converter.rules.render(), tuple(converter.strings.relaxed))


class _Converter:
    def __init__(self, schema: dict[str, Any]) -> None:
        self.document = schema
        self.rules = RuleSet()
        self.rules.define("root", "")
        self.rules.define("space", '" "?')
        self.strings = StringBuilder(self.rules)
        self.objects = ObjectBuilder(self)
        self.refs: dict[str, str] = {}

    def primitive(self, name: str) -> str:
        """A rule of the generic JSON grammar (any value, object, string...), defined once."""
        if name not in self.rules.rules:
            char = self.rules.add("char", JSON_CHAR)
            self.rules.define(name, _VALUE[name].replace("{char}", char))
            for dependency in ("value", "object", "array", "string", "number", "boolean", "null"):
                if dependency in _VALUE[name].split():
                    self.primitive(dependency)
        return name

    def visit(self, schema: Any, name: str, path: tuple[str, ...]) -> str:
        """An expression for the JSON text of ``schema`` (followed by optional space)."""
        if schema is True or schema == {}:
            return self.primitive("value")
        if schema is False:
            raise GrammarError(f"{_where(path)}: the schema false admits no value")
        if not isinstance(schema, dict):
            raise GrammarError(f"{_where(path)}: a schema must be an object or a boolean")
        if "$ref" in schema:
            return self.reference(schema["$ref"], path)
        if "allOf" in schema:
            return self.visit(merge_all_of(self, schema), name, (*path, "allOf"))
        for keyword in ("anyOf", "oneOf"):
            if keyword in schema:
                rest = {k: v for k, v in schema.items() if k != keyword}
                options = [
                    self.visit(
                        {**rest, **option} if rest and isinstance(option, dict) else option,
                        f"{name}-{index}",
                        (*path, keyword, str(index)),
                    )
                    for index, option in enumerate(schema[keyword])
                    if finite(option, self.document, set())
                ]
                if not options:
                    raise GrammarError(f"{_where(path)}: no {keyword} option admits a finite value")
                return group(options)
        if "const" in schema:
            return gbnf_literal(_json(schema["const"])) + " space"
        if "enum" in schema:
            return group([gbnf_literal(_json(value)) for value in schema["enum"]]) + " space"
        kind = schema.get("type")
        if schema.get("nullable") is True and kind != "null":
            kinds = kind if isinstance(kind, list) else [kind] if kind else []
            kind = [*kinds, "null"] if kinds else None
        if isinstance(kind, list):
            return group([self.typed(schema, str(one), f"{name}-{one}", path) for one in kind])
        return self.typed(schema, kind or _implied_type(schema), name, path)

    def typed(
        self, schema: dict[str, Any], kind: str | None, name: str, path: tuple[str, ...]
    ) -> str:
        """An expression for one ``type`` of ``schema``."""
        if kind is None:
            return self.primitive("value")
        if kind == "object":
            return self.objects.object(schema, name, path)
        if kind == "array":
            return self.array(schema, name, path)
        if kind == "string":
            body = self.strings.string(
                name,
                pattern=schema.get("pattern"),
                format_name=schema.get("format"),
                min_length=int(schema.get("minLength", 0)),
                max_length=int(schema["maxLength"]) if "maxLength" in schema else None,
            )
            return self.rules.add(name, f"{body} space")
        if kind in ("integer", "number"):
            return self.rules.add(name, f"{self.numeric(schema, kind)} space")
        if kind in ("boolean", "null"):
            return self.primitive(kind)
        raise GrammarError(f"{_where(path)}: unknown type {kind!r}")

    def numeric(self, schema: dict[str, Any], kind: str) -> str:
        """An expression for an integer or number within the schema's bounds."""
        low, high = schema.get("minimum"), schema.get("maximum")
        low_open = high_open = False
        exclusive_low, exclusive_high = (
            schema.get("exclusiveMinimum"),
            schema.get("exclusiveMaximum"),
        )
        if isinstance(exclusive_low, bool):  # draft 4: a flag on minimum
            low_open = exclusive_low and low is not None
        elif exclusive_low is not None and (low is None or exclusive_low >= low):
            low, low_open = exclusive_low, True
        if isinstance(exclusive_high, bool):
            high_open = exclusive_high and high is not None
        elif exclusive_high is not None and (high is None or exclusive_high <= high):
            high, high_open = exclusive_high, True
        if kind == "integer":
            if low is None and high is None:
                return integer_between(None, None)
            first = None if low is None else _ceil(low) + (1 if low_open and low == int(low) else 0)
            last = (
                None
                if high is None
                else _floor(high) - (1 if high_open and high == int(high) else 0)
            )
            return integer_between(first, last)
        if low is None and high is None:
            return _VALUE["number"].removesuffix(" space")
        return number_between(low, high, exclusive_minimum=low_open, exclusive_maximum=high_open)

    def array(self, schema: dict[str, Any], name: str, path: tuple[str, ...]) -> str:
        """An expression for an array: prefix items, then items within minItems..maxItems."""
        prefix = schema.get("prefixItems") or []
        items = schema.get("items", not prefix)
        if isinstance(items, list):  # draft 7 tuples: items as a list, then additionalItems
            prefix, items = items, schema.get("additionalItems", True)
        minimum, maximum = int(schema.get("minItems", 0)), schema.get("maxItems")
        fixed = [
            self.visit(item, f"{name}-{index}", (*path, "prefixItems", str(index)))
            for index, item in enumerate(prefix)
        ]
        low = max(minimum - len(fixed), 0)
        high = None if maximum is None else max(int(maximum) - len(fixed), 0)
        counted: tuple[str, int, int | None] | None = None
        usable = items is not False and items is not None
        if usable and high != 0 and (low > 0 or finite(items, self.document, set())):
            item = self.visit(items, f"{name}-item", (*path, "items"))
            item = item if _is_symbol(item) else self.rules.add(f"{name}-item", item)
            counted = (item, low, high)
        return self.rules.add(name, _array_body(self.rules, name, fixed, counted))

    def reference(self, ref: str, path: tuple[str, ...]) -> str:
        """The rule of a ``#/...`` reference, named before it is built so recursion works."""
        if ref in self.refs:
            return self.refs[ref]
        if not ref.startswith("#"):
            raise GrammarError(
                f"{_where(path)}: only local references (#/...) are supported: {ref}"
            )
        target: Any = self.document
        for part in ref[1:].split("/")[1:] if ref != "#" else []:
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, dict) or part not in target:
                raise GrammarError(f"{_where(path)}: the reference {ref} points nowhere")
            target = target[part]
        name = self.rules.reserve("ref-" + (ref.rsplit("/", 1)[-1] or "root"))
        self.refs[ref] = name
        self.rules.define(name, self.visit(target, name, (ref,)))
        return name


def _array_body(
    rules: RuleSet, name: str, fixed: list[str], counted: tuple[str, int, int | None] | None
) -> str:
    """``"[" a "," b ... "]"``: the fixed elements, then ``item`` repeated low..high times."""
    body = ' "," space '.join(fixed)
    if counted is not None:
        item, low, high = counted
        more = rules.add(f"{name}-more", f'"," space {item}')
        if fixed:
            tail = repetition(rules, more, low, high)
        else:
            following = repetition(rules, more, max(low - 1, 0), None if high is None else high - 1)
            tail = f"{item} {following}".strip()
            if low == 0:
                tail = f"({tail})?"
        body = f"{body} {tail}".strip()
    return f'"[" space {body} "]" space' if body else '"[" space "]" space'


def _implied_type(schema: dict[str, Any]) -> str | None:
    if "properties" in schema or "additionalProperties" in schema or "required" in schema:
        return "object"
    if "items" in schema or "prefixItems" in schema:
        return "array"
    if any(key in schema for key in ("pattern", "format", "minLength", "maxLength")):
        return "string"
    if any(key in schema for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")):
        return "number"
    return None


def _is_symbol(expression: str) -> bool:
    return expression.replace("-", "").isalnum()


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _ceil(value: float) -> int:
    return int(value) if value == int(value) else int(value // 1) + 1


def _floor(value: float) -> int:
    return int(value // 1)


def _where(path: tuple[str, ...]) -> str:
    return "$" + "".join(f"/{part}" for part in path)
