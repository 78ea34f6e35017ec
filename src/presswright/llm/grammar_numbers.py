"""Integers and numbers between bounds, as GBNF expressions built from digit ranges.

Integers are exact: ``1..4`` is ``[1-4]``, ``-20..135`` is ``"-" ([1-9] | "1" [0-9] | "20")
| [0-9] | [1-9] [0-9] | "1" [0-2] [0-9] | "13" [0-5]``, and so on for any bounds, inclusive or
exclusive, one side open or both (open sides allow up to 16 digits, what a double holds).

Numbers (``type: number``) with bounds are written without an exponent. Integer bounds are
exact (``maximum: 5`` admits ``5`` and ``5.00`` but not ``5.01``; ``exclusiveMinimum: 0``
admits ``0.001`` but not ``0.0``); a bound with a fraction is widened to the integer around
it (``maximum: 4.5`` is enforced as ``<= 5``) and the rest is left to validation.
"""

from __future__ import annotations

import math

from presswright.llm.grammar_gbnf import group

__all__ = ["integer_between", "number_between"]

MAX_DIGITS = 16
_FRACTION = '"." [0-9]{1,15}'
_NONZERO_FRACTION = '"." "0"{0,14} [1-9] [0-9]{0,14}'
_ZERO_FRACTION = '"." "0"{1,15}'


def integer_between(minimum: int | None, maximum: int | None) -> str:
    """Canonical integers (no leading zeros, no ``-0``) in ``minimum..maximum`` (None: open)."""
    if minimum is not None and maximum is not None and minimum > maximum:
        raise ValueError(f"no integer lies between {minimum} and {maximum}")
    alternatives = []
    if minimum is None or minimum < 0:
        low = 1 if maximum is None or maximum >= 0 else -maximum
        high = None if minimum is None else -minimum
        alternatives.append('"-" ' + group(_digits_between(low, high)))
    if maximum is None or maximum >= 0:
        low = 0 if minimum is None or minimum < 0 else minimum
        alternatives.extend(_digits_between(low, maximum))
    return group(alternatives)


def number_between(
    minimum: float | None,
    maximum: float | None,
    *,
    exclusive_minimum: bool = False,
    exclusive_maximum: bool = False,
) -> str:
    """Decimal numbers between the bounds (see the module docstring for what is exact)."""
    if minimum is not None and minimum != math.floor(minimum):
        minimum, exclusive_minimum = math.floor(minimum), False
    if maximum is not None and maximum != math.ceil(maximum):
        maximum, exclusive_maximum = math.ceil(maximum), False
    low = None if minimum is None else int(minimum)
    high = None if maximum is None else int(maximum)
    if (
        low is not None
        and high is not None
        and (low > high or (low == high and (exclusive_minimum or exclusive_maximum)))
    ):
        raise ValueError(f"no number lies between {minimum} and {maximum}")
    alternatives = []
    if low is None or low < 0:
        # v < 0 as "-" and its magnitude: above -maximum (or above 0), up to -minimum.
        if high is not None and high < 0:
            floor, floor_open = -high, exclusive_maximum
        else:
            floor, floor_open = 0, True
        ceiling = None if low is None else -low
        magnitude = _magnitude(floor, floor_open, ceiling, exclusive_minimum)
        if magnitude:
            alternatives.append('"-" ' + group(magnitude))
    if high is None or high > 0 or (high == 0 and not exclusive_maximum):
        if low is not None and low >= 0:
            floor, floor_open = low, exclusive_minimum
        else:
            floor, floor_open = 0, False
        alternatives.extend(_magnitude(floor, floor_open, high, exclusive_maximum))
    return group(alternatives)


def _magnitude(low: int, low_open: bool, high: int | None, high_open: bool) -> list[str]:
    """Unsigned decimals between two integers, each bound open or closed."""
    parts = []
    first = low + 1 if low_open else low
    last = None if high is None else high - 1
    if last is None or first <= last:
        parts.append(group(_digits_between(first, last)) + f" ({_FRACTION})?")
    if low_open and (high is None or low < high):
        parts.append(f'"{low}" {_NONZERO_FRACTION}')
    if high is not None and not high_open and (low < high or not low_open):
        parts.append(f'"{high}" ({_ZERO_FRACTION})?')
    return parts


def _digits_between(low: int, high: int | None) -> list[str]:
    """Alternatives for the decimal digits of every integer in ``low..high`` (``low >= 0``)."""
    if high is None:
        width = len(str(low))
        longer = f"[1-9] [0-9]{{{width},{MAX_DIGITS - 1}}}" if width < MAX_DIGITS else None
        return _digits_between(low, 10**width - 1) + ([longer] if longer else [])
    alternatives: list[str] = []
    for width in range(len(str(low)), len(str(high)) + 1):
        start = max(low, 10 ** (width - 1) if width > 1 else 0)
        end = min(high, 10**width - 1)
        if start <= end:
            alternatives.extend(_same_width(str(start), str(end)))
    return alternatives


def _same_width(low: str, high: str) -> list[str]:
    """Digit strings of one width between ``low`` and ``high``."""
    if low == high:
        return [f'"{low}"']
    shared = 0
    while low[shared] == high[shared]:
        shared += 1
    prefix = f'"{low[:shared]}" ' if shared else ""
    first, last = int(low[shared]), int(high[shared])
    low_rest, high_rest = low[shared + 1 :], high[shared + 1 :]
    width = len(low_rest)
    low_open = low_rest != "0" * width  # the first digit's own range is only partly in
    high_open = high_rest != "9" * width
    tail = f" [0-9]{{{width}}}" if width else ""
    parts = []
    if low_open:
        parts.append(f'"{first}" ' + group(_at_least(low_rest)))
    middle_first, middle_last = first + int(low_open), last - int(high_open)
    if middle_first <= middle_last:
        parts.append(_digit_range(middle_first, middle_last) + tail)
    if high_open:
        parts.append(f'"{last}" ' + group(_at_most(high_rest)))
    return [prefix + group(parts)] if prefix else parts


def _at_least(digits: str) -> list[str]:
    """Digit strings of the same width that are ``>= digits``."""
    width = len(digits)
    if digits == "0" * width:
        return [f"[0-9]{{{width}}}"]
    head, rest = int(digits[0]), digits[1:]
    parts = [f'"{head}" ' + group(_at_least(rest))] if rest else [f'"{head}"']
    if head < 9:
        parts.append(_digit_range(head + 1, 9) + (f" [0-9]{{{len(rest)}}}" if rest else ""))
    return parts


def _at_most(digits: str) -> list[str]:
    """Digit strings of the same width that are ``<= digits``."""
    width = len(digits)
    if digits == "9" * width:
        return [f"[0-9]{{{width}}}"]
    head, rest = int(digits[0]), digits[1:]
    parts = []
    if head > 0:
        parts.append(_digit_range(0, head - 1) + (f" [0-9]{{{len(rest)}}}" if rest else ""))
    parts.append(f'"{head}" ' + group(_at_most(rest)) if rest else f'"{head}"')
    return parts


def _digit_range(first: int, last: int) -> str:
    return f"[{first}]" if first == last else f"[{first}-{last}]"
