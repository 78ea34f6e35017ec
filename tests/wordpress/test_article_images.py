"""An article whose flow adds pictures, published with them to the session's real WordPress.

Text from the shipped fake model (the content flows' scripted writer), pictures from the
loopback OpenAI-compatible image server; the article flow's optional image nodes store them
as image documents of the run, and publishing the article document sends them along.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from presswright.bootstrap import Instance
from presswright.content.models import ContentRequest
from presswright.documents.generation import generate
from presswright.flows.runtime import Runtime
from presswright.images.service import list_images
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.llm.types import ProviderRequest
from presswright.publish.wordpress.publish import publish_library_document
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from tests.api.test_content_routes import FakeStudio
from tests.images.image_servers import ImageServer, image_server
from tests.wordpress.conftest import Connect
from tests.wordpress.wordpress_site import RunningWordPress

pytestmark = pytest.mark.timeout(240)

ALT = "Round loaf with a dark crust cooling on a wire rack."


@pytest.fixture
def server() -> Iterator[ImageServer]:
    with image_server() as running:
        yield running


@pytest.fixture
def runtime(instance: Instance) -> Iterator[Runtime]:
    launched = Runtime(instance, executor_id=f"images-{uuid.uuid4().hex[:8]}")
    launched.launch()
    try:
        yield launched
    finally:
        launched.shutdown()


@pytest.fixture
def studio() -> Iterator[FakeStudio]:
    fake = FakeStudio()

    def answer(request: ProviderRequest) -> str:
        if request.json_schema is not None and request.json_schema.get("title") == "alt_text":
            return json.dumps({"alt_text": ALT})
        return fake(request)

    FakeProvider.scripts["fake"] = FakeScript().add(*[answer] * 300)
    yield fake
    FakeProvider.scripts.pop("fake", None)


def providers(instance: Instance, tenant_id: uuid.UUID, server: ImageServer | None) -> None:
    with instance.database.tenant_session(tenant_id) as session:
        create_provider_config(
            session, data=ProviderConfigCreate(name="fake", kind="fake"), box=instance.secretbox
        )
        if server is not None:
            create_provider_config(
                session,
                data=ProviderConfigCreate(
                    name="work",
                    kind="openai-compatible",
                    base_url=server.base_url + "/v1",
                    api_key="sk-local-images",
                    models=["sd-local"],
                ),
                box=instance.secretbox,
            )


def write(
    instance: Instance, tenant_id: uuid.UUID, runtime: Runtime, images: dict[str, Any]
) -> Any:
    brief = ContentRequest(
        topic=f"Baking sourdough bread at home {uuid.uuid4().hex[:6]}",
        keywords=["sourdough bread"],
        sections=2,
        images=images,  # type: ignore[arg-type]
    )
    return asyncio.run(
        generate(
            instance,
            tenant_id=tenant_id,
            user_id=None,
            brief=brief,
            model="fake:test",
            wait=180,
            runtime=runtime,
        )
    )


def test_an_article_with_pictures_is_published_with_its_featured_and_body_images(
    instance: Instance,
    tenant_id: uuid.UUID,
    wordpress: RunningWordPress,
    connect: Connect,
    server: ImageServer,
    runtime: Runtime,
    studio: FakeStudio,
) -> None:
    providers(instance, tenant_id, server)
    site = connect(wordpress.author)
    made = write(instance, tenant_id, runtime, {"featured": True, "body": 1})
    assert made.completed, made.status
    pictures = list_images(instance, tenant_id=tenant_id, execution_id=made.execution_id).items
    assert sorted(p.image.purpose or "" for p in pictures) == ["body", "featured"]
    assert all(p.image.alt_text == ALT and p.image.alt_source == "prompt" for p in pictures)

    published = asyncio.run(
        publish_library_document(
            instance, tenant_id=tenant_id, site=site, document_id=made.document_id
        )
    )
    assert published.featured_media_id is not None
    featured = wordpress.rest(
        "GET", f"/wp/v2/media/{published.featured_media_id}", params={"context": "edit"}
    ).json()
    assert featured["alt_text"] == ALT and featured["mime_type"] == "image/webp"
    post = wordpress.rest(
        "GET", f"/wp/v2/posts/{published.remote_id}", params={"context": "edit"}
    ).json()
    assert post["featured_media"] == published.featured_media_id
    content = post["content"]["raw"]
    assert content.count("<!-- wp:image") == 1 and f'alt="{ALT}"' in content


def test_without_an_image_provider_the_article_skips_its_pictures_with_a_note(
    instance: Instance, tenant_id: uuid.UUID, runtime: Runtime, studio: FakeStudio
) -> None:
    providers(instance, tenant_id, None)
    made = write(instance, tenant_id, runtime, {"featured": True, "body": 2})
    assert made.completed, made.status
    outputs = made.status.outputs
    for node in ("featured_image", "body_images"):
        assert outputs[node]["images"] == [] and outputs[node]["skipped"] is True
        assert "presswright providers add" in outputs[node]["note"]
    assert list_images(instance, tenant_id=tenant_id, execution_id=made.execution_id).total == 0
