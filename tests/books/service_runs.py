"""Book runs for the service tests: a runtime in this process and a book written on it.

The fixtures ``author`` (the fake provider answering as :class:`FakeAuthor`) and
``runtime`` are in ``tests/books/conftest.py``; a test module that runs books through the
service also sets ``backend`` to SQLite (orchestration does not depend on it).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Coroutine
from typing import Any

from presswright.books.brief import BookBrief
from presswright.books.public import BookStarted
from presswright.books.service import start_book
from presswright.bootstrap import Instance
from presswright.flows.operations import RunStatus, wait_until_settled
from presswright.flows.runtime import Runtime
from tests.documents.conftest import make_workspace

__all__ = ["BRIEF", "settle", "written_book"]


BRIEF = BookBrief(subject="a sea adventure", author="Ada Writer", chapters=3, target_words=900)


def settle(
    instance: Instance, tenant: uuid.UUID, start: Coroutine[Any, Any, BookStarted]
) -> tuple[BookStarted, RunStatus]:
    """Start a run and wait for it to end, on one event loop (the run lives on it)."""

    async def scenario() -> tuple[BookStarted, RunStatus]:
        started = await start
        status = await wait_until_settled(
            instance, tenant_id=tenant, execution_id=started.execution_id, timeout=90
        )
        return started, status

    return asyncio.run(scenario())


def written_book(
    instance: Instance, runtime: Runtime, brief: BookBrief = BRIEF
) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID, str]:
    """A workspace and a book written in it: (tenant, user, book, execution)."""
    tenant, user = make_workspace(instance)
    started, status = settle(
        instance,
        tenant,
        start_book(
            instance,
            tenant_id=tenant,
            user_id=user,
            brief=brief,
            model="fake:test",
            runtime=runtime,
        ),
    )
    assert status.status == "completed", status.error
    return tenant, user, started.document_id, started.execution_id
