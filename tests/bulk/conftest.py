"""Bulk test fixtures: an installation with a runtime in this process and the fake writer.

Bulk tests run on SQLite; the ones that lean on the store's conditional updates and leases
also run on PostgreSQL, marked ``BOTH_BACKENDS``.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from presswright.bootstrap import Instance, cli_workspace, initialize, open_instance
from presswright.bulk import BulkOptions, BulkProgress, drive, read_source, submit_job
from presswright.flows.runtime import Runtime
from presswright.llm.providers.fake import FakeScript
from presswright.settings import Settings
from tests.bulk.fakes import MODEL, FakeWriter, scripted

BOTH_BACKENDS = pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)


@pytest.fixture
def backend() -> str:
    """SQLite, unless a test asks for both backends with ``BOTH_BACKENDS``."""
    return "sqlite"


@dataclass
class Bench:
    """An installation, its CLI workspace, a runtime in this process and the fake writer."""

    instance: Instance
    tenant_id: uuid.UUID
    user_id: uuid.UUID | None
    runtime: Runtime
    writer: FakeWriter
    script: FakeScript

    def submit(
        self,
        text: str,
        *,
        name: str = "items.csv",
        mapping: dict[str, str] | None = None,
        **options: Any,
    ) -> BulkProgress:
        """Submit a file's text as a job (of products on the fake model, unless told)."""
        submitted = submit_job(
            self.instance,
            tenant_id=self.tenant_id,
            user_id=self.user_id,
            source=read_source(text.encode(), name=name),
            options=BulkOptions.model_validate({"kind": "product", "model": MODEL, **options}),
            mapping=mapping or {},
            list_separator="|",
        )
        return submitted.progress

    def drive(self, job_id: uuid.UUID, timeout: float = 60) -> list[BulkProgress]:
        """Drive the job to its end here; every progress seen on the way."""

        async def main() -> list[BulkProgress]:
            seen = []
            async with asyncio.timeout(timeout):
                async for progress in drive(
                    self.instance,
                    tenant_id=self.tenant_id,
                    job_id=job_id,
                    runtime=self.runtime,
                    interval=0.1,
                ):
                    seen.append(progress)
            return seen

        return asyncio.run(main())


@pytest.fixture
def bench(settings: Settings) -> Iterator[Bench]:
    """A fresh installation on the test's backend, its runtime launched, the writer scripted."""
    initialize(settings)
    instance = open_instance(settings)
    workspace = cli_workspace(instance)
    runtime = Runtime(instance, executor_id=f"bulk-test-{uuid.uuid4().hex[:8]}")
    runtime.launch()
    try:
        with scripted(instance, workspace.tenant_id) as (writer, script):
            yield Bench(instance, workspace.tenant_id, workspace.user_id, runtime, writer, script)
    finally:
        runtime.shutdown()
        instance.database.dispose()


def products(*names: str, category: str = "Kitchen") -> str:
    """A CSV of products with these names."""
    return "name,category\n" + "".join(f"{name},{category}\n" for name in names)
