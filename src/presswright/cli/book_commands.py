"""`presswright book new|list|status|chapters|regenerate|export|download`: books from a brief.

Thin over :mod:`presswright.books.service`: a brief is checked before anything is created
(a bad one is one line and exit 1); long work prints each step's progress on stderr, as
`presswright article` does; results go to stdout (``--json`` for scripts).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from pydantic import ValidationError

from presswright.cli.book_output import (
    DEFAULT_FORMATS,
    FORMATS,
    book_id_of,
    parse_formats,
    print_format,
    report_chapters,
    save,
    show,
    write_formats,
)
from presswright.cli.console import err, out
from presswright.errors import UserInputError

if TYPE_CHECKING:
    from presswright.books.public import BookPublic, BookStarted
    from presswright.bootstrap import Instance, Workspace
    from presswright.flows.runtime import Runtime

__all__ = ["register"]

book_app = typer.Typer(
    help="Books: a brief in, a whole book out (EPUB, PDF, DOCX, HTML, Markdown).",
    no_args_is_help=True,
)


def _run_book(
    instance: Instance,
    workspace: Workspace,
    operation: Any,
    formats: list[Any],
    *,
    chapters: int,
    detach: bool,
    output_dir: Path | None,
) -> BookPublic | None:
    """Run a book operation here with progress on stderr; the run exports as it finishes."""
    from presswright.books.service import get_book
    from presswright.cli.run_commands import execute

    started: list[BookStarted] = []
    watchers: list[asyncio.Task[None]] = []  # held: a task nobody refers to may be collected

    async def follow_it(runtime: Runtime | None) -> str:
        started.append(await operation(instance, workspace, runtime))
        if not detach:
            # Chapter by chapter, next to the steps `execute` prints; it ends with the loop.
            watchers.append(
                asyncio.get_running_loop().create_task(
                    report_chapters(instance, workspace, started[0].execution_id, chapters)
                )
            )
        return started[0].execution_id

    final = execute(instance, workspace, follow_it, detach=detach, as_json=False, progress=err)
    book_id = started[0].document_id
    err.print(f"book {book_id}", markup=False)
    if final is None:
        return None
    if final.status == "paused":
        err.print(
            f"the book waits for a review: `presswright run approve {final.execution_id}`",
            markup=False,
        )
        return None
    book = get_book(instance, tenant_id=workspace.tenant_id, document_id=book_id)
    if book.export_error:
        err.print(
            f"the book is stored, but exporting it failed: {book.export_error}"
            f" (retry: `presswright book export {book_id}`)",
            markup=False,
        )
    if book.cover_note:
        err.print(f"note: {book.cover_note}", markup=False)
    if output_dir is not None:
        wanted = [item for item in book.formats if item.format in formats]
        write_formats(instance, workspace, book_id, wanted, output_dir)
    return book


@book_app.command("new")
def book_new(
    subject: str = typer.Argument(..., help="The genre (fiction) or the subject (non-fiction)."),
    kind: str = typer.Option("fiction", help="fiction or nonfiction."),
    words: int = typer.Option(
        6_000, "--words", help="The whole book's length (characters for zh and ja)."
    ),
    chapters: int = typer.Option(6, help="How many chapters."),
    language: str = typer.Option("en", help="en, fa, ar, de, es, fr, it, ja, ko or zh."),
    audience: str = typer.Option("adult readers"),
    tone: str = typer.Option("warm and vivid"),
    point_of_view: str | None = typer.Option(None, help="Fiction: e.g. 'first person'."),
    goal: list[str] = typer.Option([], "--goal", help="Non-fiction: what readers learn (repeat)."),
    title: str | None = typer.Option(None, help="Default: the title the model gives it."),
    author: str = typer.Option("Anonymous"),
    review_outline: bool = typer.Option(
        False, "--review-outline", help="Pause for a person to approve the outline."
    ),
    model: str | None = typer.Option(None, help="provider:model (default: the configured one)."),
    cover: str = typer.Option(
        "typographic",
        help="typographic, or ai: a picture from the configured image provider (typographic,"
        " with a note, without one).",
    ),
    image_model: str | None = typer.Option(
        None, help="With --cover ai: the image provider:model (default: the configured one)."
    ),
    formats: str = typer.Option(
        DEFAULT_FORMATS,
        help=f"Written into -o (the run makes them all); comma-separated: {', '.join(FORMATS)}.",
    ),
    output_dir: Path | None = typer.Option(
        None, "-o", "--output-dir", help="Also write these formats into this folder."
    ),
    detach: bool = typer.Option(False, "--detach", help="Only queue it for a worker."),
    as_json: bool = typer.Option(False, "--json", help="Print the finished book as JSON."),
) -> None:
    """Write a book from a brief: chapter by chapter, checked, then exported."""
    from presswright.books.brief import BookBrief
    from presswright.books.brief_node import brief_error
    from presswright.cli.run_commands import open_workspace

    wanted = parse_formats(formats)
    try:
        brief = BookBrief.model_validate(
            {
                "kind": kind,
                "subject": subject,
                "audience": audience,
                "language": language,
                "tone": tone,
                "point_of_view": point_of_view,
                "learning_goals": goal,
                "target_words": words,
                "chapters": chapters,
                "title": title,
                "author": author,
                "review_outline": review_outline,
                "cover": cover,
            }
        )
    except ValidationError as error:
        raise brief_error(error) from None

    async def operation(instance: Any, workspace: Any, runtime: Runtime | None) -> BookStarted:
        from presswright.books.service import start_book

        return await start_book(
            instance,
            tenant_id=workspace.tenant_id,
            user_id=workspace.user_id,
            brief=brief,
            model=model,
            image_model=image_model,
            runtime=runtime,
        )

    instance, workspace = open_workspace()
    book = _run_book(
        instance,
        workspace,
        operation,
        wanted,
        chapters=brief.chapters,
        detach=detach,
        output_dir=output_dir,
    )
    if book is not None:
        show(book, as_json=as_json)


@book_app.command("list")
def book_list(
    status: str | None = typer.Option(None, help="generating, ready, failed or cancelled."),
    limit: int = typer.Option(50, min=1, max=200),
    as_json: bool = typer.Option(False, "--json", help="Print the page as JSON."),
) -> None:
    """List the workspace's books, newest first."""
    from presswright.books.service import list_books
    from presswright.cli.run_commands import open_workspace

    instance, workspace = open_workspace()
    page = list_books(instance, tenant_id=workspace.tenant_id, status=status, limit=limit)
    if as_json:
        typer.echo(page.model_dump_json(indent=2))
        return
    for doc in page.items:
        out.print(
            f"{doc.id}  {doc.status:<10} v{doc.current_version:<3} {doc.word_count:>7} words"
            f"  {doc.language or '-':<3} {doc.title}",
            markup=False,
        )
    if not page.items:
        out.print("no books")


@book_app.command("status")
def book_status(
    book_id: str = typer.Argument(..., help="A book id (`presswright book list`)."),
    as_json: bool = typer.Option(False, "--json", help="Print the book as JSON."),
) -> None:
    """A book's status, length and S_l, continuity issues, models and formats."""
    from presswright.books.service import get_book
    from presswright.cli.run_commands import open_workspace

    instance, workspace = open_workspace()
    book = get_book(instance, tenant_id=workspace.tenant_id, document_id=book_id_of(book_id))
    show(book, as_json=as_json)


@book_app.command("chapters")
def book_chapters_command(
    book_id: str = typer.Argument(..., help="A book id (`presswright book list`)."),
    version: int | None = typer.Option(None, min=1, help="Default: the current version."),
    show: int | None = typer.Option(None, min=1, help="Print this chapter's text."),
    as_json: bool = typer.Option(False, "--json", help="Print the chapters as JSON."),
) -> None:
    """Each chapter's length against its target and its S_l (or one chapter's text)."""
    from presswright.books.service import book_chapters
    from presswright.cli.run_commands import open_workspace

    instance, workspace = open_workspace()
    found = book_chapters(
        instance, tenant_id=workspace.tenant_id, document_id=book_id_of(book_id), version=version
    )
    if as_json:
        typer.echo(found.model_dump_json(indent=2))
        return
    if show is not None:
        if show > len(found.chapters):
            raise UserInputError(
                f"the book has no chapter {show}",
                hint=f"its chapters are numbered 1 to {len(found.chapters)}",
            )
        chapter = found.chapters[show - 1]
        typer.echo(f"{chapter.number}. {chapter.title}\n\n{chapter.text}")
        return
    out.print(f"version {found.version}")
    for chapter in found.chapters:
        mark = "✓" if chapter.within_tolerance else "✗"
        notes = " (edited)" if chapter.edited else " (rewritten)" if chapter.rewritten else ""
        out.print(
            f"{chapter.number:>3}. {mark} {chapter.words:>6} / {chapter.target:<6}"
            f" S_l {chapter.score:5.1f}  {chapter.title}{notes}",
            markup=False,
        )


@book_app.command("regenerate")
def book_regenerate(
    book_id: str = typer.Argument(..., help="A book id (`presswright book list`)."),
    chapter: int = typer.Argument(..., min=1, help="The chapter to write again (1 is the first)."),
    detach: bool = typer.Option(False, "--detach", help="Only queue it for a worker."),
    as_json: bool = typer.Option(False, "--json", help="Print the finished book as JSON."),
) -> None:
    """Write one chapter again (the rest is kept); the run compiles and exports again."""
    from presswright.books.service import get_book
    from presswright.cli.run_commands import open_workspace

    document_id = book_id_of(book_id)
    instance, workspace = open_workspace()
    current = get_book(instance, tenant_id=workspace.tenant_id, document_id=document_id)
    chapters = len(current.chapters) or (current.brief.chapters if current.brief else 0)

    async def operation(instance: Any, workspace: Any, runtime: Runtime | None) -> BookStarted:
        from presswright.books.service import regenerate_chapter

        return await regenerate_chapter(
            instance,
            tenant_id=workspace.tenant_id,
            document_id=document_id,
            number=chapter,
            runtime=runtime,
        )

    book = _run_book(
        instance, workspace, operation, [], chapters=chapters, detach=detach, output_dir=None
    )
    if book is not None:
        show(book, as_json=as_json)


@book_app.command("export")
def book_export(
    book_id: str = typer.Argument(..., help="A book id (`presswright book list`)."),
    formats: str = typer.Option(DEFAULT_FORMATS, help=f"Comma-separated: {', '.join(FORMATS)}."),
    version: int | None = typer.Option(None, min=1, help="Default: the current version."),
    output_dir: Path | None = typer.Option(
        None, "-o", "--output-dir", help="Also write the files into this folder."
    ),
) -> None:
    """Export a stored version again (nothing is generated); the files go to the file store."""
    from presswright.books.service import export_book_formats
    from presswright.cli.run_commands import open_workspace

    wanted = parse_formats(formats)
    document_id = book_id_of(book_id)
    instance, workspace = open_workspace()
    made = export_book_formats(
        instance,
        tenant_id=workspace.tenant_id,
        document_id=document_id,
        formats=wanted,
        version=version,
        user_id=workspace.user_id,
    )
    for item in made:
        print_format(item)
    if output_dir is not None:
        write_formats(instance, workspace, document_id, made, output_dir)


@book_app.command("download")
def book_download(
    book_id: str = typer.Argument(..., help="A book id (`presswright book list`)."),
    fmt: str = typer.Argument(..., metavar="FORMAT", help=", ".join(FORMATS) + "."),
    version: int | None = typer.Option(None, min=1, help="Default: the current version."),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Default: the file's own name in this folder."
    ),
) -> None:
    """Write one format of a book to a file (exported first if it has none yet)."""
    from presswright.books.service import open_book_format
    from presswright.cli.run_commands import open_workspace

    if fmt not in FORMATS:
        raise UserInputError(
            f"unknown book format {fmt!r}", hint=f"use one of: {', '.join(FORMATS)}"
        )
    instance, workspace = open_workspace()
    download = open_book_format(
        instance,
        tenant_id=workspace.tenant_id,
        document_id=book_id_of(book_id),
        fmt=fmt,  # type: ignore[arg-type]  # one of FORMATS, checked above
        version=version,
        user_id=workspace.user_id,
    )
    save(b"".join(download), output or Path(download.info.filename))


def register(app: typer.Typer) -> None:
    """Add ``presswright book`` to the root application."""
    app.add_typer(book_app, name="book")
