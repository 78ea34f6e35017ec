"""Bulk jobs and their items (tenant-scoped): creation, reuse by key, leases, item states.

Every change of an item's state is a conditional update (``WHERE state IN (...)``), so two
processes that race on an item (a driver and a cancel) cannot both move it: the first
wins, the other sees False and leaves it alone. See :mod:`presswright.bulk` for the design.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.orm import Session

from presswright.errors import NotFoundError
from presswright.store.models import (
    BulkItem,
    BulkJob,
    Execution,
    WooCommerceStore,
    WordPressSite,
    as_utc,
    utcnow,
)
from presswright.store.scoping import session_tenant

__all__ = [
    "FINISHED_RUNS",
    "ItemCounts",
    "ItemRow",
    "NewItem",
    "claim_item",
    "count_jobs",
    "count_running",
    "create_job",
    "get_job",
    "item_counts",
    "items_where",
    "list_jobs",
    "mark_cancelled",
    "move_item",
    "release_lease",
    "report_rows",
    "reset_for_retry",
    "reusable_execution",
    "reuse_finished",
    "set_item",
    "site_name",
    "store_name",
    "take_lease",
]

FINISHED_RUNS = ("completed", "failed", "cancelled")
_CHUNK = 500  # keys per IN (...) list, well under every backend's parameter limit


@dataclass(frozen=True)
class NewItem:
    """What an item is made of when its job is created."""

    row: int
    key: str
    label: str
    payload: dict[str, Any]
    woo_product_id: int | None = None


@dataclass(frozen=True)
class ItemRow:
    """An item as the driver sees it, with the state of its execution, if it has one."""

    id: uuid.UUID
    key: str
    state: str
    reused: bool
    payload: dict[str, Any]
    execution_id: str | None
    run_status: str | None
    run_error: str | None
    woo_product_id: int | None


@dataclass(frozen=True)
class ItemCounts:
    """How many items of a job are in each state, how many finished in this pass, and when
    the last one did."""

    by_state: dict[str, int]
    reused: int
    finished_since_start: int
    last_finished: datetime | None


def get_job(session: Session, job_id: uuid.UUID) -> BulkJob:
    """The job with this id in the session's tenant, or NotFoundError."""
    session_tenant(session)
    job = session.get(BulkJob, job_id)
    if job is None:
        raise NotFoundError(
            f"no bulk job {job_id} in this workspace",
            hint="list them with `presswright bulk list` or GET /api/v1/bulk",
        )
    return job


def create_job(
    session: Session,
    *,
    user_id: uuid.UUID | None,
    kind: str,
    model: str,
    source: str | None,
    concurrency: int,
    publish_site_id: uuid.UUID | None,
    publish_status: str | None,
    items: Sequence[NewItem],
    publish_store_id: uuid.UUID | None = None,
) -> BulkJob:
    """Store a job and its items, all queued."""
    session_tenant(session)
    job = BulkJob(
        user_id=user_id,
        kind=kind,
        model=model,
        source=source,
        concurrency=concurrency,
        total=len(items),
        publish_site_id=publish_site_id,
        publish_status=publish_status,
        publish_store_id=publish_store_id,
    )
    session.add(job)
    session.flush()
    session.add_all(
        BulkItem(
            job_id=job.id,
            position=position,
            row=item.row,
            item_key=item.key,
            label=item.label,
            payload=item.payload,
            woo_product_id=item.woo_product_id,
            state="queued",
            reused=False,
            dispatched=False,
            attempts=0,
        )
        for position, item in enumerate(items)
    )
    session.flush()
    return job


def list_jobs(session: Session, *, limit: int, offset: int) -> list[BulkJob]:
    """The tenant's jobs, newest first."""
    session_tenant(session)
    query = (
        select(BulkJob)
        .order_by(BulkJob.created_at.desc(), BulkJob.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(query))


def count_jobs(session: Session) -> int:
    """How many jobs the tenant has."""
    return int(session.scalar(select(func.count()).select_from(BulkJob)) or 0)


def site_name(session: Session, site_id: uuid.UUID | None) -> str | None:
    """The name of a connected site (None if there is none, or it was removed)."""
    if site_id is None:
        return None
    return session.scalar(select(WordPressSite.name).where(WordPressSite.id == site_id))


def store_name(session: Session, store_id: uuid.UUID | None) -> str | None:
    """The name of a connected WooCommerce store (None if there is none, or it was removed)."""
    if store_id is None:
        return None
    return session.scalar(select(WooCommerceStore.name).where(WooCommerceStore.id == store_id))


def _finished_by_key(session: Session, keys: Iterable[str]) -> dict[str, str]:
    """For each key: the execution of an earlier item with that key that completed."""
    found: dict[str, str] = {}
    wanted = sorted(set(keys))
    for start in range(0, len(wanted), _CHUNK):
        rows = session.execute(
            select(BulkItem.item_key, BulkItem.execution_id)
            .join(Execution, Execution.id == BulkItem.execution_id)
            .where(
                BulkItem.item_key.in_(wanted[start : start + _CHUNK]),
                BulkItem.state == "succeeded",
                Execution.status == "completed",
            )
        )
        for key, execution_id in rows:
            if execution_id is not None:
                found.setdefault(key, execution_id)
    return found


def reusable_execution(session: Session, key: str) -> str | None:
    """The completed execution of an earlier item with this key, if any."""
    return _finished_by_key(session, [key]).get(key)


def reuse_finished(session: Session, job: BulkJob) -> int:
    """Give queued items whose key already succeeded that item's execution; how many did."""
    queued = session.execute(
        select(BulkItem.id, BulkItem.item_key).where(
            BulkItem.job_id == job.id,
            BulkItem.state == "queued",
            BulkItem.execution_id.is_(None),
        )
    ).all()
    finished = _finished_by_key(session, (key for _, key in queued))
    publishes = job.publish_site_id is not None or job.publish_store_id is not None
    state = "publishing" if publishes else "succeeded"
    moved = 0
    for item_id, key in queued:
        if key in finished:
            moved += move_item(
                session,
                item_id,
                expect=("queued",),
                state=state,
                reused=True,
                execution_id=finished[key],
                dispatched=True,
            )
    return moved


def move_item(
    session: Session, item_id: uuid.UUID, *, expect: Sequence[str], state: str, **values: Any
) -> bool:
    """Move an item to ``state`` if it is in one of ``expect``; False if it was not."""
    now = utcnow()
    stamps: dict[str, Any] = {}
    if state == "running":
        stamps["started_at"] = now
    if state in ("succeeded", "failed", "cancelled"):
        stamps["finished_at"] = now
    result = session.execute(
        update(BulkItem)
        .where(BulkItem.id == item_id, BulkItem.state.in_(expect))
        .values(state=state, **stamps, **values)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def claim_item(session: Session, item_id: uuid.UUID, execution: Execution) -> bool:
    """Store ``execution`` as the queued item's run, unless the item or its job moved on.

    One transaction: a crash leaves both the execution and the link, or neither.
    """
    job_open = exists().where(BulkJob.id == BulkItem.job_id, BulkJob.cancelled_at.is_(None))
    claimed = session.execute(
        update(BulkItem)
        .where(
            BulkItem.id == item_id,
            BulkItem.state == "queued",
            BulkItem.execution_id.is_(None),
            job_open,
        )
        .values(state="running", started_at=utcnow(), dispatched=False)
        .execution_options(synchronize_session=False)
    )
    if not getattr(claimed, "rowcount", 0):
        return False
    session.add(execution)
    session.flush()
    set_item(session, item_id, execution_id=execution.id)
    return True


def set_item(session: Session, item_id: uuid.UUID, **values: Any) -> None:
    """Set fields of an item, whatever its state (``dispatched=True`` once its run is out)."""
    session.execute(
        update(BulkItem)
        .where(BulkItem.id == item_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


def items_where(
    session: Session, job_id: uuid.UUID, *conditions: Any, limit: int | None = None
) -> list[ItemRow]:
    """The job's items matching ``conditions`` (on BulkItem and Execution), in file order."""
    query = (
        select(
            BulkItem.id,
            BulkItem.item_key,
            BulkItem.state,
            BulkItem.reused,
            BulkItem.payload,
            BulkItem.execution_id,
            Execution.status,
            Execution.error,
            BulkItem.woo_product_id,
        )
        .outerjoin(Execution, Execution.id == BulkItem.execution_id)
        .where(BulkItem.job_id == job_id, *conditions)
        .order_by(BulkItem.position)
        .limit(limit)
    )
    return [ItemRow(*row) for row in session.execute(query)]


def item_counts(session: Session, job: BulkJob) -> ItemCounts:
    """The job's items by state, how many were reused, and how many finished since it started."""
    by_state = {
        state: int(count)
        for state, count in session.execute(
            select(BulkItem.state, func.count())
            .where(BulkItem.job_id == job.id)
            .group_by(BulkItem.state)
        )
    }
    since = job.started_at or utcnow()
    reused, finished, last = session.execute(
        select(
            func.count().filter(BulkItem.reused.is_(True)),
            func.count().filter(BulkItem.reused.is_(False), BulkItem.finished_at >= since),
            func.max(BulkItem.finished_at),
        ).where(BulkItem.job_id == job.id)
    ).one()
    return ItemCounts(by_state, int(reused), int(finished), as_utc(last) if last else None)


def count_running(session: Session, job_id: uuid.UUID) -> int:
    """How many items of the job are generating now (the window's fill)."""
    query = select(func.count()).where(BulkItem.job_id == job_id, BulkItem.state == "running")
    return int(session.scalar(query) or 0)


def take_lease(
    session: Session, job_id: uuid.UUID, *, driver: str, ttl: float, holder: str | None = None
) -> bool:
    """Become (or stay) the job's driver for ``ttl`` seconds if the lease is free or expired.

    With ``holder``, take it from that driver even if its lease runs on (it is known dead).
    """
    now = utcnow()
    free = or_(
        BulkJob.driver.is_(None),
        BulkJob.driver == driver,
        BulkJob.lease_until.is_(None),
        BulkJob.lease_until < now,
    )
    condition = or_(free, BulkJob.driver == holder) if holder else free
    result = session.execute(
        update(BulkJob)
        .where(BulkJob.id == job_id, condition)
        .values(driver=driver, lease_until=now + timedelta(seconds=ttl))
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def release_lease(session: Session, job_id: uuid.UUID, *, driver: str) -> None:
    """Give up driving the job (only if this driver still holds it)."""
    session.execute(
        update(BulkJob)
        .where(BulkJob.id == job_id, BulkJob.driver == driver)
        .values(driver=None, lease_until=None)
        .execution_options(synchronize_session=False)
    )


def mark_cancelled(session: Session, job: BulkJob) -> None:
    """Cancel the job: no item starts any more, and the queued ones are cancelled."""
    job.cancelled_at = utcnow()
    session.execute(
        update(BulkItem)
        .where(BulkItem.job_id == job.id, BulkItem.state == "queued")
        .values(state="cancelled", error="cancelled before it started", finished_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def reset_for_retry(session: Session, job: BulkJob) -> int:
    """Queue the failed and cancelled items again (each keeps its execution); how many."""
    result = session.execute(
        update(BulkItem)
        .where(BulkItem.job_id == job.id, BulkItem.state.in_(("failed", "cancelled")))
        .values(state="queued", error=None, finished_at=None, attempts=BulkItem.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    job.cancelled_at = None
    job.started_at = None
    return int(getattr(result, "rowcount", 0))


def report_rows(
    session: Session, job_id: uuid.UUID
) -> list[tuple[BulkItem, dict[str, Any] | None]]:
    """Every item of the job in file order, with its execution's outputs if it completed."""
    query = (
        select(BulkItem, Execution.outputs)
        .outerjoin(
            Execution,
            and_(Execution.id == BulkItem.execution_id, Execution.status == "completed"),
        )
        .where(BulkItem.job_id == job_id)
        .order_by(BulkItem.position)
    )
    return [(item, outputs) for item, outputs in session.execute(query)]
