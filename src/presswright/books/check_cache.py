"""The continuity pass's model checks, kept per chapter so a regenerate pays for few of them.

A model check of a chapter depends on what its prompt holds: the chapter's text, the bible's
facts, the end states of the chapters before it and who died where. Its answer is kept in
the continuity step's output under a hash of that prompt (with the model and the system
prompt); the next run of the step in the same execution (a regenerated chapter, a resume)
reads the answers its latest finished attempt kept and asks the model only for prompts it has
no answer for: the regenerated chapter, and a later chapter whose facts changed with it.

The answers kept are the model's parsed findings before any filtering, so the quote checks
of :mod:`presswright.books.continuity` run on them again as on a fresh answer.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from presswright.flows.nodes.base import NodeContext
from presswright.flows.records import input_hash, off_loop
from presswright.store.models import NodeRun

__all__ = ["CACHE_KEY", "ModelCheckCache", "check_key"]

CACHE_KEY = "model_check_cache"  # where the continuity step's output keeps the answers


def check_key(prompt: str, *, system: str, model: str | None, max_tokens: int) -> str:
    """The key of one model check: a hash of everything its answer depends on."""
    return input_hash({"prompt": prompt, "system": system, "model": model, "max": max_tokens})


class ModelCheckCache:
    """Answers of earlier attempts of this step, and the ones this attempt used."""

    def __init__(self, earlier: dict[str, Any] | None = None) -> None:
        self.earlier: dict[str, Any] = dict(earlier or {})
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

    @classmethod
    async def of(cls, context: NodeContext) -> ModelCheckCache:
        """The answers the latest finished attempt of this step in this execution kept."""
        instance, tenant_id = context.instance, context.tenant_id
        if instance is None or tenant_id is None:
            return cls()

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
            kept = output.get(CACHE_KEY) if isinstance(output, dict) else None
            return kept if isinstance(kept, dict) else {}

        return cls(await off_loop(instance.database, read))
