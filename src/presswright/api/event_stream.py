"""Server-sent events (``text/event-stream``) of snapshots: how a long job is followed live.

A stream is a sequence of messages (``id:``, ``event:``, ``data:`` lines, then a blank
line) and comments (``: ...``), which clients ignore and proxies take as traffic. Here each
message carries a whole snapshot as JSON: ``progress`` each time it changes, ``end`` with
the last one. Message ids count the messages of one stream from 1; since every message is
complete on its own, a client that reconnects starts again from the current snapshot and
has no use for ``Last-Event-ID``. A client that goes away ends the stream: Starlette
cancels it, or the next write fails.

The snapshots come from elsewhere (for executions, one reader per execution shared by all
its streams: :mod:`presswright.flows.progress_feed`), already as JSON, so a document sent
to many streams is serialized once.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from contextlib import aclosing
from typing import Any, Final, TypeVar, cast

from starlette.requests import Request
from starlette.responses import StreamingResponse

from presswright.flows.progress_feed import ProgressFeeds

__all__ = [
    "EVENT_STREAM",
    "EventStreamResponse",
    "progress_feeds",
    "snapshot_events",
    "snapshot_stream_doc",
]

EVENT_STREAM = "text/event-stream"
T = TypeVar("T")


class _End:
    """Marks the end of the source in :func:`_with_keep_alive`."""


_END: Final = _End()


class EventStreamResponse(StreamingResponse):
    """A streamed ``text/event-stream`` answer that no proxy should buffer or cache."""

    media_type = EVENT_STREAM

    def __init__(self, content: AsyncIterator[str]) -> None:
        super().__init__(
            content,
            media_type=EVENT_STREAM,
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )


def progress_feeds(request: Request) -> ProgressFeeds:
    """The live progress feeds of the app serving ``request`` (one per app, see create_app)."""
    return cast(ProgressFeeds, request.app.state.progress)


def _message(data: str, *, event: str, id: int) -> str:
    lines = "".join(f"data: {line}\n" for line in data.splitlines() or [""])
    return f"id: {id}\nevent: {event}\n{lines}\n"


async def _next(source: AsyncIterator[T]) -> T | _End:
    return await anext(source, _END)


async def _with_keep_alive(
    source: AsyncGenerator[T, None], every: float
) -> AsyncGenerator[T | None, None]:
    """The items of ``source``, and None each time ``every`` seconds pass without one.

    The source is read in a task of its own, so a quiet spell does not cancel it.
    """
    pending: asyncio.Task[T | _End] | None = None
    try:
        while True:
            if pending is None:
                pending = asyncio.create_task(_next(source))
            done, _ = await asyncio.wait({pending}, timeout=every)
            if not done:
                yield None
                continue
            item = pending.result()
            pending = None
            if isinstance(item, _End):
                return
            yield item
    finally:
        if pending is not None and not pending.done():
            # Cancelling the read in flight ends the source; awaiting it here could itself
            # be cancelled, since the stream is being torn down.
            pending.cancel()
        else:
            await source.aclose()


async def snapshot_events(
    snapshots: AsyncGenerator[T, None], *, keep_alive: float, render: Callable[[T], str]
) -> AsyncIterator[str]:
    """``progress`` with each snapshot, ``end`` with the last; a comment after each quiet
    ``keep_alive`` seconds. ``render`` gives a snapshot's JSON. Message ids count up from 1."""
    sent = 0
    last: str | None = None
    async with aclosing(_with_keep_alive(snapshots, keep_alive)) as items:
        async for snapshot in items:
            if snapshot is None:
                yield ": keep-alive\n\n"
                continue
            sent += 1
            last = render(snapshot)
            yield _message(last, event="progress", id=sent)
    if last is not None:
        yield _message(last, event="end", id=sent + 1)


def snapshot_stream_doc(description: str, *, schema: str, example: str) -> dict[str, Any]:
    """The OpenAPI response of a snapshot stream: each event as an ``itemSchema``.

    That is how OpenAPI 3.2 (and FastAPI's own SSE routes) describe one event; a plain
    ``schema`` would describe the whole stream instead.
    """
    event = {
        "type": "object",
        "required": ["id", "event", "data"],
        "properties": {
            "id": {"type": "string", "description": "Counts the messages of this stream."},
            "event": {"type": "string", "enum": ["progress", "end"]},
            "data": {
                "type": "string",
                "contentMediaType": "application/json",
                "contentSchema": {"$ref": f"#/components/schemas/{schema}"},
            },
        },
    }
    return {
        "description": description,
        "content": {EVENT_STREAM: {"itemSchema": event, "example": example}},
    }
