"""An attributes cell as people write it: ``key: value`` pairs become attributes, the rest
features.

``material=linen | colour=sand`` is two attributes; ``ripstop nylon; 20 litres; hydration
sleeve`` is three features; ``Material: ripstop nylon, 20 litres`` one of each. The cell
is split on the job's list separator when it holds one, else on ``;``, ``|`` or line
breaks, else on commas (not a decimal comma: ``1,5 kg`` stays whole).
"""

from __future__ import annotations

import re

__all__ = ["split_attributes"]

_SEPARATORS = (";", "|", "\n")
_COMMA = re.compile(r",(?!\d)|(?<!\d),")
# A key is a short label with a letter in it; a colon between digits ("10:30") is no pair.
_PAIR = re.compile(r"^(?P<key>[^:=]{1,60}?)\s*(?:=|:(?!\d)|(?<!\d):)\s*(?P<value>.+)$", re.DOTALL)


def _parts(cell: str, separator: str) -> list[str]:
    for candidate in (separator, *_SEPARATORS):
        if candidate and candidate in cell:
            return cell.split(candidate)
    return _COMMA.split(cell)


def split_attributes(cell: str, separator: str) -> tuple[dict[str, str], list[str]]:
    """The attributes (``key: value`` / ``key=value`` pieces) and features (the rest) of a cell."""
    attributes: dict[str, str] = {}
    features: list[str] = []
    for part in (" ".join(piece.split()) for piece in _parts(cell, separator)):
        if not part:
            continue
        pair = _PAIR.match(part)
        if pair and any(c.isalpha() for c in pair["key"]) and pair["value"].strip():
            attributes[pair["key"].strip()] = pair["value"].strip()
        else:
            features.append(part)
    return attributes, features
