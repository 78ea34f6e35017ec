"""Where a bulk job stands: its status from its items' states, its pace, and the time left."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from presswright.bootstrap import Instance
from presswright.bulk.models import BulkProgress, JobState
from presswright.store.bulk import ItemCounts, get_job, item_counts, site_name, store_name
from presswright.store.models import BulkJob, utcnow

__all__ = ["job_progress", "progress_of"]

_REMAINING = ("queued", "running", "publishing")


def _status(job: BulkJob, counts: ItemCounts, remaining: int) -> JobState:
    if job.cancelled_at is not None:
        return "cancelled"
    if remaining:
        return "running" if job.started_at is not None else "queued"
    failed = counts.by_state.get("failed", 0) + counts.by_state.get("cancelled", 0)
    return "failed" if failed else "completed"


def _finished_at(job: BulkJob, counts: ItemCounts, status: JobState) -> datetime | None:
    """When the job ended: cancelled, or the moment its last item did."""
    if status == "cancelled":
        return job.cancelled_at
    return counts.last_finished if status in ("completed", "failed") else None


def _pace(
    job: BulkJob, counts: ItemCounts, remaining: int, end: datetime | None
) -> tuple[float | None, float | None]:
    """Items per minute since the pass started, and the seconds left at that pace."""
    if job.started_at is None or counts.finished_since_start == 0:
        return None, None
    end = end or utcnow()
    elapsed = (end - job.started_at).total_seconds()
    if elapsed <= 0:
        return None, None
    per_second = counts.finished_since_start / elapsed
    eta = round(remaining / per_second, 1) if remaining else 0.0
    return round(per_second * 60, 2), eta


def progress_of(session: Session, job: BulkJob) -> BulkProgress:
    """The progress document of a job read in ``session``."""
    counts = item_counts(session, job)
    remaining = sum(counts.by_state.get(state, 0) for state in _REMAINING)
    cancelled = counts.by_state.get("cancelled", 0)
    status = _status(job, counts, remaining)
    finished_at = _finished_at(job, counts, status)
    rate, eta = _pace(job, counts, remaining, finished_at)
    return BulkProgress(
        id=job.id,
        status=status,
        kind="product" if job.kind == "product" else "article",
        model=job.model,
        source=job.source,
        total=job.total,
        succeeded=counts.by_state.get("succeeded", 0),
        failed=counts.by_state.get("failed", 0) + cancelled,
        remaining=remaining,
        reused=counts.reused,
        cancelled=cancelled,
        rate_per_minute=rate,
        eta_seconds=eta if status == "running" else None,
        publish_site=site_name(session, job.publish_site_id),
        publish_store=store_name(session, job.publish_store_id),
        driven=job.lease_until is not None and job.lease_until > utcnow(),
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=finished_at,
    )


def job_progress(instance: Instance, *, tenant_id: uuid.UUID, job_id: uuid.UUID) -> BulkProgress:
    """The progress of a job of the tenant (NotFoundError for any other id)."""
    with instance.database.tenant_session(tenant_id) as session:
        return progress_of(session, get_job(session, job_id))
