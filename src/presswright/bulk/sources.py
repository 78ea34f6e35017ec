"""Reading the rows of a bulk job: a CSV file, JSON Lines, a JSON list, or rows given directly.

Every format becomes a :class:`Source`: the columns in the order they first appear, and one
:class:`Record` per data row, numbered from 1 (a CSV header is not a data row; blank lines
are skipped and not counted). CSV cells are text; JSON values keep their types.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Literal

from presswright.bulk.errors import BulkInputError, InputProblem

__all__ = ["FORMATS", "MAX_ITEMS", "Record", "Source", "SourceFormat", "read_source", "rows_source"]

SourceFormat = Literal["csv", "jsonl", "json"]
FORMATS: dict[str, SourceFormat] = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
}
MAX_ITEMS = 10_000
_DELIMITERS = (",", ";", "\t")
_HINT = "save the file as UTF-8 CSV (with a header row), JSON Lines, or a JSON list of objects"


@dataclass(frozen=True)
class Record:
    """One data row: its 1-based number and its values by column."""

    row: int
    values: dict[str, Any]


@dataclass(frozen=True)
class Source:
    """The rows of a bulk job, wherever they came from."""

    name: str | None
    columns: list[str]
    records: list[Record]


def _unreadable(message: str) -> BulkInputError:
    return BulkInputError("the file cannot be read", [InputProblem(("file",), message)], hint=_HINT)


def _format_of(name: str | None, explicit: SourceFormat | None) -> SourceFormat:
    """The explicit format, else the one the file name's extension says."""
    if explicit is not None:
        return explicit
    suffix = PurePath(name).suffix.lower() if name else ""
    if suffix in FORMATS:
        return FORMATS[suffix]
    known = ", ".join(sorted(FORMATS))
    raise BulkInputError(
        "the file's format is unknown",
        [InputProblem(("file",), f"{name or 'the upload'} does not end in {known}")],
        hint="rename the file, or name its format (--format csv|jsonl|json)",
    )


def _columns(records: Iterable[Mapping[str, Any]]) -> list[str]:
    """Every key of the records, in the order they first appear."""
    seen: dict[str, None] = {}
    for record in records:
        seen.update(dict.fromkeys(record))
    return list(seen)


def _checked(source: Source) -> Source:
    if not source.records:
        raise _unreadable("it holds no data rows")
    if len(source.records) > MAX_ITEMS:
        raise _unreadable(
            f"it holds {len(source.records)} rows, more than {MAX_ITEMS} per job; split it"
        )
    return source


def _read_csv(text: str, name: str | None) -> Source:
    header, _, _ = text.partition("\n")
    delimiter = max(_DELIMITERS, key=header.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = [row for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as error:
        raise _unreadable(f"line {reader.line_num}: {error}") from None
    if not rows:
        raise _unreadable("it is empty")
    columns = [cell.strip() for cell in rows[0]]
    repeated = sorted({c for c in columns if columns.count(c) > 1 and c})
    if repeated or not all(columns):
        what = f"column {repeated[0]!r} appears twice" if repeated else "a column has no name"
        raise _unreadable(f"the header row is not usable: {what}")
    records = []
    for number, cells in enumerate(rows[1:], start=1):
        if len(cells) > len(columns):
            problem = InputProblem(
                ("row", number), f"{len(cells)} cells, but the header names {len(columns)} columns"
            )
            raise BulkInputError("a row does not fit the header", [problem], hint=_HINT)
        records.append(Record(number, dict(zip(columns, cells, strict=False))))
    return _checked(Source(name, columns, records))


def _objects(values: Iterable[Any], first_row: int = 1) -> list[Record]:
    records = []
    for number, value in enumerate(values, start=first_row):
        if not isinstance(value, dict):
            raise _unreadable(f"row {number} is {type(value).__name__}, not an object")
        records.append(Record(number, value))
    return records


def _read_jsonl(text: str, name: str | None) -> Source:
    values = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            values.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise _unreadable(f"line {line_number} is not JSON: {error.msg}") from None
    records = _objects(values)
    return _checked(Source(name, _columns(r.values for r in records), records))


def _read_json(text: str, name: str | None) -> Source:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise _unreadable(f"it is not JSON: {error.msg} at line {error.lineno}") from None
    if not isinstance(value, list):
        raise _unreadable(f"it holds a JSON {type(value).__name__}, not a list of objects")
    records = _objects(value)
    return _checked(Source(name, _columns(r.values for r in records), records))


_READERS = {"csv": _read_csv, "jsonl": _read_jsonl, "json": _read_json}


def read_source(
    data: bytes, *, name: str | None = None, format: SourceFormat | None = None
) -> Source:
    """The rows of a file's bytes; its format from ``format`` or its name's extension."""
    chosen = _format_of(name, format)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _unreadable(f"it is not UTF-8 text (byte {error.start})") from None
    if "\x00" in text:
        raise _unreadable("it contains NUL characters, so it is not a text file")
    return _READERS[chosen](text, name)


def rows_source(rows: list[dict[str, Any]], *, name: str | None = None) -> Source:
    """Rows given directly (the API's JSON body), numbered from 1."""
    records = _objects(rows)
    return _checked(Source(name, _columns(r.values for r in records), records))
