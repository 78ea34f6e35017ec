"""`presswright site deploy`: deploy a site as a job, its progress on stderr, one line at the end.

The job runs in this process (an embedded runtime, as `site new` does) unless a worker holds
this machine's executor id or ``--detach`` only queues it. Each finished step prints with the
job's progress ("  40%  page 2 of 5 'about': created (...)"); the last line is the result
("deployed version 2 to shop (http://...): 5 pages, 5 created") or the failure, on one line,
with exit code 1.
"""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING

import typer

from presswright.cli.console import err, out

if TYPE_CHECKING:
    from presswright.bootstrap import Instance, Workspace
    from presswright.sites.jobs import JobStatus

__all__ = ["site_deploy"]

_UNSETTLED = (": running", ": waiting", ": queued")


async def _follow(instance: Instance, workspace: Workspace, job_id: str) -> JobStatus:
    """Print each finished step of the job with its progress until the job settles."""
    from presswright.sites.jobs import job_status

    printed = 0
    while True:
        job = await asyncio.to_thread(
            job_status, instance, tenant_id=workspace.tenant_id, job_id=job_id
        )
        settled = job.status in ("completed", "failed", "cancelled", "paused")
        while printed < len(job.log) and (settled or not job.log[printed].endswith(_UNSETTLED)):
            err.print(f"  {job.progress:3d}%  {job.log[printed]}", markup=False)
            printed += 1
        if settled:
            return job
        await asyncio.sleep(0.2)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def site_deploy(
    site_id: str = typer.Argument(..., help="A site id."),
    to: str = typer.Option(..., "--to", help="A connected WordPress site (`presswright wp list`)."),
    version: int | None = typer.Option(None, min=1, help="Default: the current version."),
    detach: bool = typer.Option(False, "--detach", help="Only queue the job for a worker."),
    as_json: bool = typer.Option(False, "--json", help="Print the deploy's result as JSON."),
) -> None:
    """Deploy the site to a connected WordPress as a job; deploying again updates the same pages."""
    from presswright.cli.run_commands import open_workspace
    from presswright.cli.site_commands import site_id_of
    from presswright.flows.runtime import ExecutorLock, Runtime, default_executor_id
    from presswright.sites.deploy_job import start_deploy

    document_id = site_id_of(site_id)
    instance, workspace = open_workspace()
    settings = instance.settings
    lock = ExecutorLock(settings.home, default_executor_id(settings))
    embedded = not detach and lock.acquire()
    runtime = Runtime(instance, executor_id=default_executor_id(settings)) if embedded else None

    async def main() -> tuple[str, JobStatus | None]:
        started = await start_deploy(
            instance, tenant_id=workspace.tenant_id, user_id=workspace.user_id,
            site_id=document_id, wordpress=to, version=version, runtime=runtime,
        )  # fmt: skip
        if detach:
            return started.job_id, None
        err.print(f"deploy job {started.job_id}", markup=False)
        return started.job_id, await _follow(instance, workspace, started.job_id)

    try:
        if runtime is not None:
            runtime.launch()
        job_id, job = asyncio.run(main())
    finally:
        if runtime is not None:
            runtime.shutdown()
        if embedded:
            lock.release()
    if job is None:
        out.print(f"queued deploy job {job_id} (`presswright run status {job_id}`)", markup=False)
        return
    result = job.outputs.get("deploy") if job.status == "completed" else None
    if not isinstance(result, dict):
        why = job.error or f"the job is {job.status}"
        err.print(
            _one_line(f"error: deploy job {job_id} {job.status}: {why}")
            + (
                f" (resume it: `presswright run resume {job_id}`)" if job.status == "failed" else ""
            ),
            markup=False,
        )
        raise typer.Exit(1)
    if as_json:
        typer.echo(json.dumps({k: v for k, v in result.items() if k != "line"}, indent=2))
        return
    actions: dict[str, int] = {}
    for page in result["pages"]:
        actions[page["action"]] = actions.get(page["action"], 0) + 1
    counts = ", ".join(f"{n} {action}" for action, n in actions.items())
    out.print(
        f"deployed version {result['version']} to {result['site']} ({result['url']}):"
        f" {len(result['pages'])} pages, {counts}",
        markup=False,
    )
