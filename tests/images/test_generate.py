"""The image generation use case with a real database: usage rows, stored configs, limits.

The provider is the real OpenAI one over the official SDK, against the loopback server of
``image_servers``; rows are read back from ``llm_calls``.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator

import pytest
from pydantic import ValidationError
from sqlalchemy import select

from presswright.bootstrap import Instance
from presswright.errors import ProviderError, ProviderHTTPError, ProviderUnavailableError
from presswright.images.generate import (
    ImageGenerator,
    generate_images,
    image_generator_for_tenant,
)
from presswright.images.prices import image_cost, image_price_known
from presswright.images.provider import (
    ContentPolicyError,
    ImageCapabilities,
    ImageRequest,
    ImageResponseError,
)
from presswright.images.registry import ImageProviderRegistry
from presswright.llm.factory import client_for_tenant
from presswright.llm.provider import Connection
from presswright.llm.retry import RetryPolicy
from presswright.llm.types import Message
from presswright.llm.usage import UsageRecorder, prompt_hash
from presswright.store.models import LLMCall
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from presswright.store.tenancy import create_tenant
from tests.images.image_servers import ImageServer, image_server, run

pytestmark = pytest.mark.timeout(60)

KEY = "sk-test-" + uuid.uuid4().hex


@pytest.fixture
def server() -> Iterator[ImageServer]:
    with image_server() as running:
        yield running


@pytest.fixture
def tenant_id(instance: Instance) -> uuid.UUID:
    with instance.database.system_session() as session:
        return create_tenant(session, name="Image tests").id


def rows(instance: Instance, tenant_id: uuid.UUID) -> list[LLMCall]:
    with instance.database.tenant_session(tenant_id) as session:
        found = session.scalars(select(LLMCall).order_by(LLMCall.created_at)).all()
        session.expunge_all()
        return list(found)


def store_provider(
    instance: Instance, tenant_id: uuid.UUID, srv: ImageServer, **extra: object
) -> None:
    with instance.database.tenant_session(tenant_id) as session:
        create_provider_config(
            session,
            data=ProviderConfigCreate(
                name="work",
                kind="openai",
                base_url=srv.base_url + "/v1",
                api_key=KEY,
                models=["gpt-4o-mini", "dall-e-3"],
                **extra,  # type: ignore[arg-type]
            ),
            box=instance.secretbox,
        )


def generator(instance: Instance, tenant_id: uuid.UUID, srv: ImageServer) -> ImageGenerator:
    settings = instance.settings
    connection = Connection(
        name="openai", kind="openai", api_key=KEY, base_url=srv.base_url + "/v1"
    )
    return ImageGenerator(
        settings=settings,
        registry=ImageProviderRegistry(settings, [connection]),
        tenant_id=tenant_id,
        usage=UsageRecorder(instance.database),
        retry=RetryPolicy(max_retries=2, base_delay=0.01, max_delay=0.05),
    )


def test_every_picture_and_every_failed_call_gets_a_usage_row(
    instance: Instance, tenant_id: uuid.UUID, server: ImageServer
) -> None:
    server.script("500", "ok")
    made = generator(instance, tenant_id, server)
    request = ImageRequest(prompt="a lighthouse at dawn", count=2)
    result = run(made, lambda: made.generate(request, model="openai:gpt-image-1"))
    assert len(result.images) == 2
    found = rows(instance, tenant_id)
    assert [(r.status, r.error_class) for r in found] == [
        ("error", "ProviderHTTPError"),
        ("ok", None),
        ("ok", None),
    ]
    ok = found[1:]
    assert [r.cost for r in ok] == [pytest.approx(0.042 + 10 * 5e-6 / 2)] * 2  # with the input
    assert sorted((r.tokens_in, r.tokens_out) for r in ok) == [(5, 1056), (5, 1056)]
    assert found[0].cost == 0.0
    expected_hash = prompt_hash([Message(role="user", content="a lighthouse at dawn")])
    assert {r.prompt_hash for r in found} == {expected_hash}
    assert all(r.prompt_text is None for r in found)  # prompts are not stored by default
    assert {(r.provider, r.model) for r in found} == {("openai", "gpt-image-1")}


def test_a_refused_picture_is_billed_in_the_log_and_nothing_is_returned(
    instance: Instance, tenant_id: uuid.UUID, server: ImageServer
) -> None:
    server.script("truncated")
    made = generator(instance, tenant_id, server)
    with pytest.raises(ImageResponseError):
        run(made, lambda: made.generate(ImageRequest(prompt="x"), model="openai:dall-e-3"))
    [row] = rows(instance, tenant_id)
    assert (row.status, row.error_class, row.cost) == ("error", "ImageResponseError", 0.04)


def test_a_stored_openai_config_serves_images_and_lists_only_image_models(
    instance: Instance, tenant_id: uuid.UUID, server: ImageServer
) -> None:
    store_provider(instance, tenant_id, server)
    made = image_generator_for_tenant(instance, tenant_id=tenant_id)
    assert [info.id for info in made.models()] == ["work:dall-e-3"]
    assert made.registry.default_model() == "work:dall-e-3"
    result = asyncio.run(
        generate_images(instance, ImageRequest(prompt="a fox"), tenant_id=tenant_id)
    )
    assert [image.model_id for image in result.images] == ["work:dall-e-3"]
    assert result.images[0].cost == 0.04  # priced by the config's kind, whatever its name
    [row] = rows(instance, tenant_id)  # written before generate_images returned
    assert (row.provider, row.model, row.status) == ("work", "dall-e-3", "ok")


def test_a_tenant_without_an_image_provider_fails_at_once_with_the_fix(
    instance: Instance, tenant_id: uuid.UUID
) -> None:
    with pytest.raises(ProviderUnavailableError) as caught:
        asyncio.run(generate_images(instance, ImageRequest(prompt="x"), tenant_id=tenant_id))
    assert "presswright providers add" in str(caught.value)
    assert rows(instance, tenant_id) == []


def test_text_and_image_calls_of_one_account_share_its_request_budget(
    instance: Instance, tenant_id: uuid.UUID, server: ImageServer
) -> None:
    store_provider(instance, tenant_id, server, requests_per_minute=1)
    instance.settings = instance.settings.model_copy(update={"provider_limit_window": 1.0})

    async def both() -> None:
        text = client_for_tenant(instance, tenant_id=tenant_id)
        try:
            await text.complete("caption this", model="work:gpt-4o-mini", cache=False)
        finally:
            await text.aclose()
        images = image_generator_for_tenant(instance, tenant_id=tenant_id)
        try:
            await images.generate(ImageRequest(prompt="a fox", count=2), model="work:dall-e-3")
        finally:
            await images.aclose()

    asyncio.run(asyncio.wait_for(both(), 30))
    assert [r.path for r in server.requests] == [
        "/v1/chat/completions",
        "/v1/images/generations",
        "/v1/images/generations",
    ]
    # One request per 1 s window for the whole account, booked in the database. Measured
    # on the server, so a connection set-up after a booking (slow on a loaded machine: 0.73 s
    # was seen) shortens a gap; an unlimited account shows gaps of milliseconds, so half the
    # window still tells the two apart.
    assert all(gap >= 0.5 for gap in server.gaps()), server.gaps()


def test_a_failure_everywhere_names_every_model_of_the_chain(
    instance: Instance, tenant_id: uuid.UUID, server: ImageServer
) -> None:
    server.script(then="500")
    made = generator(instance, tenant_id, server)
    with pytest.raises(ProviderError) as caught:
        run(
            made,
            lambda: made.generate(
                ImageRequest(prompt="x"), model="openai:dall-e-3", fallbacks=["openai:dall-e-2"]
            ),
        )
    assert not isinstance(caught.value, ProviderHTTPError)
    message = str(caught.value)
    assert "every image model in the fallback chain failed" in message
    assert "openai:dall-e-3" in message and "openai:dall-e-2" in message
    assert len(server.requests) == 6


def test_the_public_interface_is_pinned() -> None:
    import presswright.images

    assert presswright.images.__all__ == [
        "ContentPolicyError",
        "GeneratedImage",
        "ImageCapabilities",
        "ImageGeneration",
        "ImageGenerator",
        "ImageModelInfo",
        "ImageProvider",
        "ImageProviderKind",
        "ImageProviderRegistry",
        "ImageRequest",
        "ImageResponse",
        "ImageResponseError",
        "ProviderImage",
        "generate_images",
        "image_generator_for_tenant",
        "image_provider_kinds",
    ]
    assert issubclass(ContentPolicyError, ProviderError) and not ContentPolicyError.retryable
    assert issubclass(ImageResponseError, ProviderError) and not ImageResponseError.retryable


def test_a_size_is_checked_when_the_request_is_made() -> None:
    with pytest.raises(ValidationError, match="is not an image size"):
        ImageRequest(prompt="x", size="big")
    assert ImageRequest(prompt="x", size="16:9").size == "16:9"


@pytest.mark.parametrize(
    ("wanted", "sizes", "ratios", "sent"),
    [
        ("1024x1024", ("1024x1024", "1536x1024"), (), "1024x1024"),
        ("1920x1080", ("1024x1024", "1792x1024", "1024x1792"), (), "1792x1024"),
        ("800x1200", ("1024x1024", "1536x1024", "1024x1536"), (), "1024x1536"),
        ("256x256", ("256x256", "512x512", "1024x1024"), (), "256x256"),
        ("300x300", ("256x256", "512x512", "1024x1024"), (), "256x256"),
        ("1200x1200", ("256x256", "512x512", "1024x1024"), (), "1024x1024"),
        ("1280x1024", (), ("1:1", "5:4", "4:3"), "5:4"),
        ("2:3", (), ("1:1", "2:3"), "2:3"),
        (None, ("1024x1024",), (), None),
    ],
)
def test_the_vendor_size_is_the_nearest_shape_then_area(
    wanted: str | None, sizes: tuple[str, ...], ratios: tuple[str, ...], sent: str | None
) -> None:
    capabilities = ImageCapabilities(sizes=sizes, aspect_ratios=ratios)
    assert capabilities.vendor_size(wanted) == sent


def test_the_api_answers_a_policy_refusal_with_422_not_a_provider_failure() -> None:
    from presswright.api.problems import status_of

    refusal = ContentPolicyError("refused", provider="openai", model="dall-e-3", status=400)
    assert status_of(refusal) == (422, "content-policy")
    broken = ImageResponseError("no image", provider="openai", model="dall-e-3")
    assert status_of(broken) == (502, "provider-error")


def test_prices_are_data_the_caller_may_extend() -> None:
    assert image_cost(("work:dall-e-3", "openai:dall-e-3"), quality="hd", size="1024x1792") == 0.12
    assert image_cost(("openai:dall-e-2",), quality=None, size="512x512") == 0.018
    mine = {"stability:sd4": {"*|*": 0.07}}
    assert image_cost(("stability:sd4",), quality=None, size="1:1", prices=mine) == 0.07
    assert image_cost(("stability:sd4",), quality=None, size="1:1") == 0.0
    assert image_price_known(("localai:sd", "openai-compatible:sd"))  # self-hosted: free
    assert image_price_known(("stability:sd4",), mine)
    assert not image_price_known(("stability:sd4",))
