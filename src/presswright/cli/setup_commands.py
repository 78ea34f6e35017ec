"""`presswright init`, `presswright doctor` and `presswright db ...`."""

from __future__ import annotations

import json

import typer

from presswright.bootstrap import initialize, open_database
from presswright.cli.console import out
from presswright.doctor import run_doctor
from presswright.settings import load_settings
from presswright.store import current_revision, head_revision

db_app = typer.Typer(help="Database migrations.", no_args_is_help=True)


def init(
    email: str = typer.Option("owner@localhost", help="Email of the owner account."),
    password: str | None = typer.Option(
        None,
        envvar="PRESSWRIGHT_INIT_PASSWORD",
        show_envvar=False,
        help="Owner password (10+ characters); generated when omitted.",
    ),
    workspace: str = typer.Option("My workspace", help="Name of the first workspace."),
) -> None:
    """Create the home, the database, the first workspace, an owner and an API key (shown once)."""
    result = initialize(
        load_settings(), owner_email=email, owner_password=password, workspace=workspace
    )
    if not result.created:
        out.print(
            f"Presswright is already initialised in {result.home} "
            f"(workspace '{result.tenant_slug}', database {result.database_url})."
        )
        return
    out.print(f"[bold green]Initialised Presswright[/] in {result.home}")
    out.print(f"  database   {result.database_url}")
    out.print(f"  workspace  {result.tenant_slug}")
    out.print(f"  owner      {result.owner_email}")
    if password is None:
        out.print(f"  password   {result.owner_password}")
    out.print(f"  API key    {result.api_key}   [dim](shown once)[/]")
    out.print(f"Also written to {result.credentials_file} (mode 0600): store them, then delete it.")


def doctor(
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Check settings, home, secret, database, providers and the local model."""
    report = run_doctor()
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=2))
    else:
        for check in report.checks:
            mark = "[green]✓[/]" if check.ok else "[red]✗[/]"
            line = f"{mark} {check.name}: {check.detail}"
            if not check.ok and check.hint:
                line += f" [yellow]— fix: {check.hint}[/]"
            out.print(line, soft_wrap=True)
    if not report.ok:
        raise typer.Exit(1)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Migrate the database to the newest schema."""
    database = open_database(load_settings(), migrate=True)
    out.print(f"database {database.display_url} is at migration {head_revision()}")
    database.dispose()


@db_app.command("current")
def db_current() -> None:
    """Show the database's migration and this version's newest one."""
    database = open_database(load_settings(), migrate=False)
    current = current_revision(database)
    out.print(f"current: {current or 'none'}  head: {head_revision()}")
    database.dispose()
    if current != head_revision():
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add these commands to the root application."""
    app.command()(init)
    app.command()(doctor)
    app.add_typer(db_app, name="db")
