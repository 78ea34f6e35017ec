"""What the site tests share: the brief, the fake model and runtime fixtures, a generated site."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Coroutine, Iterator
from typing import Any

import pytest

from presswright.bootstrap import Instance
from presswright.flows.operations import RunStatus, wait_until_settled
from presswright.flows.runtime import Runtime
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.sites.brief import ContactDetails, SiteBrief
from presswright.sites.public import SiteStarted
from presswright.sites.service import start_site
from tests.documents.conftest import make_workspace
from tests.sites.site_fakes import FakeSiteModel

BRIEF = SiteBrief(
    business_name="Rosa's Bakery",
    business_type="bakery",
    description="A family bakery in Leeds baking sourdough, pastries and cakes since 1990.",
    goals=["more visitors to the shop", "cake orders online"],
    audience="families and office workers in Leeds",
    pages=["Home", "About", "Services", "Contact"],
    style_words=["warm", "friendly"],
    contact=ContactDetails(email="hello@rosas.example", phone="+44 113 496 0000"),
)


@pytest.fixture
def model() -> Iterator[FakeSiteModel]:
    """The fake provider answers the site flow as a good model would."""
    script = FakeProvider.scripts["fake"] = FakeScript(structured="grammar")
    fake = FakeSiteModel()
    script.add(*[fake] * 3000)
    yield fake
    FakeProvider.scripts.pop("fake", None)


@pytest.fixture
def runtime(instance: Instance) -> Iterator[Runtime]:
    """The flow runtime launched in this process, shut down after."""
    launched = Runtime(instance, executor_id=f"sites-test-{uuid.uuid4().hex[:8]}")
    launched.launch()
    try:
        yield launched
    finally:
        launched.shutdown()


def settle(
    instance: Instance, tenant: uuid.UUID, start: Coroutine[Any, Any, SiteStarted]
) -> tuple[SiteStarted, RunStatus]:
    """Start a job and wait for it to end, on one event loop (the run lives on it)."""

    async def scenario() -> tuple[SiteStarted, RunStatus]:
        started = await start
        status = await wait_until_settled(
            instance, tenant_id=tenant, execution_id=started.job_id, timeout=120
        )
        return started, status

    return asyncio.run(scenario())


def generated_site(
    instance: Instance,
    runtime: Runtime,
    brief: SiteBrief = BRIEF,
    *,
    model: str = "fake:test",
    workspace: tuple[uuid.UUID, uuid.UUID] | None = None,
) -> tuple[uuid.UUID, uuid.UUID, RunStatus]:
    """A site generated in ``workspace`` (tenant, user; a new one by default):
    (tenant, site, the job's final status)."""
    tenant, user = workspace or make_workspace(instance)
    started, status = settle(
        instance,
        tenant,
        start_site(
            instance, tenant_id=tenant, user_id=user, brief=brief, model=model, runtime=runtime
        ),
    )
    return tenant, started.site_id, status
