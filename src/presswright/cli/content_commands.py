"""`presswright article|product|check|brand`: content in, checked content out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from pydantic import ValidationError

from presswright.bootstrap import Instance, Workspace
from presswright.cli.console import err, out, validation_message
from presswright.cli.run_commands import execute, open_workspace
from presswright.content.models import ContentData, ContentRequest, ProductCopy
from presswright.content.violations import Violation
from presswright.errors import UserInputError

if TYPE_CHECKING:
    from presswright.documents import Brief, Generation
    from presswright.flows.runtime import Runtime

__all__ = ["register"]

FORMATS = ("json", "html", "gutenberg", "md")

check_app = typer.Typer(
    help="Check content files against their contract: one line per violation, exit 1 if any.",
    no_args_is_help=True,
)
brand_app = typer.Typer(
    help="Brand profiles: the voice applied to every prompt.", no_args_is_help=True
)


def read_json(path: Path) -> Any:
    """A JSON file, or a UserInputError that says what is wrong with it."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserInputError(f"{path}: no such file", hint="check the path") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UserInputError(f"{path} is not valid JSON: {error}", hint="fix the file") from None


def render(content: ContentData | ProductCopy, fmt: str) -> str:
    """The content in one of FORMATS."""
    from presswright.content.render import render_gutenberg, render_html, render_markdown

    if fmt == "html":
        return render_html(content, document=True)
    if fmt == "gutenberg":
        return render_gutenberg(content)
    if fmt == "md":
        return render_markdown(content)
    return content.model_dump_json(indent=2)


def emit(text: str, output: Path | None) -> None:
    """Write the result to ``output`` (all or nothing) or standard output."""
    if output is None:
        typer.echo(text)
        return
    partial = output.with_name(f".{output.name}.partial")
    try:
        partial.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        partial.replace(output)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise UserInputError(
            f"cannot write {output}: {error.strerror}", hint="check the path"
        ) from None
    err.print(f"wrote {output}")


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise UserInputError(f"unknown format {fmt!r}", hint=f"use one of: {', '.join(FORMATS)}")


def _split(raw: str | None) -> list[str]:
    return [part.strip() for part in (raw or "").split(",") if part.strip()]


def article(
    topic: str = typer.Argument(..., help="What the article is about (5-200 characters)."),
    keywords: str | None = typer.Option(None, help="Comma-separated, at most 10."),
    tone: str = typer.Option("informative"),
    length: str = typer.Option("medium", help="short, medium or long."),
    language: str = typer.Option("en", help="en, fa, ar, de, es, fr, it, ja, ko or zh."),
    brand: str | None = typer.Option(None, help="A brand profile name (`presswright brand list`)."),
    sections: int | None = typer.Option(
        None, min=1, max=12, help="Body sections (default by length)."
    ),
    faq: bool = typer.Option(False, "--faq", help="Add a FAQ section (and FAQPage JSON-LD)."),
    site_index: Path | None = typer.Option(
        None, help="JSON list of {title, url} pages the article may link to."
    ),
    model: str | None = typer.Option(None, help="provider:model (default: the configured one)."),
    fmt: str = typer.Option("json", "--format", help="json, html, gutenberg or md."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write here, not to stdout."),
) -> None:
    """Write an SEO article that meets every contract rule (or fail with each violation)."""
    _check_format(fmt)
    try:
        request = ContentRequest(
            topic=topic,
            keywords=_split(keywords),
            tone=tone,
            length=length,
            language=language,
            brand_profile=brand,
            sections=sections,
            faq=faq,
            site_index=read_json(site_index) if site_index else [],
        )
    except ValidationError as error:
        raise UserInputError(
            validation_message(error, "article brief"), hint="see `presswright article --help`"
        ) from None
    instance, workspace = open_workspace()
    generation = generate_here(request, model, instance, workspace)
    assert isinstance(generation.content, ContentData)
    emit(render(generation.content, fmt), output)


def product(
    facts_file: Path = typer.Argument(..., metavar="FILE.json", help="Product facts (JSON)."),
    model: str | None = typer.Option(None, help="provider:model (default: the configured one)."),
    fmt: str = typer.Option("json", "--format", help="json, html, gutenberg or md."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write here, not to stdout."),
) -> None:
    """Write product copy that meets every contract rule (or fail with each violation)."""
    from presswright.content.models import ProductFacts

    _check_format(fmt)
    try:
        facts = ProductFacts.model_validate(read_json(facts_file))
    except ValidationError as error:
        raise UserInputError(
            validation_message(error, "product facts"),
            hint="give name, category and optionally attributes, price, audience, features",
        ) from None
    instance, workspace = open_workspace()
    generation = generate_here(facts, model, instance, workspace)
    assert isinstance(generation.content, ProductCopy)
    emit(render(generation.content, fmt), output)


def generate_here(
    brief: Brief, model: str | None, instance: Instance, workspace: Workspace
) -> Generation:
    """Generate the brief's document in this process, progress on stderr; the completed run.

    The library's one generation use case (``presswright.documents``); a failed or stopped
    run exits 1 with its reason, as every run command does.
    """
    from presswright.documents import Started, settle, start_generation

    started: list[Started] = []

    async def operation(runtime: Runtime | None) -> str:
        started.append(
            await start_generation(
                instance,
                tenant_id=workspace.tenant_id,
                user_id=workspace.user_id,
                brief=brief,
                model=model,
                runtime=runtime,
            )
        )
        return started[0].execution_id

    final = execute(instance, workspace, operation, detach=False, as_json=False, progress=err)
    assert final is not None
    generation = settle(instance, started[0], final)
    err.print(f"document {generation.document_id}")
    return generation


def _report(path: Path, violations: list[Violation]) -> None:
    if not violations:
        out.print(f"ok: {path} meets every rule")
        return
    for violation in violations:
        typer.echo(f"{path}: {violation.field}: {violation.message} [{violation.rule}]", err=True)
    raise typer.Exit(1)


@check_app.command("article")
def check_article_file(path: Path = typer.Argument(..., metavar="FILE.json")) -> None:
    """Check an article (ContentData JSON)."""
    from presswright.content.rules import check_article_json

    _report(path, check_article_json(read_json(path)))


@check_app.command("product")
def check_product_file(path: Path = typer.Argument(..., metavar="FILE.json")) -> None:
    """Check product copy (ProductCopy JSON)."""
    from presswright.content.rules import check_product_json

    _report(path, check_product_json(read_json(path)))


@check_app.command("pattern")
def check_pattern_file(
    path: Path = typer.Argument(..., metavar="FILE.json"),
    language: str | None = typer.Option(
        None, "--language", help="Judge the text in this language (default: as it reads)."
    ),
) -> None:
    """Check a block pattern spec: its blocks, then the quality of its text."""
    from presswright.content.pattern_quality import check_pattern

    _report(path, check_pattern(read_json(path), language))


@brand_app.command("add")
def brand_add(
    name: str = typer.Argument(...),
    tone: str | None = typer.Option(None),
    vocabulary: str | None = typer.Option(None, help="e.g. plain, technical."),
    sentence_length: str | None = typer.Option(None, help="e.g. short."),
    instructions: str | None = typer.Option(None, help="Custom instructions for every prompt."),
    banned: str | None = typer.Option(None, help="Comma-separated words never to use."),
) -> None:
    """Add a brand profile."""
    from presswright.store.brand_profiles import BrandProfileCreate, create_brand_profile

    try:
        data = BrandProfileCreate(
            name=name,
            tone=tone,
            vocabulary_level=vocabulary,
            sentence_length=sentence_length,
            custom_instructions=instructions,
            banned_words=_split(banned),
        )
    except ValidationError as error:
        raise UserInputError(
            validation_message(error, "brand profile"), hint="see --help"
        ) from None
    instance, workspace = open_workspace()
    with instance.database.tenant_session(workspace.tenant_id) as session:
        create_brand_profile(session, data=data)
    out.print(f"added brand profile {name}")


@brand_app.command("list")
def brand_list() -> None:
    """List brand profiles."""
    from presswright.store.brand_profiles import list_brand_profiles

    instance, workspace = open_workspace()
    with instance.database.tenant_session(workspace.tenant_id) as session:
        for profile in list_brand_profiles(session):
            banned = ", ".join(profile.banned_words) or "-"
            out.print(f"{profile.name}: tone {profile.tone or '-'}; banned {banned}")


@brand_app.command("remove")
def brand_remove(name: str = typer.Argument(...)) -> None:
    """Delete a brand profile."""
    from presswright.store.brand_profiles import delete_brand_profile, get_brand_profile_by_name

    instance, workspace = open_workspace()
    with instance.database.tenant_session(workspace.tenant_id) as session:
        profile = get_brand_profile_by_name(session, name=name)
        delete_brand_profile(session, profile_id=profile.id)
    out.print(f"removed brand profile {name}")


def register(app: typer.Typer) -> None:
    """Add the content commands to the root application."""
    app.command("article")(article)
    app.command("product")(product)
    app.add_typer(check_app, name="check")
    app.add_typer(brand_app, name="brand")
