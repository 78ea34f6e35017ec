"""Length adherence: LongWriter's S_l score, per chapter and for the whole book.

From Bai et al., "LongWriter: Unleashing 10,000+ Word Generation from Long Context LLMs"
(2024), section 2 (LongBench-Write), and its evaluation script
(``THUDM/LongWriter``, ``evaluation/eval_length.py``). With ``l`` the required length and
``l'`` the output length::

    S_l = 100 * max(0, 1 - (l'/l - 1) / 3)   if l' > l
    S_l = 100 * max(0, 1 - (l/l' - 1) / 2)   if l' <= l

so a text on target scores 100; one that is too short loses faster (half the target scores
50, a third scores 0) than one that is too long (twice the target scores 67, four times 0).
Lengths are counted by the book's one rule (:mod:`presswright.books.wordcount`).
LongWriter's benchmark reports the mean S_l over its prompts; a book reports both the S_l
of its total length against the total target and the mean over its chapters.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["length_score", "mean_length_score", "within"]


def length_score(output: int, required: int) -> float:
    """S_l of an ``output`` length against the ``required`` one (0 to 100)."""
    if required <= 0:
        raise ValueError("the required length must be positive")
    if output <= 0:
        return 0.0  # the limit of the short branch as l' goes to 0
    if output > required:
        return 100.0 * max(0.0, 1.0 - (output / required - 1.0) / 3.0)
    return 100.0 * max(0.0, 1.0 - (required / output - 1.0) / 2.0)


def mean_length_score(pairs: Sequence[tuple[int, int]]) -> float:
    """The mean S_l over (output, required) pairs, as LongBench-Write aggregates it."""
    if not pairs:
        return 0.0
    return sum(length_score(output, required) for output, required in pairs) / len(pairs)


def within(output: int, required: int, tolerance: float) -> bool:
    """Whether ``output`` is within ``tolerance`` (0.25 = ±25%) of ``required``."""
    return abs(output - required) <= tolerance * required
