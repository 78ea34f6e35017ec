"""Fixtures of the book service tests: the fake author and a flow runtime in this process."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from presswright.bootstrap import Instance
from presswright.flows.runtime import Runtime
from presswright.llm.providers.fake import FakeProvider, FakeScript
from tests.books.flow_fakes import FakeAuthor


@pytest.fixture
def author() -> Iterator[FakeAuthor]:
    """The fake provider answers the book flow as a good model would."""
    script = FakeProvider.scripts["fake"] = FakeScript()
    fake = FakeAuthor()
    script.add(*[fake] * 5000)
    yield fake
    FakeProvider.scripts.pop("fake", None)


@pytest.fixture
def runtime(instance: Instance) -> Iterator[Runtime]:
    """The flow runtime launched in this process, shut down after."""
    launched = Runtime(instance, executor_id=f"books-test-{uuid.uuid4().hex[:8]}")
    launched.launch()
    try:
        yield launched
    finally:
        launched.shutdown()
