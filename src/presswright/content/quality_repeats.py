"""Repetition: a sentence said twice, a phrase looping, a paragraph pasted again.

Small models loop; a paragraph that repeats itself four times is not content. Within one
field a repeated sentence or a run of words said three times is flagged; across the parts
of a document (its paragraphs, its bullets) a repeated part or sentence is. Thresholds come
from :data:`presswright.content.quality.THRESHOLDS`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence

from presswright.content.field_rules import violation
from presswright.content.quality_words import plain
from presswright.content.violations import Violation

__all__ = ["copied_fields", "field_repeats", "part_repeats", "same_words"]

_SENTENCE_END = re.compile("(?<=[.!?\u3002\uff01\uff1f\u061f])\\s*|\n+")
_WORD = re.compile(r"[^\W_]+")
_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _key(text: str) -> str:
    return " ".join(_WORD.findall(plain(text).casefold()))


def same_words(first: str, second: str) -> bool:
    """Whether two texts say the same words, punctuation and case aside."""
    return _key(first) == _key(second)


def _long_enough(key: str) -> bool:
    from presswright.content.quality import THRESHOLDS as t

    cjk = len(_CJK.findall(key))
    if cjk * 2 > len(key.replace(" ", "")):
        return cjk >= t.repeat_sentence_cjk_chars
    return len(key.split()) >= t.repeat_sentence_words


def _sentences(text: str) -> Iterator[str]:
    for sentence in _SENTENCE_END.split(text):
        key = _key(sentence)
        if key and _long_enough(key):
            yield key


def _looping_run(text: str) -> str | None:
    from presswright.content.quality import THRESHOLDS as t

    key = _key(text)
    if len(_CJK.findall(key)) * 2 > len(key.replace(" ", "")):
        units, size, joiner = list(key.replace(" ", "")), t.repeat_run_cjk_chars, ""
    else:
        units, size, joiner = key.split(), t.repeat_run_words, " "
    counts = Counter(tuple(units[i : i + size]) for i in range(len(units) - size + 1))
    for run, count in counts.most_common(1):
        if count >= t.repeat_run_count:
            return joiner.join(run)
    return None


def field_repeats(field: str, text: str) -> list[Violation]:
    """A violation when the field says a sentence twice or loops over a run of words."""
    counts = Counter(_sentences(text))
    for sentence, count in counts.items():
        if count > 1:
            return [
                violation(
                    field,
                    "quality_repetition",
                    f"the sentence {sentence[:80]!r} is written {count} times; say each thing once",
                )
            ]
    run = _looping_run(text)
    if run is not None:
        return [
            violation(
                field,
                "quality_repetition",
                f"{run[:80]!r} repeats again and again; say each thing once",
            )
        ]
    return []


def part_repeats(field: str, parts: Sequence[str]) -> list[Violation]:
    """Violations for parts that repeat an earlier part, or a sentence of one."""
    problems: list[Violation] = []
    seen_parts: dict[str, int] = {}
    seen_sentences: dict[str, int] = {}
    for index, part in enumerate(parts):
        key = _key(part)
        if not key:
            continue
        if key in seen_parts:
            problems.append(
                violation(
                    field,
                    "quality_repetition",
                    f"part {index + 1} repeats part {seen_parts[key] + 1} word for word"
                    f" ({part[:60]!r}); write each paragraph once",
                )
            )
            continue
        seen_parts[key] = index
        for sentence in _sentences(part):
            earlier = seen_sentences.setdefault(sentence, index)
            if earlier != index:
                problems.append(
                    violation(
                        field,
                        "quality_repetition",
                        f"part {index + 1} repeats the sentence {sentence[:80]!r} of part"
                        f" {earlier + 1}; say each thing once",
                    )
                )
                break
    return problems


def copied_fields(fields: Sequence[tuple[str, str, str]]) -> list[Violation]:
    """Fields that repeat another field, or a sentence of one: (path, label, text) in order.

    A paragraph that is only the title again, a bullet that is a paragraph again, alt text
    that is the short description again: each says nothing new. The later copy is blamed.
    """
    problems: list[Violation] = []
    seen: dict[str, str] = {}
    seen_sentences: dict[str, str] = {}
    for path, label, text in fields:
        key = _key(text)
        if not key:
            continue
        where = f"{label} " if label else ""
        if key in seen and seen[key] != label:
            problems.append(
                violation(
                    path,
                    "quality_repetition",
                    f"{where}repeats {seen[key]} word for word ({text[:60]!r}); write"
                    " something of its own",
                )
            )
            continue
        padded = _padded_copy(key, seen)
        if padded is not None:
            problems.append(
                violation(
                    path,
                    "quality_repetition",
                    f"{where}is {padded} again with a few words added ({text[:60]!r}); write"
                    " something of its own",
                )
            )
            continue
        seen.setdefault(key, label or path)
        for sentence in _sentences(text):
            earlier = seen_sentences.setdefault(sentence, label or path)
            if earlier != (label or path):
                problems.append(
                    violation(
                        path,
                        "quality_repetition",
                        f"{where}repeats the sentence {sentence[:80]!r} of {earlier}; say each"
                        " thing once",
                    )
                )
                break
    return problems


# A part that is an earlier part (a heading, the title) plus fewer words than this is a copy.
_PADDING_WORDS = 8


def _padded_copy(key: str, seen: dict[str, str]) -> str | None:
    """The label of an earlier part that ``key`` only repeats with a few words added."""
    for earlier, label in seen.items():
        added = key[len(earlier) :].split() if key.startswith(earlier + " ") else None
        if added is not None and len(earlier.split()) >= 3 and len(added) < _PADDING_WORDS:
            return label
    return None
