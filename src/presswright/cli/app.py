"""The Typer application and its top-level commands."""

from __future__ import annotations

import typer

from presswright import __version__
from presswright.cli import (
    bulk_commands,
    content_commands,
    docs_commands,
    flow_commands,
    llm_commands,
    pattern_commands,
    run_commands,
    serve_command,
    setup_commands,
    wc_commands,
    wp_commands,
)

app = typer.Typer(
    name="presswright",
    help="Presswright: a self-hosted AI content studio.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"presswright {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Presswright: a self-hosted AI content studio."""


setup_commands.register(app)
llm_commands.register(app)
flow_commands.register(app)
run_commands.register(app)
content_commands.register(app)
pattern_commands.register(app)
serve_command.register(app)
wp_commands.register(app)
wc_commands.register(app)
bulk_commands.register(app)
docs_commands.register(app)
