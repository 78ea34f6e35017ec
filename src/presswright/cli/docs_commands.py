"""`presswright docs list|show|export|delete`: the document library from the command line."""

from __future__ import annotations

import uuid
from pathlib import Path

import typer

from presswright.cli.console import out
from presswright.errors import UserInputError

__all__ = ["register"]

docs_app = typer.Typer(
    help="The document library: everything Presswright made, with its versions.",
    no_args_is_help=True,
)

FORMATS = ("json", "html", "gutenberg", "md")


def _document_id(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise UserInputError(
            f"{raw!r} is not a document id", hint="see `presswright docs list`"
        ) from None


@docs_app.command("list")
def docs_list(
    kind: str | None = typer.Option(None, help="article, product or pattern."),
    status: str | None = typer.Option(None, help="generating, ready, failed or cancelled."),
    language: str | None = typer.Option(None, help="e.g. en, de, ja."),
    query: str | None = typer.Option(None, "-q", "--query", help="Words in title or body."),
    limit: int = typer.Option(50, min=1, max=200),
    as_json: bool = typer.Option(False, "--json", help="Print the page as JSON."),
) -> None:
    """List documents, newest first: id, kind, status, version, words, title."""
    from presswright.cli.run_commands import open_workspace
    from presswright.documents import list_documents

    instance, workspace = open_workspace()
    page = list_documents(
        instance,
        tenant_id=workspace.tenant_id,
        kind=kind,
        status=status,
        language=language,
        q=query,
        limit=limit,
    )
    if as_json:
        typer.echo(page.model_dump_json(indent=2))
        return
    for doc in page.items:
        out.print(
            f"{doc.id}  {doc.kind:<8} {doc.status:<10} v{doc.current_version:<3}"
            f" {doc.word_count:>6} words  {doc.language or '-':<3} {doc.title}",
            markup=False,
        )
    if not page.items:
        out.print("no documents")


@docs_app.command("show")
def docs_show(
    document_id: str = typer.Argument(..., help="A document id (`presswright docs list`)."),
    version: int | None = typer.Option(None, min=1, help="Default: the current version."),
    fmt: str = typer.Option("json", "--format", help="json, html, gutenberg or md."),
) -> None:
    """Print one version of a document (its body, rendered in --format)."""
    from presswright.cli.run_commands import open_workspace
    from presswright.documents import get_document, get_version, render_version

    _check_format(fmt)
    instance, workspace = open_workspace()
    doc_id = _document_id(document_id)
    document = get_document(instance, tenant_id=workspace.tenant_id, document_id=doc_id)
    if document.current_version == 0:
        raise UserInputError(
            f"document {doc_id} has no version yet (it is {document.status})",
            hint=document.error or "wait for its run to complete",
        )
    shown = get_version(
        instance, tenant_id=workspace.tenant_id, document_id=doc_id, version=version
    )
    assert shown.body is not None
    typer.echo(render_version(document.kind, shown.body, fmt).text)


@docs_app.command("export")
def docs_export(
    document_id: str = typer.Argument(..., help="A document id (`presswright docs list`)."),
    fmt: str = typer.Option("html", "--format", help="json, html, gutenberg or md."),
    version: int | None = typer.Option(None, min=1, help="Default: the current version."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write here, not stdout."),
) -> None:
    """Export a version: stored in the file store with the document, and written out."""
    from presswright.cli.content_commands import emit
    from presswright.cli.run_commands import open_workspace
    from presswright.documents import export_document
    from presswright.files import open_file_store

    _check_format(fmt)
    instance, workspace = open_workspace()
    stored = export_document(
        instance,
        tenant_id=workspace.tenant_id,
        document_id=_document_id(document_id),
        fmt=fmt,
        version=version,
        user_id=workspace.user_id,
    )
    with instance.database.tenant_session(workspace.tenant_id) as session:
        data = open_file_store(instance.settings).read_file(session, file_id=stored.id)
    emit(data.decode("utf-8"), output)


@docs_app.command("delete")
def docs_delete(
    document_id: str = typer.Argument(..., help="A document id (`presswright docs list`)."),
) -> None:
    """Delete a document with all its versions and exported files."""
    from presswright.cli.run_commands import open_workspace
    from presswright.documents import delete_document

    instance, workspace = open_workspace()
    doc_id = _document_id(document_id)
    files = delete_document(instance, tenant_id=workspace.tenant_id, document_id=doc_id)
    out.print(f"deleted document {doc_id} ({files} file(s))")


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise UserInputError(f"unknown format {fmt!r}", hint=f"use one of: {', '.join(FORMATS)}")


def register(app: typer.Typer) -> None:
    """Add ``presswright docs`` to the root application."""
    app.add_typer(docs_app, name="docs")
