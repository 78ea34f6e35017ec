"""Rules every content type applies to its fields: lengths, SEO meta, keywords, language.

Articles and product copy share these; :mod:`presswright.content.rules` adds the rules of
each type and is the module callers use.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from presswright.content.body_html import normalize_space
from presswright.content.language import language_problem
from presswright.content.models import (
    LANGUAGES,
    META_DESC_MAX,
    META_DESC_MIN,
    SEO_TITLE_MAX,
    SeoMeta,
)
from presswright.content.slugs import slug_problem
from presswright.content.violations import Violation

__all__ = [
    "contains_keyword",
    "fold_text",
    "keyword_problems",
    "language_problems",
    "length_problems",
    "meta_problems",
    "violation",
]

_LATIN_WORD = re.compile(r"[a-z0-9]", re.IGNORECASE)
# Persian typed on an Arabic keyboard uses Arabic yeh and kaf; both spellings are one word.
_ARABIC_FORMS = str.maketrans({"\u064a": "\u06cc", "\u0643": "\u06a9"})
# One apostrophe: a brief typed with ' and a text set with the typographic \u2019 (or the
# other way round) spell "Rosa's Bakery" the same; so do the modifier letter and \u2018.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def fold_text(text: str) -> str:
    """The text as keywords are compared: NFKC, one yeh/kaf spelling, one apostrophe, single
    spaces, casefolded."""
    text = unicodedata.normalize("NFKC", text).translate(_ARABIC_FORMS).translate(_APOSTROPHES)
    return normalize_space(text).casefold()


def contains_keyword(text: str, keyword: str) -> bool:
    """Whether a keyword occurs in a text: case-insensitive, on word boundaries in Latin script."""
    text, keyword = fold_text(text), fold_text(keyword)
    if not keyword:
        return True
    if _LATIN_WORD.match(keyword[0]) or _LATIN_WORD.match(keyword[-1]):
        pattern = rf"(?<!\w){re.escape(keyword)}(?!\w)"
        return re.search(pattern, text) is not None
    # Arabic-script and CJK words take attached particles (ال, を); substrings are the words.
    return keyword in text


def violation(field: str, rule: str, message: str) -> Violation:
    """A Violation, positionally."""
    return Violation(field=field, rule=rule, message=message)


def length_problems(
    field: str, rule: str, value: str, low: int, high: int, what: str
) -> list[Violation]:
    """A violation when the stripped value is not ``low`` to ``high`` characters long."""
    size = len(value.strip())
    if low <= size <= high:
        return []
    if size == 0:
        return [violation(field, rule, f"the {what} is empty; write {low} to {high} characters")]
    if size > high:
        fix = f"shorten it to at most {high}"
    else:
        fix = f"lengthen it to at least {low} (and at most {high})"
    return [violation(field, rule, f"the {what} is {size} characters long; {fix} characters")]


def meta_problems(meta: SeoMeta, language: str) -> list[Violation]:
    """The SEO title, meta description and slug rules."""
    problems = length_problems(
        "meta.seo_title", "seo_title_length", meta.seo_title, 1, SEO_TITLE_MAX, "SEO title"
    )
    problems += length_problems(
        "meta.meta_desc",
        "meta_desc_length",
        meta.meta_desc,
        META_DESC_MIN,
        META_DESC_MAX,
        "meta description",
    )
    problem = slug_problem(meta.slug, language)
    if problem is not None:
        problems.append(violation("meta.slug", "slug", problem))
    return problems


def keyword_problems(
    keywords: Iterable[str],
    *,
    title: str,
    meta: SeoMeta,
    lead_field: str,
    lead_rule: str,
    lead: str,
    lead_what: str,
) -> list[Violation]:
    """Each keyword must be in the title or meta description, and in the lead text."""
    problems: list[Violation] = []
    for keyword in keywords:
        places = (title, meta.seo_title, meta.meta_desc)
        if not any(contains_keyword(place, keyword) for place in places):
            problems.append(
                violation(
                    "meta.meta_desc",
                    "keyword_in_title_or_meta_desc",
                    f"keyword {keyword!r} is in neither the title nor the meta description;"
                    " use it, spelled exactly so, in the title or the meta description",
                )
            )
        if not contains_keyword(lead, keyword):
            problems.append(
                violation(
                    lead_field,
                    lead_rule,
                    f"keyword {keyword!r} is missing from the {lead_what}; use it, spelled"
                    f" exactly so, in the {lead_what}",
                )
            )
    return problems


def language_problems(
    language: str, expected: str | None, text: str, field: str
) -> list[Violation]:
    """The declared language must be the requested one, and the text must read as it."""
    problems: list[Violation] = []
    if expected is not None and language != expected:
        problems.append(
            violation(
                "language",
                "language_mismatch",
                f"language is {language!r} but {LANGUAGES.get(expected, expected)}"
                f" ({expected!r}) was requested; set it to {expected!r} and write in"
                f" {LANGUAGES.get(expected, expected)}",
            )
        )
    problem = language_problem(text, expected or language)
    if problem is not None:
        problems.append(violation(field, "language_detected", problem))
    return problems
