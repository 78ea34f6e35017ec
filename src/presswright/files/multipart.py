"""The one file of a multipart/form-data body, streamed: what ``curl -F`` and browser forms send.

The body is parsed as it arrives (python-multipart). The file part's bytes are handed on as
they come, never held whole; the other parts (text fields, the boundaries) are read past and
dropped, within :data:`FORM_ALLOWANCE` bytes. A form is read to its closing boundary before
its file counts as whole, so a second file part or a cut-off body is refused before the
caller's store finishes.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from presswright.errors import FileTooLargeError, UserInputError

__all__ = ["FORM_ALLOWANCE", "FormFile", "FormUpload", "is_form_upload"]

# What a form may carry besides its file's bytes: boundaries, part headers, small fields.
FORM_ALLOWANCE = 64 * 1024
_FORM_DATA = "multipart/form-data"
_PLAIN_ENCODINGS = frozenset({"", "binary", "8bit", "7bit"})
_HINT = "send one file part, e.g. curl -F file=@guide.pdf"


def is_form_upload(content_type: str) -> bool:
    """Whether a request's Content-Type is ``multipart/form-data`` (a form with a file)."""
    return content_type.split(";", 1)[0].strip().lower() == _FORM_DATA


@dataclass(frozen=True)
class FormFile:
    """What the file part says about its file: its name and media type."""

    filename: str
    content_type: str | None


def _text(raw: bytes) -> str:
    # Browsers and curl send names as UTF-8; anything else is read byte for byte.
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


class _Part:
    def __init__(self) -> None:
        self.headers: dict[str, str] = {}
        self.field = bytearray()
        self.value = bytearray()

    def header_done(self) -> None:
        self.headers[self.field.decode("latin-1").strip().lower()] = self.value.decode("latin-1")
        self.field.clear()
        self.value.clear()

    def file(self) -> FormFile | None:
        kind, options = parse_options_header(self.headers.get("content-disposition", ""))
        if kind != b"form-data":
            raise UserInputError(
                "a part of the form has no 'Content-Disposition: form-data' header", hint=_HINT
            )
        if b"filename" not in options:
            return None
        encoding = self.headers.get("content-transfer-encoding", "").strip().lower()
        if encoding not in _PLAIN_ENCODINGS:
            raise UserInputError(
                f"the file part is sent in the {encoding!r} transfer encoding",
                hint="send the file's bytes as they are (multipart/form-data has no encodings)",
            )
        # Old browsers send the whole path the file had on the client; only its name counts.
        name = _text(options[b"filename"]).replace("\\", "/").rsplit("/", 1)[-1]
        media_type = self.headers.get("content-type", "").strip()
        return FormFile(filename=name, content_type=media_type or None)


class FormUpload:
    """Reads a ``multipart/form-data`` body for its one file part (a part with a filename).

    Call :meth:`open` for the file's name and media type, then iterate for its bytes; the
    iteration ends only once the whole form is read. UserInputError (400) for a form with
    no file part, several, or a malformed or cut-off body; FileTooLargeError (413) when
    the parts besides the file go past :data:`FORM_ALLOWANCE`.
    """

    def __init__(self, content_type: str, body: Iterable[bytes]) -> None:
        _, options = parse_options_header(content_type)
        boundary = options.get(b"boundary", b"")
        if not boundary:
            raise UserInputError(
                "the multipart/form-data Content-Type names no boundary",
                hint="let the client write the Content-Type of a form (it adds the boundary)",
            )
        self._body = iter(body)
        self._ready: deque[bytes] = deque()
        self._part: _Part | None = None
        self._file: FormFile | None = None
        self._in_file = False
        self._file_done = False
        self._files = 0
        self._ended = False
        self._read = 0
        self._file_bytes = 0
        try:
            self._parser = MultipartParser(
                boundary,
                {
                    "on_part_begin": self._part_begin,
                    "on_header_field": self._header_field,
                    "on_header_value": self._header_value,
                    "on_header_end": self._header_end,
                    "on_headers_finished": self._headers_finished,
                    "on_part_data": self._part_data,
                    "on_part_end": self._part_end,
                    "on_end": self._end,
                },
            )
        except FormParserError as error:
            raise UserInputError(f"the form cannot be read: {error}", hint=_HINT) from None

    # Parser callbacks: they run inside MultipartParser.write, one chunk at a time.

    def _part_begin(self) -> None:
        self._part = _Part()

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        if self._part is not None:
            self._part.field += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        if self._part is not None:
            self._part.value += data[start:end]

    def _header_end(self) -> None:
        if self._part is not None:
            self._part.header_done()

    def _headers_finished(self) -> None:
        found = self._part.file() if self._part is not None else None
        if found is None:
            return
        self._files += 1
        if self._file is None:
            self._file, self._in_file = found, True

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self._in_file:
            self._ready.append(data[start:end])
            self._file_bytes += end - start

    def _part_end(self) -> None:
        if self._in_file:
            self._in_file, self._file_done = False, True

    def _end(self) -> None:
        self._ended = True

    def _feed(self) -> bool:
        """Parse the next chunk of the body; False once the body is over."""
        chunk = next(self._body, None)
        if chunk is None:
            return False
        self._read += len(chunk)
        try:
            self._parser.write(chunk)
        except FormParserError as error:
            raise UserInputError(f"the form cannot be read: {error}", hint=_HINT) from None
        if self._files > 1:
            raise UserInputError("the form has several file parts", hint=_HINT)
        if self._read - self._file_bytes > FORM_ALLOWANCE:
            raise FileTooLargeError(limit=FORM_ALLOWANCE, what="form besides its file")
        return True

    def open(self) -> FormFile:
        """Read up to the file part's headers; what they say about the file."""
        while self._file is None:
            if not self._feed():
                raise UserInputError("the form has no file part", hint=_HINT)
        return self._file

    def __iter__(self) -> Iterator[bytes]:
        """The file's bytes as they arrive, then the rest of the form, read and checked."""
        self.open()
        while True:
            while self._ready:
                yield self._ready.popleft()
            if not self._feed():
                break
        if not (self._file_done and self._ended):
            raise UserInputError(
                "the form ends before its closing boundary", hint="send the whole form"
            )
