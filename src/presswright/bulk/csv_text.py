"""Reading CSV text strictly: its delimiter sniffed, every cell kept, every mistake placed.

Python's :mod:`csv` reader forgives what a bulk job must not: an unclosed quote swallows
the rest of the file into one cell, and a quote inside an unquoted cell passes as text. So
CSV is read here, as RFC 4180 says, with a line number for every record and a
:class:`CsvSyntaxError` naming the line (and, for a quote, where it opened) for:

* a quote that is never closed,
* text after a closing quote (``"12" pizza"``: a quote inside a quoted cell not doubled),
* a quote inside an unquoted cell (``12" pizza``).

Spaces before an opening quote (``a, "b, c"``) and after a closing one are allowed. Line
ends may be LF, CRLF or CR. The delimiter (comma, semicolon or tab) is the one that splits
the header and the first records into the same number of cells, so commas inside quoted
descriptions or decimal commas in a semicolon file do not mislead it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["DELIMITERS", "CsvRecord", "CsvSyntaxError", "read_records", "sniff_delimiter"]

DELIMITERS = (",", ";", "\t")
_SAMPLE_RECORDS = 50  # records the delimiter is decided on
_SHOWN = 40  # characters of a cell quoted in a message


class CsvSyntaxError(ValueError):
    """CSV text that cannot be read unambiguously; ``line`` is where the reader stopped."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


@dataclass(frozen=True)
class CsvRecord:
    """One record: the line it starts on and its cells."""

    line: int
    cells: list[str]


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= _SHOWN else text[:_SHOWN] + "...")


def _normalized(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _Reader:
    """A cursor over CSV text; each call of :meth:`record` reads one record."""

    def __init__(self, text: str, delimiter: str) -> None:
        self.text = text
        self.delimiter = delimiter
        self.at = 0
        self.line = 1

    def _quoted(self, opened_line: int) -> str:
        """The rest of a quoted cell (the opening quote read), up to its closing quote."""
        text, parts = self.text, []
        while True:
            end = text.find('"', self.at)
            if end < 0:
                raise CsvSyntaxError(
                    opened_line,
                    "a quote opens a cell here and is never closed, so the rest of the file"
                    ' would be one cell; close the quote, or double a quote meant as text ("")',
                )
            chunk = text[self.at : end]
            self.line += chunk.count("\n")
            parts.append(chunk)
            self.at = end + 1
            if text.startswith('"', self.at):  # "" is one quote
                parts.append('"')
                self.at += 1
                continue
            return "".join(parts)

    def _skip_spaces(self) -> None:
        text = self.text
        while self.at < len(text) and text[self.at] in " \t" and text[self.at] != self.delimiter:
            self.at += 1

    def _after_quote(self, opened_line: int, cell: str) -> None:
        """Allow spaces after a closing quote, then the end of the cell, or refuse."""
        text = self.text
        self._skip_spaces()
        if self.at < len(text) and text[self.at] not in (self.delimiter, "\n"):
            follows = text[self.at : text.find("\n", self.at) if "\n" in text[self.at :] else None]
            where = "" if opened_line == self.line else f" (opened at line {opened_line})"
            raise CsvSyntaxError(
                self.line,
                f"the quoted cell {_shown(cell)}{where} closes, but {_shown(follows)} follows;"
                ' a quote meant as text inside a quoted cell is written twice ("")',
            )

    def _unquoted(self) -> str:
        """An unquoted cell, up to the delimiter or the line end."""
        text, start = self.text, self.at
        while self.at < len(text) and text[self.at] not in (self.delimiter, "\n"):
            if text[self.at] == '"':
                end = text.find("\n", start)
                cell = text[start : end if end >= 0 else len(text)].split(self.delimiter)[0]
                raise CsvSyntaxError(
                    self.line,
                    f"a quote inside the unquoted cell {_shown(cell)}; put the cell in quotes"
                    ' and write the quote twice ("12"" pizza")',
                )
            self.at += 1
        return text[start : self.at]

    def record(self) -> CsvRecord | None:
        """The next record, or None at the end of the text."""
        text = self.text
        if self.at >= len(text):
            return None
        first_line, cells = self.line, []
        while True:
            start = self.at
            self._skip_spaces()
            if self.at < len(text) and text[self.at] == '"':
                opened = self.line
                self.at += 1
                cell = self._quoted(opened)
                self._after_quote(opened, cell)
            else:
                self.at = start
                cell = self._unquoted()
            cells.append(cell)
            if self.at >= len(text):
                return CsvRecord(first_line, cells)
            if text[self.at] == "\n":
                self.at += 1
                self.line += 1
                return CsvRecord(first_line, cells)
            self.at += 1  # the delimiter


def read_records(text: str, delimiter: str) -> Iterator[CsvRecord]:
    """Every record of CSV text (blank lines too, as one empty cell); CsvSyntaxError if bad."""
    reader = _Reader(_normalized(text), delimiter)
    while (record := reader.record()) is not None:
        yield record


def _fit(text: str, delimiter: str) -> tuple[bool, float, int]:
    """How well ``delimiter`` splits the start of the text: (splits the header, share of
    records as wide as the header, header width)."""
    widths: list[int] = []
    try:
        for record in read_records(text, delimiter):
            if any(cell.strip() for cell in record.cells):
                widths.append(len(record.cells))
            if len(widths) > _SAMPLE_RECORDS:
                break
    except CsvSyntaxError:
        pass  # judged on the records read before the mistake; reading reports it later
    if not widths:
        return False, 0.0, 0
    header, rows = widths[0], widths[1:]
    share = sum(width == header for width in rows) / len(rows) if rows else 1.0
    return header > 1, share, header


def sniff_delimiter(text: str) -> str:
    """The delimiter (comma, semicolon or tab) that splits the text's records alike."""
    sample = _normalized(text[:200_000])
    return max(DELIMITERS, key=lambda delimiter: _fit(sample, delimiter))
