"""The parts of a ``multipart/form-data`` upload (a bulk file and its options).

Read with the standard library's MIME parser, so the API needs no multipart package: each
part's name, file name and bytes; text fields are UTF-8.
"""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass

from presswright.bulk.errors import BulkInputError, InputProblem

__all__ = ["FormPart", "form_parts"]

_HINT = "send multipart/form-data with a file part and the options as text fields"


@dataclass(frozen=True)
class FormPart:
    """One part of a form: its field name, its file name (for files) and its bytes."""

    name: str
    filename: str | None
    data: bytes

    def text(self) -> str:
        """The part as UTF-8 text (BulkInputError if it is not)."""
        try:
            return self.data.decode("utf-8")
        except UnicodeDecodeError:
            raise BulkInputError(
                "a form field cannot be read",
                [InputProblem((self.name,), "it is not UTF-8 text")],
                hint=_HINT,
            ) from None


def _invalid(message: str) -> BulkInputError:
    return BulkInputError("the form cannot be read", [InputProblem(("form",), message)], hint=_HINT)


def form_parts(content_type: str, body: bytes) -> list[FormPart]:
    """Every named part of a multipart/form-data body, in order."""
    try:
        header = content_type.encode("latin-1")
    except UnicodeEncodeError:
        raise _invalid("the Content-Type header is not Latin-1") from None
    message = email.message_from_bytes(
        b"Content-Type: " + header + b"\r\n\r\n" + body, policy=email.policy.HTTP
    )
    if not message.is_multipart():
        raise _invalid("the body is not multipart/form-data with a boundary")
    parts = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str) or not name:
            raise _invalid("a part has no name in its Content-Disposition")
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        parts.append(FormPart(name=name, filename=filename, data=data))
    if not parts:
        raise _invalid("the form holds no parts")
    return parts
