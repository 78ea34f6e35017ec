"""Which of the ten supported languages a text is written in, decided without a model.

Detection is deterministic and conservative: the script decides Korean, Japanese, Chinese
and Arabic-script text; Latin-script text is scored on curated function words and on
letters only one language uses. Anything too short or too mixed to judge returns ``None``,
so a contract check never fails a three-word title or a paragraph quoting another language.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

from presswright.content.models import LANGUAGES

__all__ = ["detect_language", "language_problem"]

# Below these sizes a text is a title or a label, not prose whose language can be judged.
_MIN_LATIN_WORDS = 12
_MIN_ARABIC_WORDS = 8
_MIN_CJK_CHARS = 20
# Share of all letters the dominant script needs; less is a mixed text we refuse to judge.
_MIN_SCRIPT_SHARE = 0.6
# The best Latin language must beat the runner-up by this factor, with this much evidence.
_MIN_LATIN_MARGIN = 1.5
_MIN_LATIN_SCORE = 4.0
# A CJK character carries about as much text as a short Latin word; weighting it keeps one
# English product name from outvoting a Japanese sentence in the script share.
_CJK_WEIGHT = 3

_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[^\W\d_]+")

# Letters only one of the two writes. Yeh and kaf are weaker evidence: Persian typed on an
# Arabic keyboard uses the Arabic forms, while پ چ ژ گ and ة ى survive any keyboard.
_PERSIAN_LETTERS = frozenset("پچژگ")
_PERSIAN_FORMS = frozenset("یک")  # yeh U+06CC, keheh U+06A9
_ARABIC_LETTERS = frozenset("ةى")  # teh marbuta, alef maksura U+0649
_ARABIC_FORMS = frozenset("يك")  # yeh U+064A, kaf U+0643


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The most frequent function words of each language. A word several languages share
# ("de", "la", "in", "a") splits its vote between them, so overlaps cost nothing.
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "the of and to a in is it you that he was for on are with as his they be at one"
        " have this from or had by but not what all were we when your can there an each"
        " which she do how their if will up other about out many then them these so some"
        " her would into has more than its our also been should does only just any who"
        " why because while i"
    ),
    "de": _words(
        "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als"
        " auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie"
        " einem über einen so zum war haben nur oder aber vor zur bis mehr durch man sein"
        " wurde kann können wenn ihre ihr diese dieser wir ich du also was damit weil schon"
        " sehr viele immer gibt unsere dann"
    ),
    "es": _words(
        "de la que el en y a los se del las un por con no una su para es al lo como más o"
        " pero sus le ya este sí porque esta entre cuando muy sin sobre también me hasta"
        " hay donde desde todo nos durante todos uno les ni otros ese eso ante ellos e esto"
        " antes algunos qué unos otro otra él tanto esa estos mucho puede pueden son está"
        " están ser tiene hace cómo así"
    ),
    "fr": _words(
        "de la le et les des en un du une que est pour qui dans a par plus pas au sur ne"
        " se ce il sont ou avec son aux cette mais nous vous elle ils leur leurs ont été"
        " être fait comme on tout tous aussi peut même bien où sans ces ses sa très entre"
        " dont encore avoir après votre vos notre nos car chaque à l d qu c n"
    ),
    "it": _words(
        "di e il la che a per un in è non una i del si le della con da al sono dei gli"
        " alla nel anche come più lo ma ha se delle questo questa degli nella tra o ci dal"
        " cui perché loro essere sul può molto ogni quando suo sua hanno già ancora dalla"
        " sulla stato fra quello quella solo dove l d all dell nell sull c"
    ),
}

# Letters that one language writes and its neighbours do not (or rarely) do.
_LETTERS: dict[str, frozenset[str]] = {
    "de": frozenset("ßäöü"),
    "es": frozenset("ñ¿¡áíóú"),
    "fr": frozenset("çœêâîôûëï"),
    "it": frozenset("ìò"),
}
# A letter is weaker evidence than a word: proper nouns and loanwords carry letters too.
_LETTER_WEIGHT = 0.5

_WORD_VOTES: dict[str, dict[str, float]] = {}
for _language, _vocabulary in _FUNCTION_WORDS.items():
    for _word in _vocabulary:
        _WORD_VOTES.setdefault(_word, {})[_language] = 0.0
for _votes in _WORD_VOTES.values():
    for _language in _votes:
        _votes[_language] = 1.0 / len(_votes)


def _script(char: str) -> str | None:
    code = ord(char)
    if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return "hangul"
    if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9D:
        return "kana"
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF:
        return "han"
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
        return "arabic" if char.isalpha() else None
    if char.isalpha() and unicodedata.name(char, "").startswith("LATIN"):
        return "latin"
    return None


def _plain_text(text: str) -> str:
    if "<" in text:
        text = _TAG.sub(" ", text)
    return html.unescape(text)


def detect_language(text: str) -> str | None:
    """The language code a text is written in, or None when too short or mixed to judge."""
    text = unicodedata.normalize("NFC", _plain_text(text))
    counts = {"hangul": 0, "kana": 0, "han": 0, "arabic": 0, "latin": 0}
    for char in text:
        script = _script(char)
        if script is not None:
            counts[script] += 1
    weighted = {
        "cjk": (counts["hangul"] + counts["kana"] + counts["han"]) * _CJK_WEIGHT,
        "arabic": counts["arabic"],
        "latin": counts["latin"],
    }
    total = sum(weighted.values())
    if total == 0:
        return None
    dominant = max(weighted, key=lambda script: weighted[script])
    if weighted[dominant] < _MIN_SCRIPT_SHARE * total:
        return None
    if dominant == "cjk":
        return _detect_cjk(counts["hangul"], counts["kana"], counts["han"])
    if dominant == "arabic":
        return _detect_arabic(text)
    return _detect_latin(text)


def _detect_cjk(hangul: int, kana: int, han: int) -> str | None:
    if hangul + kana + han < _MIN_CJK_CHARS:
        return None
    if hangul >= kana + han:
        return "ko"
    # Japanese prose is mostly kana; a Chinese text holds at most a stray katakana name.
    if kana >= 0.1 * (kana + han):
        return "ja"
    return "zh" if han > hangul else None


def _detect_arabic(text: str) -> str | None:
    words = [word for word in _WORD.findall(text) if _script(word[0]) == "arabic"]
    if len(words) < _MIN_ARABIC_WORDS:
        return None
    for persian_set, arabic_set in (
        (_PERSIAN_LETTERS, _ARABIC_LETTERS),
        (_PERSIAN_FORMS, _ARABIC_FORMS),
    ):
        persian = sum(1 for char in text if char in persian_set)
        arabic = sum(1 for char in text if char in arabic_set)
        if persian > arabic:
            return "fa"
        if arabic > persian:
            return "ar"
    return None


def _detect_latin(text: str) -> str | None:
    words = [word.casefold() for word in _WORD.findall(text) if _script(word[0]) == "latin"]
    if len(words) < _MIN_LATIN_WORDS:
        return None
    scores = dict.fromkeys(_FUNCTION_WORDS, 0.0)
    for word in words:
        for language, vote in _WORD_VOTES.get(word, {}).items():
            scores[language] += vote
    for language, score in _letter_scores(text.casefold()).items():
        scores[language] += score
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, best_score), (_, runner_up) = ranked[0], ranked[1]
    if best_score < _MIN_LATIN_SCORE or best_score < _MIN_LATIN_MARGIN * runner_up:
        return None
    return best


def _letter_scores(text: Iterable[str]) -> dict[str, float]:
    scores = dict.fromkeys(_LETTERS, 0.0)
    for char in text:
        for language, letters in _LETTERS.items():
            if char in letters:
                scores[language] += _LETTER_WEIGHT
    return scores


def _describe(code: str) -> str:
    return f"{LANGUAGES.get(code, code)} ({code})"


def language_problem(text: str, expected: str) -> str | None:
    """Why the text is not in the expected language, or None when it is (or is too short)."""
    detected = detect_language(text)
    if detected is None or detected == expected:
        return None
    return (
        f"the text reads as {_describe(detected)}, not {_describe(expected)} as requested;"
        f" write it in {LANGUAGES.get(expected, expected)}"
    )
