"""`presswright serve`: the REST API under uvicorn, with the flow runtime in the same process."""

from __future__ import annotations

import signal

import typer

from presswright.bootstrap import CREDENTIALS_FILE, open_instance
from presswright.cli.console import out
from presswright.settings import load_settings

__all__ = ["register", "serve"]


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, min=0, max=65535, help="Port to listen on."),
    concurrency: int = typer.Option(
        4, min=1, max=256, help="Executions the in-process worker runs at once."
    ),
) -> None:
    """Serve the REST API (and run executions in-process) until SIGTERM or SIGINT."""
    # Imported here: the API stack and the runtime are only loaded by the command that serves.
    import uvicorn

    from presswright.api import create_app
    from presswright.api.request_log import configure_logging
    from presswright.bulk.adoption import Adopter
    from presswright.flows.runtime import ExecutorLock, Runtime, default_executor_id

    settings = load_settings()
    instance = open_instance(settings)
    configure_logging(settings.log_level)
    executor_id = default_executor_id(settings)
    lock = ExecutorLock(settings.home, executor_id)
    runtime = (
        Runtime(instance, executor_id=executor_id, worker_concurrency=concurrency)
        if lock.acquire()
        else None
    )
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(instance, runtime=runtime),
            host=host,
            port=port,
            log_config=None,  # our JSON lines, with request ids, already go to stderr
            access_log=False,  # the app logs one access line per request itself
            server_header=False,
            lifespan="on",  # on stop, the app's bulk drivers give up their leases
        )
    )
    # uvicorn re-raises the signal that stopped it once it is done; these handlers absorb it
    # so the runtime below is shut down cleanly instead of the process dying on the spot.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: None)
    # Bulk jobs whose driver died go on in the process that runs this machine's executions.
    adopter = Adopter(instance, runtime=runtime) if runtime is not None else None
    try:
        if runtime is not None:
            runtime.launch()
        if adopter is not None:
            adopter.start()
        worker = (
            f"in-process worker {executor_id}"
            if runtime is not None
            else f"executor {executor_id} is served by another process"
        )
        out.print(f"Presswright API on http://{_shown(host)}:{port} ({worker})", markup=False)
        credentials = settings.home / CREDENTIALS_FILE
        if credentials.exists():
            out.print(f"first-run credentials: {credentials}")
        out.print("stop with Ctrl-C or SIGTERM")
        server.run()
    finally:
        if adopter is not None:
            adopter.stop()
        if runtime is not None:
            runtime.shutdown()
        lock.release()
        instance.database.dispose()
        out.print("Presswright API stopped; unfinished executions resume on the next start")


def _shown(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def register(app: typer.Typer) -> None:
    """Add `serve` to the root application."""
    app.command()(serve)
