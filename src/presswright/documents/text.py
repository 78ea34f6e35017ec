"""The plain text of a document's body: what its words are counted on and what search sees.

Words are letter runs (``quality_words.letter_tokens``: NFKC, Arabic marks dropped, a
zero-width non-joiner inside a Persian word kept), except that each Han, kana and CJK
character counts as one word, as word processors count Chinese and Japanese, which are
written without spaces. Search text is the NFKC, case-folded plain text, matched by
substring (see ``store/documents.py``), so it finds words in every script alike.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from presswright.content.quality_words import letter_tokens

__all__ = ["body_text", "search_terms", "search_text", "title_of", "word_count"]

_TAG = re.compile(r"<[^>]*>")
_CJK_CHAR = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u31f0-\u31ff]")
# Fields of a block that are settings or addresses, not text a reader reads.
_NOT_TEXT = frozenset({"type", "url", "align", "level", "ordered", "category"})


def _plain(markup: str) -> str:
    return html.unescape(_TAG.sub(" ", markup))


def _strings(value: Any, key: str | None = None) -> Iterator[str]:
    if isinstance(value, str):
        if key not in _NOT_TEXT:
            yield value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _strings(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, key)


def body_text(kind: str, body: dict[str, Any]) -> str:
    """The text a reader reads in a body: article text, product descriptions, pattern words."""
    if kind == "article":
        parts = [str(body.get("body_html", ""))]
    elif kind == "product":
        parts = [
            str(body.get("short_description", "")),
            str(body.get("long_description_html", "")),
            *(str(item) for item in body.get("feature_bullets") or []),
        ]
    elif kind == "pattern":
        parts = list(_strings((body.get("spec") or {}).get("blocks", [])))
    else:
        parts = list(_strings(body))
    return "\n".join(_plain(part) for part in parts)


def title_of(kind: str, body: dict[str, Any]) -> str | None:
    """The title a body gives itself, if it has one."""
    title = (body.get("spec") or {}).get("title") if kind == "pattern" else body.get("title")
    return title.strip()[:500] or None if isinstance(title, str) else None


def word_count(text: str) -> int:
    """Words in a text: letter runs, and each CJK character as one word."""
    cjk = len(_CJK_CHAR.findall(text))
    return cjk + len(letter_tokens(_CJK_CHAR.sub(" ", text)))


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def search_text(title: str, kind: str, body: dict[str, Any]) -> str:
    """What full-text search matches: title and every string of the body, folded."""
    every = " ".join(_plain(part) for part in _strings(body))
    return " ".join(_folded(f"{title} {every}").split())


def search_terms(query: str) -> list[str]:
    """A query as the terms that must all occur (folded like the search text)."""
    return [term for term in _folded(query).split() if term][:20]
