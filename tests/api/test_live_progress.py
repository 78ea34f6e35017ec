"""Many event streams of one run over a real connection: one reader, the same events, cleanup.

The app is served by uvicorn on loopback with an in-process runtime (as under `serve`),
and the streams are read with httpx, concurrently, the way browsers and scripts read them.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from presswright.api import create_app
from presswright.bootstrap import Instance
from presswright.flows import operations as ops
from presswright.flows.progress_feed import ProgressFeeds
from presswright.flows.runtime import Runtime
from presswright.flows.spec import FlowSpec
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.store.models import Role
from tests.api.test_executions import EXECUTIONS, Event, MakeCaller, make_caller, parse_events
from tests.bulk.fakes import store_fake_provider
from tests.loopback import served

__all__ = ["make_caller"]  # a fixture, imported to be used here

pytestmark = pytest.mark.parametrize("backend", ["sqlite"])

LLM = {"model": "fake:test", "cache": False}
SPEC = {
    "name": "watched",
    "nodes": [
        {"id": "one", "type": "llm", "config": {**LLM, "prompt": "first"}},
        {"id": "two", "type": "llm", "config": {**LLM, "prompt": "{{ one }} second"}},
    ],
    "edges": [{"from": "one", "to": "two"}],
}


@pytest.fixture
def live(instance: Instance, runtime: Runtime) -> Iterator[tuple[str, FastAPI]]:
    """The app with its runtime under uvicorn on a free loopback port, and the app."""
    FakeProvider.scripts["fake"] = FakeScript(delay=0.3)
    app = create_app(instance, runtime=runtime)
    try:
        with served(app) as url:
            yield url, app
    finally:
        FakeProvider.scripts.pop("fake", None)


def feeds_of(app: FastAPI) -> ProgressFeeds:
    feeds: ProgressFeeds = app.state.progress
    return feeds


def wait_for(condition: Any, what: str) -> None:
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


async def _stream(http: httpx.AsyncClient, url: str, headers: dict[str, str]) -> list[Event]:
    async with http.stream("GET", url, headers=headers) as answer:
        assert answer.status_code == 200
        return parse_events((await answer.aread()).decode())


@pytest.mark.timeout(60)
def test_twenty_streams_of_a_run_get_its_events_and_end_with_it(
    live: tuple[str, FastAPI], instance: Instance, make_caller: MakeCaller
) -> None:
    base, app = live
    caller = make_caller(Role.VIEWER)
    editor = make_caller(Role.EDITOR, caller.tenant_id)
    store_fake_provider(instance, caller.tenant_id)

    async def scenario() -> list[list[Event]]:
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            started = await http.post(
                EXECUTIONS, json={"spec": SPEC, "inputs": {}}, headers=editor.headers
            )
            assert started.status_code == 202, started.text
            url = f"{EXECUTIONS}/{started.json()['execution_id']}/events"
            return await asyncio.gather(*(_stream(http, url, caller.headers) for _ in range(20)))

    streams = asyncio.run(scenario())
    longest = max(streams, key=len)
    for events in streams:
        assert [event.id for event in events] == list(range(1, len(events) + 1))
        assert [event.event for event in events] == ["progress"] * (len(events) - 1) + ["end"]
        # Each saw the state when it joined, then every change the others saw after it.
        progress = [event.data for event in events[:-1]]
        assert progress == [event.data for event in longest[:-1]][-len(progress) :]
        assert events[-1].data == progress[-1]
        assert (progress[-1]["status"], progress[-1]["progress"]) == ("completed", 100)
    assert len(longest) > 3  # the run was followed, not only its end
    assert feeds_of(app).watched() == 0  # the run ended: its reader stopped


@pytest.mark.timeout(60)
def test_a_client_that_leaves_is_forgotten_and_the_reader_stops(
    live: tuple[str, FastAPI], instance: Instance, make_caller: MakeCaller
) -> None:
    base, app = live
    caller = make_caller(Role.VIEWER)
    feeds = feeds_of(app)
    # Queued, and this process's runtime runs only what it starts: it never changes.
    execution_id = asyncio.run(
        ops.start(
            instance,
            tenant_id=caller.tenant_id,
            spec=FlowSpec.model_validate(SPEC),
            inputs={},
        )
    )
    url = f"{EXECUTIONS}/{execution_id}/events"
    with httpx.Client(base_url=base, timeout=10) as http:
        assert (
            http.get(f"{EXECUTIONS}/{uuid.uuid4()}/events", headers=caller.headers).status_code
            == 404
        )
        with http.stream("GET", url, headers=caller.headers) as stream:
            lines = stream.iter_lines()
            assert [next(lines), next(lines)] == ["id: 1", "event: progress"]
            assert '"status":"queued"' in next(lines)
            assert (feeds.watched(), feeds.watchers()) == (1, 1)
    wait_for(
        lambda: (feeds.watched(), feeds.watchers()) == (0, 0), "the stream outlived its client"
    )
