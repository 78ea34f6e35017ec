"""The part of JSON Schema's regular expressions a grammar can express, parsed into a tree.

Supported: literals, ``.``, character classes (ranges, negation, ``\\d \\w \\s`` and their
negations), escapes (``\\uXXXX``, ``\\u{...}``, ``\\xHH``, ``\\t \\n \\r \\f \\v \\0``, any escaped
punctuation), groups (plain, ``(?:...)``, named), alternation, ``? * +`` and ``{m}``,
``{m,}``, ``{m,n}`` (lazy forms accepted: they match the same strings). Anchors ``^``/``$``
only at the ends of the pattern or of its top-level alternatives; an unanchored side gets
``.*`` (a JSON Schema pattern matches anywhere in the string).

Refused with ``PatternNotSupportedError`` naming the construct: lookahead and lookbehind,
back-references, word boundaries, Unicode property escapes, inline flags, control escapes,
possessive quantifiers and anchors in the middle.
"""

from __future__ import annotations

from dataclasses import dataclass

from presswright.llm.grammar_gbnf import GrammarError

__all__ = [
    "Alternation",
    "CharSet",
    "Literal",
    "Node",
    "PatternNotSupportedError",
    "Repeat",
    "Sequence",
    "length_range",
    "parse_pattern",
]

MAX_CODE_POINT = 0x10FFFF


class PatternNotSupportedError(GrammarError):
    """A ``pattern`` uses a construct a grammar cannot express."""


@dataclass(frozen=True)
class CharSet:
    """One character from a set of inclusive code point ranges (sorted, merged)."""

    ranges: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Literal:
    """A fixed run of characters."""

    text: str


@dataclass(frozen=True)
class Sequence:
    """Parts one after another."""

    items: tuple[Node, ...]


@dataclass(frozen=True)
class Alternation:
    """One of several options."""

    options: tuple[Node, ...]


@dataclass(frozen=True)
class Repeat:
    """A part repeated ``minimum..maximum`` times (None: unbounded)."""

    node: Node
    minimum: int
    maximum: int | None


Node = CharSet | Literal | Sequence | Alternation | Repeat


def normalise(ranges: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Sorted ranges with overlapping and touching ones merged."""
    merged: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return tuple(merged)


def complement(ranges: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    """Every code point not in ``ranges``."""
    result, start = [], 0
    for low, high in ranges:
        if low > start:
            result.append((start, low - 1))
        start = high + 1
    if start <= MAX_CODE_POINT:
        result.append((start, MAX_CODE_POINT))
    return tuple(result)


_DIGIT = ((0x30, 0x39),)
_WORD = normalise([(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)])
_SPACE = normalise(
    [(0x09, 0x0D), (0x20, 0x20), (0xA0, 0xA0), (0x2028, 0x2029), (0x3000, 0x3000), (0xFEFF, 0xFEFF)]
)
DOT = complement(normalise([(0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029)]))
_CLASS_ESCAPES = {
    "d": _DIGIT,
    "D": complement(_DIGIT),
    "w": _WORD,
    "W": complement(_WORD),
    "s": _SPACE,
    "S": complement(_SPACE),
}
_CHAR_ESCAPES = {"t": 9, "n": 10, "r": 13, "f": 12, "v": 11, "0": 0}
_REFUSED_ESCAPES = {
    "b": "a word boundary (\\b)",
    "B": "a non-word boundary (\\B)",
    "p": "a Unicode property escape (\\p{...})",
    "P": "a Unicode property escape (\\P{...})",
    "k": "a named back-reference (\\k<...>)",
    "c": "a control escape (\\cX)",
}


def parse_pattern(pattern: str) -> Node:
    """The strings a JSON Schema ``pattern`` accepts (whole-string), as a tree."""
    parser = _Parser(pattern)
    node = parser.alternatives(top=True)
    if parser.position < len(pattern):
        parser.fail(f"an unbalanced ')' at {parser.position}")
    return node


def length_range(node: Node) -> tuple[int, int | None]:
    """The fewest and most characters a string of ``node`` has (None: no limit)."""
    if isinstance(node, CharSet):
        return 1, 1
    if isinstance(node, Literal):
        return len(node.text), len(node.text)
    if isinstance(node, Sequence):
        low = 0
        total: int | None = 0
        for item in node.items:
            item_low, item_high = length_range(item)
            low += item_low
            total = None if total is None or item_high is None else total + item_high
        return low, total
    if isinstance(node, Alternation):
        ranges = [length_range(option) for option in node.options]
        highs = [high for _, high in ranges]
        return min(low for low, _ in ranges), None if None in highs else max(h or 0 for h in highs)
    item_low, item_high = length_range(node.node)
    top = None if node.maximum is None or item_high is None else item_high * node.maximum
    return item_low * node.minimum, top if node.maximum != 0 else 0


class _Parser:
    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.position = 0

    def fail(self, construct: str) -> None:
        raise PatternNotSupportedError(
            f"the pattern /{self.pattern}/ uses {construct}, which a grammar cannot express",
            hint="use literals, classes, groups, alternation and ?, *, +, {m,n} only",
        )

    def peek(self, offset: int = 0) -> str:
        index = self.position + offset
        return self.pattern[index] if index < len(self.pattern) else ""

    def alternatives(self, top: bool = False) -> Node:
        options = [self.sequence(top)]
        while self.peek() == "|":
            self.position += 1
            options.append(self.sequence(top))
        return options[0] if len(options) == 1 else Alternation(tuple(options))

    def sequence(self, top: bool) -> Node:
        items: list[Node] = []
        anchored_start = anchored_end = False
        if top and self.peek() == "^":
            anchored_start, self.position = True, self.position + 1
        while self.peek() not in ("", "|", ")"):
            if self.peek() == "$":
                self.position += 1
                if not top or self.peek() not in ("", "|"):
                    self.fail("an anchor ($) inside the pattern")
                anchored_end = True
                break
            if self.peek() == "^":
                self.fail("an anchor (^) inside the pattern")
            items.append(self.quantified(self.atom()))
        if top:
            anything = Repeat(CharSet(DOT), 0, None)
            items = ([] if anchored_start else [anything]) + items
            items += [] if anchored_end else [anything]
        return _joined(items)

    def quantified(self, node: Node) -> Node:
        while True:
            char = self.peek()
            if char in ("*", "+", "?"):
                self.position += 1
                bounds: tuple[int, int | None] = {"*": (0, None), "+": (1, None), "?": (0, 1)}[char]
            elif char == "{" and (counted := self.counted()) is not None:
                bounds = counted
            else:
                return node
            if self.peek() == "?":  # lazy: the same strings match
                self.position += 1
            elif self.peek() == "+":
                self.fail("a possessive quantifier")
            node = Repeat(node, bounds[0], bounds[1])

    def counted(self) -> tuple[int, int | None] | None:
        end = self.pattern.find("}", self.position)
        body = self.pattern[self.position + 1 : end] if end > 0 else ""
        low, comma, high = body.partition(",")
        if not low.isdigit() or (high and not high.isdigit()):
            return None  # a literal brace, as ECMAScript reads it
        self.position = end + 1
        minimum, maximum = int(low), (int(high) if high else None) if comma else int(low)
        if maximum is not None and maximum < minimum:
            self.fail(f"the empty quantifier {{{body}}}")
        return minimum, maximum

    def atom(self) -> Node:
        char = self.peek()
        self.position += 1
        if char == "(":
            return self.group()
        if char == "[":
            ranges = self.char_class()
            if len(ranges) == 1 and ranges[0][0] == ranges[0][1]:
                return Literal(chr(ranges[0][0]))  # [+] is how scripts.py writes a literal +
            return CharSet(ranges)
        if char == ".":
            return CharSet(DOT)
        if char == "\\":
            escaped = self.escape(in_class=False)
            return CharSet(escaped) if isinstance(escaped, tuple) else Literal(chr(escaped))
        if char in ("*", "+", "?"):
            self.fail(f"a quantifier ({char}) with nothing before it")
        return Literal(char)

    def group(self) -> Node:
        if self.peek() == "?":
            kind = self.pattern[self.position : self.position + 3]
            if kind.startswith("?:"):
                self.position += 2
            elif kind in ("?<=", "?<!") or kind[:2] in ("?=", "?!"):
                self.fail("a lookahead or lookbehind")
            elif kind.startswith(("?<", "?P<")):
                self.position = self.pattern.index(">", self.position) + 1
            else:
                self.fail("an inline flag group (?...)")
        node = self.alternatives()
        if self.peek() != ")":
            self.fail("an unclosed group")
        self.position += 1
        return node

    def char_class(self) -> tuple[tuple[int, int], ...]:
        negated = self.peek() == "^"
        self.position += negated
        ranges: list[tuple[int, int]] = []
        first = True
        while self.peek() != "]" or first:
            if self.peek() == "":
                self.fail("an unclosed character class")
            first = False
            low = self.class_member()
            if isinstance(low, tuple):
                ranges.extend(low)
                continue
            if self.peek() == "-" and self.peek(1) not in ("]", ""):
                self.position += 1
                high = self.class_member()
                if isinstance(high, tuple) or high < low:
                    self.fail("a character range that is out of order or uses a class")
                ranges.append((low, int(high)))  # type: ignore[arg-type]
            else:
                ranges.append((low, low))
        self.position += 1
        merged = normalise(ranges)
        return complement(merged) if negated else merged

    def class_member(self) -> int | tuple[tuple[int, int], ...]:
        char = self.peek()
        self.position += 1
        if char == "\\":
            if self.peek() == "b":  # backspace inside a class
                self.position += 1
                return 8
            return self.escape(in_class=True)
        return ord(char)

    def escape(self, *, in_class: bool) -> int | tuple[tuple[int, int], ...]:
        char = self.peek()
        self.position += 1
        if char == "":
            self.fail("a trailing backslash")
        if char in _CLASS_ESCAPES:
            return _CLASS_ESCAPES[char]
        if char in _CHAR_ESCAPES:
            return _CHAR_ESCAPES[char]
        if char == "u":
            return self.hex_escape(4, braces=self.peek() == "{")
        if char == "x":
            return self.hex_escape(2, braces=False)
        if char.isdigit():
            self.fail(f"a back-reference (\\{char})")
        if char in _REFUSED_ESCAPES:
            self.fail(_REFUSED_ESCAPES[char])
        if char.isalnum():
            self.fail(f"the unknown escape \\{char}")
        return ord(char)

    def hex_escape(self, digits: int, *, braces: bool) -> int:
        if braces:
            end = self.pattern.find("}", self.position)
            text, self.position = self.pattern[self.position + 1 : end], end + 1
        else:
            text = self.pattern[self.position : self.position + digits]
            self.position += digits
        try:
            code = int(text, 16)
        except ValueError:
            code = -1
        if (
            len(text) == 0
            or code < 0
            or code > MAX_CODE_POINT
            or (not braces and len(text) != digits)
        ):
            self.fail(f"the malformed escape {text!r}")
        return code


def _joined(items: list[Node]) -> Node:
    """A sequence with adjacent literals merged (one atom each for a term like ``iPhone 15``)."""
    merged: list[Node] = []
    for item in items:
        if isinstance(item, Literal) and merged and isinstance(merged[-1], Literal):
            merged[-1] = Literal(merged[-1].text + item.text)
        elif isinstance(item, Sequence):
            merged.extend(item.items)
        else:
            merged.append(item)
    return merged[0] if len(merged) == 1 else Sequence(tuple(merged))
