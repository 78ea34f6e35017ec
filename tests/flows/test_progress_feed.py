"""Live progress: one reader per execution, however many watch it, and what each watcher sees.

Reads are counted for real: every statement the app database runs (SQLAlchemy's cursor
events, and the plain SQLite reader the change stamp uses on SQLite) that names the
execution. Runs use the shipped fake provider, slowed so a run lasts long enough to watch.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import AsyncGenerator, Callable, Iterator
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import event

from presswright.bootstrap import Instance, cli_workspace, initialize, open_instance
from presswright.errors import NotFoundError
from presswright.flows import operations as ops
from presswright.flows.progress_feed import ProgressFeeds, ProgressUpdate
from presswright.flows.runtime import Runtime
from presswright.flows.spec import FlowSpec
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.settings import Settings
from presswright.store.tenancy import create_tenant
from tests.bulk.fakes import store_fake_provider

LLM = {"model": "fake:test", "cache": False}
# Three model calls in a row: each node is seen running, then completed.
SPEC = FlowSpec.model_validate(
    {
        "name": "watched",
        "nodes": [
            {"id": "one", "type": "llm", "config": {**LLM, "prompt": "first"}},
            {"id": "two", "type": "llm", "config": {**LLM, "prompt": "{{ one }} second"}},
            {"id": "three", "type": "llm", "config": {**LLM, "prompt": "{{ two }} third"}},
        ],
        "edges": [{"from": "one", "to": "two"}, {"from": "two", "to": "three"}],
    }
)


@dataclass
class Site:
    """An installation, its CLI workspace with the fake provider, and a launched runtime."""

    instance: Instance
    tenant_id: uuid.UUID
    runtime: Runtime

    async def start(self, *, run: bool = True) -> str:
        """An execution of SPEC: run here, or only queued (nothing picks it up)."""
        return await ops.start(
            self.instance,
            tenant_id=self.tenant_id,
            spec=SPEC,
            inputs={},
            runtime=self.runtime if run else None,
        )


@pytest.fixture
def site(settings: Settings) -> Iterator[Site]:
    initialize(settings)
    instance = open_instance(settings)
    tenant_id = cli_workspace(instance).tenant_id
    store_fake_provider(instance, tenant_id)
    FakeProvider.scripts["fake"] = FakeScript(delay=0.3)
    runtime = Runtime(instance, executor_id=f"feed-{uuid.uuid4().hex[:8]}")
    runtime.launch()
    try:
        yield Site(instance, tenant_id, runtime)
    finally:
        runtime.shutdown()
        FakeProvider.scripts.pop("fake", None)
        instance.database.dispose()


@pytest.fixture
def reads(site: Site, monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Statements the app database ran, by the execution id they named."""
    counts: Counter[str] = Counter()

    def named(parameters: Any) -> list[str]:
        values = parameters.values() if isinstance(parameters, dict) else parameters or ()
        return [value for value in values if isinstance(value, str)]

    def on_statement(*args: Any) -> None:
        for value in named(args[3]):  # (conn, cursor, statement, parameters, context, many)
            counts[value] += 1

    database = site.instance.database
    plain = database.sqlite_fetch_one

    def counted(sql: str, parameters: tuple[object, ...]) -> Any:
        for value in named(parameters):
            counts[value] += 1
        return plain(sql, parameters)

    monkeypatch.setattr(database, "sqlite_fetch_one", counted)
    event.listen(database.engine, "before_cursor_execute", on_statement)
    try:
        yield counts
    finally:
        event.remove(database.engine, "before_cursor_execute", on_statement)


class SteppedClock:
    """The pause between two reads of a feed, ended by the test one step at a time."""

    def __init__(self) -> None:
        self.sleepers: list[asyncio.Future[None]] = []
        self.changed = asyncio.Condition()

    async def pause(self, _seconds: float) -> None:
        sleeper = asyncio.get_running_loop().create_future()
        async with self.changed:
            self.sleepers.append(sleeper)
            self.changed.notify_all()
        try:
            await sleeper
        finally:  # a reader cancelled in its pause leaves no sleeper behind
            if sleeper in self.sleepers:
                self.sleepers.remove(sleeper)

    async def step(self) -> None:
        """Wake the sleeping reader and wait until it has read and sleeps again."""
        async with self.changed:
            await self.changed.wait_for(lambda: bool(self.sleepers))
            self.sleepers.pop().set_result(None)
            await self.changed.wait_for(lambda: bool(self.sleepers))


class Watcher:
    """One watcher reading a feed in a task of its own, every update kept."""

    def __init__(self, updates: AsyncGenerator[ProgressUpdate, None]) -> None:
        self.seen: list[ProgressUpdate] = []
        self.arrived = asyncio.Event()
        self.task = asyncio.create_task(self._read(updates))

    async def _read(self, updates: AsyncGenerator[ProgressUpdate, None]) -> None:
        async with aclosing(updates):
            async for update in updates:
                self.seen.append(update)
                self.arrived.set()

    async def until(self, condition: Callable[[list[ProgressUpdate]], bool]) -> None:
        while not condition(self.seen):
            assert not self.task.done(), [update.status.status for update in self.seen]
            self.arrived.clear()
            await self.arrived.wait()

    @property
    def documents(self) -> list[str]:
        return [update.json for update in self.seen]


def completed(node: str) -> Callable[[list[ProgressUpdate]], bool]:
    def seen(updates: list[ProgressUpdate]) -> bool:
        return bool(updates) and any(
            n.id == node and n.status == "completed" for n in updates[-1].status.nodes
        )

    return seen


@pytest.mark.timeout(60)
def test_fifty_watchers_read_the_database_as_often_as_one(site: Site, reads: Counter[str]) -> None:
    async def scenario() -> None:
        clock = SteppedClock()
        feeds = ProgressFeeds(site.instance, pause=clock.pause)
        counted = {}
        for watchers in (1, 50):
            execution_id = await site.start(run=False)  # queued: nothing changes it
            reads.clear()
            crowd = [
                Watcher(feeds.follow(tenant_id=site.tenant_id, execution_id=execution_id))
                for _ in range(watchers)
            ]
            for watcher in crowd:
                await watcher.until(bool)
            for _ in range(5):
                await clock.step()
            counted[watchers] = reads[execution_id]
            assert feeds.watched() == 1 and feeds.watchers() == watchers
            for watcher in crowd:
                watcher.task.cancel()
            await asyncio.gather(*(watcher.task for watcher in crowd), return_exceptions=True)
            # The last watcher gone, the reader stops: nothing is left behind.
            assert feeds.watched() == 0 and feeds.watchers() == 0
            assert all(len(watcher.seen) == 1 for watcher in crowd)
            assert crowd[0].seen[0].status.status == "queued"
        # First read: the stamp and the document (4 statements); then one stamp a step.
        assert counted[1] == counted[50] > 0, counted

    asyncio.run(scenario())


@pytest.mark.timeout(60)
def test_a_late_watcher_gets_the_current_state_then_every_change_once(site: Site) -> None:
    async def scenario() -> None:
        feeds = ProgressFeeds(site.instance, interval=0.02)
        execution_id = await site.start()
        where = {"tenant_id": site.tenant_id, "execution_id": execution_id}
        early = Watcher(feeds.follow(**where))
        await early.until(completed("one"))
        late = Watcher(feeds.follow(**where))
        await asyncio.wait_for(asyncio.gather(early.task, late.task), 30)

        assert late.documents[0] in early.documents
        joined = early.documents.index(late.documents[0])
        assert joined > 0
        assert late.documents == early.documents[joined:]  # no gap, nothing twice
        assert len(set(early.documents)) == len(early.documents)
        final = early.seen[-1].status
        assert (final.status, final.progress) == ("completed", 100)
        # Both streams ended with the run, and its reader with them.
        assert feeds.watched() == 0

        # A watcher of a settled run gets its final state, and the stream ends at once.
        after = Watcher(feeds.follow(**where))
        await after.task
        assert after.documents == [early.documents[-1]]

    asyncio.run(scenario())


@pytest.mark.timeout(60)
def test_a_slow_watcher_is_resynced_and_stalls_nobody(site: Site) -> None:
    async def scenario() -> None:
        feeds = ProgressFeeds(site.instance, interval=0.02, capacity=2)
        execution_id = await site.start()
        where = {"tenant_id": site.tenant_id, "execution_id": execution_id}
        slow = feeds.follow(**where)
        first = await anext(slow)  # joined, then reads nothing while the run goes on
        brisk = Watcher(feeds.follow(**where))
        await asyncio.wait_for(brisk.task, 30)  # the brisk one saw the run end
        assert brisk.seen[-1].status.status == "completed"
        assert len(brisk.seen) > 3

        rest = [update async for update in slow]  # what the slow one finds on coming back
        assert 1 <= len(rest) <= 2  # at most its capacity: the latest, not every change
        assert rest[-1].json == brisk.documents[-1]
        assert first.json not in [update.json for update in rest]

    asyncio.run(scenario())


@pytest.mark.timeout(60)
def test_another_workspace_cannot_follow_a_run(site: Site) -> None:
    with site.instance.database.system_session() as session:
        stranger = create_tenant(session, name="Stranger").id

    async def scenario() -> None:
        feeds = ProgressFeeds(site.instance, interval=0.02)
        execution_id = await site.start(run=False)
        mine = Watcher(feeds.follow(tenant_id=site.tenant_id, execution_id=execution_id))
        await mine.until(bool)
        # Even while the owner's reader runs, another tenant's key never reaches it.
        with pytest.raises(NotFoundError):
            await feeds.check(tenant_id=stranger, execution_id=execution_id)
        theirs = feeds.follow(tenant_id=stranger, execution_id=execution_id)
        with pytest.raises(NotFoundError):
            await anext(theirs)
        assert feeds.watched() == 1
        mine.task.cancel()
        await asyncio.gather(mine.task, return_exceptions=True)
        assert feeds.watched() == 0

    asyncio.run(scenario())


async def _never(_seconds: float) -> None:
    """A fallback interval that never passes: only an announced change can wake a reader."""
    await asyncio.Event().wait()


@pytest.mark.timeout(60)
def test_a_node_closed_in_this_process_wakes_the_reader_before_its_interval(site: Site) -> None:
    # Long enough a node that the reader, once woken, reads before the next node closes.
    FakeProvider.scripts["fake"] = FakeScript(delay=1.0)

    async def scenario() -> None:
        feeds = ProgressFeeds(site.instance, interval=5, pause=_never)
        execution_id = await site.start()
        watcher = Watcher(feeds.follow(tenant_id=site.tenant_id, execution_id=execution_id))
        await asyncio.wait_for(watcher.task, 30)  # the interval never passed: woken every time

        final = watcher.seen[-1].status
        assert (final.status, final.progress) == ("completed", 100)
        # Each node's completion was news while the run went on, not only at its end.
        for node in ("one", "two"):
            assert any(
                update.status.status == "running" and completed(node)([update])
                for update in watcher.seen
            ), [update.json for update in watcher.seen]
        assert feeds.watched() == 0

    asyncio.run(scenario())


@pytest.mark.timeout(60)
def test_a_stop_from_another_thread_wakes_the_reader(site: Site) -> None:
    async def scenario() -> None:
        feeds = ProgressFeeds(site.instance, interval=5, pause=_never)
        execution_id = await site.start(run=False)  # queued: only the stop changes it
        watcher = Watcher(feeds.follow(tenant_id=site.tenant_id, execution_id=execution_id))
        await watcher.until(bool)
        # As an API request does it: a synchronous operation in a worker thread.
        await asyncio.to_thread(
            ops.stop, site.instance, tenant_id=site.tenant_id, execution_id=execution_id
        )
        await asyncio.wait_for(watcher.task, 30)
        assert [update.status.status for update in watcher.seen] == ["queued", "cancelled"]

    asyncio.run(scenario())
