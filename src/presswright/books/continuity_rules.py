"""The deterministic continuity checks: a dead character speaking, and names off the bible.

* **A dead character speaking** (every language): a character who died in an earlier
  chapter (by that chapter's written summary or the outline's plan) is the subject of a
  speech verb in a later one. Spaced languages: the name, then up to two words (no
  punctuation between, none of them a "had"-style auxiliary of remembered speech), then a
  speech verb ("Tom said", "Tom quietly asked", "توم گفت"); or a speech verb, then the name
  closing the clause ("said Tom.", "قال توم:") or right after a quotation ("“...”, sagte Tom
  leise", "—dijo Tom"); or "Tom: «...»". Korean: the name
  with its particle, then a speech verb within two words. Chinese and Japanese: the name,
  then a speech verb within six characters of the same sentence ("汤姆笑着说", "トムは言った").
* **Names off the bible**, in the cased scripts (en de es fr it, where a name is capitalised):
  a capitalised word of four letters or more that is not a common word of the language, not
  in the bible, and one or two letters away from a bible name with the same first letter is
  a misspelt variant (an error: the chapter is rewritten); one that is none of those and
  appears twice or more away from a sentence's start is a name the bible does not know (a
  warning: recorded, since a minor character is often fine). In ar fa zh ja ko the bible's
  names are the lexicon (:mod:`presswright.books.name_lexicon`): a word one or two letters
  away from one, with the script's own word boundaries, is a misspelt variant.

Facts and the timeline need understanding; the model check does them
(:mod:`presswright.books.continuity`).
"""

# Punctuation of the ten languages' scripts (fullwidth marks, curly quotes, dashes) in the
# patterns below is meant as written.
# ruff: noqa: RUF001

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from wordfreq import zipf_frequency

from presswright.books.name_lexicon import LEXICON_LANGUAGES, name_variants

__all__ = ["Issue", "IssueKind", "dead_speaking", "name_issues"]

IssueKind = Literal["name", "fact", "timeline", "dead_character"]

_SPEECH: dict[str, str] = {
    "en": "said says asked asks replied replies answered answers whispered whispers shouted"
    " shouts cried cries called calls murmured murmurs exclaimed spoke speaks added adds"
    " yelled told tells laughed",
    "de": "sagte sagt fragte fragt antwortete antwortet rief ruft flüsterte flüstert meinte"
    " erwiderte sprach spricht schrie",
    "es": "dijo dice preguntó pregunta respondió responde gritó grita susurró contestó exclamó"
    " murmuró",
    "fr": "dit demanda demande répondit répond cria crie murmura murmure ajouta ajoute déclara"
    " s'écria chuchota",
    "it": "disse dice chiese chiede rispose risponde gridò grida sussurrò esclamò mormorò",
    "fa": "گفت می‌گوید پرسید پاسخ جواب فریاد زمزمه",
    "ar": "قال قالت يقول تقول سأل سألت أجاب أجابت صاح صاحت همس همست",
    "ko": "말했 말한 물었 대답했 외쳤 속삭였 소리쳤",
    "ja": "言った 言う 言い 尋ねた 答えた 叫んだ 囁いた 話した 呟いた",
    "zh": "说 說 问 問 道 喊 答 叫道 低语",
}
# Words between a name and its verb that make the speech remembered, not spoken now.
_REMEMBERED = frozenset(
    {"had", "once", "would", "used", "hatte", "hatten", "einst", "había", "habían"}
    | {"avait", "avaient", "aveva", "avevano"}
)
_CASED = frozenset({"en", "de", "es", "fr", "it"})
_CAPITALISED = re.compile(r"(?<![\w'’-])([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:['’-][A-Za-zÀ-ÿ]+)?)")
_SENTENCE_START = re.compile(r"(?:^|[.!?…:;]\s*[\"'“”‘’«»„]*\s*|[\"“‘«„—–-]\s*)$")
_COMMON_ZIPF = 4.0  # a word this frequent is a word of the language, not a name


@dataclass(frozen=True)
class Issue:
    """One continuity problem of one chapter."""

    chapter: int
    kind: IssueKind
    severity: Literal["error", "warning"]
    detail: str  # what is wrong, for a person
    quote: str  # the chapter's words it is about
    source: Literal["rules", "model"]
    key: str  # the same problem has the same key in a rewrite of the chapter
    note: str  # what a rewrite of the chapter must keep to

    def as_json(self, *, fixed: bool = False) -> dict[str, object]:
        """The issue as the continuity step's output lists it."""
        return {
            "chapter": self.chapter,
            "kind": self.kind,
            "severity": self.severity,
            "detail": self.detail,
            "quote": self.quote,
            "source": self.source,
            "fixed": fixed,
        }


def _spoken(sentence: str, name: str, language: str) -> bool:
    verbs = _SPEECH.get(language, _SPEECH["en"]).split()
    escaped = re.escape(name)
    if language in ("ja", "zh"):
        alternatives = "|".join(re.escape(verb) for verb in verbs)
        return re.search(f"{escaped}[^。！？.!?\n]{{0,6}}?(?:{alternatives})", sentence) is not None
    if language == "ko":
        stems = "|".join(re.escape(verb) for verb in verbs)
        return re.search(f"{escaped}\\S*(?:\\s+\\S+){{0,2}}?\\s+(?:{stems})", sentence) is not None
    verb_set = {verb.casefold() for verb in verbs}
    for found in re.finditer(f"(?<![\\w'’-]){escaped}(?![\\w'’-])", sentence):
        after = sentence[found.end() :]
        if re.match(r"\s*[:：]\s*[\"“«„]", after):
            return True
        between = re.match(r"((?:\s+[\w'’-]+){0,3})", after)
        words = between.group(1).split() if between else []
        for index, word in enumerate(words):
            if word.casefold() in verb_set:
                if not {w.casefold() for w in words[:index]} & _REMEMBERED:
                    return True
                break
        before = sentence[: found.start()].split()
        if not before or before[-1].strip('"“”«»,—–-').casefold() not in verb_set:
            continue
        # "said Tom." closes the clause; "“...”, sagte Tom leise" follows a quotation.
        closes = re.match(r"\s*(?:[,.;:!?…»”\"،؛]|$)", after) is not None
        verb_at = sentence.rfind(before[-1], 0, found.start())
        quoted = re.search(r"[\"“”«»„’—–-],?\s*$", sentence[:verb_at]) is not None
        if closes or quoted:
            return True
    return False


_SENTENCE = re.compile(
    "[^.!?\u3002\uff01\uff1f\n]+(?:[.!?\u3002\uff01\uff1f]+[\"'\u201d\u2019\u00bb\u300d\u300f]*|$)"
)


def _sentences(text: str) -> list[str]:
    return [found.group().strip() for found in _SENTENCE.finditer(text) if found.group().strip()]


def dead_speaking(
    chapter: int,
    paragraphs: Sequence[str],
    dead: Mapping[str, tuple[int, str]],
    language: str,
) -> list[Issue]:
    """Dead characters (name -> (chapter, how we know)) who speak in this later chapter."""
    issues: list[Issue] = []
    for name, (died, source) in sorted(dead.items()):
        if died >= chapter:
            continue
        for sentence in (s for paragraph in paragraphs for s in _sentences(paragraph)):
            if name in sentence and _spoken(sentence, name, language):
                issues.append(
                    Issue(
                        chapter=chapter,
                        kind="dead_character",
                        severity="error",
                        detail=f"{name} died in chapter {died} ({source}) but speaks here",
                        quote=sentence.strip()[:300],
                        source="rules",
                        key=f"dead:{name}",
                        note=f"{name} died in chapter {died}: {name} is dead and never speaks"
                        " or acts in this chapter.",
                    )
                )
                break
    return issues


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


def _variant(chapter: int, word: str, name: str) -> Issue:
    return Issue(
        chapter=chapter,
        kind="name",
        severity="error",
        detail=f"{word!r} looks like a misspelling of {name!r}, the bible's spelling",
        quote=word,
        source="rules",
        key=f"variant:{word}",
        note=f"The name is spelt {name}, never {word}.",
    )


def name_issues(
    chapter: int, paragraphs: Sequence[str], bible_names: Iterable[str], language: str
) -> list[Issue]:
    """Misspelt variants of bible names (errors) and names the bible lacks (warnings)."""
    if language in LEXICON_LANGUAGES:
        return [
            _variant(chapter, word, name)
            for word, name in name_variants(paragraphs, bible_names, language)
        ]
    if language not in _CASED:
        return []
    known = {part.casefold() for name in bible_names for part in re.findall(r"[\w'’-]+", name)}
    names = sorted({part for name in bible_names for part in re.findall(r"\w{4,}", name)})
    issues: list[Issue] = []
    later: Counter[str] = Counter()
    seen: set[str] = set()
    for paragraph in paragraphs:
        for found in _CAPITALISED.finditer(paragraph):
            token = found.group(1)
            folded = token.casefold()
            if (
                folded in known
                or len(token) < 4
                or zipf_frequency(folded, language) >= _COMMON_ZIPF
            ):
                continue
            initial = _SENTENCE_START.search(paragraph[: found.start()]) is not None
            if not initial:
                later[token] += 1
            if token in seen:
                continue
            limit = 1 if len(token) <= 6 else 2
            near = [
                name
                for name in names
                if name[0].casefold() == folded[0]
                and _distance(folded, name.casefold(), limit) <= limit
            ]
            if near:
                seen.add(token)
                issues.append(_variant(chapter, token, near[0]))
    for token, count in sorted(later.items()):
        if count >= 2 and token not in seen:
            issues.append(
                Issue(
                    chapter=chapter,
                    kind="name",
                    severity="warning",
                    detail=f"{token!r} ({count} times) is a name the bible does not list",
                    quote=token,
                    source="rules",
                    key=f"unknown:{token}",
                    note=f"Use only the bible's characters and places, not {token}.",
                )
            )
    return issues
