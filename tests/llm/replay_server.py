"""A loopback HTTP server that answers with recorded exchanges and keeps what it was sent.

An exchange (a JSON file in ``tests/llm/recorded/``) names the request it answers (method,
path, query parameters, and the JSON body fields that must match) and the response (status,
headers, and a JSON body, or a server-sent-events body from a ``.sse`` file next to it).
A request that matches no exchange is answered 404, and one whose body differs from the
recording 400, with the difference in the message, so a wrong provider fails loudly.

    with ReplayServer(load_exchange("anthropic_text")) as server:
        ...  # point the SDK at server.url
        assert server.requests[0].body["system"] == "..."
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

__all__ = ["Exchange", "ReceivedRequest", "ReplayServer", "load_exchange"]

RECORDED = Path(__file__).parent / "recorded"


@dataclass(frozen=True)
class Exchange:
    """One recorded request and the response to give it.

    Tests change the timing with ``dataclasses.replace``: ``stall_seconds`` before the
    response (or, with ``stall_after_events``, after that many events), ``event_delay``
    between events, and ``cut_after_events`` to drop the connection mid-body.
    """

    name: str
    method: str
    path: str
    status: int
    headers: dict[str, str]
    events: tuple[bytes, ...]
    query: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=dict)
    stall_seconds: float = 0.0
    stall_after_events: int = 0
    event_delay: float = 0.0
    cut_after_events: int = 0


@dataclass(frozen=True)
class ReceivedRequest:
    """A request as it arrived on the wire."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any


def load_exchange(name: str) -> Exchange:
    """Read ``recorded/<name>.json`` (and the ``.sse`` file its response names, if any)."""
    data = json.loads((RECORDED / f"{name}.json").read_text(encoding="utf-8"))
    request, response = data["request"], data["response"]
    if "sse_file" in response:
        text = (RECORDED / response["sse_file"]).read_text(encoding="utf-8")
        # One write per event, so clients see the stream arrive in pieces.
        events = tuple(f"{event.strip()}\n\n".encode() for event in text.split("\n\n") if event)
    else:
        events = (json.dumps(response["json"]).encode(),)
    return Exchange(
        name=name,
        method=request["method"],
        path=request["path"],
        query=request.get("query", {}),
        body=request.get("json", {}),
        status=response["status"],
        headers={key.lower(): value for key, value in response.get("headers", {}).items()},
        events=events,
    )


def differences(expected: Any, actual: Any, where: str = "body") -> list[str]:
    """Where ``actual`` fails to contain ``expected`` (dicts: a subset; lists: same length)."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: expected an object, got {actual!r}"]
        found: list[str] = []
        for key, value in expected.items():
            if key not in actual:
                found.append(f"{where}.{key}: missing")
            else:
                found.extend(differences(value, actual[key], f"{where}.{key}"))
        return found
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{where}: expected {expected!r}, got {actual!r}"]
        return [
            problem
            for index, (item, got) in enumerate(zip(expected, actual, strict=True))
            for problem in differences(item, got, f"{where}[{index}]")
        ]
    return [] if expected == actual else [f"{where}: expected {expected!r}, got {actual!r}"]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    replay: ReplayServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (a timeout test) closes its socket; that is not a failure.
        return None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def log_message(self, format: str, *args: Any) -> None:
        return None  # keep test output clean

    def _answer(self) -> None:
        raw = self.rfile.read(int(self.headers.get("content-length") or 0))
        split = urlsplit(self.path)
        try:
            body: Any = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode(errors="replace")
        received = ReceivedRequest(
            method=self.command,
            path=split.path,
            query=dict(parse_qsl(split.query)),
            headers={key.lower(): value for key, value in self.headers.items()},
            body=body,
        )
        replay = self.server.replay
        exchange, status, problem = replay.record(received)
        if exchange is None:
            payload = json.dumps({"error": {"code": status, "message": problem}}).encode()
            self._send(status, {"content-type": "application/json"}, (payload,))
            return
        self._send(exchange.status, exchange.headers, exchange.events, exchange)

    def _send(
        self,
        status: int,
        headers: dict[str, str],
        events: tuple[bytes, ...],
        timing: Exchange | None = None,
    ) -> None:
        stopping = self.server.replay.stopping
        stall_seconds = timing.stall_seconds if timing else 0.0
        stall_after = timing.stall_after_events if timing else 0
        delay = timing.event_delay if timing else 0.0
        cut_after = timing.cut_after_events if timing else 0
        # Any early return below leaves the response unfinished: never reuse the connection.
        self.close_connection = bool(stall_seconds or cut_after)
        if stall_seconds and not stall_after and stopping.wait(stall_seconds):
            return
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("content-length", str(sum(len(event) for event in events)))
        self.end_headers()
        try:
            for index, event in enumerate(events):
                stall_here = stall_seconds and stall_after and index == stall_after
                if stall_here and stopping.wait(stall_seconds):
                    return
                if delay and index and stopping.wait(delay):
                    return
                if cut_after and index == cut_after:
                    return  # short of the promised content-length
                self.wfile.write(event)
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            return


class ReplayServer:
    """Serves the given exchanges on 127.0.0.1 (an ephemeral port) from a background thread."""

    def __init__(self, *exchanges: Exchange) -> None:
        self.exchanges = list(exchanges)
        self.requests: list[ReceivedRequest] = []
        self.problems: list[str] = []
        self.stopping = threading.Event()
        self._used: set[int] = set()
        self._lock = threading.Lock()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The base URL to give an SDK."""
        assert self._httpd is not None, "use ReplayServer as a context manager"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def record(self, received: ReceivedRequest) -> tuple[Exchange | None, int, str]:
        """Keep ``received``; return the exchange answering it, or a status and the problem."""
        with self._lock:
            self.requests.append(received)
            candidates = [
                (index, exchange)
                for index, exchange in enumerate(self.exchanges)
                if exchange.method == received.method
                and exchange.path == received.path
                and not differences(exchange.query, received.query, "query")
            ]
            if not candidates:
                problem = f"no recorded exchange for {received.method} {received.path}"
                self.problems.append(problem)
                return None, 404, problem
            # Exchanges for the same request answer in order; the last one repeats.
            unused = [(i, e) for i, e in candidates if i not in self._used]
            index, exchange = unused[0] if unused else candidates[-1]
            self._used.add(index)
            found = differences(exchange.body, received.body)
            if found:
                problem = f"request does not match {exchange.name}: " + "; ".join(found)
                self.problems.append(problem)
                return None, 400, problem
            return exchange, exchange.status, ""

    def __enter__(self) -> ReplayServer:
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.replay = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stopping.set()  # release stalled handlers at once
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
