"""Junk in a text field: what no writer puts in publishable copy.

Timestamps and machine-format dates, random strings (hash-like tokens, mixed-case noise,
consonant mash), runs of digits and punctuation, lone letter clusters, words glued together,
and URLs or e-mail addresses the brief did not give. Each finding is one ``quality_junk``
violation naming the offending text. Thresholds come from
:data:`presswright.content.quality.THRESHOLDS`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING

from presswright.content.field_rules import violation
from presswright.content.quality_words import is_word, letter_tokens, plain
from presswright.content.violations import Violation

if TYPE_CHECKING:
    from presswright.content.quality import QualityThresholds, TextKind

__all__ = ["junk_problems"]

_TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}\S*)?|\d{1,2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})"
    r"|T\d{2}:\d{2}:\d{2}|\b\d{1,2}:\d{2}:\d{2}\b"
)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]\uff08\uff09]+", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DOMAIN = re.compile(
    r"(?<![\w@/.])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\."
    r"(?:com|net|org|io|co|info|biz|de|fr|es|it|ir|jp|kr|cn|uk|eu|app|dev|ai)\b",
    re.IGNORECASE,
)
_NUMERIC_RUN = re.compile("[\\d.,:;/+_\\-\u2013]*\\d[\\d.,:;/+_\\-\u2013]*")
_HEX = re.compile(r"\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{12,}\b", re.IGNORECASE)
_ALNUM_NOISE = re.compile(r"(?=\S*\d)(?=\S*[A-Za-z])[A-Za-z0-9+/=_]{16,}")
_SYMBOLS = re.compile(r"[\\|=#@^<>{}\[\]*_]|/-|-/|\+[a-z]", re.IGNORECASE)
_VOWELS = frozenset("aeiouyäöüàâéèêëîïôûùáíóúœæ")
# Text opening on punctuation that ends or joins clauses (". I am", ", and"): a fragment.
_STRAY_START = re.compile(r"^\s*(?:[,;:\u3001\uff0c\uff1b\uff1a\u060c\u061b]|\.(?!\.))")
# A file path or a relative link written into prose ("./part1:", "../img/").
_PATH = re.compile(r"(?<!\S)\.{1,2}/\S*")
# A word glued to a number ("Part1", "step2"): numbering copied from a list, not text.
_GLUED_NUMBER = re.compile(r"(?<![\w-])([^\W\d_]{3,})(\d+)(?![\w-])")
# Data, not text: a key glued to its value ("categoryId:3496587", "product.json:102", "id:7"),
# a field name in camelCase ("descriptionImputé"), a file in a rooted path ("/product.json").
_KEY_VALUE = re.compile(
    r"(?<![\w./:])(?:[A-Za-z][A-Za-z0-9]*[._][\w.]*|[a-z]+[A-Z][A-Za-z0-9]*"
    r"|(?i:id|sku|uid|ean|gtin)):\d+"
)
_CAMEL_KEY = re.compile(
    r"(?<![\w'\u2019-])[^\W\d_A-Z\u00c0-\u00de]{2,}[A-Z\u00c0-\u00de][^\W\d_A-Z\u00c0-\u00de]\w*"
)
_ROOTED_FILE = re.compile(r"(?<![\w/.:])/[^\W\d][\w.-]*\.[A-Za-z]{2,5}\b")
_URL_END = ".,;:!?)】」'\""


def _normal_url(url: str) -> str:
    url = url.rstrip(_URL_END).casefold()
    url = re.sub(r"^https?://", "", url)
    return url.removeprefix("www.").rstrip("/")


def _allowed(found: str, allowed_urls: Collection[str], brief: str) -> bool:
    target = _normal_url(found)
    if target and target in _normal_url(brief):
        return True
    return any(target.startswith(_normal_url(url)) or _normal_url(url).startswith(target)
               for url in allowed_urls if url.strip())  # fmt: skip


def _links(text: str, allowed_urls: Collection[str], brief: str) -> Iterator[str]:
    rest = text
    for pattern in (_URL, _EMAIL, _DOMAIN):
        for match in pattern.finditer(rest):
            found = match.group(0).rstrip(_URL_END)
            if not _allowed(found, allowed_urls, brief):
                yield f"the address {found!r} was not given in the brief; remove it"
        rest = pattern.sub(" ", rest)


def _numbers(text: str, t: QualityThresholds) -> Iterator[str]:
    for match in _TIMESTAMP.finditer(text):
        yield (
            f"{match.group(0)!r} is a machine timestamp; write dates as people do"
            " (e.g. 3 June 2024), or leave them out"
        )
    rest = _TIMESTAMP.sub(" ", text)
    for match in _NUMERIC_RUN.finditer(rest):
        run = match.group(0)
        groups = re.findall(r"\d+", run)
        if len(groups) >= t.digit_groups or max(map(len, groups)) >= t.digit_run:
            yield f"{run!r} is a run of digits and punctuation, not a number a reader can use"


def _pieces(text: str, language: str, t: QualityThresholds, brief: frozenset[str]) -> Iterator[str]:
    for match in _PATH.finditer(text):
        yield f"{match.group(0)[:60]!r} is a file path, not text"
    for match in _ROOTED_FILE.finditer(text):
        yield f"{match.group(0)[:60]!r} is a file path, not text"
    for match in _KEY_VALUE.finditer(text):
        yield f"{match.group(0)[:60]!r} is a data field and its value, not text"
    for match in _CAMEL_KEY.finditer(text):
        if match.group(0).casefold() not in brief:
            yield f"{match.group(0)[:60]!r} is a data field name, not a word"
    for match in _GLUED_NUMBER.finditer(text):
        letters, digits = match.groups()
        if (
            is_word(letters, language, brief, t.word_cutoffs)
            and match.group(0).casefold() not in brief
        ):
            yield (
                f"{match.group(0)!r} glues a word to a number; write {letters} {digits},"
                " or leave the numbering out"
            )


def _token_junk(
    text: str, language: str, t: QualityThresholds, brief: frozenset[str]
) -> Iterator[str]:
    for token in text.split():
        if _PATH.match(token):
            continue  # reported by _pieces
        # A lone separator ("Compost Bin | Recycled Plastic", "-", "&") is punctuation.
        symbols = any(ch.isalnum() for ch in token) and _SYMBOLS.search(token)
        if _HEX.search(token) or _ALNUM_NOISE.search(token) or symbols:
            yield f"{token[:60]!r} is a random string, not text"
            continue
        for letters in letter_tokens(token):
            switches = len(re.findall(r"[a-z][A-Z]", letters))
            if switches >= t.mixed_case_switches:
                yield f"{letters[:60]!r} is random letters (mixed-case noise), not a word"
            elif not _spaced_script(letters) or is_word(letters, language, brief, t.word_cutoffs):
                continue
            elif len(letters) > t.glued_min_letters:
                yield (
                    f"{letters[:60]!r} is several words glued together or not a word at all;"
                    " separate the words with spaces"
                )
            elif _consonant_run(letters) >= t.consonant_run:
                yield f"{letters[:60]!r} is keyboard mash, not a word"


def _spaced_script(token: str) -> bool:
    # Words of Latin and Arabic script are separated by spaces, so a long token is glued
    # words; Chinese and Japanese runs are long by nature (and checked by segmentation).
    return token[0].isascii() or "\u00c0" <= token[0] <= "\u06ff"


def _consonant_run(token: str) -> int:
    longest = run = 0
    for ch in token.casefold():
        run = run + 1 if ch.isascii() and ch.isalpha() and ch not in _VOWELS else 0
        longest = max(longest, run)
    return longest


def _clusters(text: str, t: QualityThresholds) -> Iterator[str]:
    run: list[str] = []
    for item in [*text.split(","), ""]:
        item = item.strip(" .;")
        if 1 <= len(item) <= 3 and item.isalpha() and item.islower():
            run.append(item)
            continue
        if len(run) >= t.letter_clusters:
            yield f"{', '.join(run)!r} are lone letter clusters, not words"
        run = []


def junk_problems(
    field: str,
    text: str,
    language: str,
    *,
    kind: TextKind,
    allowed_urls: Collection[str],
    brief: str,
) -> list[Violation]:
    """A ``quality_junk`` violation for each kind of junk in the text (at most three)."""
    from presswright.content.quality import THRESHOLDS as t
    from presswright.content.quality_words import brief_words

    text = plain(text)
    findings = list(_links(text, allowed_urls, brief))
    cleaned = _DOMAIN.sub(" ", _EMAIL.sub(" ", _URL.sub(" ", text)))
    findings += _numbers(cleaned, t)
    known = brief_words([brief])
    findings += _pieces(cleaned, language, t, known)
    findings += _token_junk(cleaned, language, t, known)
    findings += _clusters(cleaned, t)
    visible = [ch for ch in cleaned if not ch.isspace()]
    letters = sum(1 for ch in visible if ch.isalpha())
    if _STRAY_START.match(cleaned):
        findings.append(f"the text starts with a stray {cleaned.lstrip()[0]!r}")
    if visible and not letters:
        findings.append("the text has no words, only digits and punctuation")
    elif (
        kind == "prose" and len(visible) >= 20 and letters < t.prose_min_letter_share * len(visible)
    ):
        findings.append("most of the text is digits and punctuation, not words")
    unique = list(dict.fromkeys(findings))
    return [
        violation(field, "quality_junk", f"{finding}; write plain sentences instead")
        for finding in unique[:3]
    ]
