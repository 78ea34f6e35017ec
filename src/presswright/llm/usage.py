"""The usage log: an ``llm_calls`` row for every LLM call, and summaries of it.

Rows are written by a background thread, in batches, so a call does not wait for its
row; :meth:`UsageRecorder.flush` waits for them (and raises if a write failed).
"""

from __future__ import annotations

import hashlib
import json
import queue
import threading
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, case, func, insert, select
from sqlalchemy.orm import Session

from presswright.errors import StorageError
from presswright.llm.types import Message
from presswright.store.database import Database
from presswright.store.models import LLMCall, utcnow

__all__ = [
    "DEFAULT_PRICES",
    "CallRecord",
    "ModelUsage",
    "UsageRecorder",
    "UsageSummary",
    "call_cost",
    "price_known",
    "prompt_hash",
    "summarize_usage",
    "usage_aggregates",
    "usage_numbers",
]

# USD per million tokens (input, output), from the vendors' public price lists; override or
# extend with PRESSWRIGHT_PRICES. Local and self-hosted models cost nothing per token.
DEFAULT_PRICES: dict[str, tuple[float, float]] = {
    "openai:gpt-4o-mini": (0.15, 0.60),
    "openai:gpt-4o": (2.50, 10.00),
    "openai:gpt-4.1-mini": (0.40, 1.60),
    "openai:gpt-4.1": (2.00, 8.00),
    "anthropic:claude-3-5-haiku-latest": (0.80, 4.00),
    "anthropic:claude-sonnet-4-0": (3.00, 15.00),
    "gemini:gemini-2.0-flash": (0.10, 0.40),
    "gemini:gemini-2.5-flash": (0.30, 2.50),
}


def call_cost(
    model_id: str, tokens_in: int, tokens_out: int, prices: dict[str, tuple[float, float]]
) -> float:
    """Cost in USD of a call, from ``prices`` then the defaults; unknown models cost 0."""
    price_in, price_out = prices.get(model_id) or DEFAULT_PRICES.get(model_id) or (0.0, 0.0)
    return round((tokens_in * price_in + tokens_out * price_out) / 1_000_000, 8)


def price_known(model_id: str, prices: dict[str, tuple[float, float]]) -> bool:
    """Whether calls of ``model_id`` are priced (the local model is free by definition)."""
    return model_id.startswith("local:") or model_id in prices or model_id in DEFAULT_PRICES


def prompt_hash(messages: Iterable[Message]) -> str:
    """SHA-256 of the messages, stored instead of the prompt text by default."""
    canonical = json.dumps([m.model_dump() for m in messages], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


_BATCH_WINDOW = 0.05  # seconds the writer waits for more rows before writing a batch


@dataclass(frozen=True)
class CallRecord:
    """One LLM call as the usage log keeps it."""

    tenant_id: uuid.UUID
    user_id: uuid.UUID | None
    provider: str
    model: str
    tokens_in: int
    tokens_out: int
    latency_ms: float
    cost: float
    cache_hit: bool
    status: str
    error_class: str | None
    prompt_hash: str
    prompt_text: str | None = None
    created_at: datetime = field(default_factory=utcnow)  # when the call ended, not the write


@dataclass
class UsageRecorder:
    """Writes call records in a background thread, in batches."""

    database: Database
    _queue: queue.Queue[CallRecord | None] = field(default_factory=queue.Queue)
    _thread: threading.Thread | None = None
    _error: BaseException | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, call: CallRecord) -> None:
        """Queue a row; returns at once."""
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="usage-log", daemon=True)
                self._thread.start()
        self._queue.put(call)

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                self._queue.task_done()
                return
            batch = [first]
            # Gather what arrives in the next moments: one transaction for many rows.
            deadline = time.monotonic() + _BATCH_WINDOW
            while len(batch) < 500:
                try:
                    item = self._queue.get(timeout=max(deadline - time.monotonic(), 0))
                except queue.Empty:
                    break
                if item is None:
                    self._queue.put(None)  # handled on the next loop, after this batch
                    self._queue.task_done()
                    break
                batch.append(item)
            try:
                self._write(batch)
            except Exception as error:  # kept and raised by flush(): never silently lost
                self._error = error
            finally:
                for _ in batch:
                    self._queue.task_done()

    def _write(self, batch: list[CallRecord]) -> None:
        by_tenant: dict[uuid.UUID, list[CallRecord]] = {}
        for call in batch:
            by_tenant.setdefault(call.tenant_id, []).append(call)
        for tenant_id, calls in by_tenant.items():
            with self.database.tenant_session(tenant_id) as session:
                session.execute(
                    insert(LLMCall),
                    [{"id": uuid.uuid4(), **c.__dict__} for c in calls],
                )

    def flush(self) -> None:
        """Wait until every queued row is written; raise if a write failed."""
        self._queue.join()
        if self._error is not None:
            error, self._error = self._error, None
            raise StorageError(f"usage log rows could not be written: {error}") from error

    def close(self) -> None:
        """Flush and stop the writer thread."""
        self.flush()
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                self._queue.put(None)
                self._thread.join(timeout=10)
            self._thread = None


class ModelUsage(BaseModel):
    """Usage of one model."""

    model: str
    calls: int
    tokens_in: int
    tokens_out: int
    cost: float
    cache_hits: int
    errors: int
    mean_latency_ms: float


class UsageSummary(BaseModel):
    """Totals over a period, and the same per model."""

    calls: int
    tokens_in: int
    tokens_out: int
    cost: float
    cache_hits: int
    errors: int
    mean_latency_ms: float
    by_model: list[ModelUsage]


def usage_aggregates() -> list[Any]:
    """Calls, tokens in/out, cost, cache hits, errors, mean latency: as SQL aggregates."""
    return [
        func.count(LLMCall.id),
        func.coalesce(func.sum(LLMCall.tokens_in), 0),
        func.coalesce(func.sum(LLMCall.tokens_out), 0),
        func.coalesce(func.sum(LLMCall.cost), 0.0),
        func.coalesce(func.sum(case((LLMCall.cache_hit, 1), else_=0)), 0),
        func.coalesce(func.sum(case((LLMCall.status != "ok", 1), else_=0)), 0),
        func.coalesce(func.avg(LLMCall.latency_ms), 0.0),
    ]


def usage_numbers(values: Sequence[Any]) -> dict[str, Any]:
    """A row of :func:`usage_aggregates` as plain numbers, by name."""
    calls, t_in, t_out, cost, hits, errors, latency = values
    return {
        "calls": int(calls),
        "tokens_in": int(t_in),
        "tokens_out": int(t_out),
        "cost": round(float(cost), 8),
        "cache_hits": int(hits),
        "errors": int(errors),
        "mean_latency_ms": round(float(latency), 2),
    }


def summarize_usage(session: Session, *, since: datetime | None = None) -> UsageSummary:
    """Totals and per-model usage of the session's tenant since ``since`` (all time if None)."""

    def scoped(statement: Select[Any]) -> Select[Any]:
        return statement.where(LLMCall.created_at >= since) if since is not None else statement

    total = session.execute(scoped(select(*usage_aggregates()))).one()
    rows = session.execute(
        scoped(select(LLMCall.provider, LLMCall.model, *usage_aggregates()))
        .group_by(LLMCall.provider, LLMCall.model)
        .order_by(LLMCall.provider, LLMCall.model)
    ).all()
    return UsageSummary(
        **usage_numbers(total),
        by_model=[ModelUsage(model=f"{row[0]}:{row[1]}", **usage_numbers(row[2:])) for row in rows],
    )
