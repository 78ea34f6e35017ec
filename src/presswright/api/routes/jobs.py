"""``/api/v1/jobs``: a job is an execution, in the shape gsWstudio's clients read.

``GET /api/v1/jobs/{job_id}``: status, progress 0-100, the current step and the log lines.
The execution itself (every node, outputs, stop, resume, review) is at
``/api/v1/executions/{job_id}``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from presswright.api.context import ContextDep
from presswright.api.principals import ViewerPrincipal
from presswright.api.problems import problem_responses
from presswright.api.routes import API_PREFIX
from presswright.sites.jobs import JobStatus, job_status

__all__ = ["router"]

router = APIRouter(
    prefix=f"{API_PREFIX}/jobs", tags=["jobs"], responses=problem_responses(401, 403, 404)
)

JobId = Annotated[str, Path(min_length=1, max_length=36, pattern=r"^[0-9a-fA-F-]{1,36}$")]


@router.get("/{job_id}")
def read_job(job_id: JobId, principal: ViewerPrincipal, context: ContextDep) -> JobStatus:
    """A job: status, progress 0-100, the current step and one log line per step attempt."""
    return job_status(context.instance, tenant_id=principal.tenant_id, job_id=job_id)
