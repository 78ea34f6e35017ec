"""Document library fixtures: a workspace with the fake provider, runs in this process."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import pytest

from presswright.bootstrap import Instance
from presswright.flows.runtime import Runtime
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.llm.types import ProviderRequest
from presswright.store.models import Role
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from presswright.store.tenancy import add_member, create_tenant, create_user
from tests.content.test_article_flow import PRODUCT, FakeWriter
from tests.content.test_pattern_flow import FakeDesigner


class FakeStudio:
    """Answers every prompt of the three content flows (as tests/api/test_content_routes)."""

    def __init__(self) -> None:
        self.writer = FakeWriter()
        self.designer = FakeDesigner()

    def __call__(self, request: ProviderRequest) -> str:
        prompt = next(m.content for m in request.messages if m.role == "user")
        if "block pattern" in prompt:
            return self.designer(request)
        if prompt.startswith("Product copy in "):
            return json.dumps({"text": PRODUCT["title"]})
        if "product copy" in prompt:
            return json.dumps(PRODUCT)
        return self.writer(request)


@pytest.fixture
def studio() -> Iterator[FakeStudio]:
    """The fake provider's answers for this test (articles, products, patterns)."""
    script = FakeProvider.scripts["fake"] = FakeScript()
    fake = FakeStudio()
    script.add(*[fake] * 200)
    yield fake
    FakeProvider.scripts.pop("fake", None)


@pytest.fixture
def runtime(instance: Instance) -> Iterator[Runtime]:
    """The flow runtime launched in this process, shut down after."""
    launched = Runtime(instance, executor_id=f"docs-test-{uuid.uuid4().hex[:8]}")
    launched.launch()
    try:
        yield launched
    finally:
        launched.shutdown()


def make_workspace(instance: Instance) -> tuple[uuid.UUID, uuid.UUID]:
    """A new workspace with an editor and the fake provider configured: (tenant, user)."""
    with instance.database.system_session() as session:
        tenant_id = create_tenant(session, name=f"Docs {uuid.uuid4().hex[:6]}").id
        user_id = create_user(
            session, email=f"ed-{uuid.uuid4().hex[:8]}@example.com", password="correct horse"
        ).id
    with instance.database.tenant_session(tenant_id) as session:
        add_member(session, user_id=user_id, role=Role.EDITOR)
        create_provider_config(
            session, data=ProviderConfigCreate(name="fake", kind="fake"), box=instance.secretbox
        )
    return tenant_id, user_id
