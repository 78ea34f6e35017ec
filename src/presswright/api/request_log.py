"""Request ids and the API's log lines: one JSON object per line, tagged, with secrets masked.

The id of the request being served lives in a context variable, so every log record made
while serving it (by Presswright, the database layer or a library) carries it.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

__all__ = [
    "JsonLogFormatter",
    "RequestIdFilter",
    "SecretMaskingFilter",
    "accept_request_id",
    "configure_logging",
    "current_request_id",
    "mask_secrets",
    "request_id_var",
]

request_id_var: ContextVar[str | None] = ContextVar("presswright_request_id", default=None)

_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
# API keys (ours, and WooCommerce consumer keys and secrets), JWTs (three base64url parts,
# the first a JSON header) and bearer credentials.
_SECRETS = (
    re.compile(r"pw_[A-Za-z0-9_-]{8,}"),
    re.compile(r"\b(?:ck|cs)_[0-9a-fA-F]{16,}"),
    re.compile(r"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*"),
    re.compile(r"(?i)(bearer\s+)\S+"),
    re.compile(
        r'(?i)("?(?:password|secret|api_key|refresh_token|access_token)"?\s*[:=]\s*)"?[^",\s}]+'
    ),
)


def current_request_id() -> str | None:
    """The id of the request being served in this context, if any."""
    return request_id_var.get()


def accept_request_id(offered: str | None) -> str:
    """The client's X-Request-ID if it is a short, plain token; else a new random id."""
    if offered and _VALID_ID.match(offered):
        return offered
    return uuid.uuid4().hex


def mask_secrets(text: str) -> str:
    """Replace anything that looks like a key, token or password with ``***``."""
    for pattern in _SECRETS:
        text = pattern.sub(lambda m: (m.group(1) if m.groups() else "") + "***", text)
    return text


class RequestIdFilter(logging.Filter):
    """Stamp every record with the current request id (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get() or "-"
        return True


class SecretMaskingFilter(logging.Filter):
    """A last wall: mask secrets in a record's final message, whatever logged it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class JsonLogFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, request id, message, extra fields."""

    _EXTRA = ("method", "path", "route", "status", "duration_ms", "client")

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "request_id": getattr(record, "request_id", None) or request_id_var.get(),
            "message": record.getMessage(),
        }
        for name in self._EXTRA:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info:
            entry["exception"] = mask_secrets(self.formatException(record.exc_info))
        return json.dumps(entry, default=str)


def configure_logging(level: str) -> None:
    """Send every log record of the process to standard error as masked JSON lines."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestIdFilter())
    handler.addFilter(SecretMaskingFilter())
    handler.setFormatter(JsonLogFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
