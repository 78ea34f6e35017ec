"""Text that was cut off: prose that stops mid-sentence, a phrase ending on "the", a label alone.

A model stopped by ``max_tokens``, a grammar's ``maxLength`` or a fix leaves text no reader
accepts. Prose must end a sentence; a title, heading or bullet must not end on a word no
phrase ends on (articles, conjunctions, prepositions of the Latin-script languages); and a
field that is a label and a colon ("id :", "description:") never got its value.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from presswright.content.field_rules import violation
from presswright.content.violations import Violation

if TYPE_CHECKING:
    from presswright.content.quality import QualityThresholds, TextKind

__all__ = ["dangling_words", "unfinished_problems"]


# Prose ends a sentence; anything else was cut off (by max_tokens, a grammar's maxLength
# or a fix). Closing quotes and brackets may follow the mark; a colon introduces a list.
_FINISHED = re.compile(
    "[.!?\u2026:;\u3002\uff01\uff1f\u061f\uff0e][\"'\u201d\u2019\u00bb)\\]\u300d\u300f\uff09]*$"
)
# Words a phrase cannot end on, per Latin-script language (articles, conjunctions,
# prepositions, possessives): a title or heading ending on one was cut off.
_DANGLING: dict[str, frozenset[str]] = {
    # English strands prepositions ("What to Look For", "Who We Are"): only words no
    # phrase ends on are listed. The Romance languages do not strand them.
    "en": frozenset(re.findall(r"\S+", "a an the and or but our your their its my we're")),
    "de": frozenset(re.findall(r"\S+", "der die das des dem den ein eine einer und oder")),
    "es": frozenset(re.findall(r"\S+", "el la los las un una y o de del con para al su sus")),
    "fr": frozenset(re.findall(r"\S+", "le la les un une et ou de du des avec pour au aux sa ses")),
    "it": frozenset(re.findall(r"\S+", "il lo la i gli le un una e o di del della con per al")),
}


def dangling_words(language: str) -> frozenset[str]:
    """Casefolded words no phrase of ``language`` ends on (empty where none are listed)."""
    return _DANGLING.get(language, frozenset())


def unfinished_problems(field: str, text: str, language: str, kind: TextKind) -> list[Violation]:
    plain_text = text.strip()
    if is_bare_label(plain_text):
        # "id :", "description:" with nothing after: a label whose value was never written.
        return [
            violation(
                field,
                "quality_unfinished",
                f"{plain_text!r} is a label with nothing after it; write the text itself",
            )
        ]
    blank = _BLANK.search(plain_text)
    if blank is not None:
        return [
            violation(
                field,
                "quality_unfinished",
                f"'...{blank.group(0)}' ends a sentence on nothing: a name or word was left"
                " out before the full stop; write it, or the sentence without it",
            )
        ]
    if kind != "prose" and plain_text.endswith(_CUT_MARKS):
        return [
            violation(
                field,
                "quality_unfinished",
                f"the text ends on {plain_text[-1]!r} ('...{plain_text[-40:]}'), cut off"
                " mid-phrase; finish the phrase or shorten it",
            )
        ]
    if kind == "prose":
        if _FINISHED.search(plain_text):
            return _stopped_on_a_dangling_word(field, plain_text, language)
        tail = " ".join(plain_text.split()[-4:])
        return [
            violation(
                field,
                "quality_unfinished",
                f"the text stops mid-sentence ('...{tail[-60:]}'); end it with a full sentence",
            )
        ]
    words_of = plain_text.rstrip(" ,;:-\u2013\u2014").split()
    last = words_of[-1].casefold() if words_of else ""
    dangling = _DANGLING.get(language, frozenset())
    if len(words_of) >= _thresholds().dangling_min_words and last in dangling:
        return [
            violation(
                field,
                "quality_unfinished",
                f"the text stops on {words_of[-1]!r}, cut off mid-phrase; finish the phrase or"
                " shorten it",
            )
        ]
    return []


_BARE_LABEL = re.compile(r"\S+(?:\s+\S+)?\s*[:\uff1a]")


def is_bare_label(text: str) -> bool:
    """Whether ``text`` is a label of one or two words with nothing after it ("tags:")."""
    return _BARE_LABEL.fullmatch(text.strip()) is not None


# A full stop after a space ("The customer's name is ."): the word before it was left out.
# (French sets a space before ! ? ; : but never before a full stop; an ellipsis may.)
_BLANK = re.compile(r"\w+\s+\.(?![.\w])")
# Marks a heading, label or button never ends on: the text was cut after them.
_CUT_MARKS = (",", ";", "-", "\u2013", "\u2014", "\u060c", "\u3001", "\uff0c")

# The word before a sentence's closing mark, as written.
_LAST_WORD = re.compile(
    r"(\S+?)[.!?\u2026:;\u3002\uff01\uff1f\u061f\uff0e][\"'\u201d\u2019\u00bb)\]]*$"
)


def _stopped_on_a_dangling_word(field: str, text: str, language: str) -> list[Violation]:
    """A sentence that ends on "and." or "the." was cut and given a full stop (what a fix
    that trims to a length does). Compared as written: "Plan A." and "Vitamin E." end on a
    name, not on the article or conjunction "a" and "e"."""
    found = _LAST_WORD.search(text)
    dangling = _DANGLING.get(language, frozenset())
    if found is None or found.group(1) not in dangling:
        return []
    tail = " ".join(text.split()[-4:])
    return [
        violation(
            field,
            "quality_unfinished",
            f"the sentence stops on {found.group(1)!r} ('...{tail[-60:]}'), cut off"
            " mid-phrase; finish it or end the sentence before it",
        )
    ]


def _thresholds() -> QualityThresholds:
    from presswright.content.quality import THRESHOLDS

    return THRESHOLDS
