"""A job's report: one line per item (outcome, reason, title, WordPress post or product), as CSV."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

from presswright.bootstrap import Instance
from presswright.bulk.models import ItemReport, ItemStatus
from presswright.store.bulk import get_job, report_rows
from presswright.store.models import BulkItem

__all__ = ["REPORT_COLUMNS", "job_report", "report_csv"]

REPORT_COLUMNS = list(ItemReport.model_fields)
# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _content(outputs: dict[str, Any] | None, kind: str) -> dict[str, Any]:
    """The generated article or product of a completed run (empty if there is none)."""
    value = (outputs or {}).get(kind)
    return value if isinstance(value, dict) else {}


def _status(item: BulkItem) -> ItemStatus:
    if item.state == "succeeded" and item.reused:
        return "reused"
    states: dict[str, ItemStatus] = {
        "queued": "queued",
        "running": "running",
        "publishing": "publishing",
        "succeeded": "succeeded",
        "failed": "failed",
        "cancelled": "cancelled",
    }
    return states[item.state]


def job_report(instance: Instance, *, tenant_id: uuid.UUID, job_id: uuid.UUID) -> list[ItemReport]:
    """Every item of the job, in the order of the source (NotFoundError for another id)."""
    with instance.database.tenant_session(tenant_id) as session:
        job = get_job(session, job_id)
        kind = job.kind
        # Where the items went: remote_id and remote_url are a post, or a product.
        to_store = job.publish_store_id is not None
        lines = []
        for item, outputs in report_rows(session, job_id):
            content = _content(outputs, kind)
            meta = content.get("meta") if isinstance(content.get("meta"), dict) else {}
            lines.append(
                ItemReport(
                    row=item.row,
                    label=item.label,
                    status=_status(item),
                    error=item.error,
                    execution_id=item.execution_id,
                    title=content.get("title"),
                    slug=meta.get("slug") if meta else None,
                    post_id=None if to_store else item.remote_id,
                    post_url=None if to_store else item.remote_url,
                    product_id=item.woo_product_id,
                    product_url=item.remote_url if to_store else None,
                )
            )
        return lines


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def report_csv(lines: list[ItemReport]) -> str:
    """The report as CSV text with a header row; no cell can run as a spreadsheet formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REPORT_COLUMNS)
    for line in lines:
        writer.writerow([_cell(getattr(line, column)) for column in REPORT_COLUMNS])
    return out.getvalue()
