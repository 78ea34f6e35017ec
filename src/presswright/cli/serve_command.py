"""`presswright serve`: the REST API under uvicorn, with the flow runtime in the same process."""

from __future__ import annotations

import shlex
import signal
from pathlib import Path

import typer

from presswright.bootstrap import CREDENTIALS_FILE, open_instance
from presswright.cli.console import out
from presswright.settings import load_settings

__all__ = ["first_steps", "register", "serve", "studio_steps"]


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
    from presswright.studio import is_built as studio_is_built

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
        base = _reachable(host, port)
        credentials = settings.home / CREDENTIALS_FILE
        for line in studio_steps(base, credentials, built=studio_is_built()):
            out.print(line, markup=False, soft_wrap=True)
        out.print(f"Presswright API on http://{_shown(host)}:{port} ({worker})", markup=False)
        for line in first_steps(base, credentials):
            out.print(line, markup=False, soft_wrap=True)
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


def _reachable(host: str, port: int) -> str:
    """The base URL a client on this machine reaches the server at."""
    # A wildcard address is where the server listens, not an address to connect to.
    shown = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)  # noqa: S104
    return f"http://{_shown(shown)}:{port}"


def studio_steps(base: str, credentials: Path, *, built: bool) -> list[str]:
    """The first lines `serve` prints: the web studio's address and how to sign in there."""
    if not built:
        from presswright.studio import BUILD_COMMAND, dist_dir

        return [
            f"Presswright web studio on {base}/ is not built yet (no {dist_dir()}): run",
            f"  {BUILD_COMMAND}",
            "  in the source directory, then reload the page (the API below works meanwhile)",
        ]
    lines = [f"Presswright web studio on {base}/ : open it in a browser"]
    email = _credential_value(credentials, "email")
    if email is not None:
        shown = shlex.quote(str(credentials))
        lines += [
            f"  sign in    as {email}, the owner `presswright init` created; the password is"
            f" in {credentials}",
            f"             (show it: sed -n 's/^password=//p' {shown})",
        ]
    else:
        lines.append(
            "  sign in    with the owner's email and password `presswright init` showed,"
            " or any account of this server"
        )
    return lines


def _credential_value(credentials: Path, name: str) -> str | None:
    """One ``name=value`` line of the first-run credentials file, if it is still there."""
    try:
        text = credentials.read_text(encoding="utf-8")
    except OSError:
        return None
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip() == name and value.strip():
            return value.strip()
    return None


def first_steps(base: str, credentials: Path) -> list[str]:
    """What a newcomer needs next: where to sign in, where a key is, and one request that works."""
    lines = [
        f"  sign in    POST {base}/api/v1/auth/login with"
        ' {"email": ..., "password": ...} for a bearer token (owner from `presswright init`)',
        f"  API        {base}/api/v1/openapi.json describes every route",
    ]
    if credentials.exists():
        key = f"$(sed -n 's/^api_key=//p' {shlex.quote(str(credentials))})"
        lines.append(f"  API key    in {credentials} (api_key=...; store it, then delete the file)")
    else:
        key = "$PW_API_KEY"
        lines.append(
            "  API key    set PW_API_KEY to the key `presswright init` showed, or sign"
            f" in and POST {base}/api/v1/api-keys for a new one"
        )
    body = '{"topic": "Baking sourdough bread at home", "keywords": ["sourdough"], "wait": 0}'
    lines += [
        "  try it     (202: the article is written in the background; follow its Location)",
        f"    curl -i -X POST {base}/api/v1/content/generate \\",
        f'      -H "X-API-Key: {key}" \\',
        f"      -H 'Content-Type: application/json' -d '{body}'",
    ]
    return lines


def register(app: typer.Typer) -> None:
    """Add `serve` to the root application."""
    app.command()(serve)
