"""A broken contract rule, named precisely enough to quote back to a model or a user."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["Violation", "format_violations", "summarize_violations"]


class Violation(BaseModel):
    """One rule a piece of content breaks: where, which rule, and what is wrong."""

    model_config = ConfigDict(frozen=True)

    field: str  # a dotted path, e.g. "meta.meta_desc" or "blocks[2].inner[0]"
    rule: str  # a stable rule id, e.g. "meta_desc_length"
    message: str  # what is wrong and what would be right, for a person or a repair prompt

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def format_violations(violations: list[Violation]) -> str:
    """One line per violation, in order."""
    return "\n".join(str(violation) for violation in violations)


def summarize_violations(violations: list[Violation], limit: int = 20) -> str:
    """The violations on one line, for an error message: the first ``limit``, then a count."""
    listed = "; ".join(str(violation) for violation in violations[:limit])
    more = len(violations) - limit
    return f"{listed} (and {more} more)" if more > 0 else listed
