"""What the `presswright book` commands print and write: books, formats, files, progress.

The commands (:mod:`presswright.cli.book_commands`) call the library; this module turns
what it answers into lines on stdout, progress on stderr and files on disk.
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from presswright.cli.console import err, out
from presswright.errors import UserInputError

if TYPE_CHECKING:
    from presswright.books.formats import BookFormatPublic
    from presswright.books.public import BookPublic
    from presswright.bootstrap import Instance, Workspace

__all__ = [
    "DEFAULT_FORMATS",
    "FORMATS",
    "book_id_of",
    "parse_formats",
    "print_format",
    "report_chapters",
    "save",
    "show",
    "write_formats",
]

FORMATS = ("epub", "pdf", "docx", "html", "md", "cover")
DEFAULT_FORMATS = "epub,pdf,docx,html,md"


def book_id_of(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise UserInputError(
            f"{raw!r} is not a book id", hint="see `presswright book list`"
        ) from None


def parse_formats(raw: str) -> list[Any]:
    names = list(dict.fromkeys(part.strip() for part in raw.split(",") if part.strip()))
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        raise UserInputError(
            f"unknown book format(s): {', '.join(unknown) or 'none given'}",
            hint=f"use a comma-separated list of: {', '.join(FORMATS)}",
        )
    return names


def _print_book(book: BookPublic) -> None:
    out.print(
        f"{book.id}  {book.status}  v{book.current_version}  {book.language or '-'}  {book.title}",
        markup=False,
    )
    if book.length is None:
        if book.error:
            out.print(f"  {book.error}", markup=False)
        _print_progress(book)
        return
    length = book.length
    out.print(
        f"  {length.words:,} of {length.target:,} {length.unit} ({length.characters:,}"
        f" characters), S_l {length.score:.1f}, chapters within ±{length.tolerance:.0%}:"
        f" {length.chapters_within_tolerance} of {len(book.chapters)}"
    )
    if book.continuity is not None:
        out.print(
            f"  continuity: {book.continuity.found} issue(s) found,"
            f" {book.continuity.fixed} fixed; models: {', '.join(book.models) or '-'}"
        )
    if book.cover is not None:
        out.print(f"  cover: {book.cover}", markup=False)
    if book.cover_note:
        out.print(f"  note: {book.cover_note}", markup=False)
    for item in book.formats:
        print_format(item)


def _print_progress(book: BookPublic) -> None:
    """A book's first run, chapter by chapter: title, state, and length once written."""
    progress = book.progress
    if progress is None:
        return
    out.print(f"  chapters: {len(progress.written)} of {progress.chapters} written")
    if not progress.outlined:
        out.print("  the outline is not written yet", markup=False)
        return
    for chapter in progress.per_chapter:
        line = f"  {chapter.number:>3}. {chapter.title or '(untitled)'}  {chapter.state}"
        if chapter.words is not None:
            # The book's length unit: words, or characters in Chinese and Japanese.
            line += f", length {chapter.words}"
            if chapter.target:
                line += f" of {chapter.target}"
        out.print(line, markup=False)


def show(book: BookPublic, *, as_json: bool) -> None:
    if as_json:
        typer.echo(book.model_dump_json(indent=2))
    else:
        _print_book(book)


def print_format(item: BookFormatPublic) -> None:
    if item.exported:
        out.print(
            f"  {item.format:<5} v{item.version} {item.size:>10,} bytes  sha256 {item.sha256}",
            markup=False,
        )
    else:
        out.print(f"  {item.format:<5} v{item.version} not exported yet", markup=False)


def save(data: bytes, path: Path) -> None:
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(data)
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise UserInputError(
            f"cannot write {path}: {error.strerror}", hint="check the path"
        ) from None
    err.print(f"wrote {path}", markup=False)


def write_formats(
    instance: Instance,
    workspace: Workspace,
    book_id: uuid.UUID,
    formats: list[BookFormatPublic],
    folder: Path,
) -> None:
    """Write each exported format's file into ``folder`` under its stored name."""
    from presswright.books.service import open_book_format

    folder.mkdir(parents=True, exist_ok=True)
    for item in formats:
        download = open_book_format(
            instance,
            tenant_id=workspace.tenant_id,
            document_id=book_id,
            fmt=item.format,
            version=item.version,
        )
        save(b"".join(download), folder / download.info.filename)


async def report_chapters(
    instance: Instance, workspace: Workspace, execution_id: str, chapters: int
) -> None:
    """Print the chapters' titles once the outline is written, each chapter as it is
    finished (with its length against its target), and the count each time it changes."""
    from presswright.books.progress import book_progress

    shown = ""
    outlined = False
    announced: set[int] = set()
    while True:
        progress = await asyncio.to_thread(
            book_progress,
            instance,
            tenant_id=workspace.tenant_id,
            execution_id=execution_id,
            chapters=chapters,
        )
        if progress.outlined and not outlined:
            outlined = True
            err.print("  outline:", markup=False)
            for chapter in progress.per_chapter:
                err.print(f"    {chapter.number}. {chapter.title or '(untitled)'}", markup=False)
        for chapter in progress.per_chapter:
            if chapter.state == "done" and chapter.number not in announced:
                announced.add(chapter.number)
                # The book's length unit: words, or characters in Chinese and Japanese.
                length = "" if chapter.words is None else f", length {chapter.words}"
                if chapter.words is not None and chapter.target:
                    length += f" of {chapter.target}"
                title = f" {chapter.title}" if chapter.title else ""
                err.print(f"  chapter {chapter.number}{title} written{length}", markup=False)
        line = f"  chapters: {len(progress.written)} of {progress.chapters} written"
        if progress.writing:
            line += f"; writing {', '.join(map(str, progress.writing))}"
        if progress.failed:
            line += f"; failed {', '.join(map(str, progress.failed))}"
        if line != shown:
            err.print(line, markup=False)
            shown = line
        await asyncio.sleep(0.5)
