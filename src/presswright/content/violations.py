"""A broken contract rule, named precisely enough to quote back to a model or a user."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["Violation", "failure_hint", "format_violations", "summarize_violations"]


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


# Rules a fresh sample can pass: what the model wrote, not what the brief asks for.
_SAMPLING_RULES = frozenset(
    {"quality_language", "quality_words", "quality_junk", "quality_repetition"}
    | {"quality_prompt_leak", "quality_unfinished", "quality_chatter", "slug_words"}
    | {"language_detected", "claim_unsupported"}
)


def failure_hint(violations: list[Violation]) -> str:
    """What would fix content that still breaks these rules after every repair.

    Text the model wrote badly may come out right in another draw, and each retry draws
    afresh; rules about what the brief asks (keywords, lengths) need a different brief or
    a stronger model, and a retry alone will not fix them.
    """
    if any(violation.rule in _SAMPLING_RULES for violation in violations):
        return (
            "the model did not write publishable text; a retry draws fresh samples and may"
            " pass, a larger model (--model, e.g. an OpenAI or Anthropic one you add with"
            " `presswright providers add`) is far more reliable"
        )
    return (
        "use a larger model or loosen the brief (fewer or shorter keywords); a retry alone"
        " is unlikely to fix this"
    )
