"""Request ids and the API's log lines: one JSON object per line, tagged, with secrets masked.

The id of the request being served lives in a context variable, so every log record made
while serving it (by Presswright, the database layer or a library) carries it.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import itertools
import json
import logging
import os
import re
import secrets
import sys
import threading
import time
from contextvars import ContextVar
from typing import TextIO

__all__ = [
    "ACCESS_LOGGER",
    "JsonLogFormatter",
    "RequestIdFilter",
    "SecretMaskingFilter",
    "accept_request_id",
    "configure_logging",
    "current_request_id",
    "log_access",
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


# Text any of the patterns above needs, lower-cased; a line without one is not scanned
# further (nearly every line: this runs for each of them, and a search for each pattern
# costs several times more than these substring checks).
_SECRET_CUES = (
    "pw_",
    "ck_",
    "cs_",
    "eyj",
    "bearer",
    "password",
    "secret",
    "api_key",
    "refresh_token",
    "access_token",
)


def current_request_id() -> str | None:
    """The id of the request being served in this context, if any."""
    return request_id_var.get()


class _RequestIds:
    """New request ids: 32 hex digits, the shape uuid4().hex gave, unique across processes.

    Sixteen random digits drawn once per process, then a counter: an id is a name for
    correlating lines, not a secret, so it needs no fresh randomness (a system call) per
    request. A forked child draws its own digits, so workers never share ids.
    """

    def __init__(self) -> None:
        self._reseed()
        os.register_at_fork(after_in_child=self._reseed)

    def _reseed(self) -> None:
        self._prefix = secrets.token_hex(8)
        self._counter = itertools.count(1)

    def new(self) -> str:
        return f"{self._prefix}{next(self._counter):016x}"


_request_ids = _RequestIds()


def accept_request_id(offered: str | None) -> str:
    """The client's X-Request-ID if it is a short, plain token; else a new unique id."""
    if offered and _VALID_ID.match(offered):
        return offered
    return _request_ids.new()


def mask_secrets(text: str) -> str:
    """Replace anything that looks like a key, token or password with ``***``."""
    lowered = text.lower()
    # A plain loop: a generator under any() costs more than the checks themselves.
    for cue in _SECRET_CUES:
        if cue in lowered:
            break
    else:
        return text
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
        # The final text replaces the template and its arguments, so the formatter does
        # not put the message together a second time.
        record.msg, record.args = mask_secrets(record.getMessage()), None
        return True


# One encoder for every line (json.dumps with ``default`` makes a new one per call).
_encode = json.JSONEncoder(default=str).encode
# A string as the encoder writes it, quotes included (ensure_ascii, as json.dumps).
_quote = json.encoder.encode_basestring_ascii


ACCESS_LOGGER = "presswright.api.access"
# An access line as JsonLogFormatter.format writes its record (the fields' order and spacing).
_ACCESS_LINE = (
    '{"time": "%s", "level": "info", "logger": "' + ACCESS_LOGGER + '", "request_id": %s, '
    '%s, "duration_ms": %r}'
)
_ACCESS_MIDDLE = '"message": %s, "method": %s, "path": %s, "route": %s, "status": %d'
_METHODS = {
    method: _quote(method)
    for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
}


class JsonLogFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, request id, message, extra fields."""

    _EXTRA = ("method", "path", "route", "status", "duration_ms", "client")

    def __init__(self) -> None:
        super().__init__()
        self._second = -1
        self._second_text = ""
        # (method, path, route, status) -> the access line's middle (see access_line)
        self._middles: dict[tuple[str, str, str, int], tuple[str, bool]] = {}

    def format(self, record: logging.LogRecord) -> str:
        fields = record.__dict__
        entry: dict[str, object] = {
            "time": self._utc_time(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "request_id": fields.get("request_id") or request_id_var.get(),
            "message": record.getMessage(),
        }
        for name in self._EXTRA:
            if name in fields:
                entry[name] = fields[name]
        if isinstance(entry.get("path"), str):  # a client may put anything in a path
            entry["path"] = mask_secrets(str(entry["path"]))
        if record.exc_info:
            entry["exception"] = mask_secrets(self.formatException(record.exc_info))
        return _encode(entry)

    def access_line(
        self,
        created: float,
        request_id: str,
        method: str,
        path: str,
        route: str,
        status: int,
        duration_ms: float,
    ) -> str:
        """The line :meth:`format` writes for an access record with these fields.

        Put together directly, as the encoder would write it: it is made once per request.
        The middle of the line (message, method, path, route, status) is kept for the
        requests seen last, since clients poll the same path again and again; a path that
        holds a secret is masked every time and never kept. A path with none of the
        secrets' cues is masked as it is, and the message made of it then has none either
        (a method and a status add no cue), so it is scanned once.
        """
        key = (method, path, route, status)
        middle = self._middles.get(key)
        if middle is None:
            middle = self._middle(method, path, route, status)
            if middle[1]:
                if len(self._middles) >= 1024:  # bounded: the oldest half goes
                    for old in list(self._middles)[:512]:
                        del self._middles[old]
                self._middles[key] = middle
        # An id is a client's plain token (see accept_request_id) or hex digits: nothing in
        # it needs escaping, unless a caller passed anything else.
        quoted_id = f'"{request_id}"' if _VALID_ID.match(request_id) else _quote(request_id)
        return _ACCESS_LINE % (
            self._utc_time(created),
            quoted_id,
            middle[0],
            float(duration_ms),
        )

    def _middle(self, method: str, path: str, route: str, status: int) -> tuple[str, bool]:
        """The line's fields from the message to the status, and whether it may be kept."""
        masked = mask_secrets(path)
        if masked is path:
            message = f"{method} {path} {status}"
        else:
            message = mask_secrets(f"{method} {path} {status}")
        method_text = _METHODS.get(method) or _quote(method)
        text = _ACCESS_MIDDLE % (
            _quote(message),
            method_text,
            _quote(masked),
            _quote(route),
            int(status),
        )
        return text, masked is path

    def _utc_time(self, created: float) -> str:
        """``created`` as ISO 8601 in UTC to the millisecond, e.g. 2026-05-01T09:30:00.125+00:00.

        The text up to the second is made once a second: an API process writes a line for
        every request, and formatting a date is most of what a line costs.
        """
        second = int(created)
        if second != self._second:
            self._second_text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
            self._second = second
        return f"{self._second_text}.{int((created - second) * 1000):03d}+00:00"


_NO_LOCK = contextlib.nullcontext()
_access = logging.getLogger(ACCESS_LOGGER)
_ACCESS_CHAIN = (_access, logging.getLogger("presswright.api"), logging.getLogger("presswright"))
# The handler configure_logging installed, while it is the only one an access line reaches.
_json_handler: logging.StreamHandler[TextIO] | None = None


# What a request's access line is made of: (time, request id, method, path, route template,
# status, seconds).
_Entry = tuple[float, str, str, str, str, int, float]


def log_access(
    request_id: str, method: str, path: str, route: str, status: int, seconds: float
) -> None:
    """Log the access line of one answered request (logger ``presswright.api.access``).

    Through the logging module a line costs about 60 µs (a record, two filters, a
    formatter), a fifth of what serving a polled read costs. So while logging is as
    :func:`configure_logging` set it up (the root's one JSON handler is all the line would
    reach), the request's fields are queued, and at the end of the event loop's turn the
    lines of all its requests are made (the same text :class:`JsonLogFormatter` makes of
    the record) and written together (:class:`_PendingLines`): made in one loop, the code
    that makes them stays in the processor's caches, which a line made in the middle of
    each request's own work did not. Any other setup (an operator's handlers, tests
    capturing records) gets an ordinary record, made in the request's context.
    """
    if not _access.isEnabledFor(logging.INFO):
        return
    entry: _Entry = (time.time(), request_id, method, path, route, status, seconds)
    handler = _json_handler
    if handler is not None:
        formatter = _sole_formatter(handler)
        if formatter is not None and _pending.add(handler, formatter, entry):
            return
    _record(entry)


def _record(entry: _Entry) -> None:
    _, request_id, method, path, route, status, seconds = entry
    token = request_id_var.set(request_id)  # the filters read it (a queued line's is gone)
    try:
        _access.info(
            "%s %s %d",
            method,
            path,
            status,
            extra={
                "method": method,
                "path": path,
                "route": route,
                "status": status,
                "duration_ms": round(seconds * 1000, 2),
            },
        )
    finally:
        request_id_var.reset(token)


class _PendingLines:
    """Access lines of one turn of the event loop, made and written together at its end.

    Standard error is line-buffered, so each line written alone costs a system call; a
    server answering many requests at once makes several lines a turn, and writes them
    with one. Outside a running loop a line is written at once; when the stream fails, the
    lines become records, so logging reports the failure.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()  # lines may come from other threads' loops
        self._entries: list[_Entry] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: int | None = None  # the thread of the loop that will write them
        self._handler: logging.StreamHandler[TextIO] | None = None
        self._formatter: JsonLogFormatter | None = None

    def add(
        self,
        handler: logging.StreamHandler[TextIO],
        formatter: JsonLogFormatter,
        entry: _Entry,
    ) -> bool:
        """Queue ``entry``'s line for ``handler``; False if it could not be written (log it
        as a record instead, so logging reports the failure).

        A line of the thread whose loop will write the queue joins it without asking for
        the running loop: on Python 3.11 ``asyncio.get_running_loop`` makes a system call
        (``getpid``) each time, and a thread runs one loop at a time, so the first line of
        a turn asks and the others of that turn need not.
        """
        thread = threading.get_ident()
        with self._lock:
            loop = self._loop
            if (
                self._entries
                and thread == self._thread
                and handler is self._handler
                and formatter is self._formatter
                and loop is not None
                and loop.is_running()  # not a loop that ended before its write ran
            ):
                self._entries.append(entry)
                return True
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        with self._lock:
            queued = bool(self._entries)
            same = handler is self._handler and formatter is self._formatter
            self._entries.append(entry)
            if queued and (loop is not self._loop or not same):
                queued = False  # lines of another loop or stream: write them all now
            elif not queued and loop is not None:
                self._loop, self._thread = loop, thread
                self._handler, self._formatter = handler, formatter
                loop.call_soon(self.write)
                queued = True
            elif not queued:
                self._handler, self._formatter = handler, formatter
        return queued or self.write()

    def write(self) -> bool:
        """Make and write every queued line; True when written (or there were none)."""
        with self._lock:
            entries, self._entries = self._entries, []
            handler, formatter = self._handler, self._formatter
            self._loop = self._thread = None
        if not entries or handler is None or formatter is None:
            return True
        line = formatter.access_line
        lines = [
            line(created, request_id, method, path, route, status, round(seconds * 1000, 2))
            for created, request_id, method, path, route, status, seconds in entries
        ]
        terminator = handler.terminator
        try:
            with handler.lock or _NO_LOCK:
                handler.stream.write(terminator.join(lines) + terminator)
                handler.flush()
        except Exception:  # the stream failed: records let logging report it
            for entry in entries:
                _record(entry)
            return True
        return True


_pending = _PendingLines()
atexit.register(_pending.write)


def _sole_formatter(handler: logging.Handler) -> JsonLogFormatter | None:
    """``handler``'s JSON formatter, if an access record would reach ``handler`` alone and
    unfiltered; else None (checked on every request: plain loops, no generator)."""
    root_handlers = logging.root.handlers
    if len(root_handlers) != 1 or root_handlers[0] is not handler or _access.filters:
        return None
    for logger in _ACCESS_CHAIN:
        if logger.handlers or not logger.propagate:
            return None
    formatter = handler.formatter
    if handler.level > logging.INFO or not isinstance(formatter, JsonLogFormatter):
        return None
    return formatter


def configure_logging(level: str) -> None:
    """Send every log record of the process to standard error as masked JSON lines."""
    global _json_handler
    # The lines carry no caller, thread or process, so records need not gather them: the
    # logging HOWTO's "Optimization" advice, worth a third of each access line's cost.
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestIdFilter())
    handler.addFilter(SecretMaskingFilter())
    handler.setFormatter(JsonLogFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    _json_handler = handler
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
