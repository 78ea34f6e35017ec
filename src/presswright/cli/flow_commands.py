"""`presswright flow ...`: check flow specs (and, with the executor, run them).

A spec with problems prints exactly one ``error: WHERE: WHAT`` line per problem on stderr
and exits 1, so editors and scripts can read the problems one by one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from presswright.cli.run_commands import execute, open_workspace, parse_assignments
from presswright.errors import UserInputError
from presswright.flows.loading import load_spec
from presswright.flows.operations import start
from presswright.flows.runtime import Runtime
from presswright.flows.spec import FlowSpec
from presswright.flows.validation import FlowValidationError, check_spec

flow_app = typer.Typer(help="Flow specs: check them and run them.", no_args_is_help=True)

SPEC_FILE = typer.Argument(..., metavar="FILE", help="A flow spec file: .json, .yaml or .yml.")


def _checked_spec(path: Path) -> FlowSpec:
    """The spec in ``path``, checked; on problems, print one line each and exit 1."""
    try:
        spec = load_spec(path)
        check_spec(spec)
    except FlowValidationError as error:
        for problem in error.problems:
            typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(1) from None
    return spec


@flow_app.command("validate")
def validate(path: Path = SPEC_FILE) -> None:
    """Check a flow spec: print `ok: ...`, or one line per problem and exit 1."""
    spec = _checked_spec(path)
    nodes = f"{len(spec.nodes)} node" + ("" if len(spec.nodes) == 1 else "s")
    typer.echo(f"ok: {spec.name} v{spec.version}, {nodes}")


def _typed_inputs(spec: FlowSpec, pairs: list[str]) -> dict[str, Any]:
    """``--input key=value``: text for string inputs, JSON (when it parses) for the others."""
    raw = parse_assignments([], what="--input")
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UserInputError(
                f"--input {pair!r} is not key=value", hint="e.g. --input topic=bread"
            )
        if spec.inputs.get(key.strip(), {}).get("type") == "string":
            raw[key.strip()] = value
        else:
            raw.update(parse_assignments([pair], what="--input"))
    return raw


@flow_app.command("run")
def run(
    path: Path = SPEC_FILE,
    input_: list[str] = typer.Option([], "--input", "-i", help="An input: key=value."),
    detach: bool = typer.Option(False, "--detach", help="Only queue it for a worker."),
    as_json: bool = typer.Option(
        False, "--json", help="Print the final status (with --detach: the execution id) as JSON."
    ),
    token_cap: int | None = typer.Option(None, min=1, help="Stop cleanly past this many tokens."),
) -> None:
    """Run a flow here and follow it (or, with --detach, queue it for a worker)."""
    spec = _checked_spec(path)
    inputs = _typed_inputs(spec, input_)
    instance, workspace = open_workspace()

    async def operation(runtime: Runtime | None) -> str:
        return await start(
            instance,
            tenant_id=workspace.tenant_id,
            spec=spec,
            inputs=inputs,
            user_id=workspace.user_id,
            token_cap=token_cap,
            runtime=runtime,
        )

    execute(instance, workspace, operation, detach=detach, as_json=as_json)


def register(app: typer.Typer) -> None:
    """Add the `flow` command group to the root application."""
    app.add_typer(flow_app, name="flow")
