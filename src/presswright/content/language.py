"""Which of the ten supported languages a text is written in, by a language identifier.

Detection runs lingua (``lingua-language-detector``, whose models ship inside its wheel)
restricted to the ten supported languages, built once on first use. It stays conservative:
text too short to judge (a title, a label) or too mixed (half one script, half another)
returns ``None``, and so does text whose best language is below a confidence threshold
(:attr:`presswright.content.quality.QualityThresholds.language_min_confidence`), so a
contract check never fails a three-word title or a paragraph quoting another language.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from presswright.content.models import LANGUAGES

__all__ = ["describe_language", "detect_language", "language_confidences", "language_problem"]

# A CJK character carries about as much text as a short Latin word; weighting it keeps one
# English product name from outvoting a Japanese sentence in the script share.
_CJK_WEIGHT = 3

_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[^\W\d_]+")
# Persian typed on an Arabic keyboard uses Arabic yeh and kaf; پ چ ژ گ mark it as Persian.
_PERSIAN_LETTERS = frozenset("پچژگ")
_TO_PERSIAN_FORMS = str.maketrans({"\u064a": "\u06cc", "\u0643": "\u06a9"})

_LINGUA: dict[Language, str] = {
    Language.ENGLISH: "en",
    Language.PERSIAN: "fa",
    Language.ARABIC: "ar",
    Language.GERMAN: "de",
    Language.SPANISH: "es",
    Language.FRENCH: "fr",
    Language.ITALIAN: "it",
    Language.JAPANESE: "ja",
    Language.KOREAN: "ko",
    Language.CHINESE: "zh",
}


@cache
def _detector() -> LanguageDetector:
    # Low-accuracy mode (trigram models only): 18 MB and 0.1 s to load instead of 243 MB and
    # 1.5 s, and the gate only judges texts of sentence length, where both modes agree.
    return (
        LanguageDetectorBuilder.from_languages(*_LINGUA)
        .with_low_accuracy_mode()
        .with_preloaded_language_models()
        .build()
    )


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


def _judgeable(text: str) -> bool:
    from presswright.content.quality import THRESHOLDS as t

    counts = {"hangul": 0, "kana": 0, "han": 0, "arabic": 0, "latin": 0}
    for char in text:
        script = _script(char)
        if script is not None:
            counts[script] += 1
    cjk = counts["hangul"] + counts["kana"] + counts["han"]
    weighted = {"cjk": cjk * _CJK_WEIGHT, "arabic": counts["arabic"], "latin": counts["latin"]}
    total = sum(weighted.values())
    if total == 0:
        return False
    dominant = max(weighted, key=lambda script: weighted[script])
    if weighted[dominant] < t.language_min_script_share * total:
        return False
    if dominant == "cjk":
        return cjk >= t.language_min_cjk_chars
    words = [word for word in _WORD.findall(text) if _script(word[0]) == dominant]
    return len(words) >= t.language_min_words


def language_confidences(text: str) -> dict[str, float]:
    """Lingua's confidence (0 to 1, summing to 1) for each supported language of a text."""
    text = unicodedata.normalize("NFC", _plain_text(text))
    if any(char in _PERSIAN_LETTERS for char in text):
        text = text.translate(_TO_PERSIAN_FORMS)
    values = _detector().compute_language_confidence_values(text)
    return {_LINGUA[value.language]: value.value for value in values}


def detect_language(text: str, *, min_confidence: float | None = None) -> str | None:
    """The language code a text is written in, or None when too short, mixed or unsure."""
    if min_confidence is None:
        from presswright.content.quality import THRESHOLDS

        min_confidence = THRESHOLDS.language_min_confidence
    plain = unicodedata.normalize("NFC", _plain_text(text))
    if not _judgeable(plain):
        return None
    confidences = language_confidences(plain)
    best = max(confidences, key=lambda code: confidences[code])
    return best if confidences[best] >= min_confidence else None


def describe_language(code: str) -> str:
    """A language's English name with its code, e.g. "German (de)"."""
    return f"{LANGUAGES.get(code, code)} ({code})"


def language_problem(text: str, expected: str) -> str | None:
    """Why the text is not in the expected language, or None when it is (or is too short)."""
    detected = detect_language(text)
    if detected is None or detected == expected:
        return None
    return (
        f"the text reads as {describe_language(detected)}, not {describe_language(expected)} as"
        f" requested; write it in {LANGUAGES.get(expected, expected)}"
    )
