"""Product copy whose flow adds pictures: the product's photo and a gallery, or a note.

Text from the shipped fake model (the content flows' scripted writer), pictures from the
loopback OpenAI-compatible image server.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from presswright.bootstrap import Instance
from presswright.content.models import ProductFacts
from presswright.documents.generation import generate
from presswright.flows.runtime import Runtime
from presswright.images.service import list_images
from presswright.store.tenancy import create_tenant
from tests.api.test_content_routes import FakeStudio
from tests.content.test_article_flow import FACTS
from tests.images.image_servers import ImageServer, image_server
from tests.wordpress.test_article_images import ALT, providers
from tests.wordpress.test_article_images import runtime as runtime
from tests.wordpress.test_article_images import studio as studio

pytestmark = pytest.mark.timeout(240)


@pytest.fixture
def server() -> Iterator[ImageServer]:
    with image_server() as running:
        yield running


@pytest.fixture
def tenant_id(instance: Instance) -> uuid.UUID:
    with instance.database.system_session() as session:
        return create_tenant(session, name="Product pictures").id


def write(instance: Instance, tenant_id: uuid.UUID, runtime: Runtime, **extra: Any) -> Any:
    facts = ProductFacts.model_validate({**FACTS, **extra})
    return asyncio.run(
        generate(
            instance,
            tenant_id=tenant_id,
            user_id=None,
            brief=facts,
            model="fake:test",
            wait=180,
            runtime=runtime,
        )
    )


def test_a_product_gets_its_photo_and_gallery_as_image_documents(
    instance: Instance,
    tenant_id: uuid.UUID,
    server: ImageServer,
    runtime: Runtime,
    studio: FakeStudio,
) -> None:
    providers(instance, tenant_id, server)
    made = write(
        instance,
        tenant_id,
        runtime,
        images={"featured": True, "body": 2},
        image_model="work:sd-local",
    )
    assert made.completed, made.status
    pictures = list_images(instance, tenant_id=tenant_id, execution_id=made.execution_id).items
    assert sorted(p.image.purpose or "" for p in pictures) == ["body", "body", "featured"]
    assert all(p.image.alt_text == ALT and p.title == FACTS["name"] for p in pictures)
    prompts = [r.body["prompt"] for r in server.requests if r.path == "/v1/images/generations"]
    assert len(prompts) == 3 and all(FACTS["name"] in prompt for prompt in prompts)
    outputs = made.status.outputs
    assert (
        len(outputs["gallery_images"]["images"]) == 2 and outputs["product_image"]["note"] is None
    )


def test_without_an_image_provider_the_copy_is_made_and_the_pictures_skipped_with_a_note(
    instance: Instance,
    tenant_id: uuid.UUID,
    runtime: Runtime,
    studio: FakeStudio,
) -> None:
    providers(instance, tenant_id, None)
    made = write(instance, tenant_id, runtime, images={"featured": True, "body": 0})
    assert made.completed, made.status
    outputs = made.status.outputs
    assert outputs["product_image"]["skipped"] is True
    assert "presswright providers add" in outputs["product_image"]["note"]
    assert outputs["gallery_images"] is None  # not asked for
    assert list_images(instance, tenant_id=tenant_id, execution_id=made.execution_id).total == 0


def test_pictures_stay_off_unless_asked(
    instance: Instance,
    tenant_id: uuid.UUID,
    server: ImageServer,
    runtime: Runtime,
    studio: FakeStudio,
) -> None:
    providers(instance, tenant_id, server)
    made = write(instance, tenant_id, runtime)
    assert made.completed, made.status
    assert made.status.outputs["product_image"] is None and server.requests == []
