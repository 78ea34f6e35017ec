"""Jobs: gsWstudio's name for an execution, as the site builder's API shows one.

A job's progress runs 0-100 through the site flow's steps, weighted by the work in them:
the brief and plan (10), each page of the sitemap (70 shared by the pages), the design
(10), plugins and the compiled site (10). The current step names the page being written
(``pages[2]`` -> ``page 3 of 5: About``); the log lists every attempt of every step in the
order it started, with its state and error. A deploy job (the deploy flow,
:mod:`.deploy_job`) runs 0-100 through its steps: account and logo (5), each page (60 shared
by the pages), front page and title (10), menu (8), global styles (8), plugins (7), the
record (2); its log shows each finished step's own line ("page 2 of 5 'about': created").
Any execution can be read as a job; for another flow the progress is the engine's own.
"""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import select

from presswright.bootstrap import Instance
from presswright.flows.records import get_execution
from presswright.flows.status import execution_status
from presswright.sites.deploy import DeployResult
from presswright.sites.deploy_job import DEPLOY_FLOW
from presswright.sites.flow import SITE_FLOW
from presswright.store.models import NodeRun

__all__ = ["JobStatus", "job_status"]

_WEIGHTS = {"brief": 2, "plan": 6, "sitemap": 2, "design": 10, "plugins": 2, "site": 8}
_PAGES_WEIGHT = 70
_DEPLOY_WEIGHTS = {
    "prepare": 5, "settings": 10, "menu": 8, "styles": 8, "plugins": 7, "deployed": 2,
}  # fmt: skip
_DEPLOY_PAGES_WEIGHT = 60
_DEPLOY_LABELS = {
    "prepare": "account and logo",
    "pages": "every page",
    "settings": "front page, title and tagline",
    "menu": "navigation menu",
    "styles": "global styles",
    "plugins": "plugins",
    "deployed": "recording the deploy",
}
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
    deploy: DeployResult | None = Field(
        default=None, description="A finished deploy job's result: where each page went."
    )
    outputs: dict[str, Any] = Field(default_factory=dict, exclude=True)


def _deploy_result(outputs: dict[str, Any]) -> DeployResult | None:
    found = outputs.get("deploy")
    return DeployResult.model_validate(found) if isinstance(found, dict) else None


def _label(node_id: str, titles: list[str], labels: dict[str, str] | None = None) -> str:
    if node_id.startswith("pages[") and node_id.endswith("]"):
        index = int(node_id[6:-1])
        title = titles[index] if index < len(titles) else "?"
        return f"page {index + 1} of {len(titles) or '?'}: {title}"
    return (labels or {}).get(node_id, node_id)


def _progress(
    latest: dict[str, str], weights: dict[str, int], pages_weight: int, pages: int, cap: int
) -> int:
    done = sum(w for node, w in weights.items() if latest.get(node) in _DONE)
    if latest.get("pages") in _DONE:
        done += pages_weight
    elif pages:
        finished = [k for k, v in latest.items() if k.startswith("pages[") and v in _DONE]
        done += pages_weight * len(finished) // pages
    return min(done, cap)


def job_status(instance: Instance, *, tenant_id: uuid.UUID, job_id: str) -> JobStatus:
    """The job ``job_id`` (an execution of the workspace); NotFoundError otherwise."""
    status = execution_status(instance, tenant_id=tenant_id, execution_id=job_id)
    deploy = status.flow == DEPLOY_FLOW
    with instance.database.tenant_session(tenant_id) as session:
        rows = session.execute(
            select(NodeRun.node_id, NodeRun.status, NodeRun.error, NodeRun.output)
            .where(NodeRun.execution_id == job_id)
            .order_by(NodeRun.started_at, NodeRun.attempt)
        ).all()
        inputs = get_execution(session, job_id).inputs or {}
    titles = [str(title) for title in inputs.get("pages") or []]
    if deploy:
        prepared = next((o for n, s, _, o in rows if n == "prepare" and s == "completed"), None)
        titles = [str(slug) for slug in (prepared or {}).get("pages") or []]
    labels = _DEPLOY_LABELS if deploy else None
    latest: dict[str, str] = {}
    log: list[str] = []
    for node_id, state, error, output in rows:
        latest[node_id] = state
        if deploy and state == "completed" and isinstance(output, dict) and "line" in output:
            log.append(str(output["line"]))
            continue
        line = f"{_label(node_id, titles, labels)}: {state}"
        log.append(f"{line} ({error})" if error and state == "failed" else line)
    running = [node for node, state in latest.items() if state in ("running", "waiting")]
    settled = status.status in ("completed", "failed", "cancelled")
    current = (
        None if settled else (_label(running[-1], titles, labels) if running else status.status)
    )
    if status.status == "completed" and status.flow in (SITE_FLOW, DEPLOY_FLOW):
        progress = 100
    elif status.flow == SITE_FLOW:
        # The site's last step (storing it) runs after its last node.
        progress = _progress(latest, _WEIGHTS, _PAGES_WEIGHT, len(titles), 99)
    elif deploy:
        # A deploy is done when its last step is: that step's log line shows 100.
        progress = _progress(latest, _DEPLOY_WEIGHTS, _DEPLOY_PAGES_WEIGHT, len(titles), 100)
    else:
        progress = status.progress
    return JobStatus(
        job_id=job_id,
        flow=status.flow,
        status=status.status,
        progress=progress,
        current_step=current,
        log=log,
        error=status.error,
        deploy=_deploy_result(status.outputs) if deploy and status.status == "completed" else None,
        outputs=status.outputs,
    )
