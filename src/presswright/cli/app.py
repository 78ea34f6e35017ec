"""The Typer application and its top-level commands.

Each command's module is imported only when that command runs: `presswright --help` and
`presswright --version` load none of them, so none of the library behind them (DBOS,
SQLAlchemy, FastAPI, the language models) either. The root therefore knows each
command's name, module and one-line help from :data:`COMMANDS`, a table a test holds
equal to what the modules register. A new command module adds its commands there.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from presswright import __version__

__all__ = ["COMMANDS", "app", "load_command_module"]

# name -> (module of presswright.cli that registers it, its one-line help), in help order.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": (
        "setup_commands",
        "Create the home, the database, the first workspace, an owner and an API key (shown once).",
    ),
    "doctor": (
        "setup_commands",
        "Check settings, home, secret, database, providers and the local model.",
    ),
    "ask": (
        "llm_commands",
        "Ask a model; with --schema, print one JSON document valid against the schema.",
    ),
    "models": (
        "llm_commands",
        "List the models you can use, and why each unavailable one is unavailable.",
    ),
    "usage": (
        "llm_commands",
        "Calls, tokens, cost, cache hits, errors and mean latency, per provider and model.",
    ),
    "worker": (
        "run_commands",
        "Run queued executions until SIGTERM or SIGINT; on start, recover this worker's own.",
    ),
    "article": (
        "content_commands",
        "Write an SEO article that meets every contract rule (or fail with each violation).",
    ),
    "product": (
        "content_commands",
        "Write product copy that meets every contract rule (or fail with each violation).",
    ),
    "pattern": (
        "pattern_commands",
        "Design a Gutenberg block pattern: a checked spec and valid block markup (or fail).",
    ),
    "serve": (
        "serve_command",
        "Serve the REST API (and run executions in-process) until SIGTERM or SIGINT.",
    ),
    "db": ("setup_commands", "Database migrations."),
    "providers": ("llm_commands", "LLM provider connections of the workspace."),
    "flow": ("flow_commands", "Flow specs: check them and run them."),
    "run": ("run_commands", "Executions: status, stop, resume, regenerate, review."),
    "check": (
        "content_commands",
        "Check content files against their contract: one line per violation, exit 1 if any.",
    ),
    "brand": ("content_commands", "Brand profiles: the voice applied to every prompt."),
    "templates": (
        "pattern_commands",
        "The pattern template library: block pattern specs saved for reuse.",
    ),
    "wp": ("wp_commands", "WordPress sites: connect, list, publish articles, pull links, remove."),
    "wc": (
        "wc_commands",
        "WooCommerce stores: connect, list products, generate copy and write it back, remove.",
    ),
    "bulk": (
        "bulk_commands",
        "Bulk generation: many products or articles from a CSV, JSON Lines or JSON file.",
    ),
    "docs": (
        "docs_commands",
        "The document library: everything Presswright made, with its versions.",
    ),
    "book": (
        "book_commands",
        "Books: a brief in, a whole book out (EPUB, PDF, DOCX, HTML, Markdown).",
    ),
    "site": (
        "site_commands",
        "Sites: a business brief in, a WordPress site out (pages, design, plugins, deploy).",
    ),
    "members": ("members_commands", "Members of the workspace and their roles."),
    "image": (
        "image_commands",
        "Pictures: generate with an image model, alt text, send to WordPress.",
    ),
    "hosting": (
        "hosting_commands",
        "Hosting: provision a WordPress for a site (local, an existing server over SSH, or a"
        " DigitalOcean droplet).",
    ),
}


def load_command_module(module: str) -> dict[str, Any]:
    """The commands ``presswright.cli.<module>`` registers, by name (imports the module)."""
    registers = importlib.import_module(f"presswright.cli.{module}").register
    holder = typer.Typer()
    registers(holder)
    return dict(typer.main.get_group(holder).commands)


class LazyCommands(TyperGroup):
    """The root group: every command is listed from :data:`COMMANDS` and loaded when resolved."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        for name, (_, help_line) in COMMANDS.items():
            # A stand-in for the help listing; the real command replaces it when resolved.
            self.commands[name] = TyperCommand(name, help=help_line, short_help=help_line)
        self._loaded: set[str] = set()

    def load(self, name: str) -> None:
        """Replace the stand-in of ``name`` (and its module's other commands) by the real ones."""
        module = COMMANDS[name][0]
        if module not in self._loaded:
            self.commands.update(load_command_module(module))
            self._loaded.add(module)

    # Typed loosely: Typer's click types are private to it.
    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """Load the named command's module, then resolve as Typer does."""
        if args and args[0] in COMMANDS:
            self.load(args[0])
        return super().resolve_command(ctx, args)


app = typer.Typer(
    name="presswright",
    help="Presswright: a self-hosted AI content studio.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=LazyCommands,
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
