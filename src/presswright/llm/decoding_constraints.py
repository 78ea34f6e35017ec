"""Decoding constraints beyond the schema: the script a language is written in.

A small model asked for Japanese drifts into English, markup or another script. With
``GenerationParams.language`` set, providers that decode under a grammar (the local model,
a llama.cpp server) give every free-text string of the output schema a ``pattern`` that
admits only the letters of that language's script (plus digits, spaces and the punctuation
prose uses), and any term the caller lists verbatim (keywords, product names), so "write in
Persian" cannot come back in Arabic letters or Latin. The string keeps its ``minLength`` and
``maxLength``: ``presswright.llm.grammar`` enforces them next to the pattern, except that a
prose field (``"x-prose": true``, :mod:`presswright.llm.prose`) must end a sentence and may
run past ``maxLength`` to finish it (the value is cut at a sentence end after decoding).
Providers that can bias tokens also steer away from the other language's function words
(``discouraged_words``).

The patterns use only what the grammar converter and JSON Schema regexes share: an
alternation of character classes and literals, repeated.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from typing import Any

from presswright.llm.prose import ceiling, is_prose, prose_pattern

__all__ = [
    "SCRIPT_CLASSES",
    "discouraged_words",
    "grammar_schema",
    "language_pattern",
    "pattern_with_terms",
]

# What prose in any of the languages may contain besides letters: digits, spaces, the common
# punctuation (no quotes that would need JSON escapes, no braces, brackets, angle brackets,
# backticks, hashes or pipes: those only ever carry markup or code into prose).
_COMMON = r" 0-9.,;:!?'()%&+/\u2013\u2014\u2026\u2018\u2019\u201c\u201d-"  # "-" last: a literal

_LATIN = r"A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0152\u0153\u00ab\u00bb\u00a1\u00bf"
_CJK_PUNCTUATION = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff1f\uff5e"
_HAN = r"\u4e00-\u9fff\u3400-\u4dbf"
_KANA = r"\u3040-\u30ff\u31f0-\u31ff"
_HANGUL = r"\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
# The Arabic block minus the letters only Persian writes (peh, tcheh, jeh, gaf, keheh,
# Farsi yeh), and for Persian minus those only Arabic writes (teh marbuta, alef maksura,
# Arabic yeh and kaf), plus the zero-width non-joiner Persian words need.
_ARABIC = (
    r"\u0600-\u067d\u067f-\u0685\u0687-\u0697\u0699-\u06a8\u06aa-\u06ae\u06b0-\u06cb\u06cd-\u06ff"
)
_PERSIAN = r"\u0600-\u0628\u062a-\u0642\u0644-\u0648\u064b-\u06ff\u200c"

SCRIPT_CLASSES: dict[str, str] = {
    "en": _LATIN,
    "de": _LATIN,
    "es": _LATIN,
    "fr": _LATIN,
    "it": _LATIN,
    "ja": _KANA + _HAN + _CJK_PUNCTUATION,
    "zh": _HAN + _CJK_PUNCTUATION,
    "ko": _HANGUL + _CJK_PUNCTUATION,
    "ar": _ARABIC,
    "fa": _PERSIAN,
}

# English words no other supported Latin-script language writes. A small model asked for
# French slides back into English through exactly these; a grammar cannot forbid words, so
# providers that can bias tokens discourage them instead (see discouraged_words).
_ENGLISH_ONLY = frozenset(
    {
        *("the", "and", "of", "to", "is", "that", "for", "with", "this", "you", "are"),
        *("were", "be", "have", "has", "it", "its", "they", "their", "which", "what"),
        *("would", "can", "should", "from", "by", "at", "your", "we", "our", "how", "when"),
        *("there", "these", "been", "about", "into", "than", "them", "then", "if"),
        *("one", "not", "but"),
    }
)
_LATIN_NOT_ENGLISH = frozenset({"de", "es", "fr", "it"})


def discouraged_words(language: str) -> tuple[str, ...]:
    """Words to steer away from when writing ``language``: English function words for the
    other Latin-script languages, nothing otherwise (their scripts already exclude them)."""
    return tuple(sorted(_ENGLISH_ONLY)) if language in _LATIN_NOT_ENGLISH else ()


# Characters a verbatim term may not carry into a pattern literal.
_UNSAFE_TERM = re.compile(r'["\\\x00-\x1f]')


def language_pattern(language: str, verbatim: Iterable[str] = ()) -> str | None:
    """A string ``pattern`` admitting prose in ``language`` and the verbatim terms, or None.

    None for a language without a known script (the schema is then left as it is).
    """
    letters = SCRIPT_CLASSES.get(language)
    if letters is None:
        return None
    terms = sorted(
        {term for term in verbatim if term and not _UNSAFE_TERM.search(term)},
        key=len,
        reverse=True,
    )
    alternatives = [f"[{letters}{_COMMON}]", *(_literal(term) for term in terms)]
    return "^(" + "|".join(alternatives) + ")+$"


def pattern_with_terms(
    language: str, terms: Iterable[str], verbatim: Iterable[str] = (), *, min_tail: int = 0
) -> str | None:
    """Prose in ``language`` that opens with the first term and names the others in order.

    For a field the contract says must name each keyword (an article's first paragraph).
    Opening with the first term (capitalised or as given) costs a grammar-decoding model
    nothing; the later terms it must write before the string may end, followed by at least
    ``min_tail`` more characters. None for a language without a known script or when no
    term is usable.
    """
    base = language_pattern(language, [*terms, *verbatim])
    usable = [term for term in terms if term and not _UNSAFE_TERM.search(term)]
    if base is None or not usable:
        return None
    unit = base[1:-2]
    first, *rest = usable
    capital = first[:1].upper() + first[1:]
    opening = _literal(first) if capital == first else f"({_literal(capital)}|{_literal(first)})"
    tail = f"{unit}{{{min_tail}}}{unit}*" if min_tail > 0 else f"{unit}*"
    return "^" + opening + "".join(f"{unit}*{_literal(term)}" for term in rest) + tail + "$"


def _literal(term: str) -> str:
    # Regex syntax characters become one-character classes with a \u escape, which JSON
    # Schema regexes and llama.cpp's grammar parser both read the same way.
    return "".join(f"[\\u{ord(char):04x}]" if char in _SYNTAX else char for char in term)


_SYNTAX = frozenset(".^$*+?()[]{}|/-")


def grammar_schema(
    schema: dict[str, Any], *, pattern: str | None = None, language: str | None = None
) -> dict[str, Any]:
    """A copy of ``schema`` whose free-text strings (no enum, const, format or pattern of
    their own) must also match ``pattern``; length bounds stay as they are, except a prose
    field's (:mod:`presswright.llm.prose`): it must end a sentence of ``language`` and may
    grow past ``maxLength`` to its ceiling, to finish the sentence (cut afterwards)."""
    fitted = copy.deepcopy(schema)
    _fit(fitted, pattern, language)
    return fitted


def _fit(node: Any, pattern: str | None, language: str | None) -> None:
    if isinstance(node, list):
        for item in node:
            _fit(item, pattern, language)
        return
    if not isinstance(node, dict):
        return
    if _is_type(node, "string") and not any(
        key in node for key in ("enum", "const", "format", "pattern")
    ):
        if is_prose(node):
            unit = pattern[1:-2] if pattern is not None else None  # "^(...)+$": one piece
            node["pattern"] = prose_pattern(unit, language)
            if "maxLength" in node:
                node["maxLength"] = ceiling(int(node["maxLength"]))
        elif pattern is not None:
            node["pattern"] = pattern
    for key, value in node.items():
        if key in ("properties", "$defs", "definitions", "patternProperties"):
            if isinstance(value, dict):
                for child in value.values():
                    _fit(child, pattern, language)
        elif key in ("items", "anyOf", "oneOf", "allOf", "prefixItems", "additionalProperties"):
            _fit(value, pattern, language)


def _is_type(node: dict[str, Any], name: str) -> bool:
    kind = node.get("type")
    return kind == name or (isinstance(kind, list) and name in kind)
