"""Names off the bible in scripts without capitals: Arabic, Persian, Chinese, Japanese, Korean.

Without capitals nothing marks a word as a name, so the bible's own names are the lexicon:
a word of the chapter that is not a bible name but one or two letters away from one (same
first letter, not a common word of the language) is a misspelt variant, an error. What
counts as "a word" follows the script:

* **Arabic, Persian**: words between spaces, without diacritics or tatweel; a name may
  carry a clitic (Arabic و ف ب ل ك and the article ال before it, "ولخالد"; Persian ی, ای,
  ها after it, "کاوه‌ی"), which is taken off before comparing.
* **Korean**: words between spaces; a name carries its particle (김민준은, 이서연에게), taken
  off before comparing.
* **Japanese**: a katakana name is compared with whole katakana runs (エリアズ for エリアス);
  a kanji name with same-length stretches of a run of kanji (山田大郎 for 山田太郎), so a
  particle in hiragana is never part of a candidate.
* **Chinese**: a name is compared with same-length stretches of a run of Han characters
  that differ from it in one character; the different character may not be a function
  word (的, 了, 在, ...): 海鸥的 is "of the gulls", not a variant of 海鸥岩.

A part of a name of several words that is itself a word of the language (the gull of "Gull
Rock") is not a misspelling of another listed word (its plural, "the gulls"); names of one
word (people, mostly) are compared whatever the word list says.

Names of fewer than three letters (characters, syllables) are not compared: one letter
away from a two-letter name is too often an ordinary word. A name the bible does not list
at all cannot be told from an ordinary word here; the model check looks for those.
"""

# Arabic, Persian and CJK letters in the patterns below are meant as written.
# ruff: noqa: RUF001, RUF002

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache

from wordfreq import get_frequency_dict, zipf_frequency

__all__ = ["LEXICON_LANGUAGES", "Variant", "name_variants"]

LEXICON_LANGUAGES = frozenset({"ar", "fa", "ko", "ja", "zh"})
Variant = tuple[str, str]  # (the chapter's word, the bible's name it misspells)

_COMMON_ZIPF = 4.0
# Listed in the language's word list: about once in three million words, or more often.
_KNOWN_ZIPF = 2.5
_MIN_LETTERS = 3
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_WORD = re.compile("[\\w\u200c]+")
_PARTS = re.compile("[\\s\u30fb\u00b7]+")
_PREFIXES: dict[str, tuple[str, ...]] = {
    "ar": ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك"),
}
_KO_PARTICLES = (
    *("에게서", "이었다", "에게", "께서", "한테", "에서", "으로", "이다", "였다", "처럼"),
    *("보다", "까지", "부터", "은", "는", "이", "가", "을", "를", "의", "와", "과", "도"),
    *("만", "에", "로", "야", "아", "씨"),
)
_SUFFIXES: dict[str, tuple[str, ...]] = {
    "fa": ("\u200cهایی", "\u200cها", "\u200cای", "\u200cی", "ای"),
    "ko": tuple(sorted(_KO_PARTICLES, key=len, reverse=True)),
}
_KATAKANA_RUN = re.compile("[\u30a1-\u30fa\u30fc]+")
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{_HAN}]+")
_ZH_FUNCTION = frozenset(
    "的了是在和与及着过吗呢吧啊之其这那他她它们个上下不有一说地得里中对把被让给从向到又很还也就都而"
)


@cache
def _frequencies(language: str) -> dict[str, float]:
    return get_frequency_dict(language)


def _common(word: str, language: str) -> bool:
    """A frequent word of the language (looked up whole: no word splitter is needed)."""
    if language in ("zh", "ja", "ko"):
        frequency = _frequencies(language).get(word, 0.0)
        return frequency > 0 and math.log10(frequency) + 9 >= _COMMON_ZIPF
    return zipf_frequency(word, language) >= _COMMON_ZIPF


def _distance(first: str, second: str, limit: int) -> int:
    """Levenshtein distance, or ``limit + 1`` once it is known to exceed ``limit``."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, start=1):
        current = [i]
        for j, b in enumerate(second, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _limit(word: str) -> int:
    return 1 if len(word) <= 6 else 2


def _plain(text: str) -> str:
    return _MARKS.sub("", text)


def _targets(bible_names: Iterable[str], language: str) -> tuple[set[str], list[str]]:
    """(every part of every bible name, the parts a variant is looked for against)."""
    known: set[str] = set()
    targets: list[str] = []
    for name in bible_names:
        parts = [part for part in _PARTS.split(_plain(name).strip()) if part]
        known.update(parts)
        for part in parts:
            # In a name of several words an ordinary word ("island") is not a name.
            if len(part) >= _MIN_LETTERS and not (len(parts) > 1 and _common(part, language)):
                targets.append(part)
    return known, sorted(set(targets))


def _forms(word: str, language: str) -> list[str]:
    """The word and the word without the clitics or particles its script attaches to names."""
    forms = [word]
    for prefix in _PREFIXES.get(language, ()):
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            forms.append(word[len(prefix) :])
    for suffix in _SUFFIXES.get(language, ()):
        for form in list(forms):
            if form.endswith(suffix) and len(form) - len(suffix) >= 2:
                forms.append(form[: -len(suffix)])
    return forms


def _known(word: str, language: str) -> bool:
    """A word of the language's word list at all, however rare (CJK: any entry)."""
    if language in ("zh", "ja", "ko"):
        return _frequencies(language).get(word, 0.0) > 0
    return zipf_frequency(word, language) >= _KNOWN_ZIPF


def _near(word: str, targets: Sequence[str], language: str) -> str | None:
    if len(word) < _MIN_LETTERS or _common(word, language):
        return None
    for name in targets:
        if name[0] == word[0] and _distance(word, name, _limit(name)) <= _limit(name):
            return name
    return None


def _spaced(text: str, known: set[str], targets: list[str], language: str) -> Iterator[Variant]:
    for found in _WORD.finditer(_plain(text)):
        forms = _forms(found.group().strip("\u200c"), language)
        if any(form in known for form in forms):
            continue
        for form in forms:
            name = _near(form, targets, language)
            if name is not None:
                yield found.group(), name
                break


def _katakana(text: str, known: set[str], targets: list[str], language: str) -> Iterator[Variant]:
    katakana = [name for name in targets if _KATAKANA_RUN.fullmatch(name)]
    for found in _KATAKANA_RUN.finditer(text):
        run = found.group()
        if run not in known and (name := _near(run, katakana, language)) is not None:
            yield run, name


def _han(
    text: str,
    known: set[str],
    targets: list[str],
    language: str,
    allowed: Callable[[str], bool],
) -> Iterator[Variant]:
    han = [name for name in targets if _HAN_RUN.fullmatch(name)]
    for found in _HAN_RUN.finditer(text):
        run = found.group()
        taken = {
            index
            for part in known
            for at in (m.start() for m in re.finditer(re.escape(part), run))
            for index in range(at, at + len(part))
        }
        for name in han:
            for start in range(len(run) - len(name) + 1):
                window = run[start : start + len(name)]
                if taken & set(range(start, start + len(name))):
                    continue
                differ = [i for i, (a, b) in enumerate(zip(window, name, strict=True)) if a != b]
                if (
                    len(differ) == 1
                    and allowed(window[differ[0]])
                    and not _common(window, language)
                ):
                    yield window, name


def name_variants(
    paragraphs: Sequence[str], bible_names: Iterable[str], language: str
) -> list[Variant]:
    """Words of the paragraphs that misspell a bible name, each once, in reading order."""
    known, targets = _targets(bible_names, language)
    if not targets:
        return []
    found: dict[str, str] = {}
    for paragraph in paragraphs:
        if language in ("ar", "fa", "ko"):
            variants: Iterable[Variant] = _spaced(paragraph, known, targets, language)
        elif language == "ja":
            variants = [
                *_katakana(paragraph, known, targets, language),
                *_han(paragraph, known, targets, language, lambda _: True),
            ]
        else:
            variants = _han(
                paragraph, known, targets, language, lambda char: char not in _ZH_FUNCTION
            )
        for word, name in variants:
            found.setdefault(word, name)
    nouns = _compound_parts(bible_names)
    return [
        (word, name)
        for word, name in found.items()
        # A name made of ordinary nouns ("Gull Rock", صخرة النورس) is not misspelt by another
        # form of such a noun ("the gulls", النوارس): both are words of the language.
        if not (name in nouns and _known(name, language) and _known(word, language))
    ]


def _compound_parts(bible_names: Iterable[str]) -> set[str]:
    """The parts of the bible's names of several words (places, mostly: "Gull Rock")."""
    parts: set[str] = set()
    for name in bible_names:
        words = [word for word in _PARTS.split(_plain(name).strip()) if word]
        if len(words) > 1:
            parts.update(words)
    return parts
