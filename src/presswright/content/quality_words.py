"""Which tokens of a text are words of its language, from word lists that ship with wordfreq.

wordfreq packs a frequency list for each supported language inside its wheel (``large``
lists for en, de, es, fr, it, ar, ja, zh; ``small`` ones, about 30,000 entries, for fa and
ko), so nothing is downloaded at run time. A list is read once, on first use, into a
frozenset of casefolded words (wordfreq casefolds: ``Straße`` is listed as ``strasse``).

What counts as a word:

* Latin and Arabic script (en, de, es, fr, it, fa, ar): a token is a word when the list has
  it, or it splits into at most three listed words of three or more letters (German and
  Persian compounds, ``Kunststoff|filter``; a German linking ``s`` may sit between parts).
  Persian compounds joined by a zero-width non-joiner count when each part is listed.
* Chinese and Japanese have no spaces, and wordfreq's own tokenizers for them need MeCab or
  jieba. Here a run of CJK characters is segmented greedily, longest listed entry first (up
  to :data:`MAX_ENTRY_CHARS` characters); what is checked is the share of characters that
  fall in listed entries.
* Korean words are written with spaces but carry particles and endings (``퇴비를``), while
  the list holds morphemes; each word is segmented the same way.
* For all three, a single character counts only when it is among the most frequent entries
  (particles and the like: の, 的, 를), because nearly every character is listed on its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from wordfreq import DATA_PATH, read_cBpack

__all__ = [
    "DEFAULT_CUTOFFS",
    "MAX_ENTRY_CHARS",
    "SEGMENTED_LANGUAGES",
    "Cutoffs",
    "WordCount",
    "ascii_form",
    "brief_words",
    "common_words",
    "count_words",
    "is_slug_word",
    "is_word",
    "letter_tokens",
    "plain",
    "segment_coverage",
]

SEGMENTED_LANGUAGES = frozenset({"ja", "zh", "ko"})
# Longer than the longest common CJK word; a longer run is several words.
MAX_ENTRY_CHARS = 8

_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ZWNJ = "\u200c"
# A run of letters (with Persian's zero-width non-joiner and inner apostrophes), no digits.
_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|\u200c|['\u2019](?=[^\W\d_]))*")
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u31f0-\u31ff]+")
_HANGUL = re.compile("[\uac00-\ud7af]+")
_GERMAN_ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# German compounds: up to three parts of four or more letters, each a common word.
_MIN_PART = 4
_MAX_PARTS = 3
COMPOUND_LANGUAGES = frozenset({"de"})


def plain(text: str) -> str:
    """The text as the lists spell words: NFKC, Arabic harakat and tatweel removed."""
    return _MARKS.sub("", unicodedata.normalize("NFKC", text))


def letter_tokens(text: str) -> list[str]:
    """The letter tokens of a text in order (digits and punctuation split them)."""
    return _TOKEN.findall(plain(text))


def ascii_form(word: str, language: str) -> str:
    """A word as a Latin-language slug spells it: lowercase ASCII (German ä -> ae)."""
    word = word.casefold()
    if language == "de":
        word = word.translate(_GERMAN_ASCII)
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class _Lexicon:
    words: frozenset[str]
    ascii_forms: frozenset[str]  # the ASCII spelling of every word that has non-ASCII letters
    singles: dict[str, int]  # single-character entries and their frequency bucket


def _buckets(language: str) -> list[list[str]]:
    for size in ("large", "small"):
        path = DATA_PATH / f"{size}_{language}.msgpack.gz"
        if path.exists():
            break
    else:
        raise ValueError(f"wordfreq has no word list for {language!r}")
    return read_cBpack(str(path))


@cache
def _common(language: str, bucket: int) -> frozenset[str]:
    """The words at least as frequent as wordfreq bucket ``bucket`` (centibels below 1)."""
    return frozenset(word for words in _buckets(language)[: bucket + 1] for word in words)


def function_words(language: str) -> frozenset[str]:
    """The very most frequent words of a language (Zipf 6 and up: "the", "with", "de", "et")."""
    return _common(language, 300)


def common_words(language: str, zipf: float = 5.0) -> frozenset[str]:
    """The words of a language at least as frequent as ``zipf`` (5: "home", "Haus", "casa")."""
    return _common(language, round((9 - zipf) * 100))


@cache
def _lexicon(language: str) -> _Lexicon:
    buckets = _buckets(language)
    words = frozenset(
        word for bucket in buckets for word in bucket if any(ch.isalpha() for ch in word)
    )
    singles = {
        word: rank for rank, bucket in enumerate(buckets) for word in bucket if len(word) == 1
    }
    ascii_forms: frozenset[str] = frozenset()
    if language in {"en", "de", "es", "fr", "it"}:
        ascii_forms = frozenset(ascii_form(word, language) for word in words if not word.isascii())
    return _Lexicon(words, ascii_forms, singles)


def _listed(word: str, language: str, extra: frozenset[str]) -> bool:
    return word in extra or word in _lexicon(language).words


@dataclass(frozen=True)
class Cutoffs:
    """How frequent (wordfreq bucket: centibels below 1, lower is more frequent) entries must be.

    ``compound_part``: each part of a German compound; ``cjk_entry``: a CJK entry of two or
    three characters; ``cjk_single``: a single CJK character.
    """

    compound_part: int
    cjk_entry: int
    cjk_single: int


DEFAULT_CUTOFFS = Cutoffs(compound_part=600, cjk_entry=700, cjk_single=300)


def _splits(word: str, language: str, extra: frozenset[str], parts: int, bucket: int) -> bool:
    common = _common(language, bucket)
    if word in common or word in extra:
        return True
    if parts == 1:
        return False
    for cut in range(_MIN_PART, len(word) - _MIN_PART + 1):
        head, tail = word[:cut], word[cut:]
        if head not in common and head not in extra:
            continue
        # A German Fugen-s or -es joins compound parts: Sendungs|verfolgung.
        tails = [tail, tail[1:]] if language == "de" and tail[:1] == "s" else [tail]
        if any(
            len(t) >= _MIN_PART and _splits(t, language, extra, parts - 1, bucket) for t in tails
        ):
            return True
    return False


def is_word(
    token: str,
    language: str,
    extra: frozenset[str] = frozenset(),
    cutoffs: Cutoffs = DEFAULT_CUTOFFS,
) -> bool:
    """Whether a letter token is a word of the language (or of ``extra``, casefolded)."""
    word = token.casefold().replace("\u2019", "'")
    if _listed(word, language, extra):
        return True
    if "'" in word:
        return all(is_word(part, language, extra, cutoffs) for part in word.split("'") if part)
    if _ZWNJ in word:
        return all(is_word(part, language, extra, cutoffs) for part in word.split(_ZWNJ) if part)
    return language in COMPOUND_LANGUAGES and _splits(
        word, language, extra, _MAX_PARTS, cutoffs.compound_part
    )


def is_slug_word(
    part: str, language: str, extra: frozenset[str], cutoffs: Cutoffs = DEFAULT_CUTOFFS
) -> bool:
    """Whether one hyphen-separated part of a slug spells a word (ASCII forms for Latin)."""
    return is_word(part, language, extra, cutoffs) or part in _lexicon(language).ascii_forms


@dataclass(frozen=True)
class WordCount:
    """How much of a text is made of words: ``known`` of ``total`` units, and the strangers."""

    known: int
    total: int
    unknown: tuple[str, ...]

    @property
    def share(self) -> float:
        """The share of units that are words; 1.0 for a text with none."""
        return self.known / self.total if self.total else 1.0


def _segment(run: str, counts: Callable[[str], bool]) -> list[str]:
    """Greedy longest-match segmentation over the entries that ``counts`` accepts."""
    pieces: list[str] = []
    index = 0
    while index < len(run):
        for size in range(min(MAX_ENTRY_CHARS, len(run) - index), 0, -1):
            piece = run[index : index + size]
            if size == 1 or counts(piece):
                pieces.append(piece)
                index += size
                break
    return pieces


def segment_coverage(
    text: str,
    language: str,
    extra: frozenset[str] = frozenset(),
    cutoffs: Cutoffs = DEFAULT_CUTOFFS,
) -> WordCount:
    """CJK text: characters in listed entries of 2+ characters or frequent single ones."""
    pattern = _HANGUL if language == "ko" else _CJK
    singles = _lexicon(language).singles
    common = _common(language, cutoffs.cjk_entry)
    words = _lexicon(language).words

    def counts(piece: str) -> bool:
        # Long entries are specific enough; short ones must be common (rare two- and
        # three-character entries match random characters), single ones very frequent.
        if piece in extra or piece in common:
            return (
                len(piece) > 1 or singles.get(piece, cutoffs.cjk_single + 1) <= cutoffs.cjk_single
            )
        return len(piece) > 3 and piece in words

    known = total = 0
    unknown: list[str] = []
    for run in pattern.findall(plain(text).casefold()):
        for piece in _segment(run, counts):
            total += len(piece)
            if counts(piece):
                known += len(piece)
            else:
                unknown.append(piece)
    return WordCount(known, total, tuple(unknown))


def count_words(
    text: str,
    language: str,
    extra: frozenset[str] = frozenset(),
    cutoffs: Cutoffs = DEFAULT_CUTOFFS,
) -> WordCount:
    """Tokens that are words of the language; CJK counted by segmentation.

    In Persian and Arabic text a Latin-script token is usually a name or a loanword, so it
    counts when it is an English word; any other foreign-script token is not a word.
    """
    if language in SEGMENTED_LANGUAGES:
        return segment_coverage(text, language, extra, cutoffs)
    tokens = letter_tokens(text)
    unknown = tuple(t for t in tokens if not _token_is_word(t, language, extra, cutoffs))
    return WordCount(len(tokens) - len(unknown), len(tokens), unknown)


def _token_is_word(token: str, language: str, extra: frozenset[str], cutoffs: Cutoffs) -> bool:
    latin = unicodedata.name(token[0], "").startswith("LATIN")
    if language in {"fa", "ar"}:
        if latin:
            return is_word(token, "en", extra, cutoffs)
        return "\u0600" <= token[0] <= "\u06ff" and is_word(token, language, extra, cutoffs)
    return latin and is_word(token, language, extra, cutoffs)


def brief_words(texts: Iterable[str]) -> frozenset[str]:
    """The casefolded tokens and CJK runs of a brief: they count as words wherever they occur."""
    words: set[str] = set()
    for text in texts:
        folded = plain(text).casefold()
        words.update(token.casefold() for token in _TOKEN.findall(folded))
        words.update(re.findall(r"[^\W_]+", folded))
    return frozenset(words)
