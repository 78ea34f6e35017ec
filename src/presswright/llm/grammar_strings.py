"""JSON strings in GBNF: characters, patterns, formats and length bounds, all enforced together.

A pattern without length bounds (or whose own lengths already fit them) becomes GBNF that
mirrors the regex. A pattern *with* bounds it does not imply is turned into an automaton
over its atoms (a character class counts one character, a literal run such as a verbatim
term counts its length), equivalent states are merged, and the automaton is multiplied by
a length counter: one rule per reachable (state, characters so far) pair, pruned to the
pairs from which the string can still end well. A language pattern (two states) with
``maxLength: 1500`` gives about 1,500 short rules: built in about 15 ms, parsed by llama.cpp
in about 4 ms (measured here). Past ``MAX_COUNTED_RULES`` pairs the pattern is still
enforced and the bounds are left to validation (decided from states x counter values before
building anything); the converter reports that in ``relaxed``.
The limit is measured too: a terms pattern (``decoding_constraints.pattern_with_terms``
with ``min_tail=20``) under ``maxLength: 1500`` needs about 36,000 pairs, 580 ms to build
and 57 ms for llama.cpp to parse on every call, so it is relaxed.
"""

from __future__ import annotations

import json
import re
from collections import deque
from dataclasses import dataclass, field

from presswright.llm.grammar_gbnf import RuleSet, gbnf_literal, gbnf_set, group, repetition
from presswright.llm.grammar_regex import (
    Alternation,
    CharSet,
    Literal,
    Node,
    Sequence,
    complement,
    length_range,
    normalise,
    parse_pattern,
)

__all__ = ["FORMAT_PATTERNS", "JSON_CHAR", "MAX_COUNTED_RULES", "EmptyStringError", "StringBuilder"]

JSON_CHAR = '[^"\\x5C\\x7F\\x00-\\x1F] | "\\x5C" (["\\x5C/bfnrt] | "u" [0-9a-fA-F]{4})'
MAX_COUNTED_RULES = 12_000
_MAX_POSITIONS = 4_000

FORMAT_PATTERNS = {
    "date": r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$",
    "time": r"^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$",
    "date-time": r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d"
    r"(\.\d{1,6})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$",
    # Bounded parts, stricter than the RFCs: a small model that starts spelling out a long
    # domain label must reach a dot or the end (it looped to max_tokens with "+" here).
    "email": r"^[A-Za-z0-9._%+-]{1,40}@[A-Za-z0-9-]{1,40}(\.[A-Za-z0-9-]{1,40}){0,2}"
    r"\.[A-Za-z]{2,12}$",
    "uri": r"^[a-z][a-z0-9+.-]{0,15}:[A-Za-z0-9._~%!$&'()*+,;=:@/?#-]{1,300}$",
    "uuid": r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
}
FORMAT_PATTERNS["uri-reference"] = FORMAT_PATTERNS["uri"]

# Characters a JSON string holds as they are; the others need an escape.
_RAW = complement(normalise([(0x00, 0x1F), (0x22, 0x22), (0x5C, 0x5C), (0x7F, 0x7F)]))
_SHORT_ESCAPES = {0x22: '\\"', 0x5C: "\\\\", 0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
_SYMBOL = re.compile(r"^[a-zA-Z0-9-]+$")


class EmptyStringError(ValueError):
    """No string satisfies the pattern, format and length bounds together."""


class _TooLarge(Exception):
    pass


@dataclass
class _Automaton:
    atoms: list[tuple[str, int]] = field(default_factory=list)  # GBNF expression, width
    follow: list[set[int]] = field(default_factory=list)


_Glushkov = tuple[bool, frozenset[int], frozenset[int]]  # nullable, first, last


class StringBuilder:
    """Builds the GBNF rules of string schemas into one ``RuleSet``."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self.relaxed: list[str] = []

    def string(
        self,
        name: str,
        *,
        pattern: str | None = None,
        format_name: str | None = None,
        min_length: int = 0,
        max_length: int | None = None,
    ) -> str:
        """An expression for a JSON string (quotes included) meeting every given constraint."""
        source = pattern if pattern is not None else FORMAT_PATTERNS.get(format_name or "")
        quote = '"\\""'
        if source is None:
            char = self.rules.add("char", JSON_CHAR)
            body = repetition(self.rules, char, min_length, max_length)
            return f"{quote} {body} {quote}" if body else f"{quote} {quote}"
        node = parse_pattern(source)
        low, high = length_range(node)
        implied = min_length <= low and (
            max_length is None or (high is not None and high <= max_length)
        )
        if not implied:
            try:
                return f"{quote} {self._counted(node, name, min_length, max_length)} {quote}"
            except _TooLarge:
                self.relaxed.append(
                    f"{name}: length {min_length}..{max_length} next to the pattern"
                    f" /{source[:40]}.../ is checked after decoding (too large to count)"
                )
        body = self._expression(node, name)
        return f"{quote} {body} {quote}" if body else f"{quote} {quote}"

    # -- a pattern as it is -------------------------------------------------------------

    def _expression(self, node: Node, name: str) -> str:
        if isinstance(node, CharSet):
            return self._char_rule(node)
        if isinstance(node, Literal):
            return _json_literal(node.text)
        if isinstance(node, Sequence):
            return " ".join(part for item in node.items if (part := self._expression(item, name)))
        if isinstance(node, Alternation):
            options = [self._expression(option, name) or '""' for option in node.options]
            return group(options)
        item = self._expression(node.node, name) or '""'
        if not _SYMBOL.match(item):
            item = self.rules.add(f"{name}-part", item)
        return repetition(self.rules, item, node.minimum, node.maximum)

    def _char_rule(self, node: CharSet) -> str:
        return self.rules.add("set", _char_expression(node.ranges))

    # -- a pattern with a length counter ------------------------------------------------

    def _counted(self, node: Node, name: str, min_length: int, max_length: int | None) -> str:
        automaton = _Automaton()
        nullable, first, last = self._glushkov(node, automaton)
        states = len(automaton.atoms) + 1  # 0 is the start, position p is state p + 1
        outgoing = [sorted(first)] + [sorted(automaton.follow[p]) for p in range(states - 1)]
        final = [nullable] + [p in last for p in range(states - 1)]
        block = _merge_equivalent(outgoing, final, automaton.atoms)
        cap = max_length if max_length is not None else min_length
        if len(set(block)) * (cap + 1) > MAX_COUNTED_RULES:
            raise _TooLarge  # decided before the search, so a refusal costs nothing
        start = (block[0], 0)
        edges: dict[tuple[int, int], list[tuple[str, tuple[int, int]]]] = {}
        representative = {block[state]: state for state in reversed(range(states))}
        queue = deque([start])
        while queue:
            pair = queue.popleft()
            if pair in edges:
                continue
            state, count = representative[pair[0]], pair[1]
            targets: dict[tuple[str, tuple[int, int]], None] = {}
            for position in outgoing[state]:
                expression, width = automaton.atoms[position]
                after = count + width
                if max_length is not None and after > max_length:
                    continue
                targets[(expression, (block[position + 1], min(after, cap)))] = None
            edges[pair] = list(targets)
            queue.extend(target for _, target in edges[pair] if target not in edges)
        accepting = {
            pair for pair in edges if final[representative[pair[0]]] and pair[1] >= min_length
        }
        live = _co_reachable(edges, accepting)
        if start not in live:
            raise EmptyStringError(f"no string fits {name}'s pattern and length bounds")
        base = self.rules.reserve(f"{name}-len")
        names = {pair: f"{base}-{pair[0]}-{pair[1]}" for pair in live}
        for pair in sorted(live):
            options = []
            for expression, target in edges[pair]:
                if target in live:
                    ends_here = not any(t in live for _, t in edges[target])
                    options.append(expression if ends_here else f"{expression} {names[target]}")
            if not options:
                continue
            body = " | ".join(options)
            self.rules.define(names[pair], f"({body})?" if pair in accepting else body)
        ends_at_start = not any(t in live for _, t in edges[start])
        self.rules.define(base, '""' if ends_at_start else names[start])
        return base

    def _glushkov(self, node: Node, automaton: _Automaton) -> _Glushkov:
        if isinstance(node, (CharSet, Literal)):
            if len(automaton.atoms) >= _MAX_POSITIONS:
                raise _TooLarge
            if isinstance(node, CharSet):
                atom = (self._char_rule(node), 1)
            else:
                atom = (_json_literal(node.text), len(node.text))
            automaton.atoms.append(atom)
            automaton.follow.append(set())
            single = frozenset({len(automaton.atoms) - 1})
            return False, single, single
        if isinstance(node, Sequence):
            result: _Glushkov = (True, frozenset(), frozenset())
            for item in node.items:
                result = _then(automaton, result, self._glushkov(item, automaton))
            return result
        if isinstance(node, Alternation):
            parts = [self._glushkov(option, automaton) for option in node.options]
            return (
                any(part[0] for part in parts),
                frozenset().union(*(part[1] for part in parts)),
                frozenset().union(*(part[2] for part in parts)),
            )
        repeated: _Glushkov = (True, frozenset(), frozenset())
        for _ in range(node.minimum):
            repeated = _then(automaton, repeated, self._glushkov(node.node, automaton))
        if node.maximum is None:
            looped = self._glushkov(node.node, automaton)
            for position in looped[2]:
                automaton.follow[position] |= looped[1]
            return _then(automaton, repeated, (True, looped[1], looped[2]))
        # Optional copies nested (x (x (x)?)?)?: one way to read each string, so few stacks.
        tail: _Glushkov = (True, frozenset(), frozenset())
        for _ in range(node.maximum - node.minimum):
            copy = self._glushkov(node.node, automaton)
            tail = _then(automaton, copy, tail)
            tail = (True, tail[1], tail[2])
        return _then(automaton, repeated, tail)


def _then(automaton: _Automaton, left: _Glushkov, right: _Glushkov) -> _Glushkov:
    for position in left[2]:
        automaton.follow[position] |= right[1]
    return (
        left[0] and right[0],
        left[1] | right[1] if left[0] else left[1],
        right[2] | left[2] if right[0] else right[2],
    )


def _merge_equivalent(
    outgoing: list[list[int]], final: list[bool], atoms: list[tuple[str, int]]
) -> list[int]:
    """Block number per state: states that accept the same continuations share a block."""
    signature: list[object] = [
        (final[s], frozenset(atoms[p] for p in outgoing[s])) for s in range(len(final))
    ]
    count = -1
    while True:
        numbering: dict[object, int] = {}
        block = [numbering.setdefault(sig, len(numbering)) for sig in signature]
        if len(numbering) == count:
            return block
        count = len(numbering)
        signature = [
            (block[s], frozenset((atoms[p], block[p + 1]) for p in outgoing[s]))
            for s in range(len(final))
        ]


def _co_reachable(
    edges: dict[tuple[int, int], list[tuple[str, tuple[int, int]]]], accepting: set[tuple[int, int]]
) -> set[tuple[int, int]]:
    """The pairs from which an accepting pair can be reached."""
    back: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for pair, targets in edges.items():
        for _, target in targets:
            back.setdefault(target, []).append(pair)
    live, queue = set(accepting), deque(accepting)
    while queue:
        for source in back.get(queue.popleft(), []):
            if source not in live:
                live.add(source)
                queue.append(source)
    return live


def _json_literal(text: str) -> str:
    return gbnf_literal(json.dumps(text, ensure_ascii=False)[1:-1]) if text else ""


def _char_expression(ranges: tuple[tuple[int, int], ...]) -> str:
    """One character of ``ranges`` as it appears inside a JSON string (escaped if needed).

    Control characters are offered (as escapes) only from small explicit sets like ``\\s``;
    a negated class or ``.`` never writes them.
    """
    raw = _intersect(ranges, _RAW)
    size = sum(high - low + 1 for low, high in ranges)
    options = []
    if raw:
        outside = complement(raw)
        options.append(
            gbnf_set(outside, negated=True) if len(outside) < len(raw) else gbnf_set(raw)
        )
    for code, escape in _SHORT_ESCAPES.items():
        if any(low <= code <= high for low, high in ranges) and (code > 0x1F or size < 64):
            options.append(gbnf_literal(escape))
    if not options:
        raise EmptyStringError("a character class admits no character a JSON string can hold")
    return group(options)


def _intersect(
    left: tuple[tuple[int, int], ...], right: tuple[tuple[int, int], ...]
) -> tuple[tuple[int, int], ...]:
    result = []
    for low, high in left:
        for other_low, other_high in right:
            start, end = max(low, other_low), min(high, other_high)
            if start <= end:
                result.append((start, end))
    return normalise(result)
