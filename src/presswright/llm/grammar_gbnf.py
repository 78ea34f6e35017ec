"""GBNF building blocks: escaped literals and character sets, named rules, bounded repetition.

llama.cpp's grammar parser (``src/llama-grammar.cpp``, as vendored by llama-cpp-python
0.3.36) expands ``x{m,n}`` into ``n - m`` rules of its own and has two limits that matter
here, both measured:

* a repeat count above ``MAX_REPETITION_THRESHOLD`` (2000) is refused for the minimum and
  *silently* becomes unbounded for the maximum (``char{0,5000}`` parses and means ``char*``);
* the count is multiplied by the number of rules inside a repeated group, so
  ``(a (b)?){0,1500}`` is refused while ``item{0,1500}`` with ``item`` a named rule is not.

``repetition`` therefore always repeats one named symbol and splits counts above 2000 into
blocks, so every bound reaches llama.cpp exactly. ``char{0,1500}`` parses in about 0.5 ms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from presswright.errors import UserInputError

__all__ = [
    "MAX_NATIVE_REPEAT",
    "GrammarError",
    "RuleSet",
    "gbnf_literal",
    "gbnf_set",
    "group",
    "repetition",
]

MAX_NATIVE_REPEAT = 2000
_BLOCK = 1000  # items per block when a count is above MAX_NATIVE_REPEAT
_MAX_REPEAT = _BLOCK * MAX_NATIVE_REPEAT


class GrammarError(UserInputError):
    """A schema that cannot become a grammar (the message names the keyword or construct)."""


def gbnf_literal(text: str) -> str:
    """``text`` as a GBNF string literal."""
    return '"' + "".join(_escape(char, '"\\') for char in text) + '"'


def gbnf_set(ranges: Iterable[tuple[int, int]], *, negated: bool = False) -> str:
    """A GBNF character set of inclusive code point ranges (``[^...]`` when ``negated``)."""
    inner = "".join(
        _escape(chr(low), ']-^\\"') + ("" if low == high else "-" + _escape(chr(high), ']-^\\"'))
        for low, high in ranges
    )
    return f"[{'^' if negated else ''}{inner}]"


def _escape(char: str, special: str) -> str:
    code = ord(char)
    if char in special or code < 0x20 or code == 0x7F or 0x80 <= code < 0xA0:
        return f"\\x{code:02X}" if code < 0x100 else f"\\u{code:04X}"
    if 0xD800 <= code <= 0xDFFF or code in (0x2028, 0x2029):
        return f"\\u{code:04X}"
    return char


def group(alternatives: list[str]) -> str:
    """One expression for ``alternatives``: bare when there is one, parenthesised otherwise."""
    if len(alternatives) == 1:
        return alternatives[0]
    return "(" + " | ".join(alternatives) + ")"


_NAME = re.compile(r"[^a-zA-Z0-9-]+")


class RuleSet:
    """The rules of one grammar: names made safe and unique, identical bodies shared."""

    def __init__(self) -> None:
        self.rules: dict[str, str] = {}
        self._by_body: dict[str, str] = {}

    def add(self, name: str, body: str) -> str:
        """Add ``name ::= body`` (or reuse a rule with the same body); return the name used."""
        if body in self._by_body:
            return self._by_body[body]
        base = _NAME.sub("-", name).strip("-") or "rule"
        chosen, number = base, 1
        while chosen in self.rules:
            number += 1
            chosen = f"{base}{number}"
        self.rules[chosen] = body
        self._by_body[body] = chosen
        return chosen

    def define(self, name: str, body: str) -> None:
        """Set the body of a rule whose name is fixed (a rule referenced before it is built)."""
        self.rules[name] = body

    def reserve(self, name: str) -> str:
        """A unique name for a rule defined later with ``define`` (recursive references)."""
        base = _NAME.sub("-", name).strip("-") or "rule"
        chosen, number = base, 1
        while chosen in self.rules:
            number += 1
            chosen = f"{base}{number}"
        self.rules[chosen] = ""
        return chosen

    def render(self) -> str:
        """The grammar text, ``root`` first."""
        ordered = sorted(self.rules.items(), key=lambda item: item[0] != "root")
        return "".join(f"{name} ::= {body}\n" for name, body in ordered)


def repetition(rules: RuleSet, item: str, minimum: int, maximum: int | None) -> str:
    """``item`` (one symbol: a rule name, literal or set) repeated ``minimum..maximum`` times.

    Exact for every count up to two million; above 2000 the count is split into blocks of
    1000 so llama.cpp never sees a repeat count it would refuse or quietly unbound.
    """
    if maximum is not None and maximum < minimum:
        raise ValueError(f"repetition {minimum}..{maximum} is empty")
    if minimum > _MAX_REPEAT or (maximum or 0) > _MAX_REPEAT:
        raise ValueError(f"a repeat count above {_MAX_REPEAT} cannot be expressed")
    if maximum is not None and maximum <= MAX_NATIVE_REPEAT:
        return _native(item, minimum, maximum)
    parts = [_mandatory(rules, item, minimum)] if minimum else []
    if maximum is None:
        parts.append(f"{item}*")
    elif maximum > minimum:
        parts.append(_optional(rules, item, maximum - minimum))
    return " ".join(part for part in parts if part)


def _native(item: str, minimum: int, maximum: int | None) -> str:
    if maximum == 0:
        return ""
    if (minimum, maximum) == (0, 1):
        return f"{item}?"
    if (minimum, maximum) == (1, 1):
        return item
    if maximum is None:
        return (
            f"{item}*" if minimum == 0 else f"{item}+" if minimum == 1 else f"{item}{{{minimum},}}"
        )
    if minimum == maximum:
        return f"{item}{{{minimum}}}"
    return f"{item}{{{minimum},{maximum}}}"


def _block(rules: RuleSet, item: str) -> str:
    return rules.add(f"{item}-block", f"{item}{{{_BLOCK}}}")


def _mandatory(rules: RuleSet, item: str, count: int) -> str:
    if count <= MAX_NATIVE_REPEAT:
        return _native(item, count, count)
    blocks, rest = divmod(count, _BLOCK)
    return " ".join(
        part
        for part in (_native(_block(rules, item), blocks, blocks), _native(item, rest, rest))
        if part
    )


def _optional(rules: RuleSet, item: str, count: int) -> str:
    """0..count items: a chain ``opt(n) ::= block opt(n - 1000) | item{0,999}``.

    The two alternatives part ways after 999 items, so llama.cpp keeps at most two stacks
    per level alive instead of one per possible split.
    """
    if count <= MAX_NATIVE_REPEAT:
        return _native(item, 0, count)
    inner = _optional(rules, item, count - _BLOCK)
    return rules.add(
        f"{item}-upto-{count}",
        f"{_block(rules, item)} {inner} | {_native(item, 0, _BLOCK - 1)}",
    )
