"""Reading the rows of a bulk job: a CSV file, JSON Lines, a JSON list, or rows given directly.

Every format becomes a :class:`~.records.Source` of :class:`~.records.Record` values (see
:mod:`.records`). CSV cells are text; JSON values keep their types.

Files come from spreadsheets and shops, so a CSV file may be comma-, semicolon- or
tab-separated (the delimiter is sniffed, :mod:`.csv_text`), start with a byte-order mark,
end its lines in CRLF, or be UTF-16 (Excel's "Unicode text"). What cannot be read for sure
is refused, naming the line, before anything runs: text that is not UTF-8 (Excel's
Windows-1252 "CSV"), a quote never closed or a stray one, a row with more cells than the
header, a header with an empty or repeated column name. No row is ever dropped or merged;
blank lines are skipped. A WooCommerce or Shopify product export is recognised by its
header and read one product per record (:mod:`.shop_exports`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import PurePath
from typing import Any, Literal

from presswright.bulk.csv_text import CsvRecord, CsvSyntaxError, read_records, sniff_delimiter
from presswright.bulk.errors import BulkInputError, InputProblem
from presswright.bulk.records import Record, Source
from presswright.bulk.shop_exports import recognised_export

__all__ = ["FORMATS", "MAX_ITEMS", "Record", "Source", "SourceFormat", "read_source", "rows_source"]

SourceFormat = Literal["csv", "jsonl", "json"]
FORMATS: dict[str, SourceFormat] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
}
MAX_ITEMS = 10_000
_HINT = "save the file as UTF-8 CSV (with a header row), JSON Lines, or a JSON list of objects"
_FIX_HINT = "correct that line (or export the file again) and submit it again"
_SHOWN_DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}


def _unreadable(message: str, hint: str = _HINT) -> BulkInputError:
    return BulkInputError("the file cannot be read", [InputProblem(("file",), message)], hint=hint)


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


def _header(record: CsvRecord) -> list[str]:
    """The column names of a header record; trailing unnamed columns are left out."""
    names = [cell.strip() for cell in record.cells]
    while names and not names[-1]:
        names.pop()
    where = f"line {record.line}: the header row"
    if "" in names:
        raise _unreadable(
            f"{where} leaves column {names.index('') + 1} without a name",
            "name every column of the header and submit the file again",
        )
    for index, name in enumerate(names):
        if name.casefold() in (other.casefold() for other in names[:index]):
            first = [other.casefold() for other in names].index(name.casefold()) + 1
            raise _unreadable(
                f"{where} names the column {name!r} twice (columns {first} and {index + 1})",
                "rename one of them and submit the file again",
            )
    return names


def _fitted(record: CsvRecord, columns: list[str], delimiter: str) -> list[str]:
    """A record's cells, refused if it has more (that are not empty) than the header."""
    cells = list(record.cells)
    while len(cells) > len(columns) and not cells[-1].strip():
        cells.pop()
    if len(cells) > len(columns):
        split_on = _SHOWN_DELIMITERS[delimiter]
        problem = InputProblem(
            ("file",),
            f"line {record.line}: {len(cells)} cells, but the header names {len(columns)}"
            f" columns (cells are split on {split_on}); put a cell holding {delimiter!r} in"
            " double quotes",
        )
        raise BulkInputError("a row does not fit the header", [problem], hint=_FIX_HINT)
    return cells


def _read_csv(text: str, name: str | None) -> Source:
    delimiter = sniff_delimiter(text)
    try:
        found = [r for r in read_records(text, delimiter) if any(c.strip() for c in r.cells)]
    except CsvSyntaxError as error:
        raise _unreadable(str(error), _FIX_HINT) from None
    if not found:
        raise _unreadable("it is empty")
    columns = _header(found[0])
    records = [
        Record(number, dict(zip(columns, _fitted(row, columns, delimiter), strict=False)), row.line)
        for number, row in enumerate(found[1:], start=1)
    ]
    return _checked(recognised_export(name, columns, records) or Source(name, columns, records))


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


def _decoded(data: bytes) -> str:
    """UTF-8 text (a byte-order mark dropped), or UTF-16 with its byte-order mark."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _unreadable("it starts like UTF-16 text but is not") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        byte = data[error.start]
        as_windows = bytes([byte]).decode("cp1252", errors="replace")
        raise _unreadable(
            f"line {line}, byte {column} is not UTF-8 (0x{byte:02X}, {as_windows!r} in"
            ' Windows-1252, which Excel\'s plain "CSV" writes)',
            'save the file as UTF-8 (in Excel: "CSV UTF-8") and submit it again',
        ) from None


_READERS = {"csv": _read_csv, "jsonl": _read_jsonl, "json": _read_json}


def read_source(
    data: bytes, *, name: str | None = None, format: SourceFormat | None = None
) -> Source:
    """The rows of a file's bytes; its format from ``format`` or its name's extension."""
    chosen = _format_of(name, format)
    text = _decoded(data)
    if "\x00" in text:
        raise _unreadable("it contains NUL characters, so it is not a text file")
    return _READERS[chosen](text, name)


def rows_source(rows: list[dict[str, Any]], *, name: str | None = None) -> Source:
    """Rows given directly (the API's JSON body), numbered from 1."""
    records = _objects(rows)
    return _checked(Source(name, _columns(r.values for r in records), records))
