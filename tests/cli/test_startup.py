"""`presswright --help` and `--version` load no command module, so no DBOS, SQLAlchemy or
FastAPI; the root's table of commands says what the modules really register.

Checked in a child process (this test process has everything loaded already). Timing is
reported by ``benchmarks/cli_startup.py``, never asserted here.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys

import pytest
import typer
from typer.testing import CliRunner

import presswright.cli
from presswright import __version__
from presswright.cli.app import COMMANDS, app, load_command_module

# Top-level packages a help or version answer must not import.
HEAVY = ("dbos", "sqlalchemy", "fastapi", "starlette", "uvicorn", "alembic", "openai", "httpx")
CHILD = """
import atexit, json, sys
heavy = {heavy!r}
atexit.register(lambda: print(json.dumps(sorted(
    {{name.split(".")[0] for name in sys.modules if name.split(".")[0] in heavy}}
    | {{name for name in sys.modules if name.startswith("presswright.cli.")}}
)), file=sys.stderr))
sys.argv = ["presswright", *{args!r}]
from presswright.cli import main
main()
"""


def loaded_by(*args: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run `presswright ARGS` in a child; its result, and the heavy packages and command
    modules it had imported when it exited."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD.format(heavy=HEAVY, args=list(args))],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    loaded: list[str] = json.loads(done.stderr.strip().splitlines()[-1])
    return done, loaded


@pytest.mark.parametrize("args", [["--help"], ["--version"], []], ids=["help", "version", "bare"])
def test_help_and_version_import_nothing_heavy(args: list[str]) -> None:
    done, loaded = loaded_by(*args)

    assert done.returncode in (0, 2), done.stderr  # bare `presswright` shows help, exit 2
    shown = done.stdout + done.stderr
    assert f"presswright {__version__}" in shown if args == ["--version"] else "Commands" in shown
    assert loaded == ["presswright.cli.app"]


def test_a_command_loads_its_own_module_only() -> None:
    done, loaded = loaded_by("flow", "--help")

    assert done.returncode == 0, done.stderr
    assert "validate" in done.stdout
    assert "presswright.cli.flow_commands" in loaded
    assert "presswright.cli.bulk_commands" not in loaded and "fastapi" not in loaded


def test_the_table_is_what_the_modules_register() -> None:
    """Every command module's commands are in COMMANDS, under it, with their own help line."""
    modules = sorted(
        info.name
        for info in pkgutil.iter_modules(presswright.cli.__path__)
        if info.name.endswith(("_commands", "_command")) and info.name != "connection_commands"
    )
    assert sorted({module for module, _ in COMMANDS.values()}) == modules
    for module in modules:
        registered = load_command_module(module)
        listed = {name for name, (owner, _) in COMMANDS.items() if owner == module}
        assert set(registered) == listed, module
        for name, command in registered.items():
            first = (command.help or "").split("\n\n")[0].strip()
            assert " ".join(first.split()) == COMMANDS[name][1], name


REGISTRATION_ORDER = (
    "setup_commands",
    "llm_commands",
    "flow_commands",
    "run_commands",
    "content_commands",
    "pattern_commands",
    "serve_command",
    "wp_commands",
    "wc_commands",
    "bulk_commands",
    "docs_commands",
    "book_commands",
    "site_commands",
    "members_commands",
    "image_commands",
    "hosting_commands",
)


def test_the_root_help_reads_as_with_every_module_loaded() -> None:
    eager = typer.Typer(
        name="presswright",
        help="Presswright: a self-hosted AI content studio.",
        no_args_is_help=True,
        add_completion=False,
    )
    # presswright.cli.app the attribute is the Typer app; the module is in sys.modules.
    eager.callback()(importlib.import_module("presswright.cli.app")._root)
    # The order the app registered its modules in before commands were loaded lazily.
    for module in REGISTRATION_ORDER:
        importlib.import_module(f"presswright.cli.{module}").register(eager)
    runner = CliRunner()

    lazy_help = runner.invoke(app, ["--help"], prog_name="presswright", terminal_width=100)
    eager_help = runner.invoke(eager, ["--help"], prog_name="presswright", terminal_width=100)

    assert lazy_help.exit_code == eager_help.exit_code == 0
    assert lazy_help.output == eager_help.output


def test_a_mistyped_command_is_still_suggested() -> None:
    result = CliRunner().invoke(app, ["serv"], prog_name="presswright")

    assert result.exit_code == 2
    assert "Did you mean 'serve'" in result.output
