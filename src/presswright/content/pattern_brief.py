"""Reading a block pattern brief: which sections it names, what it counts, which language.

Deterministic and table-driven (:mod:`presswright.content.pattern_words`): the brief is
folded, every number, counted noun, archetype phrase and "side by side" found in it is
located, each number is bound to the counted noun next to it ("three *columns*", "質問*4つ*",
"team of *four*"), and the counts go to the section they belong to (questions to the FAQ,
tiers to the pricing table, anything else to the nearest section named). What it finds is
:class:`BriefReading`; its :meth:`BriefReading.asks` is what the pattern guarantees.

A brief that names no section gets the general ``text`` section, still with every count
it states, and ``matched`` False (a model with native structured output may then propose a
layout of its own).
"""

# The tables hold words of ten languages: their letters may look like Latin ones.
# ruff: noqa: RUF001

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from presswright.content.language import detect_language
from presswright.content.models import LANGUAGES
from presswright.content.pattern_words import (
    ARCHETYPE_WORDS,
    CONNECTORS,
    NOUNS,
    NUMBERS,
    SIDE_BY_SIDE,
)

__all__ = ["COUNT_KEYS", "BriefReading", "Section", "brief_language", "fold", "read_brief"]

COUNT_KEYS = (
    "columns",
    "tiers",
    "buttons",
    "questions",
    "testimonials",
    "members",
    "images",
    "features",
    "stats",
    "items",
)
# The section a count belongs to whenever the brief names that section (or, for the first
# five, a number of them adds it).
_OWNER = {
    "tiers": "pricing",
    "questions": "faq",
    "testimonials": "testimonials",
    "members": "team",
    "stats": "stats",
    "features": "features",
    "images": "gallery",
}
_IMPLIES = ("tiers", "questions", "testimonials", "members", "stats")
# When the brief names no section at all, these nouns still say which one it is.
_IMPLIES_ALONE = {**_OWNER, "items": "features"}
_COMPACT = frozenset({"ja", "zh"})  # no spaces between words
_ARABIC_SCRIPT = frozenset({"ar", "fa"})
_LATIN = ("en", "de", "es", "fr", "it")
_WORD = r"[^\W_]"
# What may stand between a number and the noun it counts, per language.
_BEFORE_GAP = {
    "ja": r"\s*[つ個列件名人枚段本点項]?\s*の?\s*",
    "zh": r"\s*[个列栏项位张款种条组名幅段]?\s*的?\s*",
    "ko": r"\s*(?:개|명|장|단|칸|가지)?(?:의|로)?\s*",
    "ar": r"\s*",
    "fa": r"\s*(?:تا|عدد)?\s*",
}
_LATIN_GAP = r"[\s\-]*(?:[^\s\d.,;:!?()]+[\s\-]+){0,2}"
_AFTER_PARTICLES = {"ko": r"(?:을|를|이|가|은|는)?"}
_ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ي": "ی", "ى": "ی", "ك": "ک", "\u200c": ""}
)
_ARABIC_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")


def fold(text: str) -> str:
    """A brief or a table entry as compared: NFKC, casefolded, Arabic variants folded."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _ARABIC_MARKS.sub("", text).translate(_ARABIC_FOLD)


@dataclass(frozen=True)
class _Form:
    key: str  # a count key, an archetype name, or "side"
    singular: bool = False
    counted_only: bool = False
    fixed: int | None = None


@dataclass(frozen=True)
class _Hit:
    role: str  # "number", "noun", "archetype" or "side"
    start: int
    end: int
    form: _Form
    value: int = 0
    tight: bool = False  # a number glued to what follows it ("dreispaltig", "3열")


@dataclass
class Section:
    """One section the brief asks for: its archetype and the counts stated for it."""

    archetype: str
    position: int
    counts: dict[str, int] = field(default_factory=dict)
    side_by_side: bool = False

    def as_dict(self) -> dict[str, Any]:
        """The section as JSON data."""
        data: dict[str, Any] = {"archetype": self.archetype, **self.counts}
        if self.side_by_side:
            data["side_by_side"] = True
        return data


@dataclass
class BriefReading:
    """What a brief asks for, section by section, and whether it named any section."""

    sections: list[Section]
    matched: bool

    def asks(self) -> dict[str, Any]:
        """The guaranteed asks: the first archetype, every stated count, each section."""
        asks: dict[str, Any] = {"archetype": self.sections[0].archetype}
        for key in COUNT_KEYS:
            stated = [s.counts[key] for s in self.sections if key in s.counts]
            if stated:
                asks[key] = stated[0] if key == "columns" else sum(stated)
        if any(s.side_by_side for s in self.sections):
            asks["side_by_side"] = True
        if len(self.sections) > 1:
            asks["sections"] = [s.as_dict() for s in self.sections]
        return asks


def _entries(table: str) -> list[tuple[str, list[str]]]:
    """``KEY: a b; KEY2: c | d e`` as [(KEY, [a, b]), (KEY2, [c, d e])]."""
    groups = []
    for group in table.split(";"):
        key, _, rest = group.partition(":")
        items = rest.split("|") if "|" in rest else rest.split()
        groups.append((key.strip(), [fold(item.strip()) for item in items if item.strip()]))
    return groups


def _form(key: str, word: str) -> tuple[str, _Form]:
    if "=" in word:
        word, number = word.split("=")
        return word, _Form(key, fixed=int(number))
    if word.endswith("*"):
        return word[:-1], _Form(key, singular=True)
    if word.endswith("~"):
        return word[:-1], _Form(key, counted_only=True)
    return word, _Form(key)


def _word_regex(word: str, language: str, *, compound: bool, open_end: bool = False) -> str:
    """A regex finding ``word`` as a word of ``language`` (``open_end``: glued to more)."""
    body = r"[\s\-]+".join(re.escape(part) for part in word.split())
    if language in _COMPACT:
        return body
    right = "" if open_end or language == "ko" else rf"(?!{_WORD})"
    if language in _ARABIC_SCRIPT:
        return rf"(?<!{_WORD})(?:[وفبل]?(?:ال)?){body}{'' if open_end else '(?:ی|ای)?'}{right}"
    left = "" if compound else rf"(?<!{_WORD})"
    return f"{left}{body}{right}"


@cache
def _lexicon(language: str) -> list[tuple[str, re.Pattern[str], _Form, int]]:
    """(role, regex, form, number) for every entry the language's brief is read with."""
    found: list[tuple[str, re.Pattern[str], _Form, int]] = []
    compound = language == "de"  # German glues nouns: "Preistabelle", "Teammitglieder"
    tables = [("archetype", ARCHETYPE_WORDS[language])]
    if language != "en":
        tables.append(("archetype", ARCHETYPE_WORDS["en"]))
    for role, table in (*tables, ("noun", NOUNS[language])):
        for key, words in _entries(table):
            for raw in words:
                word, form = _form(key, raw)
                regex = re.compile(_word_regex(word, language, compound=compound))
                found.append((role, regex, form, 0))
    for phrase in (fold(p.strip()) for p in SIDE_BY_SIDE[language].split("|")):
        regex = re.compile(_word_regex(phrase, language, compound=False))
        found.append(("side", regex, _Form("side"), 0))
    for key, words in _entries(NUMBERS[language]):
        for word in words:
            # Right side left open: a number may be glued to its noun or counter.
            regex = re.compile(_word_regex(word, language, compound=False, open_end=True))
            found.append(("number", regex, _Form("number"), int(key)))
    found.append(("number", re.compile(r"(?<!\d)\d{1,3}(?!\d)"), _Form("number"), -1))
    return found


def _hits(text: str, language: str) -> list[_Hit]:
    """Every entry found, without overlaps inside one role (the longest wins)."""
    raw: list[_Hit] = []
    for role, regex, form, number in _lexicon(language):
        for match in regex.finditer(text):
            value = int(match.group()) if number == -1 else number
            end = match.end()
            tight = role == "number" and end < len(text) and bool(re.match(_WORD, text[end]))
            raw.append(_Hit(role, match.start(), end, form, value, tight))
    raw.sort(key=lambda hit: (hit.start, -(hit.end - hit.start)))
    kept: list[_Hit] = []
    for hit in raw:
        if any(k.role == hit.role and k.start < hit.end and hit.start < k.end for k in kept):
            continue
        kept.append(hit)
    # "feature" inside "feature grid" names the section, it does not count one: such a
    # noun counts only with a number ("よくある質問を4つ").
    kept = [
        _Hit(h.role, h.start, h.end, _Form(h.form.key, counted_only=True))
        if h.role == "noun" and _inside_archetype(h, kept)
        else h
        for h in kept
    ]
    words = [h for h in kept if h.role != "number"]
    # A number inside a word ("一" in "機能一覧", "사" in "사진", "열" the column) is no number.
    return [
        h
        for h in kept
        if h.role != "number" or not any(w.start < h.end and h.start < w.end for w in words)
    ]


def _inside_archetype(hit: _Hit, hits: list[_Hit]) -> bool:
    return any(
        a.role == "archetype"
        and a.start <= hit.start
        and hit.end <= a.end
        and a.end - a.start > hit.end - hit.start
        for a in hits
    )


def _gap_ok(gap: str, language: str, *, tight: bool, after: bool) -> bool:
    if after:
        connectors = [re.escape(fold(c.strip())) for c in CONNECTORS[language].split("|")]
        joined = "|".join(c for c in connectors if c)
        particle = _AFTER_PARTICLES.get(language, "")
        return re.fullmatch(rf"{particle}\s*(?:(?:{joined})\s*)?[(:]?\s*", gap) is not None
    if language in _BEFORE_GAP:
        return re.fullmatch(_BEFORE_GAP[language], gap) is not None
    if tight:
        return gap in ("", "-")
    return re.fullmatch(_LATIN_GAP, gap) is not None


def _bind(text: str, hits: list[_Hit], language: str) -> dict[int, int]:
    """Noun hit index -> the number counting it."""
    nouns = [i for i, h in enumerate(hits) if h.role == "noun" and h.form.fixed is None]
    bound: dict[int, int] = {}
    for number in (h for h in hits if h.role == "number"):
        later = [i for i in nouns if hits[i].start >= number.end and i not in bound]
        earlier = [i for i in nouns if hits[i].end <= number.start and i not in bound]
        if later:
            noun = later[0]
            if not _numbers_between(hits, number.end, hits[noun].start) and _gap_ok(
                text[number.end : hits[noun].start], language, tight=number.tight, after=False
            ):
                bound[noun] = number.value
                continue
        if earlier:
            noun = earlier[-1]
            gap = text[hits[noun].end : number.start]
            if _gap_ok(gap, language, tight=False, after=True):
                bound[noun] = number.value
    return bound


def _numbers_between(hits: list[_Hit], start: int, end: int) -> bool:
    return any(h.role == "number" and start <= h.start < end for h in hits)


def read_brief(description: str, language: str) -> BriefReading:
    """The sections and counts ``description`` asks for, read with ``language``'s tables."""
    text = fold(description)
    hits = _hits(text, language)
    bound = _bind(text, hits, language)
    counts: list[tuple[str, int, int]] = []  # key, value, position
    numbered: list[tuple[str, int]] = []  # counts a number gave: they may add a section
    presence: list[tuple[str, int]] = []
    for index, hit in enumerate(hits):
        if hit.role != "noun":
            continue
        value = bound.get(index, hit.form.fixed)
        if value is not None and value > 0:
            numbered.append((hit.form.key, hit.start))
        elif hit.form.singular:
            value = 1
        if value is not None and value > 0:
            counts.append((hit.form.key, min(value, 12), hit.start))
        elif not hit.form.counted_only:
            presence.append((hit.form.key, hit.start))
    sections = _sections(text, hits, numbered)
    matched = bool(sections)
    if not sections:
        sections = [Section(_alone(counts, presence), 0)]
    _assign(sections, counts, [h.start for h in hits if h.role == "side"])
    return BriefReading(sections, matched)


def _sections(text: str, hits: list[_Hit], numbered: list[tuple[str, int]]) -> list[Section]:
    named: dict[str, int] = {}
    for hit in hits:
        if hit.role != "archetype" or hit.form.key in named:
            continue
        if hit.form.key == "cta" and _names_a_button(text, hits, hit):
            continue  # "call-to-action button": a kind of button, not a section
        named[hit.form.key] = hit.start
    for key, position in numbered:
        owner = _OWNER.get(key)
        if key in _IMPLIES and owner and owner not in named:
            named[owner] = position
    if "cta" in named and len(named) > 1:
        del named["cta"]  # "a hero with a call to action": a button of that section
    return [Section(name, position) for name, position in sorted(named.items(), key=_by_pos)]


def _by_pos(item: tuple[str, int]) -> int:
    return item[1]


def _names_a_button(text: str, hits: list[_Hit], cta: _Hit) -> bool:
    return any(
        h.role == "noun"
        and h.form.key == "buttons"
        and h.start >= cta.end
        and re.fullmatch(r"[\s\-]*", text[cta.end : h.start])
        for h in hits
    )


def _alone(counts: list[tuple[str, int, int]], presence: list[tuple[str, int]]) -> str:
    for key, *_ in [*counts, *presence]:
        if key in _IMPLIES_ALONE:
            return _IMPLIES_ALONE[key]
    return "text"


def _assign(sections: list[Section], counts: list[tuple[str, int, int]], sides: list[int]) -> None:
    by_archetype = {section.archetype: section for section in sections}

    def nearest(position: int) -> Section:
        return min(sections, key=lambda s: (abs(s.position - position), -s.position))

    for key, value, position in counts:
        owner = _OWNER.get(key)
        section = by_archetype.get(owner) if owner else None
        section = section or nearest(position)
        section.counts[key] = max(section.counts.get(key, 0), value)
    for position in sides:
        nearest(position).side_by_side = True


def _script_language(text: str) -> str | None:
    """The language a non-Latin script alone decides; "latin" for Latin text; else None."""
    scripts = {"hangul": 0, "kana": 0, "han": 0, "arabic": 0, "latin": 0}
    for char in text:
        name = unicodedata.name(char, "")
        for script, marker in (
            ("hangul", "HANGUL"),
            ("kana", "HIRAGANA"),
            ("kana", "KATAKANA"),
            ("han", "CJK UNIFIED"),
            ("arabic", "ARABIC"),
            ("latin", "LATIN"),
        ):
            if name.startswith(marker):
                scripts[script] += 1
    if scripts["hangul"]:
        return "ko"
    if scripts["kana"]:
        return "ja"
    if scripts["han"]:
        return "zh"
    if scripts["arabic"]:
        persian = sum(text.count(c) for c in "پچژگیک")
        arabic = sum(text.count(c) for c in "ةىيك")
        return "fa" if persian > arabic else "ar"
    return "latin" if scripts["latin"] else None


def _vote(text: str) -> str | None:
    """The Latin-script language whose pattern words the brief uses most (unique best)."""
    folded = fold(text)
    scores = {language: len(_own_words(folded, language)) for language in _LATIN}
    best = max(scores.values())
    winners = [language for language, score in scores.items() if score == best]
    return winners[0] if best and len(winners) == 1 else None


def _own_words(folded: str, language: str) -> set[str]:
    """The archetype and noun entries of ``language``'s own tables found in the text."""
    found = set()
    for table in (ARCHETYPE_WORDS[language], NOUNS[language]):
        for _, words in _entries(table):
            for raw in words:
                word, _ = _form("", raw)
                if re.search(_word_regex(word, language, compound=language == "de"), folded):
                    found.add(word)
    return found


def brief_language(description: str, language: str | None = None) -> str:
    """The language a pattern is written in: the one asked for, else the brief's own.

    The brief's language comes from :func:`detect_language` when it agrees with the
    brief's script; otherwise the script decides (Korean, Japanese, Chinese, Arabic,
    Persian), then the pattern words a Latin-script brief uses, then English.
    """
    if language:
        return language
    detected = detect_language(description)
    script = _script_language(description)
    if script == "latin":
        if detected in _LATIN:
            return detected
        return _vote(description) or "en"
    if script is None:
        return detected if detected in LANGUAGES else "en"
    families = {"ko": {"ko"}, "ja": {"ja"}, "zh": {"zh", "ja"}, "ar": {"ar", "fa"}}
    if detected in families.get(script, {script}) or (script == "fa" and detected == "ar"):
        return detected
    return script
