"""Jobs: gsWstudio's name for an execution, as the site builder's API shows one.

A job's progress runs 0-100 through the site flow's steps, weighted by the work in them:
the brief and plan (10), each page of the sitemap (70 shared by the pages), the design
(10), plugins and the compiled site (10). The current step names the page being written
(``pages[2]`` -> ``page 3 of 5: About``); the log lists every attempt of every step in the
order it started, with its state and error. Any execution can be read as a job; for a
flow other than the site flow the progress is the engine's own.
"""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import select

from presswright.bootstrap import Instance
from presswright.flows.records import get_execution
from presswright.flows.status import execution_status
from presswright.sites.flow import SITE_FLOW
from presswright.store.models import NodeRun

__all__ = ["JobStatus", "job_status"]

_WEIGHTS = {"brief": 2, "plan": 6, "sitemap": 2, "design": 10, "plugins": 2, "site": 8}
_PAGES_WEIGHT = 70
_DONE = ("completed", "skipped")


class JobStatus(BaseModel):
    """A job: an execution's state, how far it is, what it does now, what it did."""

    job_id: str
    flow: str
    status: str = Field(examples=["queued", "running", "paused", "completed", "failed"])
    progress: int = Field(ge=0, le=100)
    current_step: str | None = Field(description="What the job does now (None when settled).")
    log: list[str] = Field(description="One line per step attempt, in the order they started.")
    error: str | None = None
    outputs: dict[str, Any] = Field(default_factory=dict, exclude=True)


def _label(node_id: str, titles: list[str]) -> str:
    if node_id.startswith("pages[") and node_id.endswith("]"):
        index = int(node_id[6:-1])
        title = titles[index] if index < len(titles) else "?"
        return f"page {index + 1} of {len(titles) or '?'}: {title}"
    return node_id


def job_status(instance: Instance, *, tenant_id: uuid.UUID, job_id: str) -> JobStatus:
    """The job ``job_id`` (an execution of the workspace); NotFoundError otherwise."""
    status = execution_status(instance, tenant_id=tenant_id, execution_id=job_id)
    with instance.database.tenant_session(tenant_id) as session:
        rows = session.execute(
            select(NodeRun.node_id, NodeRun.status, NodeRun.error)
            .where(NodeRun.execution_id == job_id)
            .order_by(NodeRun.started_at, NodeRun.attempt)
        ).all()
        inputs = get_execution(session, job_id).inputs or {}
    titles = [str(title) for title in inputs.get("pages") or []]
    latest: dict[str, str] = {}
    log: list[str] = []
    for node_id, state, error in rows:
        latest[node_id] = state
        line = f"{_label(node_id, titles)}: {state}"
        log.append(f"{line} ({error})" if error and state == "failed" else line)
    running = [node for node, state in latest.items() if state in ("running", "waiting")]
    settled = status.status in ("completed", "failed", "cancelled")
    current = None if settled else (_label(running[-1], titles) if running else status.status)
    if status.flow != SITE_FLOW:
        progress = status.progress
    elif status.status == "completed":
        progress = 100
    else:
        done = sum(w for node, w in _WEIGHTS.items() if latest.get(node) in _DONE)
        pages = [v for k, v in latest.items() if k.startswith("pages[")]
        if latest.get("pages") in _DONE:
            done += _PAGES_WEIGHT
        elif titles:
            done += _PAGES_WEIGHT * sum(1 for v in pages if v in _DONE) // len(titles)
        progress = min(done, 99)
    return JobStatus(
        job_id=job_id,
        flow=status.flow,
        status=status.status,
        progress=progress,
        current_step=current,
        log=log,
        error=status.error,
        outputs=status.outputs,
    )
