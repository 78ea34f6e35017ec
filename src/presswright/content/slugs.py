"""URL slugs as WordPress makes and stores them, for every supported language.

Latin-script languages get ASCII slugs transliterated the way WordPress's
``remove_accents()`` does (with the German ``ä -> ae`` rules for ``de``); Persian,
Arabic, Japanese, Korean and Chinese keep their own script, because WordPress stores
those slugs percent-encoded (``wordpress_slug``) and browsers show them readable.

Where WordPress deletes punctuation (``Don't`` -> ``dont``, ``Q&A`` -> ``qa``) so do we;
where it keeps something our slugs forbid (underscores, encoded symbols) we use a hyphen
or drop it, so every slug ``slugify`` returns passes ``slug_problem``.
"""

from __future__ import annotations

import re
import unicodedata

from presswright.content.models import LANGUAGES

__all__ = [
    "LATIN_LANGUAGES",
    "SLUG_MAX_BYTES",
    "slug_problem",
    "slugify",
    "wordpress_slug",
]

LATIN_LANGUAGES = frozenset({"en", "de", "es", "fr", "it"})
# wp_posts.post_name is varchar(200) and holds the percent-encoded form.
SLUG_MAX_BYTES = 200

# Letters that Unicode does not decompose to ASCII but remove_accents() transliterates
# (checked against WordPress 6.1's table); everything else Latin goes through NFKD.
_TRANSLITERATION = {
    "Æ": "AE", "æ": "ae", "Ð": "D", "ð": "d", "Þ": "TH", "þ": "th", "ß": "s",
    "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "\u0131": "i", "ĸ": "k",
    "Ŀ": "L", "ŀ": "l", "Ł": "L", "ł": "l", "ŉ": "n", "Ŋ": "N", "ŋ": "n",
    "Œ": "OE", "œ": "oe", "Ŧ": "T", "ŧ": "t", "\u0251": "a", "€": "E", "£": "",
    # sanitize_title_with_dashes() turns the multiplication sign into an x ("2 by 4" -> 2x4).
    "\u00d7": "x",
}  # fmt: skip
# remove_accents() with a de_* locale.
_GERMAN = {"Ä": "Ae", "ä": "ae", "Ö": "Oe", "ö": "oe", "Ü": "Ue", "ü": "ue", "ß": "ss"}

# WordPress deletes apostrophes and quotes rather than splitting words at them.
_DELETED = frozenset("'\u2018\u2019\u201a\u201b\"\u201c\u201d\u201e\u201f`\u00b4")
_ZWNJ = "\u200c"
# Harakat, the superscript alef, Quranic marks and the tatweel only decorate Arabic
# script; readers and search engines treat words with and without them as the same.
_ARABIC_DECORATION = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")


def _fold_width(ch: str) -> str:
    # Full-width ASCII (common in Japanese and Chinese titles) means the ASCII character.
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    return " " if ch == "\u3000" else ch


def _transliterate(ch: str, german: bool) -> str:
    if german and ch in _GERMAN:
        return _GERMAN[ch]
    if ch in _TRANSLITERATION:
        return _TRANSLITERATION[ch]
    if ch.isascii() or not unicodedata.name(ch, "").startswith("LATIN"):
        return ch
    stripped = "".join(
        part for part in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(part)
    )
    return stripped if stripped.isascii() else ch


def _is_word(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LN"


def _latin_tokens(text: str) -> str:
    out: list[str] = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch.isascii() and ch.isalnum():
            out.append(ch)
        elif ch.isspace() or ch in "-._/" or category[0] in "LNMZ" or category == "Pd":
            # Separators, and letters no transliteration reaches, split words.
            out.append("-")
        # Other punctuation, symbols and invisible characters vanish, as in WordPress.
    return "".join(out)


def _unicode_tokens(text: str) -> str:
    out: list[str] = []
    previous_is_word = False
    for ch in text:
        category = unicodedata.category(ch)
        if _is_word(ch) or (category[0] == "M" and previous_is_word):
            out.append(ch)
            previous_is_word = True
            continue
        previous_is_word = False
        if ch == _ZWNJ:
            # ZWNJ separates the parts of Persian compounds (می‌خواهم) like a hyphen.
            out.append("-")
        elif ch in _DELETED or category in {"Cf", "Cc"} or category[0] == "M":
            continue
        else:
            out.append("-")
    return "".join(out)


def _encoded_length(ch: str) -> int:
    return 1 if ch.isascii() else 3 * len(ch.encode("utf-8"))


def _truncate(slug: str) -> str:
    total = 0
    index = 0
    while index < len(slug):
        total += _encoded_length(slug[index])
        if total > SLUG_MAX_BYTES:
            break
        index += 1
    else:
        return slug
    kept = slug[:index]
    # A combining mark belongs to the letter before it: never keep one without the other.
    while kept and index < len(slug) and unicodedata.category(slug[index])[0] == "M":
        index -= 1
        kept = slug[:index]
    hyphen = kept.rfind("-")
    # Cut at a word boundary unless that would throw away most of the slug (CJK titles
    # often have a single early hyphen).
    if hyphen > 0 and sum(map(_encoded_length, kept[:hyphen])) >= SLUG_MAX_BYTES // 2:
        kept = kept[:hyphen]
    return kept.strip("-")


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        known = ", ".join(LANGUAGES)
        raise ValueError(f"unknown language {language!r}; use one of {known}")


def slugify(text: str, language: str) -> str:
    """The slug WordPress would make from ``text`` (a title), valid for ``slug_problem``."""
    _check_language(language)
    text = unicodedata.normalize("NFC", _ARABIC_DECORATION.sub("", text))
    german = language == "de"
    # A combining mark left after a transliterated letter can compose into a new accented
    # letter (œ + U+0301 -> oé), so transliterate until nothing changes.
    for _ in range(4):
        previous = text
        text = "".join(_transliterate(_fold_width(ch), german) for ch in text)
        text = unicodedata.normalize("NFC", text.lower())
        if text == previous:
            break
    tokens = _latin_tokens(text) if language in LATIN_LANGUAGES else _unicode_tokens(text)
    slug = re.sub(r"-{2,}", "-", tokens).strip("-")
    return _truncate(slug)


def wordpress_slug(slug: str) -> str:
    """The post_name WordPress stores: non-ASCII characters as lowercase percent-encoded UTF-8."""
    return "".join(
        ch if ch.isascii() else "".join(f"%{byte:02x}" for byte in ch.encode("utf-8"))
        for ch in slug
    )


def _shape_problems(slug: str, language: str) -> list[str]:
    problems: list[str] = []
    if slug != slug.lower():
        problems.append("has uppercase letters")
    if any(ch.isspace() for ch in slug):
        problems.append("has spaces")
    if "_" in slug:
        problems.append("has underscores")
    if slug.startswith("-") or slug.endswith("-"):
        problems.append("starts or ends with a hyphen")
    if "--" in slug:
        problems.append("has double hyphens")
    if language in LATIN_LANGUAGES:
        foreign = sorted({ch for ch in slug if not ch.isascii()})
        if foreign:
            problems.append(f"has non-ASCII characters {''.join(foreign)!r}")
        odd = sorted(
            {
                ch
                for ch in slug
                if ch.isascii() and not ch.isalnum() and ch not in "-_" and not ch.isspace()
            }
        )
    else:
        if unicodedata.normalize("NFC", slug) != slug:
            problems.append("is not in Unicode NFC form")
        odd = sorted(
            {
                ch
                for index, ch in enumerate(slug)
                if ch not in "-_"
                and not ch.isspace()
                and not _is_word(ch)
                and not (unicodedata.category(ch)[0] == "M" and index and slug[index - 1] != "-")
            }
        )
    if odd:
        problems.append(f"has characters that are not letters, digits or hyphens {''.join(odd)!r}")
    return problems


def slug_problem(slug: str, language: str) -> str | None:
    """None for a valid slug, else a sentence saying what is wrong and what a valid one is like."""
    _check_language(language)
    if language in LATIN_LANGUAGES:
        rule = "lowercase ASCII letters and digits in words joined by single hyphens"
    else:
        rule = "lowercase letters (any script) and digits in words joined by single hyphens"
    if not slug:
        return f"the slug is empty; a valid slug is {rule}, e.g. 'how-to-brew-coffee'"
    problems = _shape_problems(slug, language)
    encoded = len(wordpress_slug(slug))
    if encoded > SLUG_MAX_BYTES:
        problems.append(
            f"is {encoded} bytes long percent-encoded, over WordPress's {SLUG_MAX_BYTES}"
        )
    if not problems:
        return None
    suggestion = slugify(slug, language)
    example = f", e.g. {suggestion!r}" if suggestion else ""
    return f"slug {slug!r} {' and '.join(problems)}; a valid slug is {rule}{example}"
