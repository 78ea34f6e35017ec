"""`presswright bulk ...`: generate many products or articles from one file, follow, report, retry.

`bulk run` drives its job in the foreground (this process runs the items on this machine's
executor id, or hands them to the worker that holds it) with a progress bar; `--detach`
leaves that to a driver process in the background. With `--json`, `bulk run` and
`bulk status` print exactly {"id", "status", "succeeded", "failed", "remaining"}.
`--publish SITE` publishes each article to WordPress, `--store STORE` writes each product's
copy back to its WooCommerce product, each as soon as it is generated.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import uuid
from pathlib import Path

import typer
from pydantic import ValidationError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from presswright.bootstrap import Instance
from presswright.bulk import (
    BulkOptions,
    BulkProgress,
    SourceFormat,
    cancel_job,
    drive,
    job_page,
    job_progress,
    job_report,
    parse_mapping,
    read_source,
    report_csv,
    retry_job,
    submit_job,
)
from presswright.cli.console import err, out, validation_message
from presswright.cli.content_commands import emit
from presswright.cli.run_commands import open_workspace
from presswright.errors import UserInputError
from presswright.flows.runtime import ExecutorLock, Runtime, default_executor_id
from presswright.settings import Settings

__all__ = ["register"]

bulk_app = typer.Typer(
    help="Bulk generation: many products or articles from a CSV, JSON Lines or JSON file.",
    no_args_is_help=True,
)
JOB_ID = typer.Argument(..., metavar="ID", help="The bulk job's id.")
JSON_OPTION = typer.Option(
    False, "--json", help="Print {id, status, succeeded, failed, remaining}."
)
_FORMATS: dict[str, SourceFormat] = {"csv": "csv", "jsonl": "jsonl", "json": "json"}
DETACH_OPTION = typer.Option(
    False, "--detach", help="Return at once; a background process drives the job."
)


def _job_id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise UserInputError(
            f"{text!r} is not a bulk job id", hint="list the jobs: `presswright bulk list`"
        ) from None


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes, rest = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return (
        f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{rest:02d}s" if minutes else f"{rest}s"
    )


def _counts(progress: BulkProgress) -> str:
    reused = f" ({progress.reused} reused)" if progress.reused else ""
    return (
        f"{progress.succeeded} succeeded{reused}, {progress.failed} failed,"
        f" {progress.remaining} remaining of {progress.total}"
    )


def _destination(progress: BulkProgress) -> str | None:
    """Where the job's items go, if anywhere but the workspace."""
    if progress.publish_store is not None:
        return f"writing each product back to WooCommerce store {progress.publish_store}"
    if progress.publish_site is not None:
        return f"publishing each article to WordPress site {progress.publish_site}"
    return None


def _detail(progress: BulkProgress) -> str:
    waiting = "" if progress.driven else " [dim](waiting for its driver)[/]"
    return f"{progress.failed} failed  ETA {_duration(progress.eta_seconds)}{waiting}"


async def _follow(
    instance: Instance,
    tenant_id: uuid.UUID,
    job_id: uuid.UUID,
    runtime: Runtime | None,
    quiet: bool,
) -> BulkProgress:
    """Drive the job to its end, showing a progress bar on stderr unless ``quiet``."""
    last: BulkProgress | None = None
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TextColumn("{task.fields[detail]}"), console=err, disable=quiet) as bar:
        task = bar.add_task(f"bulk {str(job_id)[:8]}", total=None, detail="")
        async for progress in drive(instance, tenant_id=tenant_id, job_id=job_id, runtime=runtime):
            done = progress.total - progress.remaining
            bar.update(task, total=progress.total, completed=done, detail=_detail(progress))
            last = progress
    assert last is not None
    return last


def _drive_here(
    instance: Instance, tenant_id: uuid.UUID, job_id: uuid.UUID, quiet: bool
) -> BulkProgress:
    """Drive a job in this process until it ends, running its items on this machine's
    executor id (or leaving them to the worker that holds it)."""
    settings = instance.settings
    executor_id = default_executor_id(settings)
    lock = ExecutorLock(settings.home, executor_id)
    runtime = Runtime(instance, executor_id=executor_id) if lock.acquire() else None
    try:
        if runtime is not None:
            runtime.launch()
        return asyncio.run(_follow(instance, tenant_id, job_id, runtime, quiet))
    except KeyboardInterrupt:
        err.print(
            f"interrupted; a running worker or server takes the job on, or continue it with"
            f" `presswright bulk retry {job_id}`; stop it with `presswright bulk cancel {job_id}`"
        )
        raise typer.Exit(130) from None
    finally:
        if runtime is not None:
            runtime.shutdown()
        lock.release()


def _spawn_driver(settings: Settings, job_id: uuid.UUID) -> Path:
    """Start `presswright bulk drive ID` in the background, logging to the home; its log."""
    log = settings.home / "logs" / f"bulk-{job_id}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as output:
        subprocess.Popen(  # noqa: S603 - our own command, with a checked uuid argument
            [sys.executable, "-m", "presswright", "bulk", "drive", str(job_id)],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return log


def _show(progress: BulkProgress, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(progress.summary()))
        return
    out.print(f"bulk job {progress.id} {progress.status}: {_counts(progress)}")


def _end(progress: BulkProgress, as_json: bool) -> None:
    """Print the final progress; a job that failed or was cancelled exits 1."""
    _show(progress, as_json)
    if progress.status in ("failed", "cancelled"):
        if not as_json:
            err.print(
                f"error: bulk job {progress.id} {progress.status}; the reasons:"
                f" `presswright bulk report {progress.id}`, run them again:"
                f" `presswright bulk retry {progress.id}`"
            )
        raise typer.Exit(1)


def _go(
    instance: Instance, tenant_id: uuid.UUID, progress: BulkProgress, *, detach: bool, as_json: bool
) -> None:
    """Drive the job here until it ends, or hand it to a background driver."""
    if detach:
        log = _spawn_driver(instance.settings, progress.id)
        if not as_json:
            err.print(f"driving it in the background (log: {log})")
        _show(progress, as_json)
        return
    _end(_drive_here(instance, tenant_id, progress.id, as_json), as_json)


def _options(**values: object) -> BulkOptions:
    try:
        return BulkOptions.model_validate(values)
    except ValidationError as error:
        raise UserInputError(
            validation_message(error, "bulk options"),
            hint="--kind is product or article; --publish SITE needs --kind article,"
            " --store STORE needs --kind product",
        ) from None


@bulk_app.command("run")
def run(
    file: Path = typer.Argument(..., help="A CSV (with a header row), JSON Lines or JSON file."),
    kind: str = typer.Option(..., "--kind", help="product or article."),
    map_: list[str] = typer.Option(
        [], "--map", help="Fill a field from a column: 'name=Product Title' (repeatable)."
    ),
    model: str | None = typer.Option(None, help="provider:model (default: the configured one)."),
    publish: str | None = typer.Option(
        None, "--publish", metavar="SITE", help="Publish each article to this WordPress site."
    ),
    publish_status: str = typer.Option("draft", help="Status of published posts: draft, publish."),
    store: str | None = typer.Option(
        None,
        "--store",
        metavar="STORE",
        help="Write each product's copy back to its product of this WooCommerce store"
        " (rows name it in a woo_product_id column, as `presswright wc export` writes).",
    ),
    concurrency: int = typer.Option(4, help="Items generated at the same time (1-64)."),
    fmt: str | None = typer.Option(
        None, "--format", help="csv, jsonl or json (default: by name; CSV may use , ; or tab)."
    ),
    list_separator: str = typer.Option("|", help="Splits keyword and feature cells."),
    detach: bool = DETACH_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Validate every row, then generate each item (an execution of the built-in flow)."""
    options = _options(
        kind=kind,
        model=model,
        concurrency=concurrency,
        publish_site=publish,
        publish_status=publish_status,
        publish_store=store,
    )
    if fmt is not None and fmt not in _FORMATS:
        raise UserInputError(f"unknown format {fmt!r}", hint="use csv, jsonl or json")
    chosen = _FORMATS[fmt] if fmt is not None else None
    try:
        data = file.read_bytes()
    except OSError as error:
        raise UserInputError(f"{file}: {error.strerror}", hint="check the path") from None
    source = read_source(data, name=file.name, format=chosen)
    if source.shape is not None and not as_json:
        err.print(source.shape, markup=False)  # which shop's export, and what was folded
    mapping = parse_mapping(map_)
    instance, workspace = open_workspace()
    try:
        submitted = submit_job(
            instance,
            tenant_id=workspace.tenant_id,
            user_id=workspace.user_id,
            source=source,
            options=options,
            mapping=mapping,
            list_separator=list_separator,
        )
        if submitted.ignored_columns and not as_json:
            err.print(f"columns no field uses: {', '.join(submitted.ignored_columns)}")
        progress = submitted.progress
        if not as_json:
            err.print(f"bulk job {progress.id}: {progress.total} items, {progress.reused} reused")
        _go(instance, workspace.tenant_id, progress, detach=detach, as_json=as_json)
    finally:
        instance.database.dispose()


@bulk_app.command("status")
def status(job: str = JOB_ID, as_json: bool = JSON_OPTION) -> None:
    """Where a job stands: succeeded, failed, remaining, pace and time left."""
    instance, workspace = open_workspace()
    try:
        progress = job_progress(instance, tenant_id=workspace.tenant_id, job_id=_job_id(job))
    finally:
        instance.database.dispose()
    _show(progress, as_json)
    if not as_json and (where := _destination(progress)):
        out.print(f"  {where}")
    if not as_json and progress.rate_per_minute is not None:
        out.print(
            f"  {progress.rate_per_minute:.1f} items/min, ETA {_duration(progress.eta_seconds)}"
        )
    if not as_json and not progress.finished and not progress.driven:
        out.print(f"  no process drives it now: `presswright bulk retry {progress.id}`")


@bulk_app.command("report")
def report(
    job: str = JOB_ID,
    output: Path | None = typer.Option(None, "-o", "--output", help="Write the CSV here."),
) -> None:
    """The job's report as CSV: one line per item with its outcome, reason, post or product."""
    instance, workspace = open_workspace()
    try:
        job_id = _job_id(job)
        lines = job_report(instance, tenant_id=workspace.tenant_id, job_id=job_id)
        progress = job_progress(instance, tenant_id=workspace.tenant_id, job_id=job_id)
    finally:
        instance.database.dispose()
    emit(report_csv(lines).rstrip("\n"), output)
    err.print(f"bulk job {progress.id} {progress.status}: {_counts(progress)}")
    if (where := _destination(progress)) is not None:
        err.print(where)


@bulk_app.command("retry")
def retry(job: str = JOB_ID, detach: bool = DETACH_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Run the failed and cancelled items again, and finish any a crash left unfinished."""
    instance, workspace = open_workspace()
    try:
        progress = retry_job(instance, tenant_id=workspace.tenant_id, job_id=_job_id(job))
        _go(instance, workspace.tenant_id, progress, detach=detach, as_json=as_json)
    finally:
        instance.database.dispose()


@bulk_app.command("cancel")
def cancel(job: str = JOB_ID, as_json: bool = JSON_OPTION) -> None:
    """Stop queued and running items; finished ones keep their content."""
    instance, workspace = open_workspace()
    try:
        progress = cancel_job(instance, tenant_id=workspace.tenant_id, job_id=_job_id(job))
    finally:
        instance.database.dispose()
    _show(progress, as_json)


@bulk_app.command("list")
def list_(
    limit: int = typer.Option(20, min=1, max=200),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """The workspace's bulk jobs, newest first."""
    instance, workspace = open_workspace()
    try:
        jobs, _ = job_page(instance, tenant_id=workspace.tenant_id, limit=limit, offset=0)
    finally:
        instance.database.dispose()
    if as_json:
        typer.echo(json.dumps([job.summary() for job in jobs], indent=2))
        return
    for job in jobs:
        out.print(f"{job.id}  {job.kind}  {job.status}  {_counts(job)}")


@bulk_app.command("drive", hidden=True)
def drive_job(job: str = JOB_ID) -> None:
    """Drive a job until it ends (what `--detach` runs in the background)."""
    instance, workspace = open_workspace()
    try:
        progress = _drive_here(instance, workspace.tenant_id, _job_id(job), quiet=True)
    finally:
        instance.database.dispose()
    _end(progress, as_json=False)


def register(app: typer.Typer) -> None:
    """Add the bulk commands to the root application."""
    app.add_typer(bulk_app, name="bulk")
