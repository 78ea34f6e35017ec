"""The access line: written directly under `serve`'s logging, identical to the formatter's."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
from collections.abc import Iterator

import pytest

import presswright.api.request_log as request_log
from presswright.api.request_log import (
    ACCESS_LOGGER,
    JsonLogFormatter,
    RequestIdFilter,
    SecretMaskingFilter,
    configure_logging,
    log_access,
)

PATHS = [
    "/api/v1/executions/0b7e4a52-3f0c-4c55-9a1e-2d6f3c8b9e10",
    '/odd/"quoted"\\back\tslash',
    "/café/日本/\u2028",
    "/api/v1/keys/pw_AbCdEfGh12345678xyz",  # a key in a path is masked in both places
]


@pytest.mark.parametrize("path", PATHS)
def test_the_direct_line_is_the_line_the_formatter_writes(path: str) -> None:
    formatter = JsonLogFormatter()
    created = 1_790_000_000.1234
    record = logging.LogRecord(ACCESS_LOGGER, logging.INFO, __file__, 1, "%s %s %d", None, None)
    record.args = ("GET", path, 404)
    record.created = created
    record.request_id = "req-1"
    for name, value in {
        "method": "GET",
        "path": path,
        "route": "<unmatched>",
        "status": 404,
        "duration_ms": 0.42,
    }.items():
        setattr(record, name, value)
    for check in (RequestIdFilter(), SecretMaskingFilter()):
        check.filter(record)
    record.request_id = "req-1"  # the filter reads the context; here there is none
    expected = formatter.format(record)
    line = formatter.access_line(created, "req-1", "GET", path, "<unmatched>", 404, 0.42)
    assert line == expected
    # Again, as a polling client asks: the kept middle of the line gives the same line, and
    # a path holding a secret is not kept.
    again = formatter.access_line(created, "req-1", "GET", path, "<unmatched>", 404, 0.42)
    assert again == expected
    kept = [key[1] for key in formatter._middles]
    assert kept == ([] if "pw_" in path else [path])
    parsed = json.loads(line)
    assert parsed["path"] == path.replace("pw_AbCdEfGh12345678xyz", "***")
    assert "pw_AbCd" not in line


@pytest.fixture
def serve_logging() -> Iterator[io.StringIO]:
    """Logging as `presswright serve` sets it up, writing into a buffer; restored after."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level, request_log._json_handler)
    flags = (logging._srcfile, logging.logThreads, logging.logProcesses)
    uvicorn = {
        name: (logging.getLogger(name).handlers[:], logging.getLogger(name).propagate)
        for name in ("uvicorn", "uvicorn.error", "uvicorn.access")
    }
    configure_logging("info")
    stream = io.StringIO()
    handler = root.handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    try:
        yield stream
    finally:
        root.handlers[:], level, request_log._json_handler = saved
        root.setLevel(level)
        logging._srcfile, logging.logThreads, logging.logProcesses = flags
        for name, (handlers, propagate) in uvicorn.items():
            logging.getLogger(name).handlers[:] = handlers
            logging.getLogger(name).propagate = propagate


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_lines_go_direct_only_while_nothing_else_would_see_them(
    serve_logging: io.StringIO,
) -> None:
    root = logging.getLogger()
    root.handlers[:] = [request_log._json_handler]  # without pytest's capturing handlers
    log_access("req-2", "GET", "/health", "/health", 200, 0.00123)
    (line,) = serve_logging.getvalue().splitlines()
    entry = json.loads(line)
    assert {k: entry[k] for k in ("request_id", "message", "route", "status")} == {
        "request_id": "req-2",
        "message": "GET /health 200",
        "route": "/health",
        "status": 200,
    }
    assert entry["duration_ms"] == 1.23 and entry["logger"] == ACCESS_LOGGER

    # An operator's handler on the access logger gets real records, and so does the root's.
    access = logging.getLogger(ACCESS_LOGGER)
    records = _Records()
    access.addHandler(records)
    try:
        log_access("req-3", "POST", "/api/v1/x", "<unmatched>", 404, 0.002)
    finally:
        access.removeHandler(records)
    (record,) = records.records
    assert (record.getMessage(), record.__dict__["status"]) == ("POST /api/v1/x 404", 404)
    assert len(serve_logging.getvalue().splitlines()) == 2

    # Silenced access logger: no line at all.
    access.setLevel(logging.WARNING)
    try:
        log_access("req-4", "GET", "/health", "/health", 200, 0.001)
    finally:
        access.setLevel(logging.NOTSET)
    assert len(serve_logging.getvalue().splitlines()) == 2


def test_lines_of_one_turn_of_the_loop_are_written_together_in_order(
    serve_logging: io.StringIO,
) -> None:
    root = logging.getLogger()
    root.handlers[:] = [request_log._json_handler]
    seen_before_the_turn_ended: list[str] = []

    async def serve_three() -> None:
        for number in range(3):
            log_access(f"req-{number}", "GET", "/health", "/health", 200, 0.001)
        seen_before_the_turn_ended.append(serve_logging.getvalue())
        await asyncio.sleep(0)  # the turn ends: the queued lines are written
        log_access("req-3", "GET", "/health", "/health", 200, 0.001)

    asyncio.run(serve_three())
    assert seen_before_the_turn_ended == [""]
    ids = [json.loads(line)["request_id"] for line in serve_logging.getvalue().splitlines()]
    # The last line was queued as the loop ended, and still written before asyncio.run
    # returned.
    assert ids == ["req-0", "req-1", "req-2", "req-3"]


def test_a_line_outside_a_running_loop_is_written_at_once(serve_logging: io.StringIO) -> None:
    logging.getLogger().handlers[:] = [request_log._json_handler]
    log_access("req-9", "GET", "/health", "/health", 200, 0.001)
    assert json.loads(serve_logging.getvalue())["request_id"] == "req-9"


def test_new_request_ids_are_unique_and_a_forked_worker_draws_its_own() -> None:
    ids = [request_log.accept_request_id(None) for _ in range(1000)]
    assert len(set(ids)) == 1000
    assert all(len(value) == 32 and int(value, 16) >= 0 for value in ids)
    assert request_log.accept_request_id("trace-7") == "trace-7"
    assert request_log.accept_request_id("no spaces allowed") not in ("no spaces allowed",)
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the worker a server forks after importing the app
        os.write(write, request_log.accept_request_id(None).encode())
        os._exit(0)
    os.close(write)
    os.waitpid(child, 0)
    theirs = os.read(read, 64).decode()
    os.close(read)
    mine = request_log.accept_request_id(None)
    assert len(theirs) == 32
    assert theirs[:16] != mine[:16]  # a different process's digits, not a copy of ours


def test_one_look_at_the_running_loop_a_turn_and_none_at_a_loop_that_ended(
    serve_logging: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Asking for the running loop is a system call on Python 3.11: the first line of a turn
    asks, the others join its queue. A line queued on a loop that ended before its write ran
    is written with the next line, whichever loop that one comes from."""
    logging.getLogger().handlers[:] = [request_log._json_handler]
    looks: list[int] = []
    ask = asyncio.get_running_loop

    def counted() -> asyncio.AbstractEventLoop:
        looks.append(1)
        return ask()

    monkeypatch.setattr(request_log.asyncio, "get_running_loop", counted)

    first = asyncio.new_event_loop()

    async def three() -> None:
        for number in range(3):
            log_access(f"req-{number}", "GET", "/health", "/health", 200, 0.001)
        first.stop()  # the loop ends with this turn

    first.run_until_complete(three())  # ends before the queued write's turn comes
    first.close()
    assert len(looks) == 1
    assert serve_logging.getvalue() == ""

    async def one_more() -> None:
        log_access("req-3", "GET", "/health", "/health", 200, 0.001)

    asyncio.run(one_more())
    ids = [json.loads(line)["request_id"] for line in serve_logging.getvalue().splitlines()]
    assert ids == ["req-0", "req-1", "req-2", "req-3"]


def test_lines_a_failing_stream_could_not_take_become_records_with_their_ids(
    serve_logging: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    handler = request_log._json_handler
    assert handler is not None
    logging.getLogger().handlers[:] = [handler]
    seen: list[tuple[str, str]] = []

    class Watcher(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append((record.getMessage(), str(request_log.current_request_id())))

    class Broken(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError("the disk is full")

    monkeypatch.setattr(logging, "raiseExceptions", False)  # logging says it; quietly here

    async def two() -> None:
        for number in range(2):
            log_access(f"req-{number}", "GET", f"/p/{number}", "/p/{n}", 200, 0.001)
        # Before the turn's write: the stream fails, and someone watches the records.
        monkeypatch.setattr(handler, "stream", Broken())
        logging.getLogger().addHandler(Watcher())

    asyncio.run(two())
    assert seen == [("GET /p/0 200", "req-0"), ("GET /p/1 200", "req-1")]
