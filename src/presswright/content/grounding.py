"""Whether a claim of product copy is about the product: it shares a word with the facts.

A feature bullet (or a sentence of the short description) that shares no content word with
what the shop said about the product (name, attributes, features, keywords, audience,
category) is a claim nothing supports: "Makes your home smell amazing" for a walnut cutting
board. The test is lexical and lenient on purpose; a bullet that names one thing of the
facts passes, so good copy that paraphrases most of a fact still does.

How words are compared, by script (every script is read in every language, since shops mix
brand names and units into any language):

* Latin: casefolded, accents stripped; two words match when equal, when the shorter (four
  letters or more) starts the longer, or when they share a five-letter start (``insulated``,
  ``insulation``); a three-letter word starts a word at most four letters longer (``cut``,
  ``cutting``). In German a compound matches its head of four letters or more (``Brett``,
  ``Schneidebrett``) and any part of five or more.
* Numbers of two digits or more (``30``, ``45`` of ``30 × 45 cm``, ``1.5`` of ``1,5 l``).
* Arabic script: harakat removed, one spelling of alef, yeh, kaf and teh marbuta; a word
  also stands for itself without a leading particle or article (``و``, ``ب``, ``ال``,
  ``بال``, Persian ``می``) and without a plural or possessive ending (``ات``, ``ها``); the
  forms are then compared as Latin words are.
* Chinese and Japanese have no spaces: runs of Han and katakana characters (Japanese kana
  endings and Chinese particles split them) are compared by character pairs, and a single
  character standing alone matches a run that contains it.
* Korean words lose their particles and endings (``원목으로`` -> ``원목``) and are compared
  by character pairs as well.

Function words and the very commonest words (Zipf frequency 5.6 and up: "free", "home",
"new", "made") of the language and of English, which shop data mixes in, never count. The
category and attribute names ("Home & Kitchen", "Material") are labels more than facts:
only their uncommon words (Zipf frequency below 4) count, so "home" of a category does
not support "make your home smell amazing".
"""

# ruff: noqa: RUF001, RUF002
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from presswright.content.field_rules import violation
from presswright.content.models import ProductCopy, ProductFacts
from presswright.content.quality_words import common_words, function_words, is_word, plain
from presswright.content.violations import Violation

__all__ = [
    "FactTerms",
    "claim_terms",
    "fact_terms",
    "facts_in_language",
    "sentences",
    "supported",
    "unsupported_claims",
]

_LATIN = re.compile(r"[^\W\d_]+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_ARABIC = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u200c]+")
_HANGUL = re.compile(r"[\uac00-\ud7af]+")
_HAN_KATAKANA = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u30a1-\u30fa\u30fc\u31f0-\u31ff]+"
)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|(?<=[。！？；])|(?<=[؟؛])\s*|\n+")

_ARABIC_FORMS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ی", "ي": "ی", "ك": "ک", "ة": "ه", "ؤ": "و"}
)
# Longest first: the article with a particle before it, then particles on their own.
_ARABIC_PREFIXES = ("وال", "بال", "کال", "فال", "لل", "ال", "و", "ب", "ل", "ف", "ک")
_PERSIAN_PREFIXES = ("نمی", "می", "بی")
_ARABIC_SUFFIXES = ("هایی", "های", "ترین", "ات", "ون", "ین", "ها", "هم", "ان", "تر", "ای", "ه", "ی")
# Korean particles and endings, longest first; what is left of a word is its stem.
# fmt: off
_KOREAN_ENDINGS = (
    "입니다", "합니다", "습니다", "됩니다", "에서는", "으로는", "니다", "해요", "에요", "예요",
    "에서", "으로", "에게", "까지", "부터", "처럼", "보다", "하고", "하는", "하여", "해서",
    "하게", "되는", "되어", "있는", "없는", "이며", "이고", "적인", "과", "와", "은", "는", "이",
    "가", "을", "를", "에", "의", "도", "만", "로", "한", "된", "게", "고", "며",
)
# fmt: on
# A category or attribute name grounds a claim only through words rarer than this Zipf
# frequency ("cutting" or "Spülmaschine" rather than "home", "Küche", "hogar", "material").
_LABEL_ZIPF = 4.0
# What a three-letter word may take and stay itself: cut -> cuts, cutting; mat -> mats, not
# matte; car -> cars, not carry.
_INFLECTION = re.compile(r"(?:(\w)(?=(?:ing|ed|er)$))?(?:s|es|ed|en|er|ing|e)")
# Words this common say nothing of one product ("free", "home", "great", "new", "made").
_TOO_COMMON_ZIPF = 5.6
_MIN_LATIN = 3
_MIN_ARABIC = 3


@dataclass(frozen=True)
class FactTerms:
    """The comparable terms of a product's facts: words (and numbers), and CJK character pairs."""

    words: frozenset[str]
    grams: frozenset[str]
    language: str


@cache
def _stopwords(language: str) -> frozenset[str]:
    words = function_words(language) | function_words("en")
    words |= common_words(language, _TOO_COMMON_ZIPF) | common_words("en", _TOO_COMMON_ZIPF)
    return frozenset(_fold(word) for word in words) | words


@cache
def _common(language: str) -> frozenset[str]:
    words = common_words(language, _LABEL_ZIPF) | common_words("en", _LABEL_ZIPF)
    return frozenset(_fold(word) for word in words)


def _fold(word: str) -> str:
    word = plain(word).casefold().translate(_ARABIC_FORMS)
    # Persian and Arabic-Indic digits (۳۰) are the numbers 30 of the facts.
    word = "".join(str(unicodedata.digit(ch)) if ch.isdecimal() else ch for ch in word)
    # Accents go from Latin letters only: kana voicing marks and jamo are letters there.
    return "".join(_unaccented(ch) if ch <= "\u024f" else ch for ch in word)


@cache
def _unaccented(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _arabic_forms(token: str, language: str) -> set[str]:
    # A Persian word joined by a zero-width non-joiner is its first part and a suffix
    # (گردو‌ی, روغن‌کاری): the first part stands for it, the suffix alone does not.
    parts = [part for part in token.split("\u200c") if part]
    forms = {"".join(parts), *parts[:1]}
    prefixes = _PERSIAN_PREFIXES if language == "fa" else _ARABIC_PREFIXES
    for form in list(forms):
        for prefix in prefixes:
            if form.startswith(prefix) and len(form) - len(prefix) >= _MIN_ARABIC:
                forms.add(form[len(prefix) :])
                break
    for form in list(forms):
        for suffix in _ARABIC_SUFFIXES:
            if form.endswith(suffix) and len(form) - len(suffix) >= _MIN_ARABIC:
                forms.add(form[: -len(suffix)])
                break
    return {form for form in forms if len(form) >= _MIN_ARABIC}


def _korean_stem(word: str) -> str:
    for ending in _KOREAN_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending):
            return word[: -len(ending)]
    return word


@cache
def _particles(language: str) -> re.Pattern[str]:
    """The single Han characters that work as particles (的, 了): they split a run."""
    stop = function_words(language) | function_words("zh") | function_words("ja")
    singles = sorted(word for word in stop if len(word) == 1 and _HAN_KATAKANA.fullmatch(word))
    return re.compile(f"[{''.join(singles)}]+") if singles else re.compile(r"(?!)")


def _cjk_runs(text: str, language: str) -> list[str]:
    split = _particles(language).split
    return [part for run in _HAN_KATAKANA.findall(text) for part in split(run) if part]


def _terms(
    texts: Iterable[str], language: str, *, uncommon_only: bool = False
) -> tuple[set[str], set[str]]:
    """The words and CJK grams of some texts; with ``uncommon_only`` only rarer words count."""
    stop = _stopwords(language)
    dropped = stop | _common(language) if uncommon_only else stop
    words: set[str] = set()
    grams: set[str] = set()
    for raw in texts:
        text = _fold(raw)
        for number in _NUMBER.findall(text):
            if len(number.replace(",", "").replace(".", "")) >= 2:
                words.add(number.replace(",", "."))
        words |= {
            token
            for token in _LATIN.findall(re.sub(r"[^\u0000-\u024f]", " ", text))
            if len(token) >= _MIN_LATIN and token not in dropped
        }
        for token in _ARABIC.findall(text):
            if token.replace("\u200c", "") not in dropped:
                words |= {form for form in _arabic_forms(token, language) if form not in dropped}
        runs = [_korean_stem(word) for word in _HANGUL.findall(text) if word not in dropped]
        runs += _cjk_runs(text, language)
        for run in runs:
            grams |= _pairs(run, language, dropped)
    if uncommon_only:
        # A pair across two words of a label ("家居厨房": 居厨) is no word of it.
        grams = {gram for gram in grams if len(gram) == 1 or is_word(gram, language)}
    return words, grams


def _pairs(run: str, language: str, dropped: frozenset[str]) -> set[str]:
    if len(run) == 1:
        # A character alone counts when it is no common word (木 "wood", not 家 "home").
        return set() if run in dropped or run in _singles(language) else {run}
    return {run[i : i + 2] for i in range(len(run) - 1)} - dropped


@cache
def _singles(language: str) -> frozenset[str]:
    return frozenset(word for word in common_words(language) if len(word) == 1)


def fact_terms(facts: ProductFacts) -> FactTerms:
    """The terms of a product's facts that a claim about the product may share."""
    strong = [facts.name, *facts.features, *facts.keywords, *facts.attributes.values()]
    strong += [text for text in (facts.audience,) if text]
    words, grams = _terms(strong, facts.language)
    weak_words, weak_grams = _terms(
        [facts.category, *facts.attributes], facts.language, uncommon_only=True
    )
    return FactTerms(frozenset(words | weak_words), frozenset(grams | weak_grams), facts.language)


def claim_terms(text: str, language: str) -> tuple[set[str], set[str]]:
    """The words and CJK grams of a claim, compared with :func:`fact_terms`."""
    return _terms([text], language)


def _words_match(first: str, second: str, language: str) -> bool:
    if first == second:
        return True
    if first[0].isdigit() or second[0].isdigit():
        return False
    short, long = sorted((first, second), key=len)
    if long.startswith(short) and (len(short) >= 4 or _INFLECTION.fullmatch(long[len(short) :])):
        return True
    if len(short) >= 5 and long[:5] == short[:5]:
        return True
    # A German compound holds its parts: its head (Brett of Schneidebrett) or a longer part.
    return language == "de" and (
        (len(short) >= 4 and long.endswith(short)) or (len(short) >= 5 and short in long)
    )


def _gram_match(claim: str, facts: frozenset[str]) -> bool:
    if claim in facts:
        return True
    # A lone character on either side stands for any pair that holds it.
    if len(claim) == 1:
        return any(claim in gram for gram in facts)
    return any(len(gram) == 1 and gram in claim for gram in facts)


def supported(text: str, terms: FactTerms, *, min_terms: int = 1) -> bool | None:
    """Whether a claim shares a term with the facts; None when it has too few terms to judge."""
    words, grams = claim_terms(text, terms.language)
    if len(words) + len(grams) < min_terms:
        return None
    if any(_words_match(word, fact, terms.language) for word in words for fact in terms.words):
        return True
    return any(_gram_match(gram, terms.grams) for gram in grams)


def sentences(text: str) -> list[str]:
    """The sentences of a short text, in order, stripped."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part and part.strip()]


_SCRIPT = {
    "ja": _HAN_KATAKANA,
    "zh": _HAN_KATAKANA,
    "ko": _HANGUL,
    "ar": _ARABIC,
    "fa": _ARABIC,
}


def facts_in_language(facts: ProductFacts) -> bool:
    """Whether the facts are written in the copy's language, so that words can be compared.

    English facts for French or Japanese copy ("Walnut cutting board" -> "planche en noyer")
    share no words with good copy; the check is not made then.
    """
    from presswright.content.language import detect_language

    text = "\n".join([facts.name, facts.category, *facts.features, *facts.attributes.values()])
    script = _SCRIPT.get(facts.language)
    if script is not None:
        return sum(len(run) for run in script.findall(text)) >= 2
    letters = _LATIN.findall(re.sub(r"[^\u0000-\u024f]", " ", text))
    if sum(map(len, letters)) * 2 < sum(ch.isalpha() for ch in text):
        return False  # mostly another script
    detected = detect_language(text)
    return detected is None or detected == facts.language


def _such_as(facts: ProductFacts) -> str:
    """A few facts, as the shop wrote them, for the message to point the model at."""
    facts_text = [*facts.features, *facts.attributes.values()]
    short = [text for text in facts_text if 0 < len(text) <= 40][:3]
    return f" (such as {'; '.join(short)})" if short else ""


def unsupported_claims(
    data: ProductCopy, facts: ProductFacts, *, skip: Iterable[int] = ()
) -> list[Violation]:
    """A ``claim_unsupported`` violation for each bullet or short-description sentence that
    shares no word with the facts; bullets at the ``skip`` indexes are judged elsewhere."""
    if not facts_in_language(facts):
        return []
    terms = fact_terms(facts)
    skipped = set(skip)
    problems = [
        violation(
            f"feature_bullets[{index}]",
            "claim_unsupported",
            f"feature bullet {index + 1} ({bullet!r}) is not about the product: it shares no"
            f" word with the product's facts; state something the facts say about"
            f" {facts.name!r}{_such_as(facts)}",
        )
        for index, bullet in enumerate(data.feature_bullets)
        if index not in skipped and supported(bullet, terms) is False
    ]
    # A sentence of two terms or more is a claim; "Hand made." alone is too short to judge.
    problems += [
        violation(
            "short_description",
            "claim_unsupported",
            f"the short description's sentence {sentence!r} is not about the product: it shares"
            f" no word with the product's facts; say what the facts say about {facts.name!r}"
            f"{_such_as(facts)}, or leave the sentence out",
        )
        for sentence in sentences(data.short_description)
        if supported(sentence, terms, min_terms=2) is False
    ]
    return problems
