"""Live progress: one reader per followed execution fans its changes out to every watcher.

Watchers of an execution (the API's server-sent event streams today, a WebSocket and the
web studio later) never read the database themselves. The first watcher of an execution
in a process starts a reader task on the running event loop. It reads the execution's
change stamp (one small indexed read), builds the status document only when the stamp
moved, and hands each new document to all the watchers. It stops when the execution
settles (finished, or paused for a review) or when its last watcher leaves.

When it reads: as soon as a change is announced in this process, else every ``interval``
seconds. The executor running in this process (``serve``'s embedded runtime) and the
operations announce each node attempt they close and each status they set, once it is
committed (:mod:`presswright.flows.change_signals`); the reader listens for its execution
and is woken from whichever thread wrote (``call_soon_threadsafe``). A burst of changes
costs one read, and two reads of one execution are at least ``coalesce`` seconds apart.
Changes written by another process (a worker) announce nothing here: the interval is what
finds those. How many watchers there are changes nothing about how often the database is
read: one reader per execution, woken by the run's writes and its clock only.

Each watcher has its own bounded queue. One that falls behind (its client reads slower than
the run changes) is not buffered for: its queue is replaced by the latest document, a
resync, which is complete on its own since every document is the whole status. Nothing a
watcher does ever makes the reader, or another watcher, wait.

A watcher that joins late gets the current document first, then every later change: the
reader and the joins run on one event loop, so no change falls between the two, and none
is given twice.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import deque
from collections.abc import AsyncGenerator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import bindparam, func, select

from presswright.bootstrap import Instance
from presswright.flows.change_signals import on_change
from presswright.flows.records import FINISHED
from presswright.flows.status import RunStatus, execution_status, stamp_row
from presswright.store.models import Execution, NodeRun

__all__ = ["ProgressFeeds", "ProgressUpdate", "Watch", "read_stamp"]

P = ParamSpec("P")
T = TypeVar("T")
log = logging.getLogger(__name__)

Stamp = tuple[Any, ...]

# What moves whenever what watchers are told can change (the run's status, each node's state,
# runs and error, and so the progress): the execution's status and generation, and its
# node attempts (one more begun, one more closed, the last close; every write of a node's
# state sets finished_at: records.py, operations.py). Not the row's last update: the
# running totals move it after every layer, and tokens alone are not news.
_STAMP_SQL = (
    "SELECT e.status, e.generation,"
    " count(r.id), count(r.finished_at), max(r.finished_at)"
    " FROM executions e LEFT JOIN node_runs r"
    " ON r.execution_id = e.id AND r.tenant_id = e.tenant_id"
    " WHERE e.id = ? AND e.tenant_id = ?"
    " GROUP BY e.id, e.status, e.generation"
)
_e = Execution.__table__.c
_r = NodeRun.__table__.c
_STAMP_QUERY = (
    select(
        _e.status,
        _e.generation,
        func.count(_r.id),
        func.count(_r.finished_at),
        func.max(_r.finished_at),
    )
    .select_from(
        Execution.__table__.outerjoin(
            NodeRun.__table__, (_r.execution_id == _e.id) & (_r.tenant_id == _e.tenant_id)
        )
    )
    .where(_e.id == bindparam("execution_id"), _e.tenant_id == bindparam("tenant_id"))
    .group_by(_e.id, _e.status, _e.generation)
)


def read_stamp(instance: Instance, *, tenant_id: uuid.UUID, execution_id: str) -> Stamp:
    """The execution's change stamp: one indexed read; NotFoundError outside the tenant."""
    return stamp_row(
        instance,
        sql=_STAMP_SQL,
        query=_STAMP_QUERY,
        tenant_id=tenant_id,
        execution_id=execution_id,
    )


def _settled(status: RunStatus) -> bool:
    """Whether nothing more happens to the run without someone acting on it."""
    return status.status in FINISHED or status.status == "paused"


@dataclass(frozen=True)
class ProgressUpdate:
    """One status document as every watcher gets it, serialized once for all of them."""

    status: RunStatus
    json: str

    @classmethod
    def of(cls, status: RunStatus) -> ProgressUpdate:
        """The update carrying ``status``."""
        return cls(status, status.model_dump_json())

    @property
    def fingerprint(self) -> str:
        """What a watcher is told about: a change elsewhere (tokens alone) is not news."""
        return self.status.model_dump_json(include={"status", "nodes", "progress"})


class Watch:
    """One watcher's end of a feed: a bounded queue of updates, read with :meth:`updates`."""

    def __init__(self, capacity: int) -> None:
        self._queue: deque[ProgressUpdate] = deque()
        self._capacity = capacity
        self._ready = asyncio.Event()
        self._closed = False
        self._error: BaseException | None = None
        self.resyncs = 0  # times this watcher fell behind and was given the latest only

    def offer(self, update: ProgressUpdate) -> None:
        """Queue ``update``; a full queue is dropped for it (a resync). Never waits."""
        if len(self._queue) >= self._capacity:
            self._queue.clear()
            self.resyncs += 1
        self._queue.append(update)
        self._ready.set()

    def close(self, error: BaseException | None = None) -> None:
        """No more updates: the reader stopped (with ``error`` if it failed)."""
        self._closed = True
        self._error = error
        self._ready.set()

    async def updates(self) -> AsyncGenerator[ProgressUpdate, None]:
        """Each queued update, as they come, until the feed closes."""
        while True:
            while self._queue:
                yield self._queue.popleft()
            if self._closed:
                if self._error is not None:
                    raise self._error
                return
            self._ready.clear()
            await self._ready.wait()


class _Feed:
    """The reader of one execution for every watcher of it on one event loop."""

    def __init__(self, feeds: ProgressFeeds, key: _Key) -> None:
        self.feeds = feeds
        self.key = key
        self.watches: set[Watch] = set()
        self.latest: ProgressUpdate | None = None
        self.task: asyncio.Task[None] | None = None

    def join(self, watch: Watch) -> None:
        if self.latest is not None:
            watch.offer(self.latest)  # the current state first, then every change after it
        self.watches.add(watch)
        if self.task is None:
            self.task = asyncio.get_running_loop().create_task(self._read_changes())

    def leave(self, watch: Watch) -> None:
        self.watches.discard(watch)
        if not self.watches and self.task is not None and not self.task.done():
            self.feeds.forget(self)
            self.task.cancel()

    def _publish(self, update: ProgressUpdate) -> None:
        self.latest = update
        for watch in self.watches:
            watch.offer(update)

    async def _read_changes(self) -> None:
        _, tenant_id, execution_id = self.key
        feeds = self.feeds
        loop = asyncio.get_running_loop()
        changed = asyncio.Event()

        def wake() -> None:  # in the writer's thread: hand the news to this loop, never wait
            if _running_loop() is loop:
                changed.set()
            else:
                loop.call_soon_threadsafe(changed.set)

        # Listening before the first read: whatever commits after it wakes the reader.
        stop_listening = on_change(tenant_id=tenant_id, execution_id=execution_id, listener=wake)
        stamp: Stamp | None = None
        error: BaseException | None = None
        try:
            while True:
                changed.clear()  # a change committed from here on is read next time
                began = loop.time()
                current = await feeds.read(
                    read_stamp, feeds.instance, tenant_id=tenant_id, execution_id=execution_id
                )
                if current != stamp:
                    stamp = current
                    # In a worker thread on every backend: the build takes a pooled
                    # connection, and a pool drained by busy writers must never stall the
                    # loop that serves every stream.
                    status = await asyncio.to_thread(
                        execution_status,
                        feeds.instance,
                        tenant_id=tenant_id,
                        execution_id=execution_id,
                    )
                    update = ProgressUpdate.of(status)
                    if self.latest is None or update.fingerprint != self.latest.fingerprint:
                        self._publish(update)
                    if _settled(status):
                        return
                await self._next_look(changed, since=began)
        except Exception as failure:  # every watcher sees the failure; the next join retries
            log.warning("reading the progress of execution %s failed: %s", execution_id, failure)
            error = failure
        finally:
            stop_listening()
            feeds.forget(self)
            for watch in self.watches:
                watch.close(error)
            self.watches.clear()

    async def _next_look(self, changed: asyncio.Event, *, since: float) -> None:
        """Wait for a change announced here, or for the interval (changes made elsewhere).

        ``since`` is when the last read began: a change announced sooner than ``coalesce``
        after it waits out the rest, so a burst of writes costs one read.
        """
        feeds = self.feeds
        if not changed.is_set():
            interval = asyncio.ensure_future(feeds.pause(feeds.interval))
            woken = asyncio.ensure_future(changed.wait())
            try:
                await asyncio.wait((interval, woken), return_when=asyncio.FIRST_COMPLETED)
            finally:
                interval.cancel()
                woken.cancel()
            if not changed.is_set():
                interval.result()  # the interval passed (or the pause failed: raise it)
                return
        rest = since + feeds.coalesce - asyncio.get_running_loop().time()
        if rest > 0:
            await asyncio.sleep(rest)


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


_Key = tuple[asyncio.AbstractEventLoop, uuid.UUID, str]


class ProgressFeeds:
    """The live progress feeds of one process (one per app): a reader per watched execution.

    ``interval`` is how often a reader looks for changes nobody announced in this process,
    ``coalesce`` the least time between two reads of one execution when changes are
    announced, ``capacity`` how many updates a watcher may fall behind before it is
    resynced. ``pause`` waits out the interval (the clock tests step by hand).
    """

    def __init__(
        self,
        instance: Instance,
        *,
        interval: float = 0.1,
        coalesce: float = 0.02,
        capacity: int = 16,
        pause: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.instance = instance
        self.interval = interval
        self.coalesce = coalesce
        self.capacity = capacity
        self.pause = pause
        self._feeds: dict[_Key, _Feed] = {}

    async def read(self, function: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a change-stamp read: right here on SQLite (a plain read of a local file, no
        pool, takes less than a thread hop), in a worker thread on a database server."""
        if self.instance.database.is_sqlite:
            return function(*args, **kwargs)
        return await asyncio.to_thread(function, *args, **kwargs)

    def watched(self) -> int:
        """How many executions have a reader in this process now."""
        return len(self._feeds)

    def watchers(self) -> int:
        """How many watchers are following executions in this process now."""
        return sum(len(feed.watches) for feed in self._feeds.values())

    async def check(self, *, tenant_id: uuid.UUID, execution_id: str) -> None:
        """NotFoundError unless the tenant has this execution (no read while it is watched)."""
        if self._key(tenant_id, execution_id) not in self._feeds:
            await self.read(
                read_stamp, self.instance, tenant_id=tenant_id, execution_id=execution_id
            )

    async def follow(
        self, *, tenant_id: uuid.UUID, execution_id: str
    ) -> AsyncGenerator[ProgressUpdate, None]:
        """The current status, then each change, until the execution settles.

        Closing the generator (or cancelling its reader) leaves the feed; the last watcher
        to leave stops the reader. Raises NotFoundError outside the tenant.
        """
        key = self._key(tenant_id, execution_id)
        watch = Watch(self.capacity)
        feed = self._feeds.get(key)
        if feed is None:
            feed = self._feeds[key] = _Feed(self, key)
        feed.join(watch)
        try:
            async for update in watch.updates():
                yield update
        finally:
            feed.leave(watch)

    def forget(self, feed: _Feed) -> None:
        """Stop handing ``feed`` to new watchers (it is stopping)."""
        if self._feeds.get(feed.key) is feed:
            del self._feeds[feed.key]

    @staticmethod
    def _key(tenant_id: uuid.UUID, execution_id: str) -> _Key:
        # Per event loop: a reader task serves only watchers of the loop it runs on.
        return asyncio.get_running_loop(), tenant_id, execution_id
