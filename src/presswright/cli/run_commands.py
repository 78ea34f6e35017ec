"""`presswright run ...` (executions) and `presswright worker`."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
import threading
from collections.abc import Awaitable, Callable
from typing import Any

import typer
from rich.console import Console

from presswright.bootstrap import Instance, Workspace, cli_workspace, open_instance
from presswright.cli.console import out
from presswright.errors import UserInputError
from presswright.flows import operations as ops
from presswright.flows.runtime import ExecutorLock, Runtime, default_executor_id
from presswright.settings import load_settings

run_app = typer.Typer(
    help="Executions: status, stop, resume, regenerate, review.", no_args_is_help=True
)

_MARKS = {
    "completed": "[green]✓[/]",
    "failed": "[red]✗[/]",
    "skipped": "[dim]-[/]",
    "running": "[cyan]…[/]",
    "waiting": "[yellow]?[/]",
    "cancelled": "[red]■[/]",
}


def open_workspace() -> tuple[Instance, Workspace]:
    """The installation and the workspace the CLI acts in."""
    instance = open_instance(load_settings())
    return instance, cli_workspace(instance)


def parse_assignments(pairs: list[str], *, what: str) -> dict[str, Any]:
    """``key=value`` pairs; a value that parses as JSON is used as JSON, else as text."""
    values: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip():
            raise UserInputError(
                f"{what} {pair!r} is not key=value", hint=f"e.g. {what} topic=bread"
            )
        try:
            values[key.strip()] = json.loads(raw)
        except json.JSONDecodeError:
            values[key.strip()] = raw
    return values


def execute(
    instance: Instance,
    workspace: Workspace,
    operation: Callable[[Runtime | None], Awaitable[str]],
    *,
    detach: bool,
    as_json: bool,
    progress: Console | None = None,
) -> ops.RunStatus | None:
    """Run ``operation`` in an embedded runtime (or only enqueue it), then follow the execution.

    Returns the final status (None with ``detach``); a failed or cancelled run exits 1.
    Progress goes to ``progress`` (default: standard output).

    The embedded runtime uses this machine's executor id, so it also finishes executions a
    killed process left behind; if a worker already holds that id, the worker does the work
    and this process only follows.
    """
    settings = instance.settings
    executor_id = default_executor_id(settings)
    lock = ExecutorLock(settings.home, executor_id)
    embedded = not detach and lock.acquire()
    runtime = Runtime(instance, executor_id=executor_id) if embedded else None

    async def main() -> ops.RunStatus | None:
        execution_id = await operation(runtime)
        if detach:
            if as_json:
                typer.echo(json.dumps({"execution_id": execution_id}))
            else:
                out.print(f"queued execution {execution_id}")
            return None
        return await follow(
            instance, workspace, execution_id, quiet=as_json, console=progress or out
        )

    try:
        if runtime is not None:
            runtime.launch()
        final = asyncio.run(main())
    finally:
        if runtime is not None:
            runtime.shutdown()
        lock.release()
    if final is None:
        return None
    if as_json:
        typer.echo(final.model_dump_json(indent=2))
    if final.status in ("failed", "cancelled"):
        if not as_json:
            print(
                f"error: execution {final.execution_id} {final.status}: {final.error}",
                file=sys.stderr,
            )
        raise typer.Exit(1)
    return final


async def follow(
    instance: Instance,
    workspace: Workspace,
    execution_id: str,
    *,
    quiet: bool,
    console: Console = out,
) -> ops.RunStatus:
    """Print each node's progress until the execution ends or pauses for a review."""
    seen: dict[str, str] = {}
    last: ops.RunStatus | None = None
    if not quiet:
        console.print(f"execution {execution_id}")
    async for status in ops.follow(
        instance, tenant_id=workspace.tenant_id, execution_id=execution_id
    ):
        last = status
        if quiet:
            continue
        for node in status.nodes:
            if node.status != "pending" and seen.get(node.id) != node.status:
                seen[node.id] = node.status
                mark = _MARKS.get(node.status, " ")
                detail = f" — {node.error}" if node.error and node.status == "failed" else ""
                console.print(
                    f"  {mark} {node.id} {node.status} [dim](runs {node.runs})[/]{detail}"
                )
        console.print(f"  [bold]{status.progress:3d}%[/] {status.status}")
    assert last is not None
    if not quiet and last.status == "paused":
        console.print(
            f"waiting for a review: `presswright run approve {execution_id}` or"
            f" `presswright run reject {execution_id}`"
        )
    return last


@run_app.command("status")
def run_status(
    execution_id: str = typer.Argument(...),
    as_json: bool = typer.Option(False, "--json", help="Print the status document as JSON."),
) -> None:
    """Status, percent done, and each node's state and run count."""
    instance, workspace = open_workspace()
    status = ops.execution_status(
        instance, tenant_id=workspace.tenant_id, execution_id=execution_id
    )
    instance.database.dispose()
    if as_json:
        typer.echo(status.model_dump_json(indent=2))
        return
    out.print(
        f"{status.execution_id} {status.flow}: [bold]{status.status}[/] {status.progress}%"
        f"  tokens {status.tokens_in}+{status.tokens_out}  cost ${status.cost:.6f}"
    )
    for node in status.nodes:
        out.print(f"  {_MARKS.get(node.status, ' ')} {node.id} {node.status} (runs {node.runs})")
    if status.error:
        out.print(f"  [red]{status.error}[/]")


@run_app.command("list")
def run_list(
    status: str | None = typer.Option(None, help="Only executions with this status."),
    limit: int = typer.Option(50, min=1, max=1000),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """The workspace's executions, newest first."""
    instance, workspace = open_workspace()
    rows = ops.list_executions(instance, tenant_id=workspace.tenant_id, status=status, limit=limit)
    instance.database.dispose()
    if as_json:
        typer.echo(json.dumps([row.model_dump(mode="json") for row in rows], indent=2))
        return
    for row in rows:
        out.print(
            f"{row.execution_id}  {row.flow}  {row.status}  {row.created_at:%Y-%m-%dT%H:%M:%S}"
            f"  {row.tokens} tokens"
        )


@run_app.command("stop")
def run_stop(execution_id: str = typer.Argument(...)) -> None:
    """Cancel an execution; its finished nodes are kept for `run resume`."""
    instance, workspace = open_workspace()
    status = ops.stop(instance, tenant_id=workspace.tenant_id, execution_id=execution_id)
    instance.database.dispose()
    out.print(f"{execution_id} {status.status}")


@run_app.command("resume")
def run_resume(
    execution_id: str = typer.Argument(...),
    detach: bool = typer.Option(False, "--detach", help="Only queue it for a worker."),
    as_json: bool = typer.Option(False, "--json", help="Print the final status as JSON."),
    token_cap: int | None = typer.Option(None, min=1, help="A new token cap for the run."),
) -> None:
    """Continue a failed or cancelled execution from its first unfinished node."""
    instance, workspace = open_workspace()

    async def operation(runtime: Runtime | None) -> str:
        await ops.resume(
            instance,
            tenant_id=workspace.tenant_id,
            execution_id=execution_id,
            runtime=runtime,
            token_cap=token_cap,
        )
        return execution_id

    execute(instance, workspace, operation, detach=detach, as_json=as_json)


@run_app.command("regenerate")
def run_regenerate(
    execution_id: str = typer.Argument(...),
    node: str = typer.Argument(
        ..., help="The node to run again (its descendants follow), or one map item: sections[2]."
    ),
    set_: list[str] = typer.Option([], "--set", help="Override the node's config: key=value."),
    detach: bool = typer.Option(False, "--detach", help="Only queue it for a worker."),
    as_json: bool = typer.Option(False, "--json", help="Print the final status as JSON."),
) -> None:
    """Re-run one node, optionally with a changed config, and only what depends on it."""
    overrides = parse_assignments(set_, what="--set")
    instance, workspace = open_workspace()

    async def operation(runtime: Runtime | None) -> str:
        await ops.regenerate(
            instance,
            tenant_id=workspace.tenant_id,
            execution_id=execution_id,
            node_id=node,
            overrides=overrides or None,
            runtime=runtime,
        )
        return execution_id

    execute(instance, workspace, operation, detach=detach, as_json=as_json)


def _decide(
    execution_id: str,
    approve: bool,
    edits: str | None,
    comment: str | None,
    detach: bool,
    as_json: bool,
) -> None:
    instance, workspace = open_workspace()
    value = None
    if edits is not None:
        try:
            value = json.loads(edits)
        except json.JSONDecodeError:
            value = edits

    async def operation(runtime: Runtime | None) -> str:
        if approve:
            ops.approve(
                instance,
                tenant_id=workspace.tenant_id,
                execution_id=execution_id,
                edits=value,
                comment=comment,
            )
        else:
            ops.reject(
                instance, tenant_id=workspace.tenant_id, execution_id=execution_id, comment=comment
            )
        return execution_id

    execute(instance, workspace, operation, detach=detach, as_json=as_json)


@run_app.command("approve")
def run_approve(
    execution_id: str = typer.Argument(...),
    edits: str | None = typer.Option(None, help="Replace the reviewed value (JSON or text)."),
    comment: str | None = typer.Option(None, help="A note for the record."),
    detach: bool = typer.Option(False, "--detach", help="Do not follow the execution."),
    as_json: bool = typer.Option(False, "--json", help="Print the final status as JSON."),
) -> None:
    """Approve the review an execution is waiting for."""
    _decide(execution_id, True, edits, comment, detach, as_json)


@run_app.command("reject")
def run_reject(
    execution_id: str = typer.Argument(...),
    comment: str | None = typer.Option(None, help="Why, for the record."),
    detach: bool = typer.Option(False, "--detach", help="Do not follow the execution."),
    as_json: bool = typer.Option(False, "--json", help="Print the final status as JSON."),
) -> None:
    """Reject the review an execution is waiting for; the node fails."""
    _decide(execution_id, False, None, comment, detach, as_json)


def worker(
    concurrency: int = typer.Option(4, min=1, max=256, help="Executions run at once."),
    executor_id: str | None = typer.Option(
        None, help="Stable id; default PRESSWRIGHT_WORKER_ID or the host name."
    ),
) -> None:
    """Run queued executions until SIGTERM or SIGINT; on start, recover this worker's own.

    It also drives bulk jobs left without a driver (see :mod:`presswright.bulk.adoption`).
    """
    from presswright.bulk.adoption import Adopter  # the bulk stack, only for this command

    instance = open_instance(load_settings())
    chosen = executor_id or default_executor_id(instance.settings)
    lock = ExecutorLock(instance.settings.home, chosen)
    if not lock.acquire():
        raise UserInputError(
            f"another process already runs as executor {chosen!r} on this machine",
            hint="stop it, or give this worker another --executor-id",
        )
    stopping = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.set())
    runtime = Runtime(instance, executor_id=chosen, worker_concurrency=concurrency)
    runtime.launch()
    # Bulk jobs whose driver died (a killed `bulk run`, a restarted server) go on here.
    adopter = Adopter(
        instance,
        runtime=runtime,
        on_adopt=lambda job: out.print(
            f"bulk job {job}: nobody drives it; this worker takes it on"
        ),
    )
    adopter.start()
    out.print(f"worker {chosen} running (concurrency {concurrency}); stop with Ctrl-C or SIGTERM")
    try:
        stopping.wait()
    finally:
        adopter.stop()
        runtime.shutdown()
        lock.release()
        out.print(f"worker {chosen} stopped; unfinished executions resume when it starts again")


def register(app: typer.Typer) -> None:
    """Add these commands to the root application."""
    app.add_typer(run_app, name="run")
    app.command()(worker)
