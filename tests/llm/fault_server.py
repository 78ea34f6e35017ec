"""A fault-injecting OpenAI-compatible server on loopback, for testing the real provider.

Each test scripts the faults it wants; every request to ``POST /v1/chat/completions``
consumes the next one (then the ``then`` fault answers every later request):

    ok            a chat completion with :data:`ANSWER` (streamed if the request asks)
    429           status 429 with ``Retry-After: <seconds>`` (default 1)
    500           status 500 with an OpenAI-style error body
    stall         wait ``seconds`` (default 30) before answering "ok"; stops at shutdown
    malformed     status 200, ``application/json``, and a body that is not JSON
    cut           stream two chunks, then drop the connection mid-body (no finish, no [DONE])
    cut_eof       stream two chunks, then end a close-delimited body cleanly (no finish, no [DONE])
    401_echo_key  status 401 whose message echoes the bearer key, as OpenAI does

Every request is recorded (monotonic receive time, JSON body, headers) in ``requests``.
The server runs in daemon threads and never blocks the interpreter's exit; use it as a
context manager (or ``start``/``stop`` in a fixture) so each test gets a fresh one.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise
from typing import Any

__all__ = ["ANSWER", "FAULTS", "Fault", "FaultServer", "RecordedRequest"]

ANSWER = "The quick brown fox jumps over the lazy dog."
FAULTS = ("ok", "429", "500", "stall", "malformed", "cut", "cut_eof", "401_echo_key")


@dataclass(frozen=True)
class Fault:
    """One scripted behaviour; ``seconds`` is Retry-After for 429 and the wait for stall."""

    kind: str
    seconds: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in FAULTS:
            raise ValueError(f"unknown fault {self.kind!r}; known: {', '.join(FAULTS)}")


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server received it."""

    received: float  # time.monotonic() when the request line arrived
    path: str
    headers: dict[str, str]  # lower-case names
    body: Any  # the decoded JSON body, or None if it was not JSON
    fault: str


@dataclass
class FaultServer:
    """The server; use :meth:`script` to queue faults and :attr:`requests` to inspect calls."""

    answer: str = ANSWER
    requests: list[RecordedRequest] = field(default_factory=list)
    _faults: deque[Fault] = field(default_factory=deque)
    _then: Fault = field(default_factory=lambda: Fault("ok"))
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _sockets: set[socket.socket] = field(default_factory=set)
    _httpd: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    # --- scripting ----------------------------------------------------------------------

    def script(self, *faults: str | Fault, then: str | Fault = "ok") -> FaultServer:
        """Queue ``faults`` for the next requests; ``then`` answers every request after them."""
        with self._lock:
            self._faults.extend(_fault(f) for f in faults)
            self._then = _fault(then)
        return self

    def next_fault(self) -> Fault:
        """The fault for the request that just arrived."""
        with self._lock:
            return self._faults.popleft() if self._faults else self._then

    @property
    def port(self) -> int:
        """The ephemeral port the server listens on."""
        assert self._httpd is not None, "the server is not running"
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """The OpenAI-style base URL (ending in /v1)."""
        return f"http://127.0.0.1:{self.port}/v1"

    def gaps(self) -> list[float]:
        """Seconds between consecutive requests, from the server's receive times."""
        times = [r.received for r in self.requests]
        return [later - earlier for earlier, later in pairwise(times)]

    # --- life cycle ---------------------------------------------------------------------

    def start(self) -> FaultServer:
        """Listen on 127.0.0.1 at an ephemeral port and serve in a daemon thread."""
        handler = type("BoundHandler", (_Handler,), {"server_state": self})
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        httpd.daemon_threads = True
        httpd.block_on_close = False  # stop() must never wait for a stalled handler
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"fault-server-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, wake stalled handlers and drop open keep-alive connections."""
        self._stopping.set()
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        with self._lock:
            open_sockets = list(self._sockets)
        for sock in open_sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                continue  # already closed by the client
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _fault(value: str | Fault) -> Fault:
    return value if isinstance(value, Fault) else Fault(value)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers and the SDK's pool expect
    disable_nagle_algorithm = True  # else headers and body wait ~40 ms on delayed ACKs
    server_state: FaultServer

    def setup(self) -> None:
        super().setup()
        with self.server_state._lock:
            self.server_state._sockets.add(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            with self.server_state._lock:
                self.server_state._sockets.discard(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: request lines would carry nothing tests need, and stderr is noise."""

    def do_POST(self) -> None:
        received = time.monotonic()
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        state = self.server_state
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
            return
        fault = state.next_fault()
        headers = {name.lower(): value for name, value in self.headers.items()}
        with state._lock:
            state.requests.append(RecordedRequest(received, self.path, headers, body, fault.kind))
        request = body if isinstance(body, dict) else {}
        try:
            self._answer(fault, request, headers)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (a timeout): nothing to answer

    def _answer(self, fault: Fault, request: dict[str, Any], headers: dict[str, str]) -> None:
        kind = fault.kind
        if kind == "429":
            seconds = 1 if fault.seconds is None else fault.seconds
            self._error(
                429,
                "Rate limit reached; try again later",
                "rate_limit_exceeded",
                extra_headers={"Retry-After": f"{seconds:g}"},
            )
        elif kind == "500":
            self._error(
                500, "The server had an error while processing your request", "server_error"
            )
        elif kind == "401_echo_key":
            key = headers.get("authorization", "").removeprefix("Bearer ").strip()
            masked = f"{key[:8]}{'*' * max(len(key) - 12, 0)}{key[-4:]}"
            self._error(
                401,
                f"Incorrect API key provided: {key} (shown as {masked}). You can find your API"
                " key at https://platform.openai.com/account/api-keys.",
                "invalid_api_key",
            )
        elif kind == "malformed":
            self._send(200, b'{"id": "chatcmpl-x", "choices": [ <html>oops', "application/json")
        elif kind == "stall":
            if self.server_state._stopping.wait(30 if fault.seconds is None else fault.seconds):
                self.close_connection = True
                return
            self._complete(request)
        elif kind in ("cut", "cut_eof"):
            self._cut(request, chunked=kind == "cut")
        else:
            self._complete(request)

    # --- answers ------------------------------------------------------------------------

    def _complete(self, request: dict[str, Any]) -> None:
        if request.get("stream"):
            self._stream(request)
            return
        model = str(request.get("model", "unknown"))
        self._json(
            200,
            {
                "id": "chatcmpl-fault",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": model,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": self.server_state.answer},
                        "finish_reason": "stop",
                    }
                ],
                "usage": _usage(request, self.server_state.answer),
            },
        )

    def _stream(self, request: dict[str, Any]) -> None:
        answer = self.server_state.answer
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for piece in _pieces(answer):
            self._chunk(_event(request, {"role": "assistant", "content": piece}, None))
        self._chunk(_event(request, {}, "stop"))
        if (request.get("stream_options") or {}).get("include_usage"):
            usage_event = _event(request, {}, None)
            usage_event["choices"] = []
            usage_event["usage"] = _usage(request, answer)
            self._chunk(usage_event)
        self._chunk_bytes(b"data: [DONE]\n\n")
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _cut(self, request: dict[str, Any], *, chunked: bool) -> None:
        """Two chunks of text, then the body ends without a finish_reason or [DONE]."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Connection", "close")  # the body ends when the socket closes
        self.end_headers()
        for piece in _pieces(self.server_state.answer)[:2]:
            event = _event(request, {"role": "assistant", "content": piece}, None)
            payload = f"data: {json.dumps(event)}\n\n".encode()
            if chunked:
                self._chunk_bytes(payload)
            else:
                self.wfile.write(payload)
                self.wfile.flush()
        time.sleep(0.05)  # let the client read the partial answer first
        self.close_connection = True
        if chunked:
            # Mid-body: no terminating zero-length chunk, the peer sees a broken transfer.
            self.connection.shutdown(socket.SHUT_RDWR)

    def _chunk(self, event: dict[str, Any]) -> None:
        self._chunk_bytes(f"data: {json.dumps(event)}\n\n".encode())

    def _chunk_bytes(self, payload: bytes) -> None:
        self.wfile.write(f"{len(payload):x}\r\n".encode() + payload + b"\r\n")
        self.wfile.flush()

    def _error(
        self,
        status: int,
        message: str,
        code: str,
        *,
        extra_headers: dict[str, str] | None = None,
    ) -> None:
        body = {"error": {"message": message, "type": code, "param": None, "code": code}}
        self._json(status, body, extra_headers=extra_headers)

    def _json(self, status: int, body: Any, *, extra_headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(body).encode(), "application/json", extra_headers)

    def _send(
        self,
        status: int,
        payload: bytes,
        content_type: str,
        extra_headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        for name, value in (extra_headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)
        self.wfile.flush()


def _pieces(text: str) -> list[str]:
    """The answer split into word-sized stream deltas that concatenate back to it."""
    words = text.split(" ")
    return [word if i == 0 else " " + word for i, word in enumerate(words)]


def _event(request: dict[str, Any], delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fault",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": str(request.get("model", "unknown")),
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def _usage(request: dict[str, Any], answer: str) -> dict[str, int]:
    messages = request.get("messages") or []
    prompt = sum(len(str(m.get("content", "")).split()) for m in messages if isinstance(m, dict))
    completion = len(answer.split())
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }
