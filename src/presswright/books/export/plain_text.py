"""Model text made safe to carry as text into any format (XML, DOCX, JSON for typst).

Only characters that no format can hold are removed: C0 and C1 control characters other
than tab and newline, lone surrogates and the non-characters U+FFFE and U+FFFF (XML 1.0
refuses them, EPUBCheck reports them, pandoc stops on them). Nothing is escaped here:
each exporter escapes for its own format, and nothing here is ever read as markup.
"""

from __future__ import annotations

import re

__all__ = ["clean_text", "one_line", "words"]

_UNUSABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Breakable white space only: a no-break space (U+00A0, U+202F) stays inside its word, as
# French puts one before ":" and "?", and so does the ideographic space of CJK text.
_SPACES = re.compile("[ \t\n\u2028\u2029]+")


def clean_text(text: str) -> str:
    """``text`` without the characters no format can hold, trimmed."""
    return _UNUSABLE.sub("", text).strip()


def words(text: str) -> list[str]:
    """``text`` split at breakable white space (lines and runs of spaces become one space)."""
    return [word for word in _SPACES.split(clean_text(text)) if word]


def one_line(text: str) -> str:
    """``text`` cleaned, with every run of breakable white space (newlines too) as one space."""
    return " ".join(words(text))
