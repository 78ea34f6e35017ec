"""A job's items as they stand, page by page: state, run, document, where each went, error.

What the report (:mod:`.report`) says as one CSV of the whole job, read a page at a time and
filtered by state, for a screen that follows a running job without reading every item.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, true
from sqlalchemy.orm import Session

from presswright.bootstrap import Instance
from presswright.bulk.models import ItemStatus, JobItem, JobItemPage
from presswright.store.bulk import get_job
from presswright.store.models import BulkItem, Document, Execution
from presswright.store.scoping import session_tenant

__all__ = ["job_items"]


def _state_condition(status: ItemStatus) -> ColumnElement[bool]:
    """The items of one reported status (``reused`` is a succeeded item that took earlier work)."""
    if status == "reused":
        return and_(BulkItem.state == "succeeded", BulkItem.reused.is_(True))
    if status == "succeeded":
        return and_(BulkItem.state == "succeeded", BulkItem.reused.is_(False))
    return BulkItem.state == status


def _status(state: str, reused: bool) -> ItemStatus:
    statuses: dict[str, ItemStatus] = {
        "queued": "queued",
        "running": "running",
        "publishing": "publishing",
        "succeeded": "reused" if reused else "succeeded",
        "failed": "failed",
        "cancelled": "cancelled",
    }
    return statuses[state]


def _title(outputs: dict[str, Any] | None, kind: str) -> str | None:
    content = (outputs or {}).get(kind)
    title = content.get("title") if isinstance(content, dict) else None
    return title if isinstance(title, str) else None


def _document_of(session: Session) -> Any:
    """The id of the document an item's run fills (the first, should a run have several)."""
    return (
        select(Document.id)
        .where(
            Document.tenant_id == session_tenant(session),
            Document.execution_id == BulkItem.execution_id,
        )
        .order_by(Document.created_at)
        .limit(1)
        .correlate(BulkItem)
        .scalar_subquery()
    )


def job_items(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    job_id: uuid.UUID,
    states: Collection[ItemStatus] = (),
    offset: int = 0,
    limit: int = 50,
) -> JobItemPage:
    """One page of the job's items in the order of the source, only those in ``states`` if
    any are given (NotFoundError for another workspace's job)."""
    with instance.database.tenant_session(tenant_id) as session:
        job = get_job(session, job_id)
        wanted = or_(*(_state_condition(s) for s in states)) if states else true()
        where = and_(BulkItem.job_id == job.id, wanted)
        total = int(session.scalar(select(func.count()).select_from(BulkItem).where(where)) or 0)
        query = (
            select(BulkItem, Execution.outputs, _document_of(session))
            .outerjoin(
                Execution,
                and_(Execution.id == BulkItem.execution_id, Execution.status == "completed"),
            )
            .where(where)
            .order_by(BulkItem.position)
            .offset(offset)
            .limit(limit)
        )
        items = [
            JobItem(
                row=item.row,
                label=item.label,
                status=_status(item.state, item.reused),
                execution_id=item.execution_id,
                document_id=document_id,
                title=_title(outputs, job.kind),
                published_url=item.remote_url,
                product_id=item.woo_product_id,
                error=item.error,
            )
            for item, outputs, document_id in session.execute(query)
        ]
    end = offset + len(items)
    return JobItemPage(items=items, total=total, next_offset=end if end < total else None)
