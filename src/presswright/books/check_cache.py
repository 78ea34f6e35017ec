"""The continuity pass's model checks, kept per chapter so a regenerate pays for few of them.

A model check of a chapter depends on what its prompt holds: the chapter's text, the bible's
facts, the end states of the chapters before it and who died where. Its answer is kept in
the continuity step's output under a hash of that prompt (with the model and the system
prompt); the next run of the step in the same execution (a regenerated chapter, a resume)
reads the answers its latest finished attempt kept and asks the model only for prompts it has
no answer for: the regenerated chapter, and a later chapter whose facts changed with it.

The answers kept are the model's parsed findings before any filtering, so the quote checks
of :mod:`presswright.books.continuity` run on them again as on a fresh answer.

A chapter's whole result is kept the same way, under a hash of the chapter as written, the
bible, the deaths and end states before it and the step's config: a chapter the pass wrote
again (a continuity error) keeps its rewrite when the step runs again for another chapter's
sake, instead of being written a third time.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from presswright.flows.nodes.base import NodeContext
from presswright.flows.records import input_hash, off_loop
from presswright.store.models import NodeRun

__all__ = ["CACHE_KEY", "CHAPTER_CACHE_KEY", "KeptAnswers", "check_key", "earlier_output"]

CACHE_KEY = "model_check_cache"  # where the continuity step's output keeps the answers
# Where it keeps each chapter's whole result (issues, the rewrite kept), by what it read.
CHAPTER_CACHE_KEY = "chapter_cache"


def check_key(prompt: str, *, system: str, model: str | None, max_tokens: int) -> str:
    """The key of one model check: a hash of everything its answer depends on."""
    return input_hash({"prompt": prompt, "system": system, "model": model, "max": max_tokens})


class KeptAnswers:
    """Answers an earlier attempt of this step kept, and the ones this attempt used."""

    def __init__(self, earlier: Any = None) -> None:
        self.earlier: dict[str, Any] = dict(earlier) if isinstance(earlier, dict) else {}
        self.used: dict[str, Any] = {}
        self.reused = 0

    def get(self, key: str) -> Any | None:
        """The kept answer of ``key`` (counted as reused), or None."""
        if key not in self.earlier:
            return None
        self.reused += 1
        self.used[key] = self.earlier[key]
        return self.earlier[key]

    def put(self, key: str, answer: Any) -> None:
        """Keep a fresh answer for the next run of the step."""
        self.used[key] = answer


async def earlier_output(context: NodeContext) -> dict[str, Any]:
    """The output of the latest finished attempt of this step in this execution ({} if none)."""
    instance, tenant_id = context.instance, context.tenant_id
    if instance is None or tenant_id is None:
        return {}

    def read() -> dict[str, Any]:
        with instance.database.tenant_session(tenant_id) as session:
            output = session.scalars(
                select(NodeRun.output)
                .where(
                    NodeRun.execution_id == context.execution_id,
                    NodeRun.node_id == context.node_id,
                    NodeRun.status == "completed",
                )
                .order_by(NodeRun.generation.desc(), NodeRun.attempt.desc())
                .limit(1)
            ).first()
        return output if isinstance(output, dict) else {}

    return await off_loop(instance.database, read)
