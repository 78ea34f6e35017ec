"""Prose fields: strings written as sentences, whose ``maxLength`` is met by whole sentences.

A string schema marked ``"x-prose": true`` (:func:`prose_string`) is text a reader reads:
a paragraph, an answer, a meta description. Its length limit must never cut a sentence.
A grammar that holds ``maxLength`` exactly makes a small model close the string wherever
the count runs out ("... and our team"), so for a prose field:

* the grammar (``decoding_constraints.grammar_schema`` gives the string
  :func:`prose_pattern`) lets the string end only after a sentence end of its language
  (``.!?`` and the ellipsis; the ideographic and full-width marks in Chinese and Japanese;
  U+061F in Arabic and Persian; closing quotes or brackets may follow), once past
  ``minLength``, and gives it room beyond ``maxLength`` up to a hard ceiling
  (:func:`ceiling`) to finish the sentence it is in;
* after decoding, :func:`fit_prose` cuts a value longer than ``maxLength`` at its last
  sentence end within the limit (:func:`trim_to_sentences`), never inside a sentence; a
  value with no sentence end in ``minLength..maxLength`` is left as it is, so validation
  reports it as too long and the caller re-asks or draws afresh.

Strings without the mark (slugs, labels, titles, headings) keep their exact limits. The
mark is an ``x-`` extension keyword: JSON Schema validators and the vendors' structured
output ignore it, and the trimming applies to every provider's answer alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = [
    "PROSE",
    "ceiling",
    "fit_prose",
    "is_prose",
    "join_sentences",
    "prose_pattern",
    "prose_string",
    "sentence_ends",
    "split_sentences",
    "trim_to_sentences",
]

PROSE = "x-prose"

# Marks that end a sentence, by the script a language writes. Arabic and Persian end
# questions with U+061F; U+06D4 is the Arabic full stop. Chinese and Japanese write the
# ideographic full stop and full-width marks (and, in model output, often ASCII ones).
_LATIN_ENDS = ".!?\u2026"
_ENDS: dict[str, str] = {
    "ar": _LATIN_ENDS + "\u061f\u06d4",
    "fa": _LATIN_ENDS + "\u061f\u06d4",
    "ja": _LATIN_ENDS + "\u3002\uff01\uff1f\uff0e",
    "zh": _LATIN_ENDS + "\u3002\uff01\uff1f\uff0e",
    "ko": _LATIN_ENDS + "\u3002\uff01\uff1f",
}
_ALL_ENDS = "".join(dict.fromkeys(_LATIN_ENDS + "".join(_ENDS.values())))
# What may close a sentence after its mark: quotes (German closes with \u201c and \u00ab),
# guillemets, brackets; at most two.
_CLOSERS = "'\u2019\u201d\u201c\u00bb\u00ab)\u300d\u300f\uff09"
# Marks after which the next sentence starts without a space.
_WIDE_ENDS = "\u3002\uff01\uff1f\uff0e"

_MARKS = re.compile(f"[{re.escape(_ALL_ENDS)}]+[{re.escape(_CLOSERS)}]{{0,2}}")

# A full stop after one letter is an initial or an abbreviation ("J. Smith", "e.g."), not
# the end of a sentence.
_INITIAL = re.compile(r"(?:^|[\s.])\w\.$")


def prose_string(min_length: int, max_length: int, **extra: Any) -> dict[str, Any]:
    """The JSON Schema of a prose field: a string of whole sentences, ``min..max`` long."""
    return {
        "type": "string",
        "minLength": min_length,
        "maxLength": max_length,
        PROSE: True,
        **extra,
    }


def is_prose(schema: Any) -> bool:
    """Whether ``schema`` is a string schema marked as prose."""
    return isinstance(schema, dict) and schema.get(PROSE) is True


def sentence_ends(language: str | None) -> str:
    """The characters that end a sentence in ``language`` (every script's when None)."""
    if language is None:
        return _ALL_ENDS
    return _ENDS.get(language, _LATIN_ENDS)


def ceiling(max_length: int) -> int:
    """How long the grammar lets a prose string grow to finish its sentence past the limit."""
    return max_length + max(max_length // 2, 40)


def prose_pattern(unit: str | None, language: str | None) -> str:
    """A pattern of text made of ``unit`` (a regex of one piece: a character class or a
    verbatim term; any character when None) that ends with a sentence end and its closers."""
    body = unit if unit is not None else "."
    ends = _class(sentence_ends(language))
    return f"^({body})*{ends}{_class(_CLOSERS)}{{0,2}}$"


def _sentence_ends(text: str) -> Iterator[int]:
    """Where each sentence of ``text`` ends (after its marks and closers), in order."""
    for match in _MARKS.finditer(text):
        end = match.end()
        spaced = end == len(text) or text[end].isspace()
        if not spaced and not any(mark in _WIDE_ENDS for mark in match.group()):
            continue  # "3.5", "example.com": a mark inside a word
        if match.group().startswith(".") and _INITIAL.search(text[: match.start() + 1]):
            continue
        yield end


def trim_to_sentences(text: str, max_length: int, min_length: int = 0) -> str | None:
    """``text`` cut after its last sentence end within ``max_length`` characters, if what
    is left is at least ``min_length`` long; None when no such sentence end exists."""
    best = None
    for end in _sentence_ends(text):
        if end > max_length:
            break
        candidate = text[:end].rstrip()
        if len(candidate) >= min_length:
            best = candidate
    return best


def split_sentences(text: str) -> list[str]:
    """The whole sentences of ``text``, in order; a tail that ends no sentence is left out."""
    found: list[str] = []
    start = 0
    for end in _sentence_ends(text):
        piece = text[start:end].strip()
        if piece:
            found.append(piece)
        start = end
    return found


def join_sentences(sentences: Iterable[str]) -> str:
    """Sentences as one text: a space after each, none after an ideographic full stop."""
    text = ""
    for sentence in sentences:
        if text and not text.endswith(tuple(_WIDE_ENDS)):
            text += " "
        text += sentence
    return text


def fit_prose(schema: dict[str, Any], data: Any) -> Any:
    """``data`` with every prose string longer than its ``maxLength`` cut at a sentence end
    (where one fits); everything else as it is. Follows properties, items and local refs."""
    return _fit(schema, data, schema, 0)


def _fit(schema: Any, data: Any, document: dict[str, Any], depth: int) -> Any:
    if not isinstance(schema, dict) or depth > 32:
        return data
    if isinstance(schema.get("$ref"), str):
        target = _resolve(document, schema["$ref"])
        return data if target is None else _fit(target, data, document, depth + 1)
    for keyword in ("allOf", "anyOf", "oneOf"):
        # A union's branches are fitted only when the value can be only one kind of thing.
        options = schema.get(keyword)
        if isinstance(options, list) and len(options) == 1:
            data = _fit(options[0], data, document, depth + 1)
    if isinstance(data, str) and is_prose(schema) and "maxLength" in schema:
        limit = int(schema["maxLength"])
        if len(data) > limit:
            trimmed = trim_to_sentences(data, limit, int(schema.get("minLength", 0)))
            return data if trimmed is None else trimmed
        return data
    if isinstance(data, dict):
        properties = schema.get("properties")
        if isinstance(properties, dict):
            return {
                key: _fit(properties[key], value, document, depth + 1)
                if key in properties
                else value
                for key, value in data.items()
            }
        return data
    if isinstance(data, list):
        prefix = schema.get("prefixItems")
        prefix = prefix if isinstance(prefix, list) else []
        items = schema.get("items")
        return [
            _fit(prefix[index] if index < len(prefix) else items, value, document, depth + 1)
            for index, value in enumerate(data)
        ]
    return data


def _resolve(document: dict[str, Any], ref: str) -> Any:
    if not ref.startswith("#"):
        return None
    target: Any = document
    for part in ref[1:].split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(target, dict) or part not in target:
            return None
        target = target[part]
    return target


def _class(characters: str) -> str:
    # \u escapes: JSON Schema regexes and the grammar converter read them alike.
    return "[" + "".join(f"\\u{ord(char):04x}" for char in characters) + "]"
