"""`presswright pattern` and `presswright templates`: block patterns and the template library."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from pydantic import ValidationError
from rich.table import Table

from presswright.cli.console import err, out, validation_message
from presswright.cli.content_commands import emit, generate_here, read_json
from presswright.cli.run_commands import open_workspace
from presswright.errors import AlreadyExistsError, UserInputError

if TYPE_CHECKING:
    from presswright.store.pattern_templates import PatternTemplateCreate

__all__ = ["register"]

FORMATS = ("gutenberg", "json")

templates_app = typer.Typer(
    help="The pattern template library: block pattern specs saved for reuse.",
    no_args_is_help=True,
)

FORMAT_OPTION = typer.Option(
    "gutenberg", "--format", help="gutenberg (block markup) or json (the pattern spec)."
)
OUTPUT_OPTION = typer.Option(None, "-o", "--output", help="Write here, not to stdout.")


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise UserInputError(f"unknown format {fmt!r}", hint=f"use one of: {', '.join(FORMATS)}")


def _template_data(name: str, spec: dict[str, Any], category: str | None) -> PatternTemplateCreate:
    """A PatternTemplateCreate, or a one-line UserInputError naming the bad field."""
    from presswright.store.pattern_templates import PatternTemplateCreate

    try:
        return PatternTemplateCreate(name=name, spec=spec, category=category)
    except ValidationError as error:
        raise UserInputError(
            validation_message(error, "pattern template"),
            hint="a name and a category have 1 to 100 characters",
        ) from None


def pattern(
    description: str = typer.Argument(..., help="What the pattern shows (5-500 characters)."),
    category: str | None = typer.Option(
        None, help="Pattern category, e.g. featured, call-to-action (default: the model's pick)."
    ),
    language: str | None = typer.Option(
        None, help="en, de, es, fr, it, ja, zh, ko, ar or fa (default: the description's own)."
    ),
    model: str | None = typer.Option(None, help="provider:model (default: the configured one)."),
    save: str | None = typer.Option(
        None, "--save", metavar="NAME", help="Also save it in the template library as NAME."
    ),
    fmt: str = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Design a Gutenberg block pattern: a checked spec and valid block markup (or fail)."""
    from presswright.content.pattern import PatternRequest, PatternResult
    from presswright.content.pattern_templates import create_pattern_template
    from presswright.store.pattern_templates import list_pattern_templates

    _check_format(fmt)
    try:
        request = PatternRequest.model_validate(
            {"description": description, "category": category, "language": language}
        )
    except ValidationError as error:
        raise UserInputError(
            validation_message(error, "pattern request"), hint="see `presswright pattern --help`"
        ) from None
    if save is not None:
        _template_data(save, {}, category)  # the name is checked before the model runs
    instance, workspace = open_workspace()
    if save is not None:
        with instance.database.tenant_session(workspace.tenant_id) as session:
            if any(t.name == save for t in list_pattern_templates(session)):
                raise AlreadyExistsError(
                    f"a pattern template named {save!r} exists",
                    hint="pick another --save name, or `presswright templates delete` the old one",
                )
    result = generate_here(request, model, instance, workspace).content
    assert isinstance(result, PatternResult)
    spec = result.spec.model_dump(mode="json", exclude_defaults=True)
    if save is not None:
        with instance.database.tenant_session(workspace.tenant_id) as session:
            saved = create_pattern_template(session, data=_template_data(save, spec, category))
            err.print(f"saved pattern template {saved.name} ({saved.id})")
    emit(json.dumps(spec, indent=2, ensure_ascii=False) if fmt == "json" else result.markup, output)


@templates_app.command("list")
def templates_list(
    category: str | None = typer.Option(None, help="Only templates of this category."),
) -> None:
    """List the saved pattern templates: name, category, created_at, id."""
    from presswright.store.pattern_templates import list_pattern_templates

    instance, workspace = open_workspace()
    with instance.database.tenant_session(workspace.tenant_id) as session:
        templates = list_pattern_templates(session, category=category)
        rows = [
            (t.name, t.category, f"{t.created_at:%Y-%m-%d %H:%M:%S}", str(t.id)) for t in templates
        ]
    instance.database.dispose()
    if not rows:
        out.print(
            "no pattern templates yet: `presswright pattern ... --save NAME`"
            " or `presswright templates add FILE.json --name NAME`"
        )
        return
    table = Table("name", "category", "created_at", "id", box=None, pad_edge=False)
    for row in rows:
        table.add_row(*row)
    out.print(table)


@templates_app.command("show")
def templates_show(
    name_or_id: str = typer.Argument(..., metavar="NAME_OR_ID"),
    fmt: str = typer.Option(
        "json", "--format", help="json (the raw pattern spec) or gutenberg (block markup)."
    ),
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Print a saved pattern template's spec, or its block markup."""
    from presswright.content.blocks import render_pattern
    from presswright.store.pattern_templates import get_pattern_template

    _check_format(fmt)
    instance, workspace = open_workspace()
    with instance.database.tenant_session(workspace.tenant_id) as session:
        spec = dict(get_pattern_template(session, name_or_id).spec)
    instance.database.dispose()
    text = render_pattern(spec) if fmt == "gutenberg" else json.dumps(spec, indent=2)
    emit(text, output)


@templates_app.command("delete")
def templates_delete(name_or_id: str = typer.Argument(..., metavar="NAME_OR_ID")) -> None:
    """Delete a saved pattern template."""
    from presswright.store.pattern_templates import delete_pattern_template, get_pattern_template

    instance, workspace = open_workspace()
    with instance.database.tenant_session(workspace.tenant_id) as session:
        template = get_pattern_template(session, name_or_id)
        name, template_id = template.name, template.id
        delete_pattern_template(session, template_id)
    instance.database.dispose()
    out.print(f"deleted pattern template {name} ({template_id})")


@templates_app.command("add")
def templates_add(
    path: Path = typer.Argument(..., metavar="FILE.json", help="A block pattern spec (JSON)."),
    name: str = typer.Option(..., help="The template's name (unique in this workspace)."),
    category: str | None = typer.Option(None, help="Category (default: the spec's own)."),
) -> None:
    """Save a pattern spec from a file in the template library, once it passes every check."""
    from presswright.content.pattern_templates import create_pattern_template

    spec = read_json(path)
    if not isinstance(spec, dict):
        raise UserInputError(
            f"{path} is not a pattern spec", hint="give a JSON object with title, category, blocks"
        )
    data = _template_data(name, spec, category)
    instance, workspace = open_workspace()
    with instance.database.tenant_session(workspace.tenant_id) as session:
        template = create_pattern_template(session, data=data)
        template_id = template.id
    instance.database.dispose()
    out.print(f"added pattern template {name} ({template_id})")


def register(app: typer.Typer) -> None:
    """Add the pattern commands to the root application."""
    app.command("pattern")(pattern)
    app.add_typer(templates_app, name="templates")
